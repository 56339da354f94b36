"""Read clinics.yml once, check each clinic with the model and its country against regions.yml."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

from bot.clinics.model import Clinic
from bot.content_file import ContentError, parse, read_content_file
from bot.safety.settings import Region, load_regions, region_for

DEFAULT_CLINICS_PATH = Path(__file__).resolve().parents[1] / "content" / "clinics.yml"
DEFAULT_CLINIC = "default"


def load_clinics(path: Path | None = None) -> dict[str, Clinic]:
    """Read and validate the clinics file; it must contain a `default` entry."""
    path = path or DEFAULT_CLINICS_PATH
    entries = read_content_file(path, "clinics file").get("clinics")
    if not isinstance(entries, Mapping) or DEFAULT_CLINIC not in entries:
        raise ContentError(path, f"'clinics' must be a mapping of id -> settings with a '{DEFAULT_CLINIC}' entry")
    countries = set(load_regions())
    clinics: dict[str, Clinic] = {}
    for key, data in entries.items():
        entry = f"clinic {key}"
        clinic = parse(Clinic, data, path, entry, report_all_keys=True, id=str(key))
        if clinic.country not in countries:
            problem = f"country {clinic.country!r} is not a region code (known: {sorted(countries)})"
            raise ContentError(path, problem, entry)
        clinics[clinic.id] = clinic
    return clinics


@functools.lru_cache(maxsize=1)
def get_clinics() -> dict[str, Clinic]:
    """All clinics, loaded and validated once per process on first use."""
    return load_clinics()


def clinic_for(clinic_id: str | None, clinics: Mapping[str, Clinic] | None = None) -> Clinic:
    """The clinic with this id; an unknown or missing id gets the neutral default entry."""
    clinics = clinics if clinics is not None else get_clinics()
    return clinics.get(clinic_id or "", clinics[DEFAULT_CLINIC])


def known_clinic(clinic_id: object, clinics: Mapping[str, Clinic] | None = None) -> Clinic | None:
    """The clinic with this id; None for a missing or unknown id, or the neutral default."""
    clinics = clinics if clinics is not None else get_clinics()
    if not isinstance(clinic_id, str) or clinic_id == DEFAULT_CLINIC:
        return None
    return clinics.get(clinic_id)


def region_of(clinic_id: object, clinics: Mapping[str, Clinic] | None = None) -> Region:
    """Emergency and crisis numbers: the clinic's country, else the deployment's region (BOT_REGION)."""
    found = known_clinic(clinic_id, clinics)
    return region_for(found.country if found else None)

"""Per-clinic display settings for the web widget, read from bot/content/clinics.yml."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.content_file import ContentError, read_content_file
from bot.safety.settings import Region, load_regions, region_for

DEFAULT_CLINICS_PATH = Path(__file__).resolve().parent / "content" / "clinics.yml"
DEFAULT_CLINIC = "default"
MIN_CONTRAST = 4.5

_ID = re.compile(r"^[a-z0-9_]{1,40}$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{2,24}$")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})
_KEYS = frozenset(
    {
        "name",
        "primary",
        "on_primary",
        "logo_url",
        "phone",
        "booking_url",
        "contact_url",
        "country",
        "allowed_origins",
        "last_reviewed",
    }
)


class ClinicFileError(ValueError):
    """The clinics file is missing or one of its entries is malformed."""


@dataclass(frozen=True)
class Clinic:
    """What the widget shows for one clinic, and which sites may embed it."""

    id: str
    name: str
    primary: str
    on_primary: str
    logo_url: str | None
    phone: str | None
    booking_url: str | None
    contact_url: str | None
    country: str
    allowed_origins: tuple[str, ...]
    last_reviewed: dt.date

    def public(self) -> dict[str, Any]:
        """The display settings the chat page may read (served as /clinics/<id>.json)."""
        return {
            "id": self.id,
            "name": self.name,
            "colors": {"primary": self.primary, "on_primary": self.on_primary},
            "logo_url": self.logo_url,
            "phone": self.phone,
            "booking_url": self.booking_url,
            "contact_url": self.contact_url,
            "country": self.country,
        }


def load_clinics(path: Path | None = None) -> dict[str, Clinic]:
    """Read and validate the clinics file; it must contain a `default` entry."""
    path = path or DEFAULT_CLINICS_PATH
    try:
        raw = read_content_file(path, "clinics file")
    except ContentError as error:  # TRANSITIONAL until this family uses its model
        raise ClinicFileError(str(error)) from error
    entries = raw.get("clinics")
    if not isinstance(entries, Mapping) or DEFAULT_CLINIC not in entries:
        raise ClinicFileError(f"{path}: 'clinics' must be a mapping of id -> settings with a '{DEFAULT_CLINIC}' entry")
    countries = set(load_regions())
    return {
        str(key): _clinic(str(key), value, countries, f"{path}: clinic {key}") for key, value in entries.items()
    }


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


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio between two #RRGGBB colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _clinic(key: str, data: Any, countries: set[str], where: str) -> Clinic:
    if not _ID.match(key):
        raise ClinicFileError(f"{where}: id must be 1-40 lower-case letters, digits or underscores")
    if not isinstance(data, Mapping):
        raise ClinicFileError(f"{where}: expected a mapping of settings")
    unknown, missing = set(data) - _KEYS, _KEYS - set(data)
    if unknown or missing:
        raise ClinicFileError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    primary = _colour(data["primary"], f"{where}: primary")
    on_primary = _colour(data["on_primary"], f"{where}: on_primary")
    ratio = contrast_ratio(primary, on_primary)
    if ratio < MIN_CONTRAST:
        raise ClinicFileError(
            f"{where}: contrast between primary {primary} and on_primary {on_primary} is {ratio:.2f}:1,"
            f" below {MIN_CONTRAST}:1"
        )
    country = data["country"]
    if country not in countries:
        raise ClinicFileError(f"{where}: country {country!r} is not a region code (known: {sorted(countries)})")
    phone = data["phone"]
    if phone is not None and (not isinstance(phone, str) or not _PHONE.match(phone)):
        raise ClinicFileError(f'{where}: phone must be a quoted number such as "+1 555 0100", got {phone!r}')
    origins = data["allowed_origins"]
    if not isinstance(origins, list):
        raise ClinicFileError(f"{where}: allowed_origins must be a list of origins")
    reviewed = data["last_reviewed"]
    if not isinstance(reviewed, dt.date):
        raise ClinicFileError(f"{where}: last_reviewed must be a date (YYYY-MM-DD)")
    name = data["name"]
    if not isinstance(name, str) or not name.strip() or len(name) > 80:
        raise ClinicFileError(f"{where}: name must be non-empty text of at most 80 characters")
    return Clinic(
        id=key,
        name=name.strip(),
        primary=primary,
        on_primary=on_primary,
        logo_url=_https_url(data["logo_url"], f"{where}: logo_url"),
        phone=phone,
        booking_url=_https_url(data["booking_url"], f"{where}: booking_url"),
        contact_url=_https_url(data["contact_url"], f"{where}: contact_url"),
        country=country,
        allowed_origins=tuple(_origin(o, f"{where}: allowed_origins") for o in origins),
        last_reviewed=reviewed,
    )


def _colour(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise ClinicFileError(f'{where}: expected a quoted colour "#RRGGBB", got {value!r}')
    return value.upper()


def _https_url(value: Any, where: str) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme != "https" or not parts.hostname:
        raise ClinicFileError(f"{where}: expected an https:// URL or null, got {value!r}")
    return str(value)


def _origin(value: Any, where: str) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if (
        parts is None
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or not (parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS))
    ):
        raise ClinicFileError(f"{where}: {value!r} is not an https origin (http is allowed only for localhost)")
    return f"{parts.scheme}://{parts.netloc}"

"""Clinic display settings: the reviewed file loads, bad entries fail loudly, unknown ids get the default."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.clinics import (
    DEFAULT_CLINIC,
    DEFAULT_CLINICS_PATH,
    MIN_CONTRAST,
    clinic_for,
    contrast_ratio,
    get_clinics,
    load_clinics,
)
from bot.safety.settings import load_regions

GOOD: dict[str, Any] = {
    "name": "Test Clinic",
    "primary": "#0B6E4F",
    "on_primary": "#FFFFFF",
    "logo_url": "https://example.org/logo.png",
    "phone": "+44 20 7946 0000",
    "booking_url": "https://example.org/book",
    "contact_url": None,
    "country": "UK",
    "allowed_origins": ["https://clinic.example", "http://localhost:8000"],
    "last_reviewed": "2026-11-21",
}


def write(tmp_path: Path, clinics: dict[str, Any]) -> Path:
    path = tmp_path / "clinics.yml"
    text = yaml.safe_dump({"version": 1, "clinics": clinics}).replace("'2026-11-21'", "2026-11-21")
    path.write_text(text, encoding="utf-8")
    return path


def with_change(**changes: Any) -> dict[str, Any]:
    entry = copy.deepcopy(GOOD)
    entry.update(changes)
    return {"default": GOOD, "acme": entry}


def test_reviewed_file_loads_with_default_and_demo():
    clinics = load_clinics()
    assert {"default", "demo"} <= set(clinics)
    regions = set(load_regions())
    for clinic in clinics.values():
        assert clinic.country in regions
        assert contrast_ratio(clinic.primary, clinic.on_primary) >= MIN_CONTRAST
        assert clinic.last_reviewed


def test_settings_are_loaded_once_and_frozen():
    assert get_clinics() is get_clinics()
    with pytest.raises(dataclasses.FrozenInstanceError):
        get_clinics()["demo"].name = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("clinic_id", ["no_such_clinic", "", None, "../etc/passwd"])
def test_unknown_or_missing_clinic_gets_the_default(clinic_id):
    assert clinic_for(clinic_id).id == DEFAULT_CLINIC


def test_known_clinic_is_found():
    assert clinic_for("demo").name == get_clinics()["demo"].name


def test_public_settings_leave_out_embedding_origins_and_review_date():
    public = get_clinics()["demo"].public()
    assert set(public) == {"id", "name", "colors", "logo_url", "phone", "booking_url", "contact_url", "country"}


def test_a_good_entry_loads(tmp_path):
    clinic = load_clinics(write(tmp_path, with_change()))["acme"]
    assert clinic.allowed_origins == ("https://clinic.example", "http://localhost:8000")
    assert clinic.country == "UK"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"primary": "green"}, "primary"),
        ({"on_primary": "#FFF"}, "on_primary"),
        ({"primary": "#777777", "on_primary": "#FFFFFF"}, "contrast"),
        ({"primary": "#FFFF00", "on_primary": "#FFFFFF"}, "contrast"),
        ({"booking_url": "http://example.org/book"}, "booking_url"),
        ({"logo_url": "javascript:alert(1)"}, "logo_url"),
        ({"contact_url": "https://"}, "contact_url"),
        ({"country": "FR"}, "country"),
        ({"country": None}, "country"),
        ({"allowed_origins": ["http://clinic.example"]}, "allowed_origins"),
        ({"allowed_origins": ["https://clinic.example/page"]}, "allowed_origins"),
        ({"allowed_origins": "https://clinic.example"}, "allowed_origins"),
        ({"phone": 5550100}, "phone"),
        ({"last_reviewed": "soon"}, "last_reviewed"),
        ({"name": ""}, "name"),
        ({"colour": "#000000"}, "unknown keys"),
    ],
)
def test_bad_entries_are_rejected_with_a_clear_error(tmp_path, changes, message):
    with pytest.raises(match=message) as error:
        load_clinics(write(tmp_path, with_change(**changes)))
    assert "clinic acme" in str(error.value)


def test_missing_default_entry_is_rejected(tmp_path):
    with pytest.raises(match="default"):
        load_clinics(write(tmp_path, {"acme": GOOD}))


def test_bad_clinic_id_is_rejected(tmp_path):
    with pytest.raises(match="id must be"):
        load_clinics(write(tmp_path, {"default": GOOD, "Acme-Clinic": GOOD}))


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [("#000000", "#FFFFFF", 21.0), ("#FFFFFF", "#FFFFFF", 1.0), ("#767676", "#FFFFFF", 4.54)],
)
def test_contrast_ratio_follows_wcag(first, second, expected):
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)


def test_the_reviewed_file_is_the_default_path():
    assert DEFAULT_CLINICS_PATH.name == "clinics.yml" and DEFAULT_CLINICS_PATH.exists()


def test_known_clinic_is_none_for_missing_unknown_or_default_ids():
    from bot.clinics import known_clinic

    assert known_clinic("demo_uk").id == "demo_uk"
    for clinic_id in (None, 3, "", "nowhere", "default"):
        assert known_clinic(clinic_id) is None


def test_region_of_a_clinic_is_its_country_else_the_deployments(monkeypatch):
    from bot.clinics import region_of

    monkeypatch.setenv("BOT_REGION", "EU")
    assert region_of("demo_uk").emergency_number == "999"
    assert region_of("demo").emergency_number == "911"
    assert region_of(None).emergency_number == "112"
    assert region_of("nowhere").emergency_number == "112"

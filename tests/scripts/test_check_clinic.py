"""`make check-clinic ID=…`: a clinic's welcome, emergency, crisis and booking lines for its country."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.clinics import DEFAULT_CLINICS_PATH
from scripts.check_clinic import main


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def section(out: str, title: str) -> str:
    """The indented lines under a heading."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    body = []
    for line in lines[start + 1 :]:
        if line and not line.startswith("  "):
            break
        body.append(line.strip())
    return "\n".join(body).strip()


@pytest.mark.parametrize(
    ("clinic", "emergency", "crisis_line", "phone", "booking"),
    [
        ("demo", "911", "988", "+1 555 0100", "https://example.org/demo-clinic/book"),
        ("demo_uk", "999", "116 123", "+44 20 7946 0000", "https://example.org/demo-uk/book"),
    ],
)
def test_a_clinics_lines_use_its_countrys_numbers(capsys, clinic, emergency, crisis_line, phone, booking):
    status, out, _ = run(capsys, clinic)
    assert status == 0
    assert out.startswith(f"Clinic {clinic}: ")
    assert f"call {emergency} now" in section(out, "Welcome")
    assert emergency in section(out, "Emergency")
    assert crisis_line in section(out, "Crisis") and emergency in section(out, "Crisis")
    booking_lines = section(out, "Booking")
    assert phone in booking_lines and booking in booking_lines and emergency in booking_lines
    if clinic == "demo_uk":
        assert "911" not in out and "988" not in out


def test_the_default_entry_follows_the_deployments_region(capsys, monkeypatch):
    monkeypatch.setenv("BOT_REGION", "UK")
    status, out, _ = run(capsys, "default")
    assert status == 0 and "BOT_REGION decides" in out
    assert "call 999 now" in section(out, "Welcome")
    assert "Samaritans" in section(out, "Crisis")


def test_an_unknown_id_is_refused_with_the_known_ones(capsys):
    status, out, err = run(capsys, "acme_spine")
    assert status == 2 and out == ""
    assert "unknown clinic id 'acme_spine'" in err and "default, demo, demo_uk" in err


def test_a_new_clinic_in_another_country_without_contact_details(tmp_path: Path, capsys):
    data = yaml.safe_load(DEFAULT_CLINICS_PATH.read_text())
    data["clinics"]["clinica_roma"] = {
        **data["clinics"]["demo"], "name": "Clinica Roma", "country": "EU", "phone": None, "booking_url": None,
        "contact_url": None, "allowed_origins": ["https://clinica.example.it"],
    }
    clinics = tmp_path / "clinics.yml"
    clinics.write_text(yaml.safe_dump(data, sort_keys=False))
    status, out, _ = run(capsys, "clinica_roma", "--clinics", str(clinics))
    assert status == 0
    assert "country EU: numbers and wording of region EU (European Union)" in out
    assert "may be embedded by: https://clinica.example.it" in out
    assert "112" in section(out, "Emergency") and "112" in section(out, "Crisis")
    assert "Clinica Roma" not in section(out, "Booking")  # nothing to hand over to: the patient's own doctor


def test_a_broken_clinics_file_is_reported(tmp_path: Path, capsys):
    data = yaml.safe_load(DEFAULT_CLINICS_PATH.read_text())
    data["clinics"]["demo"]["phone"] = 5550100  # unquoted: not a phone number
    clinics = tmp_path / "clinics.yml"
    clinics.write_text(yaml.safe_dump(data))
    status, _, err = run(capsys, "demo", "--clinics", str(clinics))
    assert status == 2 and "phone must be a quoted number" in err

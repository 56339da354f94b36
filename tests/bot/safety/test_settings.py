"""Tests of the country settings used in safety replies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content_file import ContentError
from bot.safety import LEVELS, Region, load_regions, region_for
from bot.safety.settings import DEFAULT_REGIONS_PATH


@pytest.fixture()
def regions() -> dict[str, Region]:
    """The shipped regions file."""
    return load_regions()


@pytest.fixture(autouse=True)
def no_region_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start without BOT_REGION unless they set it."""
    monkeypatch.delenv("BOT_REGION", raising=False)


def test_shipped_regions_are_complete_and_reviewed(regions: dict[str, Region]) -> None:
    assert {"US", "UK", "EU"} <= set(regions)
    for region in regions.values():
        assert isinstance(region.last_reviewed, dt.date)
        for level in LEVELS:
            assert region.message_for(level)


def test_uk_gives_999_111_and_samaritans(regions: dict[str, Region]) -> None:
    uk = region_for("UK", regions)
    assert uk.emergency_number == "999"
    assert "999" in uk.message_for("emergency") and "A&E" in uk.message_for("emergency")
    assert "NHS 111" in uk.message_for("urgent") and "GP" in uk.message_for("urgent")
    assert "today" in uk.message_for("urgent")
    crisis = uk.message_for("crisis")
    assert "Samaritans" in crisis and "116 123" in crisis and "free" in crisis
    assert "999" in crisis


def test_us_gives_911_urgent_care_and_988(regions: dict[str, Region]) -> None:
    us = region_for("US", regions)
    assert us.emergency_number == "911" and us.crisis_line == "988"
    assert "911" in us.message_for("emergency")
    assert "urgent care" in us.message_for("urgent") and "today" in us.message_for("urgent")
    crisis = us.message_for("crisis")
    assert "call or text 988" in crisis and "Suicide & Crisis Lifeline" in crisis
    assert "911" in crisis


def test_eu_gives_112_and_a_local_crisis_line(regions: dict[str, Region]) -> None:
    eu = region_for("EU", regions)
    assert eu.emergency_number == "112"
    assert "112" in eu.message_for("emergency")
    assert "out-of-hours" in eu.message_for("urgent")
    assert "112" in eu.message_for("crisis") and "local crisis line" in eu.message_for("crisis")


@pytest.mark.parametrize(
    "code, expected",
    [
        ("UK", "UK"),
        ("uk", "UK"),
        (" gb ", "UK"),
        ("US", "US"),
        ("usa", "US"),
        ("DE", "EU"),
        ("fr", "EU"),
        (None, "US"),
        ("", "US"),
        ("XX", "US"),
        ("not a code", "US"),
    ],
)
def test_region_for_codes_aliases_and_fallback(regions: dict[str, Region], code: str | None, expected: str) -> None:
    assert region_for(code, regions).code == expected


def test_default_region_comes_from_bot_region(regions: dict[str, Region], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_REGION", "uk")
    assert region_for(None, regions).code == "UK"
    assert region_for("XX", regions).code == "UK"
    assert region_for("US", regions).code == "US"


def test_unknown_bot_region_is_a_clear_error(regions: dict[str, Region], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_REGION", "ZZ")
    with pytest.raises(match="BOT_REGION='ZZ'.*known: EU, UK, US"):
        region_for(None, regions)


def test_region_for_uses_the_shipped_file_by_default() -> None:
    assert region_for("UK").emergency_number == "999"


def test_headlines_are_the_action_with_the_regions_number(regions: dict[str, Region]) -> None:
    for region in regions.values():
        assert region.emergency_number in region.headline_for("emergency")
        assert (region.crisis_line or region.emergency_number) in region.headline_for("crisis")
    assert regions["UK"].urgent_number == "111" and "111" in regions["UK"].urgent_message


def test_message_for_an_unknown_level_raises(regions: dict[str, Region]) -> None:
    with pytest.raises(ValueError, match="unknown level"):
        regions["US"].message_for("mild")


def _shipped() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEFAULT_REGIONS_PATH.read_text(encoding="utf-8"))
    return data


def _broken(change: str) -> dict[str, Any]:
    data = _shipped()
    uk = data["regions"]["UK"]
    if change == "unquoted number":
        uk["emergency_number"] = 999
    elif change == "missing key":
        del uk["urgent_service"]
    elif change == "unknown key":
        uk["emergncy_number"] = "999"
    elif change == "missing level":
        del uk["messages"]["crisis"]
    elif change == "wording without number":
        uk["messages"]["emergency"] = "Please go to A&E now."
    elif change == "no review date":
        uk["last_reviewed"] = "soon"
    elif change == "duplicate alias":
        data["regions"]["US"]["aliases"] = ["GB"]
    elif change == "headline without number":
        uk["headlines"]["emergency"] = "Get help now"
    elif change == "missing headline":
        del uk["headlines"]["crisis"]
    elif change == "bad code":
        data["regions"]["united kingdom"] = data["regions"].pop("UK")
    return data


@pytest.mark.parametrize(
    "change, message",
    [
        ("unquoted number", "UK: emergency_number: expected a quoted phone number"),
        ("missing key", "UK: .*missing keys \\['urgent_service'\\]"),
        ("unknown key", "UK: unknown keys \\['emergncy_number'\\]"),
        ("missing level", "UK: messages must have exactly"),
        ("wording without number", "UK: messages.emergency must mention 999"),
        ("no review date", "UK: last_reviewed must be a date"),
        ("duplicate alias", "'GB' used by both"),
        ("bad code", "code must be 2-3 capital letters"),
        ("headline without number", "UK: headlines.emergency must mention 999"),
        ("missing headline", "UK: headlines must have exactly"),
    ],
)
def test_malformed_regions_file_gives_a_clear_error(tmp_path: Path, change: str, message: str) -> None:
    path = tmp_path / "regions.yml"
    path.write_text(yaml.safe_dump(_broken(change)))
    with pytest.raises(match=message):
        load_regions(path)


@pytest.mark.parametrize(
    "content", ["", "- a list\n", "version: 2\nregions: {}\n", "version: 1\nregions: {}\n", "version: 1\n  bad: [\n"]
)
def test_regions_file_must_be_a_versioned_mapping(tmp_path: Path, content: str) -> None:
    path = tmp_path / "regions.yml"
    path.write_text(content)
    with pytest.raises(ContentError):
        load_regions(path)


def test_missing_regions_file_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(match="cannot read regions file"):
        load_regions(tmp_path / "absent.yml")

"""Country settings for safety replies, read from bot/content/safety/regions.yml."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.content_file import ContentError, read_content_file
from bot.safety.rules import LEVELS

logger = logging.getLogger(__name__)

DEFAULT_REGIONS_PATH = Path(__file__).resolve().parents[1] / "content" / "safety" / "regions.yml"
REGION_ENV = "BOT_REGION"
FALLBACK_REGION = "US"

_CODE = re.compile(r"^[A-Z]{2,3}$")
_NUMBER = re.compile(r"^[0-9][0-9 ]*[0-9]$|^[0-9]$")
_KEYS = frozenset(
    {
        "name",
        "aliases",
        "emergency_number",
        "emergency_service",
        "urgent_service",
        "urgent_number",
        "crisis_line",
        "crisis_service",
        "messages",
        "headlines",
        "last_reviewed",
    }
)


@dataclass(frozen=True)
class Region:
    """Emergency numbers, services and reply wording for one country or group of countries."""

    code: str
    name: str
    aliases: tuple[str, ...]
    emergency_number: str
    emergency_service: str
    urgent_service: str
    crisis_line: str | None
    crisis_service: str
    emergency_message: str
    urgent_message: str
    crisis_message: str
    last_reviewed: dt.date
    # The action to take, as the first line of the reply ("Call 999 now"), by level.
    headlines: dict[str, str] = field(default_factory=dict)
    # A non-emergency medical help line named in the urgent wording (NHS 111), if the region has one.
    urgent_number: str | None = None

    def message_for(self, level: str) -> str:
        """Return the reply wording for a finding level ("crisis", "emergency" or "urgent")."""
        messages = {"crisis": self.crisis_message, "emergency": self.emergency_message, "urgent": self.urgent_message}
        if level not in messages:
            raise ValueError(f"unknown level {level!r}; expected one of {list(LEVELS)}")
        return messages[level]

    def headline_for(self, level: str) -> str:
        """Return the short action line for a finding level ("Call 911 now")."""
        self.message_for(level)  # the same check of the level
        return self.headlines[level]


def load_regions(path: Path | None = None) -> dict[str, Region]:
    """Read and validate the regions file; keys are region codes (aliases not included)."""
    path = path or DEFAULT_REGIONS_PATH
    raw = read_content_file(path, "regions file")
    entries = raw.get("regions")
    if not isinstance(entries, Mapping) or not entries:
        raise ContentError(path, "'regions' must be a non-empty mapping of code -> settings")
    regions = {str(code): _region(str(code), data, path) for code, data in entries.items()}
    seen: dict[str, str] = {}
    for region in regions.values():
        for name in (region.code, *region.aliases):
            if name in seen:
                raise ContentError(path, f"code or alias {name!r} used by both {seen[name]} and {region.code}")
            seen[name] = region.code
    return regions


def default_region_code() -> str:
    """Return the region code used when none or an unknown one is given ($BOT_REGION or US)."""
    return os.environ.get(REGION_ENV, "").strip().upper() or FALLBACK_REGION


def region_for(code: str | None, regions: Mapping[str, Region] | None = None) -> Region:
    """Return the region for a code or alias; unknown or None falls back to the default."""
    regions = regions if regions is not None else _default_regions()
    found = _lookup(code, regions)
    if found is not None:
        return found
    default = default_region_code()
    found = _lookup(default, regions)
    if found is None:
        known = ", ".join(sorted(regions))
        problem = f"{REGION_ENV}={default!r} is not a region of this file (known: {known})"
        raise ContentError(DEFAULT_REGIONS_PATH, problem)
    if code:
        logger.debug("unknown region %r, using default %s", code, found.code)
    return found


@functools.lru_cache(maxsize=1)
def _default_regions() -> dict[str, Region]:
    return load_regions()


def _lookup(code: str | None, regions: Mapping[str, Region]) -> Region | None:
    if not code or not isinstance(code, str):
        return None
    key = code.strip().upper()
    if key in regions:
        return regions[key]
    return next((r for r in regions.values() if key in r.aliases), None)


def _region(code: str, data: Any, path: Path) -> Region:
    where = f"region {code}"
    if not _CODE.match(code):
        raise ContentError(path, "code must be 2-3 capital letters", where)
    if not isinstance(data, Mapping):
        raise ContentError(path, "expected a mapping of settings", where)
    unknown = set(data) - _KEYS
    missing = (_KEYS - {"aliases", "crisis_line", "urgent_number"}) - set(data)
    if unknown or missing:
        raise ContentError(path, f"unknown keys {sorted(unknown)}, missing keys {sorted(missing)}", where)
    aliases = data.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and _CODE.match(a) for a in aliases):
        raise ContentError(path, "aliases must be a list of 2-3 letter capital codes", where)
    messages = data["messages"]
    if not isinstance(messages, Mapping) or set(messages) != set(LEVELS):
        raise ContentError(path, f"messages must have exactly {list(LEVELS)}", where)
    reviewed = data["last_reviewed"]
    if not isinstance(reviewed, dt.date):
        raise ContentError(path, "last_reviewed must be a date (YYYY-MM-DD)", where)
    crisis_line = data.get("crisis_line")
    if crisis_line is not None:
        crisis_line = _number(crisis_line, path, where, "crisis_line")
    urgent_number = data.get("urgent_number")
    if urgent_number is not None:
        urgent_number = _number(urgent_number, path, where, "urgent_number")
    headlines = data["headlines"]
    if not isinstance(headlines, Mapping) or set(headlines) != set(LEVELS):
        raise ContentError(path, f"headlines must have exactly {list(LEVELS)}", where)
    region = Region(
        code=code,
        name=_text(data["name"], path, where, "name"),
        aliases=tuple(aliases),
        emergency_number=_number(data["emergency_number"], path, where, "emergency_number"),
        emergency_service=_text(data["emergency_service"], path, where, "emergency_service"),
        urgent_service=_text(data["urgent_service"], path, where, "urgent_service"),
        crisis_line=crisis_line,
        crisis_service=_text(data["crisis_service"], path, where, "crisis_service"),
        emergency_message=_text(messages["emergency"], path, where, "messages.emergency"),
        urgent_message=_text(messages["urgent"], path, where, "messages.urgent"),
        crisis_message=_text(messages["crisis"], path, where, "messages.crisis"),
        last_reviewed=reviewed,
        headlines={level: _text(headlines[level], path, where, f"headlines.{level}") for level in LEVELS},
        urgent_number=urgent_number,
    )
    # the wording must give the numbers this entry declares, so the two cannot drift apart
    if region.emergency_number not in region.emergency_message:
        raise ContentError(path, f"messages.emergency must mention {region.emergency_number}", where)
    if region.emergency_number not in region.crisis_message:
        raise ContentError(path, f"messages.crisis must mention {region.emergency_number} for immediate danger", where)
    if region.crisis_line and region.crisis_line not in region.crisis_message:
        raise ContentError(path, f"messages.crisis must mention {region.crisis_line}", where)
    if region.emergency_number not in region.headlines["emergency"]:
        raise ContentError(path, f"headlines.emergency must mention {region.emergency_number}", where)
    crisis_number = region.crisis_line or region.emergency_number
    if crisis_number not in region.headlines["crisis"]:
        raise ContentError(path, f"headlines.crisis must mention {crisis_number}", where)
    return region


def _text(value: Any, path: Path, where: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(path, f"{key}: expected non-empty text, got {value!r}", where)
    return value.strip()


def _number(value: Any, path: Path, where: str, key: str) -> str:
    if not isinstance(value, str) or not _NUMBER.match(value):
        raise ContentError(path, f'{key}: expected a quoted phone number such as "999", got {value!r}', where)
    return value

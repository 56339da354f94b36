"""Country settings for safety replies, read from bot/content/safety/regions.yml."""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import root_validator, validator
from pydantic.dataclasses import dataclass

from bot.content_file import ContentError, ReviewDate, Text, parse, read_content_file
from bot.safety.rules import LEVELS

logger = logging.getLogger(__name__)

DEFAULT_REGIONS_PATH = Path(__file__).resolve().parents[1] / "content" / "safety" / "regions.yml"
REGION_ENV = "BOT_REGION"
FALLBACK_REGION = "US"

_CODE = re.compile(r"^[A-Z]{2,3}$")
_NUMBER = re.compile(r"^[0-9][0-9 ]*[0-9]$|^[0-9]$")


@dataclass(frozen=True)
class Region:
    """Emergency numbers, services and reply wording for one country or group of countries.

    One entry of regions.yml, keyed by its code; building one checks it, and the wording must give
    the numbers the entry declares, so the two cannot drift apart.
    """

    code: str
    name: Text
    emergency_number: str
    emergency_service: Text
    urgent_service: Text
    crisis_service: Text
    # The reply wording by level ("crisis", "emergency", "urgent").
    messages: dict[str, Text]
    # The action to take, as the first line of the reply ("Call 999 now"), by level.
    headlines: dict[str, Text]
    last_reviewed: ReviewDate
    aliases: tuple[str, ...] = ()
    crisis_line: str | None = None
    # Source ids (bot/content/sources/) where the crisis line publishes its number: cited on crisis replies.
    crisis_sources: tuple[str, ...] = ()
    # A non-emergency medical help line named in the urgent wording (NHS 111), if the region has one.
    urgent_number: str | None = None

    @property
    def emergency_message(self) -> str:
        """What to say on an emergency finding."""
        return self.messages["emergency"]

    @property
    def urgent_message(self) -> str:
        """What to say on an urgent finding."""
        return self.messages["urgent"]

    @property
    def crisis_message(self) -> str:
        """What to say on a crisis finding."""
        return self.messages["crisis"]

    def message_for(self, level: str) -> str:
        """Return the reply wording for a finding level ("crisis", "emergency" or "urgent")."""
        if level not in self.messages:
            raise ValueError(f"unknown level {level!r}; expected one of {list(LEVELS)}")
        return self.messages[level]

    def headline_for(self, level: str) -> str:
        """Return the short action line for a finding level ("Call 911 now")."""
        self.message_for(level)  # the same check of the level
        return self.headlines[level]

    @validator("code")
    def _code(cls, code: str) -> str:
        if not _CODE.match(code):
            raise ValueError("code must be 2-3 capital letters")
        return code

    @validator("aliases", pre=True)
    def _aliases(cls, aliases: Any) -> Any:
        aliases = [] if aliases is None else aliases
        if not isinstance(aliases, list) or not all(isinstance(a, str) and _CODE.match(a) for a in aliases):
            raise ValueError("aliases must be a list of 2-3 letter capital codes")
        return aliases

    @validator("crisis_sources", pre=True)
    def _crisis_sources(cls, sources: Any) -> Any:
        sources = [] if sources is None else sources
        if not isinstance(sources, (list, tuple)) or not all(isinstance(s, str) and s for s in sources):
            raise ValueError("crisis_sources must be a list of source ids")
        return sources

    @validator("emergency_number", "crisis_line", "urgent_number", pre=True)
    def _number(cls, value: Any, field: Any) -> Any:
        if value is not None and (not isinstance(value, str) or not _NUMBER.match(value)):
            raise ValueError(f'{field.name}: expected a quoted phone number such as "999", got {value!r}')
        return value

    @validator("messages", "headlines", pre=True)
    def _by_level(cls, value: Any, field: Any) -> Any:
        if not isinstance(value, Mapping) or set(value) != set(LEVELS):
            raise ValueError(f"{field.name} must have exactly {list(LEVELS)}")
        return value

    @root_validator(skip_on_failure=True)
    def _numbers_in_wording(cls, values: dict[str, Any]) -> dict[str, Any]:
        emergency, crisis_line = values["emergency_number"], values["crisis_line"]
        messages, headlines = values["messages"], values["headlines"]
        required = [
            ("messages.emergency", messages["emergency"], emergency, ""),
            ("messages.crisis", messages["crisis"], emergency, " for immediate danger"),
            ("messages.crisis", messages["crisis"], crisis_line, ""),
            ("headlines.emergency", headlines["emergency"], emergency, ""),
            ("headlines.crisis", headlines["crisis"], crisis_line or emergency, ""),
        ]
        for where, text, number, why in required:
            if number and number not in text:
                raise ValueError(f"{where} must mention {number}{why}")
        return values


def load_regions(path: Path | None = None) -> dict[str, Region]:
    """Read and validate the regions file; keys are region codes (aliases not included)."""
    path = path or DEFAULT_REGIONS_PATH
    raw = read_content_file(path, "regions file")
    entries = raw.get("regions")
    if not isinstance(entries, Mapping) or not entries:
        raise ContentError(path, "'regions' must be a non-empty mapping of code -> settings")
    regions = {
        str(code): parse(Region, data, path, f"region {code}", report_all_keys=True, code=str(code))
        for code, data in entries.items()
    }
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

"""ClinicalTrials.gov API v2 client: recruiting cell-therapy trials for low back pain.

The only thing taken from the patient is the place they named (sent as `query.locn`); the
condition and intervention words are fixed. Results are cached in-process for an hour.
"""

from __future__ import annotations

import logging
import threading
from time import monotonic
from typing import Any

import requests

from bot.trials.model import NCT_PATTERN, Location, Trial
from bot.trials.place import sort_locations

logger = logging.getLogger(__name__)

BASE_URL = "https://clinicaltrials.gov/api/v2/studies"
USER_AGENT = "back-pain-assistant/0.1 (patient information chatbot)"
CONDITION_QUERY = "low back pain OR degenerative disc disease OR intervertebral disc degeneration"
INTERVENTION_QUERY = "stem cell OR mesenchymal OR bone marrow aspirate OR disc cell OR progenitor cell"
STATUSES = "RECRUITING,NOT_YET_RECRUITING"
FIELDS = (
    "NCTId,BriefTitle,OverallStatus,Phase,LeadSponsorName,LocationFacility,LocationCity,LocationState,LocationCountry"
)
MAX_LIMIT = 20
MAX_CACHE_ENTRIES = 256
# Paths of the response the parser reads, and whether every study must have them
# (scripts/check_ctgov_fixture.py compares them between the fixture and the live API).
RESPONSE_PATHS: tuple[tuple[str, bool], ...] = (
    ("studies", True),
    ("studies[].protocolSection.identificationModule.nctId", True),
    ("studies[].protocolSection.identificationModule.briefTitle", True),
    ("studies[].protocolSection.statusModule.overallStatus", True),
    ("studies[].protocolSection.designModule.phases", False),
    ("studies[].protocolSection.designModule.phases[]", False),
    ("studies[].protocolSection.sponsorCollaboratorsModule.leadSponsor.name", False),
    ("studies[].protocolSection.contactsLocationsModule.locations", False),
    ("studies[].protocolSection.contactsLocationsModule.locations[].facility", False),
    ("studies[].protocolSection.contactsLocationsModule.locations[].city", False),
    ("studies[].protocolSection.contactsLocationsModule.locations[].state", False),
    ("studies[].protocolSection.contactsLocationsModule.locations[].country", False),
)


class TrialSearchError(Exception):
    """The registry could not be reached or answered with something we cannot read."""


class ClinicalTrialsClient:
    """Thin client for `GET /studies` with a timeout, status and shape checks, and a TTL cache."""

    def __init__(
        self,
        session: requests.Session | None = None,
        base_url: str = BASE_URL,
        timeout: tuple[float, float] = (3.05, 5),
        cache_ttl: float = 3600,
    ) -> None:
        """Use `session` (a fake in tests) or a new requests session."""
        self._session = session if session is not None else requests.Session()
        self._base_url = base_url
        self._timeout = timeout
        self._cache_ttl = cache_ttl
        self._cache: dict[tuple[str | None, int], tuple[float, list[Trial]]] = {}
        self._lock = threading.Lock()

    def search(self, place: str | None = None, limit: int = 5) -> list[Trial]:
        """Recruiting or not-yet-recruiting trials, optionally with a site matching `place`."""
        key = (_cache_place(place), limit)
        now = monotonic()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0] > now:
                return list(cached[1])
        trials = parse_studies(self.fetch_raw(place, limit), place)
        with self._lock:
            self._remember(key, trials, now)
        return list(trials)

    def fetch_raw(self, place: str | None = None, limit: int = 5) -> Any:
        """The decoded JSON of one uncached query (checked for status and JSON, not for shape)."""
        try:
            response = self._session.get(
                self._base_url,
                params=request_params(place, limit),
                headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                timeout=self._timeout,
            )
        except requests.RequestException as error:
            # The message never carries the URL: it contains the place the patient named.
            raise TrialSearchError(f"ClinicalTrials.gov unreachable ({type(error).__name__})") from error
        if response.status_code != 200:
            raise TrialSearchError(f"ClinicalTrials.gov answered HTTP {response.status_code}: {response.text[:200]}")
        try:
            return response.json()
        except ValueError as error:
            raise TrialSearchError("ClinicalTrials.gov answered with something that is not JSON") from error

    def _remember(self, key: tuple[str | None, int], trials: list[Trial], now: float) -> None:
        # Places come from patients, so bound the cache: drop expired entries, then the oldest.
        for stale in [k for k, (expires, _) in self._cache.items() if expires <= now]:
            del self._cache[stale]
        while len(self._cache) >= MAX_CACHE_ENTRIES:
            del self._cache[next(iter(self._cache))]
        self._cache[key] = (now + self._cache_ttl, list(trials))


def request_params(place: str | None = None, limit: int = 5) -> dict[str, str]:
    """Query parameters of a search; only `place` comes from the patient."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    params = {
        "query.cond": CONDITION_QUERY,
        "query.intr": INTERVENTION_QUERY,
        "filter.overallStatus": STATUSES,
        "fields": FIELDS,
        "pageSize": str(limit),
        "format": "json",
    }
    if place:
        params["query.locn"] = place
    return params


def parse_studies(data: Any, place: str | None = None) -> list[Trial]:
    """Trials from a `/studies` response; anything of the wrong shape raises TrialSearchError."""
    if not isinstance(data, dict) or not isinstance(data.get("studies"), list):
        raise TrialSearchError("response has no 'studies' list")
    return [_trial(study, place) for study in data["studies"]]


def _cache_place(place: str | None) -> str | None:
    return " ".join(place.casefold().split()) if place else None


def _object(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TrialSearchError(f"{where} is not an object")
    return value


def _text(mapping: dict[str, Any], key: str, where: str) -> str | None:
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise TrialSearchError(f"{where}.{key} is not text")
    return " ".join(value.split()) or None


def _required_text(mapping: dict[str, Any], key: str, where: str) -> str:
    value = _text(mapping, key, where)
    if value is None:
        raise TrialSearchError(f"{where}.{key} is missing")
    return value


def _trial(study: Any, place: str | None) -> Trial:
    section = _object(_object(study, "study").get("protocolSection"), "protocolSection")
    identification = _object(section.get("identificationModule"), "identificationModule")
    nct_id = _required_text(identification, "nctId", "identificationModule")
    if not NCT_PATTERN.match(nct_id):
        raise TrialSearchError(f"identificationModule.nctId {nct_id!r} is not an NCT number")
    title = _required_text(identification, "briefTitle", "identificationModule")
    status = _required_text(_object(section.get("statusModule"), "statusModule"), "overallStatus", "statusModule")
    phases = _object(section.get("designModule"), "designModule").get("phases") or []
    if not isinstance(phases, list) or not all(isinstance(p, str) for p in phases):
        raise TrialSearchError("designModule.phases is not a list of text")
    sponsors = _object(section.get("sponsorCollaboratorsModule"), "sponsorCollaboratorsModule")
    sponsor = _text(_object(sponsors.get("leadSponsor"), "leadSponsor"), "name", "leadSponsor")
    sites = _object(section.get("contactsLocationsModule"), "contactsLocationsModule").get("locations") or []
    if not isinstance(sites, list):
        raise TrialSearchError("contactsLocationsModule.locations is not a list")
    locations = []
    for site in sites:
        site = _object(site, "location")
        locations.append(Location(*(_text(site, k, "location") for k in ("facility", "city", "state", "country"))))
    return Trial(nct_id, title, tuple(phases), status, sponsor, sort_locations(locations, place))

"""What a trial is: a registry study as the client reads it, and the reviewed wording of trials.yml."""

from __future__ import annotations

from dataclasses import dataclass as plain_dataclass

from pydantic import StrictStr, validator
from pydantic.dataclasses import dataclass

from bot.content_file import ReviewDate, Text
from bot.knowledge.model import NCT_PATTERN, Message

STUDY_URL = "https://clinicaltrials.gov/study/{nct_id}"
# The status every curated trial is shown with; the labels must give it a wording.
CURATED_STATUS = "RECRUITING"


def study_url(nct_id: str) -> str:
    """The public ClinicalTrials.gov page of a study."""
    return STUDY_URL.format(nct_id=nct_id)


@plain_dataclass(frozen=True)
class Location:
    """One study site as the registry lists it (any part may be missing)."""

    facility: str | None
    city: str | None
    state: str | None
    country: str | None


@plain_dataclass(frozen=True)
class Trial:
    """One registered study; locations come nearest-first when a place was named."""

    nct_id: str
    title: str
    phase: tuple[str, ...]
    status: str
    sponsor: str | None
    locations: tuple[Location, ...]

    @property
    def url(self) -> str:
        """The study's public page."""
        return study_url(self.nct_id)

    @property
    def nearest_location(self) -> Location | None:
        """The first listed site matching the place, else the first site, else None."""
        return self.locations[0] if self.locations else None


@dataclass(frozen=True)
class CuratedTrial:
    """A reviewed late-stage trial shown when the live search cannot help."""

    nct_id: StrictStr
    title: Text
    phase: Text
    sponsor: Text
    description: Text
    source: Text
    last_reviewed: ReviewDate

    @validator("nct_id")
    def _nct_id(cls, nct_id: str) -> str:
        if not NCT_PATTERN.match(nct_id):
            raise ValueError(f"nct_id {nct_id!r} is not an NCT number")
        return nct_id


@dataclass(frozen=True)
class Labels:
    """How the registry's phase and status codes are shown."""

    phases: dict[StrictStr, StrictStr]
    statuses: dict[StrictStr, StrictStr]
    last_reviewed: ReviewDate

    @validator("phases", "statuses")
    def _non_empty(cls, labels: dict[str, str], field: object) -> dict[str, str]:
        if not labels:
            raise ValueError(f"'{getattr(field, 'name', '')}' needs at least one code")
        return labels

    @validator("statuses")
    def _curated_status(cls, statuses: dict[str, str]) -> dict[str, str]:
        if CURATED_STATUS not in statuses:
            raise ValueError(f"statuses needs {CURATED_STATUS} (the curated trials' status)")
        return statuses


@plain_dataclass(frozen=True)
class TrialContent:
    """The reviewed wording, labels and curated trials of trials.yml."""

    messages: dict[str, Message]
    phase_labels: dict[str, str]
    status_labels: dict[str, str]
    curated: tuple[CuratedTrial, ...]
    search_url: str

    def render(self, key: str, **values: str) -> str:
        """Fill one message's placeholders."""
        return self.messages[key].render(**values)

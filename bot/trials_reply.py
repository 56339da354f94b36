"""Trial-search replies: live registry results or the curated list, with notes and the FDA caveat.

All wording comes from bot/content/trials.yml; API text is passed through as plain text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bot.content_file import ContentError, read_content_file
from bot.knowledge.citations import citation_payload
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.messages import Message
from bot.knowledge.replies import Reply, caveat_payload
from bot.payloads import PAYLOAD_VERSION, CitationPayload, TrialPayload, TrialsPayload
from bot.trials import Location, Trial, study_url

TRIALS_CONTENT_PATH = Path(__file__).resolve().parent / "content" / "trials.yml"
MAX_SHOWN = 5
REQUIRED_MESSAGES = (
    "intro",
    "intro_place",
    "no_results",
    "no_results_place",
    "unreachable",
    "unreachable_place",
    "curated_intro",
    "trial",
    "curated_trial",
    "not_listed",
    "phase_not_listed",
    "listing_not_approval",
    "payment_warning",
    "clinician",
    "search_yourself",
)
# Said after every trial list, in this order.
NOTES = ("listing_not_approval", "payment_warning", "clinician")
_NCT_ID = re.compile(r"^NCT\d{8}$")


@dataclass(frozen=True)
class CuratedTrial:
    """A reviewed late-stage trial shown when the live search cannot help."""

    nct_id: str
    title: str
    phase: str
    sponsor: str
    description: str
    source: str
    last_reviewed: dt.date


@dataclass(frozen=True)
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


def load_trial_content(path: Path = TRIALS_CONTENT_PATH) -> TrialContent:
    """Read and check trials.yml; a problem raises ContentError naming the file and entry."""
    data = read_content_file(path, "trials file")
    messages = {
        str(key): _message(str(key), entry, f"{path}: {key}") for key, entry in _mapping(data, "messages", path)
    }
    missing = [key for key in REQUIRED_MESSAGES if key not in messages]
    if missing:
        raise ContentError(f"{path}: missing messages {', '.join(missing)}")
    labels = dict(_mapping(data, "labels", path))
    _date(labels.get("last_reviewed"), f"{path}: labels")
    phases, statuses = _text_mapping(labels.get("phases")), _text_mapping(labels.get("statuses"))
    if not phases or not statuses or "RECRUITING" not in statuses:
        raise ContentError(f"{path}: labels needs 'phases' and 'statuses' (with RECRUITING) mappings of code to text")
    search_url = data.get("search_url")
    if not isinstance(search_url, str) or not search_url.startswith("https://"):
        raise ContentError(f"{path}: search_url must be an https:// link")
    entries = data.get("trials")
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"{path}: expected a non-empty 'trials:' list")
    curated = tuple(_curated(entry, f"{path}: trials[{i}]") for i, entry in enumerate(entries))
    return TrialContent(messages, phases, statuses, curated, search_url)


@functools.lru_cache(maxsize=1)
def get_trial_content() -> TrialContent:
    """trials.yml, loaded and checked once per process on first use."""
    return load_trial_content()


def trials_reply(kb: KnowledgeBase, trials: Sequence[Trial], place: str | None) -> Reply:
    """Up to five live trials with their nearest listed site; with none, say so and list the curated ones."""
    content = get_trial_content()
    if not trials:
        return _curated_reply(kb, content, "no_results", place)
    entries = [_trial_entry(content, number, trial) for number, trial in enumerate(trials[:MAX_SHOWN], 1)]
    paragraphs = [_with_place(content, "intro", place), *(text for text, _ in entries)]
    return _reply(kb, content, "results", place, paragraphs, [payload for _, payload in entries], [])


def fallback_reply(kb: KnowledgeBase, place: str | None) -> Reply:
    """The registry could not be reached: say so plainly and show the curated list."""
    return _curated_reply(kb, get_trial_content(), "unreachable", place)


def _curated_reply(
    kb: KnowledgeBase, content: TrialContent, opening: Literal["no_results", "unreachable"], place: str | None
) -> Reply:
    paragraphs = [_with_place(content, opening, place), *_curated_part(content)]
    payloads = [_curated_payload(content, trial) for trial in content.curated]
    return _reply(kb, content, opening, place, paragraphs, payloads, [trial.source for trial in content.curated])


def _reply(
    kb: KnowledgeBase,
    content: TrialContent,
    kind: Literal["results", "no_results", "unreachable"],
    place: str | None,
    paragraphs: list[str],
    trial_payloads: list[TrialPayload],
    cited: list[str],
) -> Reply:
    cited = cited + [source for key in NOTES for source in content.messages[key].sources]
    caveat = caveat_payload(kb)
    caveat["citations"] = _https_citations(kb, kb.messages["fda_caveat"].sources)
    body = [
        *paragraphs,
        *(content.render(key) for key in NOTES),
        content.render("search_yourself", url=content.search_url),
    ]
    text = "\n\n".join([*body, caveat["text"]])
    payload: TrialsPayload = {
        "version": PAYLOAD_VERSION,
        "type": "trials",
        # "results" (live), "no_results" or "unreachable" (both show the curated list).
        "kind": kind,
        "place": place,
        "text": text,
        # Without the caveat, for a widget that shows it in its own box.
        "body": "\n\n".join(body),
        "trials": trial_payloads,
        "search_url": content.search_url,
        "citations": _https_citations(kb, cited),
        "caveat": caveat,
        "buttons": [],
    }
    return Reply(text, payload)


def _curated_part(content: TrialContent) -> list[str]:
    entries = [
        content.render(
            "curated_trial",
            number=str(number),
            title=trial.title,
            nct_id=trial.nct_id,
            phase=trial.phase,
            sponsor=trial.sponsor,
            description=trial.description,
            date=trial.last_reviewed.isoformat(),
            url=study_url(trial.nct_id),
        )
        for number, trial in enumerate(content.curated, 1)
    ]
    return [content.render("curated_intro"), *entries]


def _trial_entry(content: TrialContent, number: int, trial: Trial) -> tuple[str, TrialPayload]:
    not_listed = content.render("not_listed")
    phase = " / ".join(content.phase_labels.get(p, p) for p in trial.phase) or content.render("phase_not_listed")
    status = content.status_labels.get(trial.status, trial.status)
    site = _site(trial.nearest_location)
    text = content.render(
        "trial",
        number=str(number),
        title=trial.title,
        nct_id=trial.nct_id,
        phase=phase,
        status=status,
        sponsor=trial.sponsor or not_listed,
        site=site or not_listed,
        url=trial.url,
    )
    payload: TrialPayload = {
        "nct_id": trial.nct_id,
        "title": trial.title,
        "url": trial.url,
        "phase": phase,
        "status": status,
        "sponsor": trial.sponsor,
        "nearest_location": site,
        "description": None,
        "last_reviewed": None,
    }
    return text, payload


def _curated_payload(content: TrialContent, trial: CuratedTrial) -> TrialPayload:
    return {
        "nct_id": trial.nct_id,
        "title": trial.title,
        "url": study_url(trial.nct_id),
        "phase": trial.phase,
        "status": content.status_labels["RECRUITING"],
        "sponsor": trial.sponsor,
        "nearest_location": None,
        "description": trial.description,
        "last_reviewed": trial.last_reviewed.isoformat(),
    }


def _site(location: Location | None) -> str | None:
    if location is None:
        return None
    parts = [p for p in (location.facility, location.city, location.state, location.country) if p]
    return ", ".join(parts) or None


def _with_place(content: TrialContent, key: str, place: str | None) -> str:
    return content.render(f"{key}_place", place=place) if place else content.render(key)


def _https_citations(kb: KnowledgeBase, source_ids: Sequence[str]) -> list[CitationPayload]:
    unique = dict.fromkeys(source_ids)
    return [citation_payload(kb.sources[s]) for s in unique if kb.sources[s].url.startswith("https://")]


def _mapping(data: dict[str, Any], key: str, path: Path) -> list[tuple[Any, Any]]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ContentError(f"{path}: expected a '{key}:' mapping")
    return list(value.items())


def _text_mapping(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return {}
    return dict(value)


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date):
        raise ContentError(f"{where}: missing 'last_reviewed' date (YYYY-MM-DD)")
    return value


def _message(key: str, entry: Any, where: str) -> Message:
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"].strip():
        raise ContentError(f"{where}: needs 'text'")
    sources = entry.get("sources") or []
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ContentError(f"{where}: 'sources' must be a list of source ids")
    return Message(key, entry["text"].strip(), _date(entry.get("last_reviewed"), where), tuple(sources))


def _curated(entry: Any, where: str) -> CuratedTrial:
    keys = ("nct_id", "title", "phase", "sponsor", "description", "source")
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry[k].strip() for k in keys):
        raise ContentError(f"{where}: needs text for {', '.join(keys)}")
    if not _NCT_ID.match(entry["nct_id"]):
        raise ContentError(f"{where}: nct_id {entry['nct_id']!r} is not an NCT number")
    values = {k: " ".join(entry[k].split()) for k in keys}
    return CuratedTrial(**values, last_reviewed=_date(entry.get("last_reviewed"), where))

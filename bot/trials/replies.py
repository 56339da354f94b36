"""Trial-search replies: live registry results or the curated list, with notes and the FDA caveat.

All wording comes from bot/content/trials.yml; API text is passed through as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from bot.knowledge.citations import citation_payload
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Reply, caveat_payload
from bot.payloads import PAYLOAD_VERSION, CitationPayload, TrialPayload, TrialsPayload
from bot.trials.loader import get_trial_content
from bot.trials.model import CURATED_STATUS, CuratedTrial, Location, Trial, TrialContent, study_url

MAX_SHOWN = 5
# Said after every trial list, in this order.
NOTES = ("listing_not_approval", "payment_warning", "clinician")


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
        "status": content.status_labels[CURATED_STATUS],
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

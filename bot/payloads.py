"""The structured payloads the bot sends to front ends: contract version 1, one TypedDict per `type`.

Every reply goes out as one Rasa message with two copies of the same content:
`text` (+ `buttons`) for any channel, and `custom`, one of the payloads below, for a front end
that renders structure (the web widget, or a clinic's own). A front end that understands the
payload's `version` renders `custom` and ignores the plain-text copy of that reply.

`bot/payloads.schema.json` states the same contract as JSON Schema (tests check that the two
agree and that real replies validate); `docs/payloads.md` explains it for clinics. Every key is
always present (None or an empty list when it does not apply), so a front end never has to guess.
A change that removes or renames a key, or changes its meaning, needs a new PAYLOAD_VERSION.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, TypedDict

PAYLOAD_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent / "payloads.schema.json"
# Quick replies a reply may offer (feedback buttons are separate). More than this is a wall of choices.
MAX_SUGGESTIONS = 4
# A button sends exactly `/<intent>` or `/<intent>{"topic":"<topic id>"}`; the channel accepts nothing else.
BUTTON_PAYLOAD = re.compile(r'^/[a-z][a-z0-9_]*(\{"topic":"[a-z][a-z0-9_]*"\})?$')

SafetyLevel = Literal["crisis", "emergency", "urgent"]
# A crisis check-in: crisis talk possible but unclear. Shown like a crisis reply, but no warning sign was found.
CheckInLevel = Literal["check_in"]
# The warning signs a screening question asks about.
ScreeningLevel = Literal["emergency", "urgent"]


class ButtonPayload(TypedDict):
    """A quick reply: what the patient sees and what it sends."""

    title: str
    payload: str


class CitationPayload(TypedDict):
    """One source, for a front end to link."""

    id: str
    short: str
    title: str
    authors: str
    publisher: str
    year: int
    kind: str
    url: str
    doi: str | None
    pmid: str | None
    nct: str | None


class CaveatPayload(TypedDict):
    """The FDA caveat: its full words, a one-line reminder for repeats, and its sources."""

    text: str
    reminder: str
    citations: list[CitationPayload]


class PhonePayload(TypedDict):
    """A phone number as written in the reply's wording, and the tel: link that calls it."""

    role: Literal["emergency", "urgent", "crisis", "clinic"]
    number: str
    tel: str


class LinkPayload(TypedDict):
    """A link offered as a button: a tel: link to call, or an https page to book or get in touch."""

    kind: Literal["call", "booking", "contact"]
    title: str
    url: str


class EvidencePayload(TypedDict):
    """How strong the evidence behind a topic is."""

    level: str
    note: str


class RegulatoryPayload(TypedDict):
    """Approval status of the treatment a topic talks about."""

    investigational: bool
    status: str


class BalanceItemPayload(TypedDict):
    """One part of a treatment's balance: how it works, benefits, risks, uncertainty, alternatives."""

    key: str
    label: str
    text: str


class AnswerPayload(TypedDict):
    """A topic answer (`part` "answer") or its longer version (`part` "more")."""

    version: int
    type: Literal["answer"]
    part: Literal["answer", "more"]
    topic_id: str
    title: str
    family: str
    text: str
    body: str
    balance: list[BalanceItemPayload]
    clinician_prompt: str | None
    evidence: EvidencePayload
    evidence_line: str | None
    regulatory: RegulatoryPayload | None
    last_reviewed: str
    citations: list[CitationPayload]
    caveat: CaveatPayload | None
    buttons: list[ButtonPayload]
    feedback: list[ButtonPayload]


class SourcesPayload(TypedDict):
    """Full references behind the last answer."""

    version: int
    type: Literal["sources"]
    topic_id: str
    title: str
    intro: str
    text: str
    citations: list[CitationPayload]
    buttons: list[ButtonPayload]


class NoticePayload(TypedDict):
    """A fixed message (welcome, scope, limits, small talk, feedback thanks, claims menu)."""

    version: int
    type: Literal["notice"]
    kind: str
    text: str
    phones: list[PhonePayload]
    buttons: list[ButtonPayload]


class SafetyPayload(TypedDict):
    """An emergency, urgent-care or crisis reply, or a crisis check-in: the action first, then why and where from.

    `level` is the level the reply is for ("check_in" for the check-in); `levels` every level found
    in the message, most severe first (empty for a check-in); `about_other` whether the signs were
    told about someone else.
    """

    version: int
    type: Literal["safety"]
    level: SafetyLevel | CheckInLevel
    levels: list[SafetyLevel]
    about_other: bool
    headline: str
    advice: str
    reason: str | None
    question_later: str | None
    text: str
    phones: list[PhonePayload]
    emergency_number: str
    crisis_line: str | None
    triggers: list[str]
    citations: list[CitationPayload]
    buttons: list[ButtonPayload]


class ClarifyPayload(TypedDict):
    """The "Did you mean…?" reply: the likely topics as buttons, then "Something else" (/help)."""

    version: int
    type: Literal["clarify"]
    text: str
    topics: list[str]
    buttons: list[ButtonPayload]


class ScreeningPayload(TypedDict):
    """A safety screening question: "do you have any of these now?" with Yes (/affirm) and No (/deny)."""

    version: int
    type: Literal["screening"]
    level: ScreeningLevel
    question: str
    text: str
    citations: list[CitationPayload]
    buttons: list[ButtonPayload]


class ContactPayload(TypedDict):
    """How to reach a person: the clinic's phone and links, the emergency (and crisis) numbers."""

    version: int
    type: Literal["contact"]
    intro: str
    clinic: str | None
    phone: PhonePayload | None
    links: list[LinkPayload]
    crisis_note: str | None
    emergency_note: str
    text: str
    phones: list[PhonePayload]
    emergency_number: str
    buttons: list[ButtonPayload]


class SafetyNotePayload(TypedDict):
    """A warning sign raised in the conversation, for the visit summary."""

    question: str
    level: SafetyLevel
    headline: str
    advice: str


class SummaryItemPayload(TypedDict):
    """A question the patient asked and the short answer given, for the visit summary."""

    question: str
    topic_id: str
    title: str
    answer: str
    investigational: bool
    citations: list[CitationPayload]


class VisitSummaryPayload(TypedDict):
    """The visit summary: warning signs, questions with short answers, checklist, privacy note."""

    version: int
    type: Literal["summary"]
    kind: Literal["visit"]
    heading: str
    date: str
    clinic: str
    text: str
    red_flags_heading: str
    red_flags: list[SafetyNotePayload]
    questions_heading: str
    items: list[SummaryItemPayload]
    empty: str | None
    caveat: CaveatPayload | None
    checklist_heading: str
    checklist: list[str]
    footer: str
    buttons: list[ButtonPayload]


class ChecklistSummaryPayload(TypedDict):
    """The questions the patient chose to ask a clinic, as a list to download or print."""

    version: int
    type: Literal["summary"]
    kind: Literal["checklist"]
    heading: str
    date: str
    clinic: str
    text: str
    questions: list[str]
    citations: list[CitationPayload]
    buttons: list[ButtonPayload]


class ChecklistQuestionPayload(TypedDict):
    """One question of the clinic checklist, with add / skip / stop buttons."""

    version: int
    type: Literal["checklist_question"]
    item: str
    number: int
    total: int
    intro: str | None
    question: str
    why: str
    text: str
    buttons: list[ButtonPayload]


class ClaimPayload(TypedDict):
    """One decoded clinic claim."""

    id: str
    title: str
    means: str
    does_not_mean: str
    check: str
    sources: list[str]
    last_reviewed: str


class ClaimsPayload(TypedDict):
    """Clinic claims decoded: what each means, does not mean, and how to check it."""

    version: int
    type: Literal["claims"]
    claim_ids: list[str]
    claims: list[ClaimPayload]
    more_found: bool
    text: str
    body: str
    clinician_prompt: str
    last_reviewed: str
    citations: list[CitationPayload]
    caveat: CaveatPayload
    buttons: list[ButtonPayload]


class TrialPayload(TypedDict):
    """One trial: live from ClinicalTrials.gov, or from the reviewed curated list."""

    nct_id: str
    title: str
    url: str
    phase: str
    status: str
    sponsor: str | None
    nearest_location: str | None
    description: str | None
    last_reviewed: str | None


class TrialsPayload(TypedDict):
    """A trial search: live results, or the curated list when there are none or the registry is down."""

    version: int
    type: Literal["trials"]
    kind: Literal["results", "no_results", "unreachable"]
    place: str | None
    text: str
    body: str
    trials: list[TrialPayload]
    search_url: str
    citations: list[CitationPayload]
    caveat: CaveatPayload
    buttons: list[ButtonPayload]


Payload = (
    AnswerPayload
    | SourcesPayload
    | NoticePayload
    | SafetyPayload
    | ClarifyPayload
    | ScreeningPayload
    | ContactPayload
    | VisitSummaryPayload
    | ChecklistSummaryPayload
    | ChecklistQuestionPayload
    | ClaimsPayload
    | TrialsPayload
)

# Each `type` (and, for summaries, `kind`) and the TypedDict that describes it; the schema's $defs use these names.
PAYLOAD_TYPES: dict[str, type] = {
    "answer": AnswerPayload,
    "sources": SourcesPayload,
    "notice": NoticePayload,
    "safety": SafetyPayload,
    "clarify": ClarifyPayload,
    "screening": ScreeningPayload,
    "contact": ContactPayload,
    "summary_visit": VisitSummaryPayload,
    "summary_checklist": ChecklistSummaryPayload,
    "checklist_question": ChecklistQuestionPayload,
    "claims": ClaimsPayload,
    "trials": TrialsPayload,
}


def safety_level(value: str) -> SafetyLevel:
    """A level name as the payload type; anything else is an error."""
    if value == "crisis":
        return "crisis"
    if value == "emergency":
        return "emergency"
    if value == "urgent":
        return "urgent"
    raise ValueError(f"unknown safety level {value!r}")


def screening_level(value: str) -> ScreeningLevel:
    """A screening level name as the payload type ("emergency" or "urgent"); anything else is an error."""
    if value == "emergency":
        return "emergency"
    if value == "urgent":
        return "urgent"
    raise ValueError(f"unknown screening level {value!r}")


def button(title: str, payload: str) -> ButtonPayload:
    """A quick reply; the payload must be in the strict `/intent` or `/intent{"topic":"id"}` form."""
    if not BUTTON_PAYLOAD.match(payload):
        raise ValueError(f"button payload {payload!r} is not /<intent> or /<intent>{{\"topic\":\"<id>\"}}")
    return {"title": title, "payload": payload}


def topic_button_payload(intent: str, topic_id: str) -> str:
    """The payload that asks `intent` about exactly this topic."""
    return f"/{intent}" + json.dumps({"topic": topic_id}, separators=(",", ":"))


def phone(role: Literal["emergency", "urgent", "crisis", "clinic"], number: str) -> PhonePayload:
    """A number as the wording writes it, with its tel: link (digits and a leading + only)."""
    digits = re.sub(r"[^0-9+]", "", number)
    return {"role": role, "number": number, "tel": f"tel:{digits}"}


def unique_phones(phones: Iterable[PhonePayload | None]) -> list[PhonePayload]:
    """Drop missing and repeated numbers, keeping the first of each."""
    seen: dict[str, PhonePayload] = {}
    for entry in phones:
        if entry is not None:
            seen.setdefault(entry["tel"], entry)
    return list(seen.values())


def buttons_of(payload: Payload) -> list[ButtonPayload]:
    """The quick replies of a payload, and for answers the feedback buttons after them."""
    buttons = list(payload["buttons"])
    if payload["type"] == "answer":
        buttons += payload["feedback"]
    return buttons


def load_schema() -> dict[str, Any]:
    """The JSON Schema of this contract (for tests and for front ends that want to check payloads)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema

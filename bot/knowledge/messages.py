"""Fixed patient-facing wording used by the actions, read from messages.yml."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.knowledge.schema import ContentError

REQUIRED_MESSAGES = (
    "welcome",
    "fda_caveat",
    "fda_caveat_reminder",
    "clinician_prompt",
    "sources_short",
    "sources_full_intro",
    "no_previous_answer",
    "no_more_detail",
    "scope_help",
    "fallback",
    "out_of_scope",
    "condition_context_match",
    "condition_context_other",
    "subject_status",
    "evidence_line",
    "button_more",
    "button_sources",
    "balance_how_it_works",
    "balance_benefits",
    "balance_risks",
    "balance_uncertain",
    "balance_alternatives",
    "red_flag_reason",
    "red_flag_unsure",
    "red_flag_question_later",
    "contact_intro",
    "contact_phone",
    "contact_booking",
    "contact_page",
    "contact_no_clinic",
    "contact_emergency_note",
    "contact_reach_person",
    "contact_no_clinic_person",
    "contact_crisis_note",
    "contact_crisis_note_no_line",
    "contact_button_call",
    "contact_button_booking",
    "contact_button_page",
    "emergency_line",
    "button_helpful",
    "button_unhelpful",
    "feedback_thanks",
    "feedback_sorry",
    "summary_heading",
    "summary_questions",
    "summary_no_questions",
    "summary_red_flags",
    "summary_checklist",
    "summary_footer",
    "input_too_long",
    "slow_down",
    "trouble_answering",
)


@dataclass(frozen=True)
class Message:
    """One reviewed message template."""

    key: str
    text: str
    sources: tuple[str, ...]
    last_reviewed: dt.date
    topics: tuple[str, ...] = ()

    def placeholders(self) -> set[str]:
        """Names used in {placeholders} of the template."""
        return {name for _, name, _, _ in string.Formatter().parse(self.text) if name}

    def render(self, **values: str) -> str:
        """Fill the placeholders; a missing value is an error, not a silent blank."""
        missing = self.placeholders() - set(values)
        if missing:
            raise KeyError(f"message '{self.key}' needs {', '.join(sorted(missing))}")
        return self.text.format(**values)


class Messages:
    """All fixed messages, by key."""

    def __init__(self, messages: dict[str, Message]) -> None:
        """Keep the checked messages."""
        self._messages = messages

    def __getitem__(self, key: str) -> Message:
        """The message with this key."""
        return self._messages[key]

    def __iter__(self) -> Iterator[Message]:
        """Iterate over messages."""
        return iter(self._messages.values())

    def __contains__(self, key: object) -> bool:
        """Whether a message with this key exists."""
        return key in self._messages

    def render(self, key: str, **values: str) -> str:
        """Render the message with this key."""
        return self._messages[key].render(**values)

    @classmethod
    def from_dict(cls, data: Any, path: str) -> Messages:
        """Build from the parsed messages file, checking required keys and dates."""
        if not isinstance(data, dict) or not isinstance(data.get("messages"), dict):
            raise ContentError(f"{path}: expected 'messages:' mapping")
        messages: dict[str, Message] = {}
        for key, entry in data["messages"].items():
            where = f"{path}: {key}"
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                raise ContentError(f"{where}: needs 'text'")
            reviewed = entry.get("last_reviewed")
            if isinstance(reviewed, str):
                reviewed = dt.date.fromisoformat(reviewed)
            if not isinstance(reviewed, dt.date):
                raise ContentError(f"{where}: missing 'last_reviewed' date")
            sources = entry.get("sources") or []
            topics = entry.get("topics") or []
            text = entry["text"].strip()
            messages[str(key)] = Message(str(key), text, tuple(sources), reviewed, tuple(topics))
        missing = [key for key in REQUIRED_MESSAGES if key not in messages]
        if missing:
            raise ContentError(f"{path}: missing messages {', '.join(missing)}")
        return cls(messages)

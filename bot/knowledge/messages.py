"""Fixed patient-facing wording used by the actions, read from messages.yml."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from bot.content_file import ContentError, parse
from bot.knowledge.model import Message

__all__ = ["REQUIRED_MESSAGES", "Message", "Messages", "parse_messages"]

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
    "feedback_sorry_topic",
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
        """Build from the parsed messages file, checking every entry and the required keys."""
        return cls(parse_messages(data, path, REQUIRED_MESSAGES))


def parse_messages(data: Any, path: str | Path, required: Iterable[str]) -> dict[str, Message]:
    """Every entry of a file's `messages:` mapping, by key; each required key must be there."""
    entries = data.get("messages") if isinstance(data, Mapping) else None
    if not isinstance(entries, Mapping):
        raise ContentError(path, "expected 'messages:' mapping")
    messages = {str(key): parse(Message, entry, path, str(key), key=str(key)) for key, entry in entries.items()}
    missing = [key for key in required if key not in messages]
    if missing:
        raise ContentError(path, f"missing messages {', '.join(missing)}")
    return messages

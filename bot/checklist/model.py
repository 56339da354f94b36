"""A checklist question, and the checklist with the patient's add / skip answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as plain_dataclass
from typing import Any

from pydantic.dataclasses import dataclass

from bot.content_file import ReviewDate, SnakeId, Text

WORDING_KEYS = (
    "intro",
    "question",
    "add_button",
    "skip_button",
    "stop_button",
    "result_intro",
    "result_empty",
    "result_stopped",
    "no_question_open",
)
ADD, SKIP = "add", "skip"


@dataclass(frozen=True)
class Item:
    """One question for the clinic and why it matters."""

    id: SnakeId
    question: Text
    why: Text
    last_reviewed: ReviewDate


@plain_dataclass(frozen=True)
class Checklist:
    """The reviewed checklist: items, fixed wording and its sources."""

    items: tuple[Item, ...]
    wording: dict[str, str]
    sources: tuple[str, ...]

    def item(self, item_id: str) -> Item:
        """The item with this id."""
        return next(item for item in self.items if item.id == item_id)

    def chosen(self, answers: Mapping[str, Any]) -> list[Item]:
        """Items the patient added (answers maps item id to "add" or "skip")."""
        return [item for item in self.items if answers.get(item.id) == ADD]

    def open_item(self, answers: Mapping[str, Any]) -> Item | None:
        """The first item, in file order, not yet added or skipped; None when all are answered."""
        return next((item for item in self.items if answers.get(item.id) not in (ADD, SKIP)), None)

    def answer(self, answers: Mapping[str, Any], choice: str) -> dict[str, str]:
        """The answers with the open item added or skipped (unchanged when none is open)."""
        if choice not in (ADD, SKIP):
            raise ValueError(f"a checklist answer is '{ADD}' or '{SKIP}', not {choice!r}")
        known = self.known_answers(answers)
        item = self.open_item(known)
        return {**known, item.id: choice} if item else known

    def known_answers(self, answers: Any) -> dict[str, str]:
        """Only the add/skip answers to items of this checklist (a stored value may predate an edit)."""
        if not isinstance(answers, Mapping):
            return {}
        ids = {item.id for item in self.items}
        return {key: value for key, value in answers.items() if key in ids and value in (ADD, SKIP)}

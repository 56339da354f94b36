"""Questions to ask a clinic offering stem cell treatment, walked through one at a time.

The questions are data: checklist.yml lists them in the order they are asked, and nothing else
names them. A patient's answers are one mapping, item id to "add" or "skip", so adding, removing
or reordering a question is an edit of checklist.yml alone.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.clinics import clinic_for
from bot.content_file import ID_PATTERN, ContentError, read_content_file
from bot.knowledge.citations import citation_payload
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Reply, sources_line
from bot.payloads import PAYLOAD_VERSION, ChecklistQuestionPayload, ChecklistSummaryPayload, NoticePayload, button

CHECKLIST_PATH = Path(__file__).resolve().parent / "content" / "checklist.yml"
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
# What the add / skip / stop buttons send.
ADD_PAYLOAD, SKIP_PAYLOAD, STOP_PAYLOAD = "/checklist_add", "/checklist_skip", "/checklist_stop"


@dataclass(frozen=True)
class Item:
    """One question for the clinic and why it matters."""

    id: str
    question: str
    why: str
    last_reviewed: dt.date


@dataclass(frozen=True)
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


def _text(entry: Any, where: str, key: str) -> str:
    if not isinstance(entry, dict) or not isinstance(entry.get(key), str) or not entry[key].strip():
        raise ContentError(f"{where}: missing '{key}'")
    if not isinstance(entry.get("last_reviewed"), dt.date):
        raise ContentError(f"{where}: missing 'last_reviewed' date")
    return " ".join(entry[key].split()) if "\n" not in entry[key].strip() else entry[key].strip()


def _item(entry: Any, path: Path) -> Item:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not ID_PATTERN.match(entry["id"]):
        raise ContentError(f"{path}: item without a snake_case 'id': {str(entry)[:80]}")
    where = f"{path}: {entry['id']}"
    return Item(entry["id"], _text(entry, where, "question"), _text(entry, where, "why"), entry["last_reviewed"])


def load_checklist(path: Path | None = None, kb: KnowledgeBase | None = None) -> Checklist:
    """Read and check checklist.yml (CHECKLIST_PATH unless told): at least one item, ids unique."""
    path = path or CHECKLIST_PATH
    data = read_content_file(path, "checklist file")
    wording = {key: _text(data.get("wording", {}).get(key), f"{path}: wording.{key}", "text") for key in WORDING_KEYS}
    if not isinstance(data.get("items"), list) or not data["items"]:
        raise ContentError(f"{path}: expected a non-empty 'items:' list (the questions, in the order asked)")
    items = tuple(_item(entry, path) for entry in data["items"])
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ContentError(f"{path}: item id '{item.id}' is defined twice")
        seen.add(item.id)
    sources = tuple(data.get("sources") or ())
    if kb is not None and (unknown := [s for s in sources if s not in kb.sources]):
        raise ContentError(f"{path}: unknown source ids {', '.join(unknown)}")
    return Checklist(items, wording, sources)


@functools.lru_cache(maxsize=1)
def get_checklist() -> Checklist:
    """The checklist, loaded once per process on first use."""
    return load_checklist()


def question_reply(checklist: Checklist, item_id: str) -> Reply:
    """Ask about one item, with add / skip / stop buttons (the intro comes with the first)."""
    item = checklist.item(item_id)
    number = checklist.items.index(item) + 1
    total = len(checklist.items)
    text = checklist.wording["question"].format(number=number, total=total, question=item.question, why=item.why)
    intro = checklist.wording["intro"] if number == 1 else None
    if intro:
        text = intro + "\n\n" + text
    payload: ChecklistQuestionPayload = {
        "version": PAYLOAD_VERSION,
        "type": "checklist_question",
        "item": item.id,
        "number": number,
        "total": total,
        "intro": intro,
        "question": item.question,
        "why": item.why,
        "text": text,
        "buttons": [
            button(checklist.wording["add_button"], ADD_PAYLOAD),
            button(checklist.wording["skip_button"], SKIP_PAYLOAD),
            button(checklist.wording["stop_button"], STOP_PAYLOAD),
        ],
    }
    return Reply(text, payload)


def no_question_reply(checklist: Checklist) -> Reply:
    """Add or skip came with no checklist question open (an old button, or typed words)."""
    text = checklist.wording["no_question_open"]
    payload: NoticePayload = {
        "version": PAYLOAD_VERSION,
        "type": "notice",
        "kind": "checklist_no_question_open",
        "text": text,
        "phones": [],
        "buttons": [],
    }
    return Reply(text, payload)


def result_reply(
    kb: KnowledgeBase,
    checklist: Checklist,
    answers: Mapping[str, Any],
    stopped: bool,
    clinic_name: str | None = None,
    date: dt.date | None = None,
) -> Reply:
    """The chosen questions as a list to copy, download or print, with the sources behind them."""
    chosen = checklist.chosen(answers)
    sources = [kb.sources[s] for s in checklist.sources if s in kb.sources]
    if chosen:
        heading = checklist.wording["result_stopped" if stopped else "result_intro"]
    else:
        heading = checklist.wording["result_empty"]
    lines = [heading, *(f"- {item.question}" for item in chosen)]
    lines += ["", sources_line(kb, sources)]
    text = "\n".join(lines)
    payload: ChecklistSummaryPayload = {
        "version": PAYLOAD_VERSION,
        "type": "summary",
        "kind": "checklist",
        "heading": heading,
        "date": (date or dt.date.today()).isoformat(),
        "clinic": clinic_name or clinic_for(None).name,
        "text": text,
        "questions": [i.question for i in chosen],
        "citations": [citation_payload(s) for s in sources],
        "buttons": [],
    }
    return Reply(text, payload)

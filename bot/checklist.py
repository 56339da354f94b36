"""Questions to ask a clinic offering stem cell treatment, walked through one at a time."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.clinics import clinic_for
from bot.content_file import read_content_file
from bot.knowledge.citations import citation_payload
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Reply, sources_line
from bot.knowledge.schema import ContentError
from bot.payloads import PAYLOAD_VERSION, ChecklistQuestionPayload, ChecklistSummaryPayload, button

CHECKLIST_PATH = Path(__file__).resolve().parent / "content" / "checklist.yml"
# Item ids, in order; each is a form slot `checklist_<id>` in domain.yml.
ITEM_IDS = ("approval", "evidence", "product", "risks", "complications", "cost", "alternatives")
WORDING_KEYS = (
    "intro",
    "question",
    "add_button",
    "skip_button",
    "stop_button",
    "result_intro",
    "result_empty",
    "result_stopped",
)
ADD, SKIP = "add", "skip"


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


def _text(entry: Any, where: str, key: str) -> str:
    if not isinstance(entry, dict) or not isinstance(entry.get(key), str) or not entry[key].strip():
        raise ContentError(f"{where}: missing '{key}'")
    if not isinstance(entry.get("last_reviewed"), dt.date):
        raise ContentError(f"{where}: missing 'last_reviewed' date")
    return " ".join(entry[key].split()) if "\n" not in entry[key].strip() else entry[key].strip()


def load_checklist(path: Path = CHECKLIST_PATH, kb: KnowledgeBase | None = None) -> Checklist:
    """Read and check checklist.yml: the items must be exactly ITEM_IDS, in order."""
    data = read_content_file(path, ContentError, "checklist file")
    wording = {key: _text(data.get("wording", {}).get(key), f"{path}: wording.{key}", "text") for key in WORDING_KEYS}
    items = tuple(
        Item(
            str(entry.get("id")),
            _text(entry, f"{path}: {entry.get('id')}", "question"),
            _text(entry, f"{path}: {entry.get('id')}", "why"),
            entry["last_reviewed"],
        )
        for entry in data.get("items") or []
    )
    if tuple(item.id for item in items) != ITEM_IDS:
        raise ContentError(f"{path}: items must be {', '.join(ITEM_IDS)} in this order (they are form slots)")
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
    number = ITEM_IDS.index(item_id) + 1
    item = checklist.item(item_id)
    text = checklist.wording["question"].format(
        number=number, total=len(ITEM_IDS), question=item.question, why=item.why
    )
    intro = checklist.wording["intro"] if number == 1 else None
    if intro:
        text = intro + "\n\n" + text
    payload: ChecklistQuestionPayload = {
        "version": PAYLOAD_VERSION,
        "type": "checklist_question",
        "item": item.id,
        "number": number,
        "total": len(ITEM_IDS),
        "intro": intro,
        "question": item.question,
        "why": item.why,
        "text": text,
        "buttons": [
            button(checklist.wording["add_button"], "/checklist_add"),
            button(checklist.wording["skip_button"], "/checklist_skip"),
            button(checklist.wording["stop_button"], "/checklist_stop"),
        ],
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

"""The checklist's replies: one question with add / skip / stop buttons, the result, the "no question" note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bot.checklist.model import Checklist
from bot.clinics import clinic_for
from bot.knowledge.citations import citation_payload
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Reply, sources_line
from bot.payloads import PAYLOAD_VERSION, ChecklistQuestionPayload, ChecklistSummaryPayload, NoticePayload, button

# What the add / skip / stop buttons send.
ADD_PAYLOAD, SKIP_PAYLOAD, STOP_PAYLOAD = "/checklist_add", "/checklist_skip", "/checklist_stop"


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

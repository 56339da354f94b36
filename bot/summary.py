"""A visit summary built from the conversation itself: questions, short answers, sources, red flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.clinics import clinic_for
from bot.knowledge.citations import citation_payload
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Reply, caveat_payload, sources_line
from bot.payloads import (
    PAYLOAD_VERSION,
    SafetyNotePayload,
    SummaryItemPayload,
    VisitSummaryPayload,
    safety_level,
)
from bot.privacy import Retention
from bot.safety.rules import LEVELS
from bot.safety.settings import Region, region_for


@dataclass(frozen=True)
class AnsweredQuestion:
    """A patient question and the topic that answered it."""

    question: str
    topic_id: str


@dataclass(frozen=True)
class SafetyNote:
    """A warning sign raised in the conversation: its level and, from the payload, the advice given."""

    question: str
    level: str
    headline: str | None = None
    advice: str | None = None


@dataclass(frozen=True)
class Conversation:
    """What a summary needs from the conversation's events."""

    answered: tuple[AnsweredQuestion, ...]
    safety: tuple[SafetyNote, ...]
    checklist: tuple[str, ...] = ()


def conversation_from_events(events: Iterable[Mapping[str, Any]]) -> Conversation:
    """Pair each bot payload with the patient message before it (Rasa tracker events as dicts).

    Reads the payloads' fields (bot/payloads.py), never the wording of their text.
    """
    answered: dict[str, AnsweredQuestion] = {}
    safety: list[SafetyNote] = []
    question = ""
    for event in events:
        if event.get("event") == "user":
            text = str(event.get("text") or "")
            question = "" if text.startswith("/") else text  # button presses are not questions
        elif event.get("event") == "bot":
            custom = (event.get("data") or {}).get("custom") or {}
            if custom.get("type") == "answer" and custom.get("part") == "answer" and custom.get("topic_id"):
                topic_id = str(custom["topic_id"])
                answered.setdefault(topic_id, AnsweredQuestion(question, topic_id))
            elif custom.get("type") == "safety" and custom.get("level") in LEVELS:
                headline, advice = _text_or_none(custom, "headline"), _text_or_none(custom, "advice")
                safety.append(SafetyNote(question, str(custom["level"]), headline, advice))
    return Conversation(tuple(answered.values()), tuple(safety))


def summary_reply(
    kb: KnowledgeBase,
    conversation: Conversation,
    region: Region | None = None,
    clinic_name: str | None = None,
    date: dt.date | None = None,
    retention: Retention | None = None,
) -> Reply:
    """The summary as plain text (other channels) and as structured sections (the widget's card and print page).

    A safety payload from before payload version 1 has no `advice`: the region's wording for its level is used.
    """
    region = region or region_for(None)
    retention = retention or Retention.from_env()
    notes: list[SafetyNotePayload] = [
        {
            "question": note.question,
            "level": safety_level(note.level),
            "headline": note.headline or region.headline_for(note.level),
            "advice": note.advice or region.message_for(note.level),
        }
        for note in conversation.safety
    ]
    items: list[SummaryItemPayload] = []
    for item in conversation.answered:
        if item.topic_id not in kb.topics:
            continue
        topic = kb.topics[item.topic_id]
        items.append(
            {
                "question": item.question,
                "topic_id": topic.id,
                "title": topic.title,
                "answer": topic.answer,
                "investigational": topic.investigational,
                "citations": [citation_payload(s) for s in kb.sources_for(topic)],
            }
        )
    footer = kb.messages.render("summary_footer", retention_days=retention.days_text)
    payload: VisitSummaryPayload = {
        "version": PAYLOAD_VERSION,
        "type": "summary",
        "kind": "visit",
        "heading": kb.messages["summary_heading"].text,
        "date": (date or dt.date.today()).isoformat(),
        "clinic": clinic_name or clinic_for(None).name,
        "text": "",
        "red_flags_heading": kb.messages["summary_red_flags"].text,
        "red_flags": notes,
        "questions_heading": kb.messages["summary_questions"].text,
        "items": items,
        "empty": None if items else kb.messages["summary_no_questions"].text,
        "caveat": caveat_payload(kb) if any(i["investigational"] for i in items) else None,
        "checklist_heading": kb.messages["summary_checklist"].text,
        "checklist": list(conversation.checklist),
        "footer": footer,
        "buttons": [],
    }
    payload["text"] = _plain_text(kb, payload)
    return Reply(payload["text"], payload)


def _plain_text(kb: KnowledgeBase, payload: VisitSummaryPayload) -> str:
    lines = [payload["heading"], ""]
    if payload["red_flags"]:
        lines.append(payload["red_flags_heading"])
        lines += [
            f"- {note['advice']}" + (f' (you wrote: "{note["question"]}")' if note["question"] else "")
            for note in payload["red_flags"]
        ]
        lines.append("")
    if payload["items"]:
        lines.append(payload["questions_heading"])
        for number, item in enumerate(payload["items"], start=1):
            topic = kb.topics[item["topic_id"]]
            asked = f'"{item["question"]}"' if item["question"] else item["title"]
            lines += [f"{number}. {asked} ({item['title']})", f"   {item['answer']}"]
            lines.append("   " + sources_line(kb, kb.sources_for(topic)))
            if item["investigational"] and payload["caveat"]:
                lines.append("   " + payload["caveat"]["text"])
        lines.append("")
    else:
        lines += [payload["empty"] or "", ""]
    if payload["checklist"]:
        lines.append(payload["checklist_heading"])
        lines += [f"- {question}" for question in payload["checklist"]]
        lines.append("")
    lines.append(payload["footer"])
    return "\n".join(lines)


def _text_or_none(custom: Mapping[str, Any], key: str) -> str | None:
    value = custom.get(key)
    return value if isinstance(value, str) and value else None

"""A visit summary built from the conversation itself: questions, short answers, sources, red flags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.knowledge.citations import short_citation
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Reply


@dataclass(frozen=True)
class AnsweredQuestion:
    """A patient question and the topic that answered it."""

    question: str
    topic_id: str


@dataclass(frozen=True)
class SafetyNote:
    """A warning sign raised in the conversation and the advice given."""

    question: str
    advice: str


@dataclass(frozen=True)
class Conversation:
    """What a summary needs from the conversation's events."""

    answered: tuple[AnsweredQuestion, ...]
    safety: tuple[SafetyNote, ...]
    checklist: tuple[str, ...] = ()


def conversation_from_events(events: Iterable[Mapping[str, Any]]) -> Conversation:
    """Pair each bot payload with the patient message before it (Rasa tracker events as dicts)."""
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
            elif custom.get("type") == "safety":
                safety.append(SafetyNote(question, str(custom.get("text") or "").split("\n\n")[0]))
    return Conversation(tuple(answered.values()), tuple(safety))


def summary_reply(kb: KnowledgeBase, conversation: Conversation) -> Reply:
    """Plain-text summary (copy, download or print) with a structured payload for the widget."""
    lines = [kb.messages["summary_heading"].text, ""]
    items = []
    if conversation.safety:
        lines.append(kb.messages["summary_red_flags"].text)
        lines += [
            f"- {note.advice}" + (f' (you wrote: "{note.question}")' if note.question else "")
            for note in conversation.safety
        ]
        lines.append("")
    answered = [a for a in conversation.answered if a.topic_id in kb.topics]
    if answered:
        lines.append(kb.messages["summary_questions"].text)
        for number, item in enumerate(answered, start=1):
            topic = kb.topics[item.topic_id]
            sources = kb.sources_for(topic)
            asked = f'"{item.question}"' if item.question else topic.title
            lines += [f"{number}. {asked} ({topic.title})", f"   {topic.answer}"]
            lines.append("   " + kb.messages.render("sources_short", sources="; ".join(map(short_citation, sources))))
            if topic.investigational:
                lines.append("   " + kb.messages["fda_caveat"].text)
            items.append(
                {
                    "question": item.question,
                    "topic_id": topic.id,
                    "title": topic.title,
                    "answer": topic.answer,
                    "sources": [s.url for s in sources],
                }
            )
        lines.append("")
    else:
        lines += [kb.messages["summary_no_questions"].text, ""]
    if conversation.checklist:
        lines.append(kb.messages["summary_checklist"].text)
        lines += [f"- {question}" for question in conversation.checklist]
        lines.append("")
    lines.append(kb.messages["summary_footer"].text)
    text = "\n".join(lines)
    custom = {
        "type": "summary",
        "text": text,
        "items": items,
        "red_flags": [note.advice for note in conversation.safety],
        "checklist": list(conversation.checklist),
    }
    return Reply(text, (), custom)

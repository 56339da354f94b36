"""Compose replies: readable text for any channel plus a structured payload for the widget."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.knowledge.citations import citation_payload, full_reference, short_citation
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.resolver import Resolution
from bot.knowledge.schema import BALANCE_KEYS, Source, Topic

# Notices that offer the menu of topics as buttons.
# The "Something else" button of "did you mean": what the bot can help with.
HELP_PAYLOAD = "/help"
MENU_NOTICES = ("scope_help", "fallback", "out_of_scope", "no_more_detail", "feedback_sorry")
FEEDBACK_PAYLOADS = {"button_helpful": "/feedback_helpful", "button_unhelpful": "/feedback_unhelpful"}
MORE_PAYLOAD = "/ask_more"
SOURCES_PAYLOAD = "/ask_source"


@dataclass(frozen=True)
class Button:
    """A quick reply: what the patient sees and what it sends."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One bot message."""

    text: str
    buttons: tuple[Button, ...] = ()
    custom: dict[str, Any] = field(default_factory=dict)


def topic_payload(topic: Topic) -> str:
    """Button payload that always leads to exactly this topic."""
    return f"/{topic.intents[0]}" + json.dumps({"topic": topic.id}, separators=(",", ":"))


def _topic_buttons(kb: KnowledgeBase, topic_ids: tuple[str, ...] | list[str]) -> list[Button]:
    return [Button(kb.topics[t].title, topic_payload(kb.topics[t])) for t in topic_ids]


def _caveat(kb: KnowledgeBase) -> tuple[str, list[dict[str, Any]]]:
    message = kb.messages["fda_caveat"]
    return message.text, [citation_payload(kb.sources[s]) for s in message.sources]


def _sources_line(kb: KnowledgeBase, sources: list[Source]) -> str:
    return kb.messages.render("sources_short", sources="; ".join(short_citation(s) for s in sources))


def _custom(
    kb: KnowledgeBase,
    topic: Topic,
    part: str,
    text: str,
    body: list[str],
    sources: list[Source],
    buttons: list[Button],
) -> dict[str, Any]:
    caveat_text, caveat_citations = _caveat(kb) if topic.investigational else (None, [])
    return {
        "type": "answer",
        "part": part,
        "topic_id": topic.id,
        "title": topic.title,
        "family": topic.family,
        "text": text,
        # The answer alone, for a widget that shows sources and the caveat in their own places.
        "body": "\n\n".join(body + ([kb.messages["clinician_prompt"].text] if topic.regulatory else [])),
        "citations": [citation_payload(s) for s in sources],
        "caveat": {"text": caveat_text, "citations": caveat_citations} if caveat_text else None,
        "regulatory": (
            {"investigational": topic.regulatory.investigational, "status": topic.regulatory.status}
            if topic.regulatory
            else None
        ),
        "evidence": {"level": topic.evidence, "note": topic.evidence_note},
        "last_reviewed": topic.last_reviewed.isoformat(),
        "buttons": [{"title": b.title, "payload": b.payload} for b in buttons],
    }


def _closing(kb: KnowledgeBase, topic: Topic) -> list[str]:
    paragraphs = []
    if topic.investigational:
        paragraphs.append(kb.messages["fda_caveat"].text)
    if topic.regulatory is not None:
        paragraphs.append(kb.messages["clinician_prompt"].text)
    return paragraphs


def answer_reply(kb: KnowledgeBase, resolution: Resolution) -> Reply:
    """First answer on a topic: context, short answer, sources, caveat, related buttons."""
    topic = resolution.topic
    paragraphs: list[str] = []
    sources = kb.sources_for(topic)
    if resolution.condition is not None:
        condition_value = resolution.condition.entities.get("condition", ("",))[0]
        key = "condition_context_match" if condition_value in _tested_conditions(kb) else "condition_context_other"
        paragraphs.append(kb.messages.render(key, condition=_lower_first(resolution.condition.title)))
    subject = resolution.subject
    if subject is not None and subject.regulatory is not None:
        paragraphs.append(
            kb.messages.render("subject_status", title=subject.title, status=subject.regulatory.status)
        )
        if subject is not topic:
            sources = _unique(kb.sources_for(subject) + sources)
    if subject is not topic:
        paragraphs.append(topic.answer)
    body = list(paragraphs)
    paragraphs.append(_sources_line(kb, sources))
    paragraphs.extend(_closing(kb, topic))
    buttons = [Button(kb.messages["button_more"].text, MORE_PAYLOAD)]
    buttons += _topic_buttons(kb, topic.related) + _feedback_buttons(kb)
    text = "\n\n".join(paragraphs)
    return Reply(text, tuple(buttons), _custom(kb, topic, "answer", text, body, sources, buttons))


def more_reply(kb: KnowledgeBase, topic: Topic) -> Reply:
    """The longer answer: detail, the balance of benefits and risks, evidence, sources."""
    paragraphs = [topic.more]
    if topic.balance:
        paragraphs.append(
            "\n".join(
                f"- {kb.messages['balance_' + key].text}: {topic.balance[key]}" for key in BALANCE_KEYS
            )
        )
    paragraphs.append(
        kb.messages.render("evidence_line", note=topic.evidence_note, date=topic.last_reviewed.isoformat())
    )
    sources = kb.sources_for(topic)
    body = list(paragraphs)
    paragraphs.append(_sources_line(kb, sources))
    paragraphs.extend(_closing(kb, topic))
    buttons = [Button(kb.messages["button_sources"].text, SOURCES_PAYLOAD)]
    buttons += _topic_buttons(kb, topic.related) + _feedback_buttons(kb)
    text = "\n\n".join(paragraphs)
    return Reply(text, tuple(buttons), _custom(kb, topic, "more", text, body, sources, buttons))


def sources_reply(kb: KnowledgeBase, topic: Topic, subject: Topic | None = None) -> Reply:
    """Full references for a topic, the subject it was about, and the caveat when it carries one."""
    sources = _unique((kb.sources_for(subject) if subject else []) + kb.sources_for(topic))
    if topic.investigational:
        sources = _unique(sources + [kb.sources[s] for s in kb.messages["fda_caveat"].sources])
    lines = [kb.messages.render("sources_full_intro", title=topic.title)]
    lines += [f"- {full_reference(s)}" for s in sources]
    text = "\n".join(lines)
    custom = {
        "type": "sources",
        "topic_id": topic.id,
        "title": topic.title,
        "text": text,
        "citations": [citation_payload(s) for s in sources],
    }
    return Reply(text, (), custom)


def notice_reply(kb: KnowledgeBase, key: str, **values: str) -> Reply:
    """A fixed message (welcome, scope help, limits…) with its topics, or the menu, as buttons."""
    message = kb.messages[key]
    text = message.render(**values)
    topics = message.topics or (kb.menu if key in MENU_NOTICES else ())
    buttons = _topic_buttons(kb, topics)
    custom = {
        "type": "notice",
        "kind": key,
        "text": text,
        "buttons": [{"title": b.title, "payload": b.payload} for b in buttons],
    }
    return Reply(text, tuple(buttons), custom)


def clarify_reply(kb: KnowledgeBase, topics: list[Topic]) -> Reply:
    """The "Did you mean…?" reply: the likely topics as buttons, then the way to the full menu."""
    text = kb.messages["did_you_mean"].text
    something_else = Button(kb.messages["button_something_else"].text, HELP_PAYLOAD)
    buttons = [*_topic_buttons(kb, [t.id for t in topics]), something_else]
    custom = {
        "type": "clarify",
        "text": text,
        "topics": [t.id for t in topics],
        "buttons": [{"title": b.title, "payload": b.payload} for b in buttons],
    }
    return Reply(text, tuple(buttons), custom)


def _feedback_buttons(kb: KnowledgeBase) -> list[Button]:
    return [Button(kb.messages[key].text, payload) for key, payload in FEEDBACK_PAYLOADS.items()]


def _tested_conditions(kb: KnowledgeBase) -> set[str]:
    return {c for topic in kb.topics.values() for c in topic.applies_to_conditions}


def _unique(sources: list[Source]) -> list[Source]:
    return list({source.id: source for source in sources}.values())


def _lower_first(title: str) -> str:
    return title[:1].lower() + title[1:] if title[1:2].islower() else title

"""Compose the safety replies: emergency, urgent-care and crisis wording for a region."""

from __future__ import annotations

import functools

from bot.knowledge.citations import citation_payload, short_citation
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Button, Reply, topic_payload
from bot.knowledge.schema import Topic
from bot.safety.detector import SafetyDetector, SafetyFinding
from bot.safety.settings import Region


@functools.lru_cache(maxsize=1)
def get_detector() -> SafetyDetector:
    """The red-flag detector, compiled once per process on first use."""
    return SafetyDetector.from_file()


def safety_reply(
    kb: KnowledgeBase,
    region: Region,
    finding: SafetyFinding | None,
    level: str,
    question: Topic | None = None,
) -> Reply:
    """What to do now, why (the symptoms recognised), and where the advice comes from.

    `finding` is None when only the classifier recognised a symptom report or crisis: the reply
    then lists the warning signs instead of naming what was recognised.
    """
    paragraphs = [region.message_for(level)]
    if level != "crisis":
        if finding is not None:
            paragraphs.append(kb.messages.render("red_flag_reason", symptoms=_join(finding.labels)))
        else:
            paragraphs.append(kb.messages.render("red_flag_unsure", emergency_number=region.emergency_number))
    sources = []
    if finding is not None:
        trigger_sources = {t.id: t.sources for t in get_detector().triggers}
        ids = dict.fromkeys(s for trigger in finding.triggers for s in trigger_sources.get(trigger, ()))
        sources = [kb.sources[s] for s in ids if s in kb.sources]
    elif level != "crisis":
        sources = [kb.sources[s] for s in kb.messages["red_flag_unsure"].sources]
    if sources:
        paragraphs.append(kb.messages.render("sources_short", sources="; ".join(short_citation(s) for s in sources)))
    buttons: list[Button] = []
    if question is not None and level != "crisis":
        paragraphs.append(kb.messages.render("red_flag_question_later", title=question.title))
        buttons.append(Button(question.title, topic_payload(question)))
    text = "\n\n".join(paragraphs)
    custom = {
        "type": "safety",
        "level": level,
        "text": text,
        "triggers": list(finding.triggers) if finding else [],
        "emergency_number": region.emergency_number,
        "crisis_line": region.crisis_line,
        "citations": [citation_payload(s) for s in sources],
        "buttons": [{"title": b.title, "payload": b.payload} for b in buttons],
    }
    return Reply(text, tuple(buttons), custom)


def _join(labels: tuple[str, ...]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]

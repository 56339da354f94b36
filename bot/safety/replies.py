"""Compose the safety replies: emergency, urgent-care and crisis wording for a region."""

from __future__ import annotations

import functools

from bot.knowledge.citations import citation_payload
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Reply, sources_line, topic_payload
from bot.knowledge.schema import Topic
from bot.payloads import PAYLOAD_VERSION, ButtonPayload, PhonePayload, SafetyLevel, SafetyPayload, button, phone
from bot.safety.detector import SafetyDetector, SafetyFinding
from bot.safety.settings import Region


@functools.lru_cache(maxsize=1)
def get_detector() -> SafetyDetector:
    """The red-flag detector, compiled once per process on first use."""
    return SafetyDetector.from_file()


def region_phones(region: Region, level: str | None = None) -> list[PhonePayload]:
    """The region's numbers, the one to call first for `level` leading (crisis line after a crisis)."""
    phones = [phone("emergency", region.emergency_number)]
    if region.urgent_number:
        phones.append(phone("urgent", region.urgent_number))
    if region.crisis_line:
        crisis = phone("crisis", region.crisis_line)
        phones = [crisis, *phones] if level == "crisis" else [*phones, crisis]
    return phones


def safety_reply(
    kb: KnowledgeBase,
    region: Region,
    finding: SafetyFinding | None,
    level: SafetyLevel,
    question: Topic | None = None,
) -> Reply:
    """What to do now (headline and advice), why (the symptoms recognised), and where the advice comes from.

    `finding` is None when only the classifier recognised a symptom report or crisis: the reply
    then lists the warning signs instead of naming what was recognised.
    """
    advice = region.message_for(level)
    reason: str | None = None
    if level != "crisis":
        if finding is not None:
            reason = kb.messages.render("red_flag_reason", symptoms=_join(finding.labels))
        else:
            reason = kb.messages.render("red_flag_unsure", emergency_number=region.emergency_number)
    sources = []
    if finding is not None:
        trigger_sources = {t.id: t.sources for t in get_detector().triggers}
        ids = dict.fromkeys(s for trigger in finding.triggers for s in trigger_sources.get(trigger, ()))
        sources = [kb.sources[s] for s in ids if s in kb.sources]
    elif level != "crisis":
        sources = [kb.sources[s] for s in kb.messages["red_flag_unsure"].sources]
    buttons: list[ButtonPayload] = []
    question_later: str | None = None
    if question is not None and level != "crisis":
        question_later = kb.messages.render("red_flag_question_later", title=question.title)
        buttons.append(button(question.title, topic_payload(question)))
    paragraphs = [advice, *([reason] if reason else []), *([sources_line(kb, sources)] if sources else [])]
    text = "\n\n".join([*paragraphs, *([question_later] if question_later else [])])
    headline = region.headline_for(level)
    wording = " ".join([headline, advice, reason or ""])
    payload: SafetyPayload = {
        "version": PAYLOAD_VERSION,
        "type": "safety",
        "level": level,
        "headline": headline,
        "advice": advice,
        "reason": reason,
        "question_later": question_later,
        "text": text,
        "phones": [p for p in region_phones(region, level) if p["number"] in wording],
        "emergency_number": region.emergency_number,
        "crisis_line": region.crisis_line,
        "triggers": list(finding.triggers) if finding else [],
        "citations": [citation_payload(s) for s in sources],
        "buttons": buttons,
    }
    return Reply(text, payload)


def _join(labels: tuple[str, ...]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]

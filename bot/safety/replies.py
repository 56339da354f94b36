"""Compose the safety replies: emergency, urgent-care and crisis wording for a region.

Every sentence comes from reviewed content: the region's own wording and numbers
(bot/content/safety/regions.yml) and the fixed messages (bot/content/messages.yml).
"""

from __future__ import annotations

import functools

from bot.knowledge.citations import citation_payload
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.model import Source, Topic
from bot.knowledge.replies import Reply, sources_line, topic_payload
from bot.payloads import (
    PAYLOAD_VERSION,
    ButtonPayload,
    PhonePayload,
    SafetyLevel,
    SafetyPayload,
    button,
    phone,
    safety_level,
)
from bot.safety.detector import SafetyDetector, SafetyFinding
from bot.safety.rules import TriggerRule
from bot.safety.settings import Region

CARE_LEVELS = ("emergency", "urgent")
"""Levels that send the patient to care; crisis talk gets the crisis line as well."""
OTHER_SUFFIX = "_other"
ADVICE, REASON = "advice", "reason"
"""What a paragraph of a safety reply is: what to do now (always in view), or why (may be collapsed)."""
"""A message key with this ending is the wording for a sign told about someone else."""
# Messages the replies use besides the region's wording (checked against messages.yml by a test).
MESSAGE_KEYS = (
    "red_flag_reason",
    "red_flag_reason_other",
    "red_flag_unsure",
    "red_flag_question_later",
    "safety_other_emergency",
    "safety_other_urgent",
    "safety_other_crisis",
    "sources_short",
)


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
    with_crisis: bool = False,
) -> Reply:
    """What to do now (headline and advice), why (the signs recognised), and where the advice comes from.

    An emergency found with crisis talk gets the emergency advice first and the crisis line
    after it; crisis talk with an urgent sign gets the crisis line first. A finding about
    someone else gets advice for that person and for the patient. `finding` is None when only
    the classifier recognised a symptom report or crisis: the reply then lists the warning
    signs instead of naming what was recognised. `with_crisis`: crisis talk was likely too (the
    classifier's word), so the crisis line is given as well.
    """
    levels = {level, *(finding.levels if finding is not None else ()), *(("crisis",) if with_crisis else ())}
    care = next((c for c in CARE_LEVELS if c in levels), None)
    other = finding is not None and finding.about_other
    values = _region_values(region)
    # Each paragraph is advice (what to do: always in view) or a reason (why: may be collapsed).
    parts: list[tuple[str, str]] = []
    if "crisis" in levels and care == "emergency":
        first: SafetyLevel = "emergency"
        parts += _care(kb, region, finding, care, other, values) + _crisis(kb, region, other, values)
    elif "crisis" in levels:
        first = "crisis"
        parts += _crisis(kb, region, other, values)
        if care is not None:
            parts += _care(kb, region, finding, care, other, values)
    else:
        first = safety_level(care or level)
        parts += _care(kb, region, finding, first, other, values)
    advice = "\n\n".join(p for kind, p in parts if kind == ADVICE)
    reason = "\n\n".join(p for kind, p in parts if kind == REASON) or None
    paragraphs = [p for _, p in parts]
    sources = _sources(kb, finding, care)
    # Where the crisis line publishes its number: cited in the payload, not read out to someone in crisis.
    line_sources = [kb.sources[s] for s in region.crisis_sources] if "crisis" in levels else []
    cited = sources + [s for s in line_sources if s not in sources]
    if sources:
        paragraphs.append(sources_line(kb, sources))
    buttons: list[ButtonPayload] = []
    question_later: str | None = None
    if question is not None and "crisis" not in levels:
        question_later = kb.messages.render("red_flag_question_later", title=question.title)
        paragraphs.append(question_later)
        buttons.append(button(question.title, topic_payload(question)))
    text = "\n\n".join(paragraphs)
    headline = region.headline_for(first)
    wording = " ".join([headline, advice, reason or ""])
    payload: SafetyPayload = {
        "version": PAYLOAD_VERSION,
        "type": "safety",
        "level": level,
        "levels": [safety_level(lvl) for lvl in ("crisis", *CARE_LEVELS) if lvl in levels],
        "about_other": other,
        "headline": headline,
        "advice": advice,
        "reason": reason,
        "question_later": question_later,
        "text": text,
        "phones": [p for p in region_phones(region, first) if p["number"] in wording],
        "emergency_number": region.emergency_number,
        "crisis_line": region.crisis_line,
        "triggers": list(finding.triggers) if finding else [],
        "citations": [citation_payload(s) for s in cited],
        "buttons": buttons,
    }
    return Reply(text, payload)


def _care(
    kb: KnowledgeBase, region: Region, finding: SafetyFinding | None, care: str, other: bool, values: dict[str, str]
) -> list[tuple[str, str]]:
    """Where to go (the region's wording, or the wording for someone else) and why."""
    first = kb.messages.render(f"safety_other_{care}", **values) if other else region.message_for(care)
    if finding is None:
        return [(ADVICE, first), (REASON, kb.messages.render("red_flag_unsure", **values))]
    rules = _rules()
    found = [rules[t] for t in finding.triggers if t in rules and rules[t].level in CARE_LEVELS]
    parts = [(ADVICE, first)]
    labels = tuple(r.label for r in found if r.reply is None)
    if labels:
        key = "red_flag_reason_other" if other else "red_flag_reason"
        parts.append((REASON, kb.messages.render(key, symptoms=_join(labels))))
    for rule in found:
        if rule.reply is not None:
            key = rule.reply + OTHER_SUFFIX if other and rule.reply + OTHER_SUFFIX in kb.messages else rule.reply
            # A sign's own wording ("get help now, even if you feel fine") is advice: it stays in view.
            parts.append((ADVICE, kb.messages.render(key, **values)))
    return parts


def _crisis(kb: KnowledgeBase, region: Region, other: bool, values: dict[str, str]) -> list[tuple[str, str]]:
    """The region's crisis wording; for someone else, first what to do for them."""
    if other:
        return [(ADVICE, kb.messages.render("safety_other_crisis", **values)), (ADVICE, region.crisis_message)]
    return [(ADVICE, region.crisis_message)]


def _sources(kb: KnowledgeBase, finding: SafetyFinding | None, care: str | None) -> list[Source]:
    if finding is not None:
        rules = _rules()
        ids = dict.fromkeys(s for trigger in finding.triggers if trigger in rules for s in rules[trigger].sources)
        return [kb.sources[s] for s in ids if s in kb.sources]
    if care is not None:
        return [kb.sources[s] for s in kb.messages["red_flag_unsure"].sources if s in kb.sources]
    return []


def _rules() -> dict[str, TriggerRule]:
    return {t.id: t for t in get_detector().triggers}


def _region_values(region: Region) -> dict[str, str]:
    """The region's numbers and services, for placeholders in messages.yml."""
    return {
        "emergency_number": region.emergency_number,
        "emergency_service": region.emergency_service,
        "urgent_service": region.urgent_service,
        "crisis_service": region.crisis_service,
    }


def _join(labels: tuple[str, ...]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]

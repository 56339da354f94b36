"""Compose replies: readable text for any channel plus a structured payload (bot/payloads.py) for the widget."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.knowledge.citations import citation_payload, full_reference, short_citation
from bot.knowledge.follow_ups import ALTERNATIVES, RECOVERY
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.model import BALANCE_KEYS, Source, Topic
from bot.knowledge.resolver import STATUS_TOPIC, Resolution
from bot.payloads import (
    MAX_SUGGESTIONS,
    PAYLOAD_VERSION,
    AnswerPayload,
    BalanceItemPayload,
    ButtonPayload,
    CaveatPayload,
    ClarifyPayload,
    NoticePayload,
    Payload,
    PhonePayload,
    SourcesPayload,
    button,
    buttons_of,
    topic_button_payload,
)

# The "Something else" button of "did you mean": what the bot can help with.
HELP_PAYLOAD = "/help"
# Notices that offer the menu of topics as buttons.
MENU_NOTICES = ("scope_help", "fallback", "out_of_scope", "no_more_detail", "feedback_sorry", "feedback_sorry_topic")
FEEDBACK_PAYLOADS = {"button_helpful": "/feedback_helpful", "button_unhelpful": "/feedback_unhelpful"}
# An answer offers "Tell me more" (or "Show sources") and this many related topics: three choices in all.
RELATED_BUTTONS = 2
MORE_INTENT = "ask_more"
SOURCES_INTENT = "ask_source"
# The bare forms (no topic): "more" / "sources" about the last answer, as typed words also ask.
MORE_PAYLOAD = f"/{MORE_INTENT}"
SOURCES_PAYLOAD = f"/{SOURCES_INTENT}"


@dataclass(frozen=True)
class Button:
    """A quick reply: what the patient sees and what it sends."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One bot message: plain text for any channel, and the same content as a structured payload."""

    text: str
    custom: Payload

    @property
    def buttons(self) -> tuple[Button, ...]:
        """The quick replies sent with the text: the payload's suggestions, then any feedback buttons."""
        return tuple(Button(b["title"], b["payload"]) for b in buttons_of(self.custom))


def topic_payload(topic: Topic) -> str:
    """Button payload that always leads to exactly this topic."""
    return topic_button_payload(topic.intents[0], topic.id)


def topic_buttons(kb: KnowledgeBase, topic_ids: Iterable[str], limit: int = MAX_SUGGESTIONS) -> list[ButtonPayload]:
    """One button per topic (at most `limit`), each leading to exactly that topic."""
    return [button(kb.topics[t].title, topic_payload(kb.topics[t])) for t in list(topic_ids)[:limit]]


def caveat_payload(kb: KnowledgeBase) -> CaveatPayload:
    """The FDA caveat in full, its one-line reminder and its sources."""
    message = kb.messages["fda_caveat"]
    return {
        "text": message.text,
        "reminder": kb.messages["fda_caveat_reminder"].text,
        "citations": [citation_payload(kb.sources[s]) for s in message.sources],
    }


def sources_line(kb: KnowledgeBase, sources: list[Source]) -> str:
    """The short "Sources: …" line of the plain-text copy."""
    return kb.messages.render("sources_short", sources="; ".join(short_citation(s) for s in sources))


def _answer_payload(
    kb: KnowledgeBase,
    topic: Topic,
    part: str,
    text: str,
    body: list[str],
    sources: list[Source],
    buttons: list[ButtonPayload],
) -> AnswerPayload:
    more = part == "more"
    return {
        "version": PAYLOAD_VERSION,
        "type": "answer",
        "part": "more" if more else "answer",
        "topic_id": topic.id,
        "title": topic.title,
        "family": topic.family,
        "text": text,
        # The answer alone: the widget shows balance, sources and the caveat in their own places.
        "body": "\n\n".join(body),
        "balance": _balance(kb, topic) if more else [],
        "clinician_prompt": kb.messages["clinician_prompt"].text if topic.regulatory else None,
        "evidence": {"level": topic.evidence, "note": topic.evidence_note},
        "evidence_line": _evidence_line(kb, topic) if more else None,
        "regulatory": (
            {"investigational": topic.regulatory.investigational, "status": topic.regulatory.status}
            if topic.regulatory
            else None
        ),
        "last_reviewed": topic.last_reviewed.isoformat(),
        "citations": [citation_payload(s) for s in sources],
        "caveat": caveat_payload(kb) if topic.investigational else None,
        "buttons": buttons,
        "feedback": _feedback_buttons(kb),
    }


def _closing(kb: KnowledgeBase, topic: Topic) -> list[str]:
    paragraphs = []
    if topic.investigational:
        paragraphs.append(kb.messages["fda_caveat"].text)
    if topic.regulatory is not None:
        paragraphs.append(kb.messages["clinician_prompt"].text)
    return paragraphs


def _plain_text(kb: KnowledgeBase, topic: Topic, paragraphs: list[str], sources: list[Source]) -> str:
    """The reply for text channels: everything in one message, sources and caveat included."""
    return "\n\n".join([*paragraphs, sources_line(kb, sources), *_closing(kb, topic)])


RECOVERY_LINE = "Recovery:"


def _recovery_line(topic: Topic) -> str | None:
    """The line of a topic's "more" text on recovery (it starts "Recovery:"), without that label."""
    for line in (topic.more or "").splitlines():
        text = line.strip().removeprefix("- ").strip()
        if text.startswith(RECOVERY_LINE):
            rest = text[len(RECOVERY_LINE):].strip()
            return rest[:1].upper() + rest[1:] if rest else None
    return None


def answer_reply(kb: KnowledgeBase, resolution: Resolution) -> Reply:
    """First answer on a topic: context, short answer, sources, caveat, "more" and two related topics."""
    topic = resolution.topic
    body: list[str] = []
    sources = kb.sources_for(topic)
    if resolution.condition is not None:
        condition_value = resolution.condition.entities.get("condition", ("",))[0]
        key = "condition_context_match" if condition_value in _tested_conditions(kb) else "condition_context_other"
        body.append(kb.messages.render(key, condition=_lower_first(resolution.condition.title)))
    if resolution.for_condition is not None:
        condition_title = _lower_first(resolution.for_condition.title)
        body.append(kb.messages.render("condition_pointer_context", condition=condition_title))
    subject = resolution.subject
    if subject is not None and subject is not topic and topic.id != STATUS_TOPIC:
        # A follow-up on one aspect of the subject of the last answer ("what can go wrong with it?").
        if resolution.focus == ALTERNATIVES and subject.balance.get(ALTERNATIVES):
            # "What else is there?" after opioids: "Other options besides opioids:", then the overview.
            body.append(kb.messages.render("focus_alternatives", title=_lower_first(subject.title)))
        else:
            body.append(kb.messages.render("subject_context", title=_title_in_sentence(subject)))
        if resolution.focus and subject.balance.get(resolution.focus):
            body.append(subject.balance[resolution.focus])
        sources = _unique(kb.sources_for(subject) + sources)
    elif subject is not None and subject.regulatory is not None:
        status = subject.regulatory.status
        # "About bone marrow concentrate (BMAC): ...", not "About Bone marrow concentrate ..."
        body.append(kb.messages.render("subject_status", title=_title_in_sentence(subject), status=status))
        if subject is not topic:
            sources = _unique(kb.sources_for(subject) + sources)
    recovery = _recovery_line(topic) if resolution.focus == RECOVERY else None
    if subject is None and recovery:
        # "What's the recovery like?" after an operation: its recovery line first, then the summary.
        body.append(kb.messages.render("focus_recovery", title=_lower_first(topic.title)))
        body.append(recovery)
    if subject is None and resolution.focus and topic.balance.get(resolution.focus):
        # "Is it safe?" after a medicine: that part of its own answer first, then the summary.
        body.append(kb.messages.render(f"focus_{resolution.focus}", title=_lower_first(topic.title)))
        body.append(topic.balance[resolution.focus])
    if subject is not topic:
        body.append(topic.answer)
    if resolution.with_detail and topic.more:
        body.append(topic.more)
    # "Tell me more" names its topic, so a button left on an older answer still answers what it says.
    buttons = [button(kb.messages["button_more"].text, topic_button_payload(MORE_INTENT, topic.id))]
    buttons += topic_buttons(kb, topic.related, RELATED_BUTTONS)
    text = _plain_text(kb, topic, body, sources)
    return Reply(text, _answer_payload(kb, topic, "answer", text, body, sources, buttons))


def more_reply(kb: KnowledgeBase, topic: Topic) -> Reply:
    """The longer answer: detail, the balance of benefits and risks, evidence, sources."""
    body = [topic.more]
    balance = _balance(kb, topic)
    balance_text = "\n".join(f"- {item['label']}: {item['text']}" for item in balance)
    sources = kb.sources_for(topic)
    buttons = [button(kb.messages["button_sources"].text, topic_button_payload(SOURCES_INTENT, topic.id))]
    buttons += topic_buttons(kb, topic.related, RELATED_BUTTONS)
    extra = [balance_text] if balance_text else []
    # Text channels have no title above the message: say what the detail is about.
    heading = kb.messages.render("more_heading", title=_lower_first(topic.title))
    text = _plain_text(kb, topic, [heading, *body, *extra, _evidence_line(kb, topic)], sources)
    return Reply(text, _answer_payload(kb, topic, "more", text, body, sources, buttons))


def sources_reply(kb: KnowledgeBase, topic: Topic, subject: Topic | None = None) -> Reply:
    """Full references for a topic, the subject it was about, and the caveat when it carries one."""
    sources = _unique((kb.sources_for(subject) if subject else []) + kb.sources_for(topic))
    if topic.investigational:
        sources = _unique(sources + caveat_sources(kb))
    # "Where's that from?" after "is BMAC approved?" names both: "Bone marrow concentrate (BMAC): is it FDA approved?".
    title = f"{subject.title}: {_lower_first(topic.title)}" if subject and subject.id != topic.id else topic.title
    return references_reply(topic.id, topic.title, kb.messages.render("sources_full_intro", title=title), sources)


def caveat_sources(kb: KnowledgeBase) -> list[Source]:
    """The sources of the FDA caveat, which every answer on investigational therapy carries."""
    return [kb.sources[s] for s in kb.messages["fda_caveat"].sources]


def references_reply(topic_id: str, topic_title: str, intro: str, sources: list[Source]) -> Reply:
    """Full references after an `intro` that says what they are for."""
    text = "\n".join([intro, *(f"- {full_reference(s)}" for s in sources)])
    payload: SourcesPayload = {
        "version": PAYLOAD_VERSION,
        "type": "sources",
        "topic_id": topic_id,
        "title": topic_title,
        "intro": intro,
        "text": text,
        "citations": [citation_payload(s) for s in sources],
        "buttons": [],
    }
    return Reply(text, payload)


def notice_reply(
    kb: KnowledgeBase, key: str, phones: Iterable[PhonePayload] = (), about: Topic | None = None, **values: str
) -> Reply:
    """A fixed message (welcome, scope help, limits…) with its topics, or the menu, as buttons.

    `phones` lists the numbers the wording gives (the welcome's emergency number), for tap-to-call.
    `about`: the subject of the conversation the message answers for ("how much should I take?"
    after an answer on opioids), named first.
    """
    message = kb.messages[key]
    text = message.render(**values)
    if about is not None:
        text = kb.messages.render("subject_context", title=_lower_first(about.title)) + " " + text
    topics = message.topics or (kb.menu if key in MENU_NOTICES else ())
    payload: NoticePayload = {
        "version": PAYLOAD_VERSION,
        "type": "notice",
        "kind": key,
        "text": text,
        "phones": [p for p in phones if p["number"] in text],
        "buttons": topic_buttons(kb, topics),
    }
    return Reply(text, payload)


def _balance(kb: KnowledgeBase, topic: Topic) -> list[BalanceItemPayload]:
    return [
        {"key": key, "label": kb.messages["balance_" + key].text, "text": topic.balance[key]}
        for key in BALANCE_KEYS
        if topic.balance.get(key)
    ]


def _evidence_line(kb: KnowledgeBase, topic: Topic) -> str:
    return kb.messages.render("evidence_line", note=topic.evidence_note, date=topic.last_reviewed.isoformat())


def _feedback_buttons(kb: KnowledgeBase) -> list[ButtonPayload]:
    return [button(kb.messages[key].text, payload) for key, payload in FEEDBACK_PAYLOADS.items()]


def clarify_reply(kb: KnowledgeBase, topics: list[Topic]) -> Reply:
    """The "Did you mean…?" reply: the likely topics as buttons, then the way to the full menu."""
    text = kb.messages["did_you_mean"].text
    shown = [t.id for t in topics][: MAX_SUGGESTIONS - 1]
    buttons = topic_buttons(kb, shown, MAX_SUGGESTIONS - 1)
    buttons.append(button(kb.messages["button_something_else"].text, HELP_PAYLOAD))
    payload: ClarifyPayload = {
        "version": PAYLOAD_VERSION,
        "type": "clarify",
        "text": text,
        "topics": shown,
        "buttons": buttons,
    }
    return Reply(text, payload)


def _tested_conditions(kb: KnowledgeBase) -> set[str]:
    return {c for topic in kb.topics.values() for c in topic.applies_to_conditions}


def _unique(sources: list[Source]) -> list[Source]:
    return list({source.id: source for source in sources}.values())


def _title_in_sentence(topic: Topic) -> str:
    """A topic's title inside a sentence: lower case first, except a study's, which starts with a name."""
    return topic.title if topic.family == "study" else _lower_first(topic.title)


def _lower_first(title: str) -> str:
    return title[:1].lower() + title[1:] if title[1:2].islower() else title

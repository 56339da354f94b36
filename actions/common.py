"""Helpers shared by the actions: reading the tracker and sending `bot` replies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.clinics import Clinic, clinic_for, known_clinic, region_of
from bot.knowledge import KnowledgeBase, Topic, get_knowledge_base
from bot.knowledge.follow_ups import LAST_CONDITION_SLOT, LAST_SUBJECT_SLOT, LAST_TOPIC_SLOT
from bot.knowledge.replies import Reply, answer_reply, more_reply, notice_reply
from bot.knowledge.resolver import Resolution, resolve_topic
from bot.safety.settings import Region

# The last answer's topic; the treatment a status answer was about ("is it approved?" after BMAC:
# its sources were cited too); the last condition discussed. Named in bot/knowledge/follow_ups.py,
# which the NLU context component reads too.
# The most severe safety concern raised in this conversation: "crisis", "emergency" or "urgent".
SAFETY_LEVEL_SLOT = "safety_level"
# The entity a button uses to name the topic it is about.
TOPIC_ENTITY = "topic"
# Rasa's built-in slot holding the metadata the client sent with the session's first message.
SESSION_METADATA_SLOT = "session_started_metadata"


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """Send one reply as text with buttons plus its structured payload."""
    dispatcher.utter_message(
        text=reply.text,
        buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
        json_message=dict(reply.custom),
    )


def reply_on_topic(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    build: Callable[[KnowledgeBase, Topic], Reply],
    no_topic_message: str,
) -> Topic | None:
    """Send `build(kb, topic)` for the topic the message names, else the last topic answered.

    A button such as "Tell me more" names its topic (`/ask_more{"topic":"bmac"}`), so pressing it
    under an older answer gives more on that answer, not on whatever was discussed last. With
    neither, the `no_topic_message` notice is sent. Returns the topic answered, if any.
    """
    kb = get_knowledge_base()
    named = [t for t in latest_entities(tracker).get(TOPIC_ENTITY, []) if t in kb.topics]
    topic = kb.topics[named[0]] if named else kb.topics.get(last_topic(tracker) or "")
    send(dispatcher, build(kb, topic) if topic else notice_reply(kb, no_topic_message))
    return topic


def latest_intent(tracker: Tracker) -> str:
    """Name of the intent of the latest user message ('' if none)."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return str(intent.get("name") or "")


def latest_confidence(tracker: Tracker) -> float:
    """How sure the classifier was of the latest message's intent (1.0 when it does not say)."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    try:
        return float(intent.get("confidence", 1.0))
    except (TypeError, ValueError):
        return 1.0


def latest_entities(tracker: Tracker) -> dict[str, list[str]]:
    """Entity values of the latest user message, by entity name."""
    found: dict[str, list[str]] = defaultdict(list)
    for entity in (tracker.latest_message or {}).get("entities") or []:
        name, value = entity.get("entity"), entity.get("value")
        if isinstance(name, str) and isinstance(value, str) and value not in found[name]:
            found[name].append(value)
    return dict(found)


def last_topic(tracker: Tracker) -> str | None:
    """The topic of the last answer in this conversation, if any."""
    return _text_slot(tracker, LAST_TOPIC_SLOT)


def last_subject(tracker: Tracker) -> str | None:
    """What the last answer was about when that is not its own topic (a therapy, for a follow-up), if any."""
    return _text_slot(tracker, LAST_SUBJECT_SLOT)


def last_condition(tracker: Tracker) -> str | None:
    """The condition the conversation is about (the last condition answered or read for), if any."""
    return _text_slot(tracker, LAST_CONDITION_SLOT)


def safety_level(tracker: Tracker) -> str | None:
    """The most severe safety concern raised so far, if any."""
    return _text_slot(tracker, SAFETY_LEVEL_SLOT)


def clinic(tracker: Tracker) -> Clinic | None:
    """The clinic whose widget started this conversation (sent as session metadata), if known."""
    metadata = tracker.get_slot(SESSION_METADATA_SLOT) or {}
    return known_clinic(metadata.get("clinic") if isinstance(metadata, dict) else None)


def clinic_name(tracker: Tracker) -> str:
    """The name of this conversation's clinic, or the neutral default's name."""
    metadata = tracker.get_slot(SESSION_METADATA_SLOT) or {}
    return clinic_for(metadata.get("clinic") if isinstance(metadata, dict) else None).name


def region(tracker: Tracker) -> Region:
    """Emergency and crisis numbers: the clinic's country, else the deployment's BOT_REGION."""
    metadata = tracker.get_slot(SESSION_METADATA_SLOT) or {}
    return region_of(metadata.get("clinic") if isinstance(metadata, dict) else None)


def _text_slot(tracker: Tracker, name: str) -> str | None:
    value: Any = tracker.get_slot(name)
    return value if isinstance(value, str) and value else None


def latest_text(tracker: Tracker) -> str:
    """The text of the latest user message ('' if none)."""
    return str((tracker.latest_message or {}).get("text") or "")


def previous_text(tracker: Tracker) -> str:
    """The text of the patient's message before the latest one ('' if none)."""
    texts = [str(event.get("text") or "") for event in tracker.events if event.get("event") == "user"]
    return texts[-2] if len(texts) > 1 else ""


def resolve_latest(kb: KnowledgeBase, tracker: Tracker, intent: str | None = None) -> Resolution | None:
    """The topic for the latest message (read as `intent` if given), with the last answer as context."""
    return resolve_topic(
        kb,
        latest_intent(tracker) if intent is None else intent,
        latest_entities(tracker),
        last_topic(tracker),
        last_subject(tracker),
        latest_text(tracker),
        last_condition(tracker),
        previous_text(tracker),
        confidence=latest_confidence(tracker) if intent is None else 1.0,
    )


def answer_events(dispatcher: CollectingDispatcher, kb: KnowledgeBase, resolution: Resolution) -> list[dict[str, Any]]:
    """Send the answer for a resolution; remember its topic and the subject it was about."""
    send(dispatcher, more_reply(kb, resolution.topic) if resolution.detail else answer_reply(kb, resolution))
    subject = resolution.subject if resolution.subject is not resolution.topic else None
    subject = subject or resolution.named_product_study
    events = [SlotSet(LAST_TOPIC_SLOT, resolution.topic.id), SlotSet(LAST_SUBJECT_SLOT, subject and subject.id)]
    condition = resolution.topic if resolution.topic.family == "condition" else resolution.condition
    condition = condition or resolution.for_condition
    if condition is not None and condition.family == "condition":
        events.append(SlotSet(LAST_CONDITION_SLOT, condition.id))
    return events


def resolve_named(kb: KnowledgeBase, tracker: Tracker, topic: Topic) -> Resolution:
    """The answer for a message that names `topic`, read as that topic's question in context.

    So "can stem cells fix that?" after an answer on worn discs gets what the studies found for
    them, as the same question asked with confidence would.
    """
    for intent in topic.intents:
        resolution = resolve_latest(kb, tracker, intent)
        if resolution is not None:
            return resolution
    return Resolution(topic)

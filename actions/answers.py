"""Answer questions on a topic, and give more detail on request."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    LAST_SUBJECT_SLOT,
    LAST_TOPIC_SLOT,
    answer_events,
    last_topic,
    latest_entities,
    latest_intent,
    latest_text,
    reply_on_topic,
    resolve_latest,
    send,
)
from bot.knowledge import KnowledgeBase, Topic, get_knowledge_base
from bot.knowledge.follow_ups import (
    asks_a_dose,
    asks_a_medicine_change,
    asks_for_more_on,
    asks_how_much_to_take,
    asks_why_of_it,
    returns_for_more,
)
from bot.knowledge.replies import more_reply, notice_reply

# The limits replies for a dose question and for changing a medicine (actions/limits.py sends them
# for these intents).
DOSE_INTENT = "ask_dosage"
DOSE_LIMITS = f"limits_{DOSE_INTENT}"
MEDICINE_CHANGE_LIMITS = "limits_ask_medication_change"


class ActionAnswerTopic(Action):
    """Answer the topic the patient asked about, with sources and any FDA caveat."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Resolve the topic from intent, entities and context, then send the answer."""
        kb = get_knowledge_base()
        if asks_a_dose(latest_intent(tracker), latest_text(tracker), latest_entities(tracker), last_topic(tracker)):
            send_dose_limits(dispatcher, kb, tracker)
            return []
        resolution = resolve_latest(kb, tracker)
        if resolution is None:
            send(dispatcher, notice_reply(kb, "fallback"))
            return []
        if asks_how_much_to_take(resolution.topic.id, latest_text(tracker)):
            # "How many naproxen can I take a day?" read as the NSAID answer: never a dose.
            send_dose_limits(dispatcher, kb, tracker, about=resolution.topic)
            return []
        if asks_a_medicine_change(resolution.topic.id, latest_text(tracker)):
            # "Can I swap my naproxen for ibuprofen?": never advice on changing a medicine, but the
            # medicine's answer stays one button away.
            send(dispatcher, notice_reply(kb, MEDICINE_CHANGE_LIMITS, about=resolution.topic))
            return []
        topic = resolution.topic
        text = latest_text(tracker)
        again = topic.id == last_topic(tracker) and resolution.subject is None and not resolution.detail
        if (again and (asks_for_more_on(text) or asks_why_of_it(text))) or (
            resolution.subject is None and returns_for_more(text)
        ):
            # "Tell me more about cauda equina" or "why so expensive?" right after that answer, "going
            # back to the yoga thing, tell me more" later: that answer's longer version.
            send(dispatcher, more_reply(kb, topic))
            return []
        return answer_events(dispatcher, kb, resolution)


def send_dose_limits(
    dispatcher: CollectingDispatcher, kb: KnowledgeBase, tracker: Tracker, about: Topic | None = None
) -> None:
    """Say the bot gives no doses, naming the medicine asked about (`about`), else the last answer's."""
    medicine = about if about is not None else kb.topics.get(last_topic(tracker) or "")
    send(dispatcher, notice_reply(kb, DOSE_LIMITS, about=medicine))


class ActionAnswerMore(Action):
    """Give the longer answer on the topic the button names, else on the last topic."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_answer_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the detail of the named or last topic, or offer the menu when there is none."""
        topic = reply_on_topic(dispatcher, tracker, more_reply, "no_more_detail")
        if topic is None or topic.id == last_topic(tracker):
            return []
        # "Tell me more" under an older answer moves the conversation back to that topic.
        return [SlotSet(LAST_TOPIC_SLOT, topic.id), SlotSet(LAST_SUBJECT_SLOT, None)]

"""Record whether an answer helped; the turn's feedback intent is what `make review` counts."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import last_topic, latest_intent, send
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import notice_reply

HELPFUL_INTENT = "feedback_helpful"
UNHELPFUL_INTENT = "feedback_unhelpful"


class ActionRecordFeedback(Action):
    """Thank the patient for feedback; after "not helpful", offer other ways in."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_record_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The feedback itself is the user event in the tracker; reply to it."""
        kb = get_knowledge_base()
        if latest_intent(tracker) != UNHELPFUL_INTENT:
            send(dispatcher, notice_reply(kb, "feedback_thanks"))
            return []
        topic = kb.topics.get(last_topic(tracker) or "")
        if topic is None:
            send(dispatcher, notice_reply(kb, "feedback_sorry"))
        else:  # name the answer that missed, so the patient knows what the apology is for
            send(dispatcher, notice_reply(kb, "feedback_sorry_topic", title=topic.title))
        return []

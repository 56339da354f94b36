"""Record whether an answer helped; the turn's feedback intent is what `make review` counts."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import last_topic, latest_intent, latest_text, send
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import notice_reply

HELPFUL_INTENT = "feedback_helpful"
UNHELPFUL_INTENT = "feedback_unhelpful"
# A typed "not helpful tbh" must never be thanked as praise, whatever the classifier heard.
NEGATED_HELP = re.compile(
    r"\b(?:not|wasn'?t|isn'?t|was not|is not|not very|not really|not that|hardly) (?:very |really |that |at all )?"
    r"(?:helpful|useful|help)\b"
    r"|\b(?:didn'?t|did not|doesn'?t|does not|don'?t) (?:really )?help\b|\bunhelpful\b|\buseless\b",
    re.IGNORECASE,
)


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
        unhelpful = latest_intent(tracker) == UNHELPFUL_INTENT or bool(NEGATED_HELP.search(latest_text(tracker)))
        if not unhelpful:
            send(dispatcher, notice_reply(kb, "feedback_thanks"))
            return []
        topic = kb.topics.get(last_topic(tracker) or "")
        if topic is None:
            send(dispatcher, notice_reply(kb, "feedback_sorry"))
        else:  # name the answer that missed, so the patient knows what the apology is for
            send(dispatcher, notice_reply(kb, "feedback_sorry_topic", title=topic.title))
        return []

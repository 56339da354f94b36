"""Say plainly what the bot cannot do (diagnose, dose, choose), and what it can offer instead."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, send
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import notice_reply

LIMIT_INTENTS = (
    "request_diagnosis",
    "ask_dosage",
    "ask_medication_change",
    "ask_candidacy",
    "ask_clinic_recommendation",
)


class ActionExplainLimits(Action):
    """Decline personal medical advice politely, point to the right person and to general information."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_explain_limits"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the limits message for this kind of request, with topic buttons."""
        intent = latest_intent(tracker)
        key = f"limits_{intent}" if intent in LIMIT_INTENTS else "limits_request_diagnosis"
        send(dispatcher, notice_reply(get_knowledge_base(), key))
        return []

"""Explain what the bot can help with: on request, out of scope, or when unsure."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, send
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import notice_reply

SCOPE_MESSAGES = {"help": "scope_help", "out_of_scope": "out_of_scope"}


class ActionExplainScope(Action):
    """Say what the bot covers, with topic buttons; never guess an answer."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_explain_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Scope wording on request or out of scope; fallback wording when unsure."""
        key = SCOPE_MESSAGES.get(latest_intent(tracker), "fallback")
        send(dispatcher, notice_reply(get_knowledge_base(), key))
        return []

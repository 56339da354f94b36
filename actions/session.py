"""Start each conversation with a short welcome: what the bot is and what it is not."""

from __future__ import annotations

from typing import Any

from bot.safety.settings import region_for
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, BotUttered, SessionStarted
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import notice_reply


class ActionSessionStart(Action):
    """Open a new session with the welcome and the emergency notice."""

    def name(self) -> str:
        """Rasa's reserved name for the session-start action."""
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Start the session, then welcome the patient inside it."""
        region = region_for(None)
        reply = notice_reply(get_knowledge_base(), "welcome", emergency_number=region.emergency_number)
        welcome = BotUttered(text=reply.text, data={"custom": reply.custom})
        return [SessionStarted(), welcome, ActionExecuted("action_listen")]

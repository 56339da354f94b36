"""Start each conversation with a short welcome: what the bot is and what it is not."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, BotUttered, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import SESSION_METADATA_SLOT, region
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import notice_reply
from bot.safety.replies import region_phones


class ActionSessionStart(Action):
    """Open a new session with the welcome and the emergency notice."""

    def name(self) -> str:
        """Rasa's reserved name for the session-start action."""
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Start the session, keep the client's metadata (its clinic), then welcome the patient."""
        where = region(tracker)
        number = where.emergency_number
        reply = notice_reply(get_knowledge_base(), "welcome", region_phones(where), emergency_number=number)
        welcome = BotUttered(text=reply.text, data={"custom": reply.custom})
        metadata = tracker.get_slot(SESSION_METADATA_SLOT)
        return [SessionStarted(), SlotSet(SESSION_METADATA_SLOT, metadata), welcome, ActionExecuted("action_listen")]

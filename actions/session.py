"""Start each conversation with a short welcome: what the bot is and what it is not.

A new session within a conversation (after an hour of silence) keeps the clinic the widget
named and any red flag or crisis raised so far: the bot must not turn cheerful again.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, BotUttered, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import SAFETY_LEVEL_SLOT, SESSION_METADATA_SLOT, region, safety_level
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
        """Start the session, keep the clinic and the safety level, then welcome the patient."""
        where = region(tracker)
        number = where.emergency_number
        reply = notice_reply(get_knowledge_base(), "welcome", region_phones(where), emergency_number=number)
        welcome = BotUttered(text=reply.text, data={"custom": reply.custom})
        events = [SessionStarted(), SlotSet(SESSION_METADATA_SLOT, tracker.get_slot(SESSION_METADATA_SLOT))]
        level = safety_level(tracker)
        if level:
            events.append(SlotSet(SAFETY_LEVEL_SLOT, level))
        return [*events, welcome, ActionExecuted("action_listen")]

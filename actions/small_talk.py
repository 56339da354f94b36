"""Greetings, thanks, goodbyes and "are you human?": never cheerful after a safety concern."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clinic, latest_intent, region, safety_level, send
from bot.clinics import contact_reply
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import notice_reply
from bot.safety.replies import region_phones

SMALL_TALK_INTENTS = ("greet", "thanks", "goodbye", "bot_challenge")


class ActionRespondSmallTalk(Action):
    """Reply to small talk; after a red flag or crisis, repeat what to do instead of chit-chat."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_respond_small_talk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Pick the plain or the after-concern wording for this intent."""
        intent = latest_intent(tracker)
        intent = intent if intent in SMALL_TALK_INTENTS else "greet"
        level = safety_level(tracker)
        kb = get_knowledge_base()
        where = region(tracker)
        if level:
            reminder = where.message_for(level)
            key = f"small_talk_{intent}_after_concern"
            reply = notice_reply(kb, key, region_phones(where, level), safety_reminder=reminder)
        else:
            reply = notice_reply(kb, f"small_talk_{intent}")
        if intent == "bot_challenge":
            # "Are you a real person?" often means "can I talk to one": say what the bot is, then how to reach someone.
            reply = contact_reply(kb, clinic(tracker), where, level, opening=reply.text)
        send(dispatcher, reply)
        return []

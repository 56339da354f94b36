"""Hand the patient over to a person: the clinic's phone and booking link, as buttons."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clinic, region, safety_level, send
from bot.clinics import contact_reply
from bot.knowledge import get_knowledge_base


class ActionOfferContact(Action):
    """Answer "can I talk to someone / book an appointment" with the clinic's contact details."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_offer_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the contact details of this conversation's clinic (and the crisis line after a crisis)."""
        send(dispatcher, contact_reply(get_knowledge_base(), clinic(tracker), region(tracker), safety_level(tracker)))
        return []

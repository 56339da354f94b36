"""The clinic checklist form: ask each question, then give the chosen ones back as a list."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clinic_name, send
from bot.checklist import ITEM_IDS, get_checklist, question_reply, result_reply
from bot.knowledge import get_knowledge_base

FORM = "clinic_checklist_form"
STOP_INTENT = "checklist_stop"


def slot_name(item_id: str) -> str:
    """The form slot that holds "add" or "skip" for an item."""
    return f"checklist_{item_id}"


def answers(tracker: Tracker) -> dict[str, Any]:
    """The patient's add/skip answers so far, by item id."""
    return {item_id: tracker.get_slot(slot_name(item_id)) for item_id in ITEM_IDS}


class AskChecklistItem(Action, ABC):
    """Ask one checklist question (Rasa calls action_ask_<slot> when the form requests a slot)."""

    @property
    @abstractmethod
    def item_id(self) -> str:
        """Which checklist item this action asks about."""

    def name(self) -> str:
        """action_ask_checklist_<item>."""
        return f"action_ask_{slot_name(self.item_id)}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the question with add / skip / stop buttons."""
        send(dispatcher, question_reply(get_checklist(), self.item_id))
        return []


class AskApproval(AskChecklistItem):
    """Ask about FDA approval, the IND and the NCT numbers."""

    item_id = "approval"


class AskEvidence(AskChecklistItem):
    """Ask about the evidence."""

    item_id = "evidence"


class AskProduct(AskChecklistItem):
    """Ask what exactly is injected."""

    item_id = "product"


class AskRisks(AskChecklistItem):
    """Ask about risks."""

    item_id = "risks"


class AskComplications(AskChecklistItem):
    """Ask who handles and pays for complications."""

    item_id = "complications"


class AskCost(AskChecklistItem):
    """Ask about the cost."""

    item_id = "cost"


class AskAlternatives(AskChecklistItem):
    """Ask about the alternatives."""

    item_id = "alternatives"


class ActionChecklistResult(Action):
    """Give the chosen questions back as a list, whether the form was completed or stopped."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_checklist_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the list; clear the requested slot so the form is really over."""
        stopped = (tracker.latest_message or {}).get("intent", {}).get("name") == STOP_INTENT
        reply = result_reply(get_knowledge_base(), get_checklist(), answers(tracker), stopped, clinic_name(tracker))
        send(dispatcher, reply)
        return [SlotSet("requested_slot", None)]

"""The clinic checklist form: ask each question of checklist.yml, then give the chosen ones back.

The form has one slot, `checklist_answers`, holding every answer (item id to "add" or "skip").
The validation action records the answer to the open question and keeps `requested_slot` on that
slot until every item of checklist.yml is answered; one ask action asks whichever item is open.
So a question added to checklist.yml is asked without any change here or in domain.yml.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import answer_events, clinic_name, latest_intent, latest_text, resolve_latest, send
from bot.checklist import ADD, SKIP, get_checklist, no_question_reply, question_reply, result_reply
from bot.checklist.commands import is_a_question
from bot.knowledge import get_knowledge_base
from bot.knowledge.resolver import Resolution

FORM = "clinic_checklist_form"
ANSWERS_SLOT = "checklist_answers"
REQUESTED_SLOT = "requested_slot"
STOP_INTENT = "checklist_stop"
# What the add and skip buttons (and words to that effect) record for the open question.
ANSWER_INTENTS = {"checklist_add": ADD, "checklist_skip": SKIP}


def answers(tracker: Tracker) -> dict[str, str]:
    """The patient's add/skip answers so far, by item id (only items of the current checklist)."""
    return get_checklist().known_answers(tracker.get_slot(ANSWERS_SLOT))


class ValidateClinicChecklistForm(FormValidationAction):
    """Fill the answers slot from add / skip and keep the form open while a question is unanswered."""

    def name(self) -> str:
        """Rasa runs validate_<form> on every turn of the form."""
        return f"validate_{FORM}"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """The answers slot: checklist.yml, not the domain, says which answers it must hold."""
        return [ANSWERS_SLOT]

    async def extract_checklist_answers(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A new checklist starts empty; add or skip answers the open question; anything else waits."""
        # Rasa gives the validation action no requested slot only when the form is starting.
        if tracker.get_slot(REQUESTED_SLOT) is None:
            return {ANSWERS_SLOT: {}}
        choice = ANSWER_INTENTS.get(latest_intent(tracker))
        if choice is None:
            # Not an answer: Rasa lets the other policies reply, then comes back to the question.
            return {}
        return {ANSWERS_SLOT: get_checklist().answer(answers(tracker), choice)}

    def validate_checklist_answers(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep only add/skip answers to items of checklist.yml."""
        return {ANSWERS_SLOT: get_checklist().known_answers(value)}

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any] | None:
        """Ask again while an item is unanswered; no requested slot ends the form."""
        unanswered = get_checklist().open_item(answers(tracker)) is not None
        return SlotSet(REQUESTED_SLOT, ANSWERS_SLOT if unanswered else None)


class ActionAskChecklistAnswers(Action):
    """Ask the first checklist question not yet added or skipped, with add / skip / stop buttons."""

    def name(self) -> str:
        """Rasa calls action_ask_<slot> when the form requests the answers slot."""
        return f"action_ask_{ANSWERS_SLOT}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the open question (none when every item is answered)."""
        checklist = get_checklist()
        item = checklist.open_item(answers(tracker))
        if item is not None:
            send(dispatcher, question_reply(checklist, item.id))
        return []


class ActionExplainNoChecklistQuestion(Action):
    """Add, skip or stop with no checklist open: say so, and how to start it."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_explain_no_checklist_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the notice, or answer a question that only sounded like a checklist command; nothing is recorded."""
        question = _question_not_command(tracker)
        if question is not None:
            # (session 23) "Should I skip practice?" with no checklist open: a question on staying active.
            return answer_events(dispatcher, get_knowledge_base(), question)
        send(dispatcher, no_question_reply(get_checklist()))
        return []


CHECKLIST_INTENTS = frozenset(("checklist_add", "checklist_skip", "checklist_stop"))


def _question_not_command(tracker: Tracker) -> Resolution | None:
    """The answer to a question the classifier heard as a checklist command ("should I skip practice?"), if any."""
    if not is_a_question(latest_text(tracker)):
        return None
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    kb = get_knowledge_base()
    for reading in ranking:
        name = str(reading.get("name"))
        if name in CHECKLIST_INTENTS:
            continue
        return resolve_latest(kb, tracker, name)
    return None


class ActionChecklistResult(Action):
    """Give the chosen questions back as a list, whether the form was completed or stopped."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_checklist_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the list; clear the requested slot so the form is really over."""
        stopped = latest_intent(tracker) == STOP_INTENT
        reply = result_reply(get_knowledge_base(), get_checklist(), answers(tracker), stopped, clinic_name(tracker))
        send(dispatcher, reply)
        return [SlotSet(REQUESTED_SLOT, None)]

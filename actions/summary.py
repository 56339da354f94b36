"""Give the patient a summary of the conversation to take to their doctor."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.checklist import answers
from actions.common import clinic_name, region, safety_level, send
from bot.checklist import get_checklist
from bot.knowledge import get_knowledge_base
from bot.summary import SafetyNote, conversation_from_events, summary_reply


class ActionVisitSummary(Action):
    """Summarise questions, short answers, sources and any red flags from this conversation."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_visit_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Build the summary from the tracker's events; nothing is stored elsewhere."""
        chosen = get_checklist().chosen(answers(tracker))
        conversation = replace(conversation_from_events(tracker.events), checklist=tuple(i.question for i in chosen))
        level = safety_level(tracker)
        if level and not conversation.safety:
            # Raised in an earlier session, whose events Rasa no longer sends: the slot remembers it.
            conversation = replace(conversation, safety=(SafetyNote("", level),))
        send(dispatcher, summary_reply(get_knowledge_base(), conversation, region(tracker), clinic_name(tracker)))
        return []

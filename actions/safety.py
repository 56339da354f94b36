"""Answer red flags and crisis language first, whatever else the message asked."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import SAFETY_LEVEL_SLOT, latest_entities, latest_intent, region, safety_level, send
from bot.knowledge import get_knowledge_base
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.model import Topic
from bot.payloads import safety_level as safety_level_of
from bot.safety.replies import get_detector, safety_reply
from bot.safety.rules import LEVELS
from bot.safety.triage import CRISIS_LINE_ENTITY

CRISIS_INTENT = "express_crisis"
# Set by the NLU safety component with the level it found (also when it read the previous turn too).
LEVEL_ENTITY = "safety_level"
# A question asked alongside a red flag is offered back only when the classifier was this sure of it.
QUESTION_CONFIDENCE = 0.5


class ActionRespondToSafetyConcern(Action):
    """Emergency, urgent-care or crisis reply; the conversation remembers the concern."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_respond_to_safety_concern"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Re-check the text, reply for its level, keep the most severe level seen."""
        kb = get_knowledge_base()
        text = (tracker.latest_message or {}).get("text") or ""
        finding = get_detector().detect(text)
        level = safety_level_of(finding.level if finding is not None else _level_without_finding(tracker))
        question = _question_asked_too(kb, tracker)
        with_crisis = "crisis" in latest_entities(tracker).get(CRISIS_LINE_ENTITY, [])
        send(dispatcher, safety_reply(kb, region(tracker), finding, level, question, with_crisis=with_crisis))
        remembered: str = level
        previous = safety_level(tracker)
        if previous in LEVELS and LEVELS.index(previous) < LEVELS.index(level):
            remembered = previous
        return [SlotSet(SAFETY_LEVEL_SLOT, remembered)]


def _level_without_finding(tracker: Tracker) -> str:
    """The level when the rules find nothing in this message alone.

    The NLU safety component may have found it by reading the message with the one before
    ("how many would be too many?" then "asking for me"): its level entity says which. Without
    one, only the classifier recognised it: stay on the cautious side.
    """
    found = [v for v in latest_entities(tracker).get(LEVEL_ENTITY, []) if v in LEVELS]
    if found:
        return min(found, key=LEVELS.index)
    return "crisis" if latest_intent(tracker) == CRISIS_INTENT else "urgent"


def _question_asked_too(kb: KnowledgeBase, tracker: Tracker) -> Topic | None:
    """The topic the classifier heard besides the safety concern, if it was fairly sure."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    for candidate in ranking:
        topics = kb.topics_for_intent(str(candidate.get("name")))
        if topics and float(candidate.get("confidence") or 0) >= QUESTION_CONFIDENCE:
            return topics[0]
    return None

"""The safety triage's questions: a yes/no screening form for unclear warning signs, and a check-in."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    LAST_TOPIC_SLOT,
    SAFETY_LEVEL_SLOT,
    answer_events,
    latest_entities,
    latest_intent,
    region,
    resolve_latest,
    safety_level,
    send,
)
from actions.limits import LIMIT_INTENTS, limits_notice
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import answer_reply, notice_reply
from bot.knowledge.resolver import Resolution
from bot.payloads import safety_level as safety_level_of
from bot.safety.replies import safety_reply
from bot.safety.rules import LEVELS
from bot.safety.screening import SCREEN_LEVELS, crisis_check_in, screening_cleared, screening_question
from bot.safety.triage import ANSWER_TOO_ENTITY

ANSWER_SLOT = "screening_answer"
LEVEL_SLOT = "screening_level"
QUESTION_SLOT = "screening_question"
SCREEN_ENTITY = "safety_screen"
SAFETY_INTENTS = frozenset({"report_red_flag", "express_crisis", "report_possible_red_flag", "express_possible_crisis"})
# The question kept for after the screening is the classifier's best topic, if it was this sure.
KEPT_QUESTION_CONFIDENCE = 0.3
# A check-in or screening question answers the question too when the safety classifier was least
# sure (ANSWER_TOO_ENTITY) and the topic classifier this sure: then that topic was its first choice,
# before any safety intent.
ANSWER_AFTER_CHECK_IN_CONFIDENCE = 0.6


class ActionAskScreeningAnswer(Action):
    """Ask whether any of the named warning signs are there now; keep the patient's question."""

    def name(self) -> str:
        """The form's ask action for screening_answer."""
        return "action_ask_screening_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the screening question for the level the triage named (after the answer, when least sure)."""
        kb = get_knowledge_base()
        levels = latest_entities(tracker).get(SCREEN_ENTITY) or []
        level = next((lv for lv in levels if lv in SCREEN_LEVELS), None) or _slot(tracker, LEVEL_SLOT) or "emergency"
        answered, declined = _asked_too(tracker) if levels else (None, None)
        events = [] if answered is None else answer_events(dispatcher, kb, answered)
        if declined is not None:
            send(dispatcher, limits_notice(kb, tracker, declined))
        send(dispatcher, screening_question(kb, level))
        # A question answered already is not kept: "No" then only thanks and invites the next one.
        done = answered is not None or declined is not None
        kept = None if done else _kept_question(tracker) or _slot(tracker, QUESTION_SLOT)
        return [*events, SlotSet(LEVEL_SLOT, level), SlotSet(QUESTION_SLOT, kept)]


class ActionFinishSafetyScreening(Action):
    """'Yes' gives the urgent advice; 'No' answers the question that was kept; anything else is answered."""

    def name(self) -> str:
        """Run when the screening form has its answer."""
        return "action_finish_safety_screening"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Reply for the answer, then clear the screening slots."""
        kb = get_knowledge_base()
        answer = _slot(tracker, ANSWER_SLOT)
        level = _slot(tracker, LEVEL_SLOT) or "emergency"
        kept = kb.topics.get(_slot(tracker, QUESTION_SLOT) or "")
        events: list[dict[str, Any]] = [SlotSet(slot, None) for slot in (ANSWER_SLOT, LEVEL_SLOT, QUESTION_SLOT)]
        if answer == "yes" or latest_intent(tracker) in ("report_red_flag", "express_crisis"):
            finding_level = _alarm_level(tracker) or level
            send(dispatcher, safety_reply(kb, region(tracker), None, safety_level_of(finding_level), kept))
            return [*events, SlotSet(SAFETY_LEVEL_SLOT, most_severe(safety_level(tracker), finding_level))]
        if answer == "no":
            if kept is None:
                send(dispatcher, screening_cleared(kb, region(tracker), question_kept=False))
                return events
            send(dispatcher, screening_cleared(kb, region(tracker)))
            send(dispatcher, answer_reply(kb, Resolution(kept)))
            return [*events, SlotSet(LAST_TOPIC_SLOT, kept.id)]
        # Neither yes nor no: answer what the patient asked now.
        resolution = resolve_latest(kb, tracker)
        if resolution is None:
            send(dispatcher, notice_reply(kb, "fallback"))
            return events
        return [*events, *answer_events(dispatcher, kb, resolution)]


class ActionCheckInCrisis(Action):
    """A gentle check-in that always shows the crisis line, when crisis talk is possible but unclear."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_check_in_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the check-in for the patient's region; then the answer, when the question is clear."""
        kb = get_knowledge_base()
        resolution, declined = _asked_too(tracker)
        follows = resolution is not None or declined is not None
        send(dispatcher, crisis_check_in(kb, region(tracker), answer_follows=follows))
        if declined is not None:
            # "Is it ok to stop my amitriptyline on my own?": what the bot cannot advise, and who can.
            send(dispatcher, limits_notice(kb, tracker, declined))
        return [] if resolution is None else answer_events(dispatcher, kb, resolution)


def most_severe(previous: str | None, level: str) -> str:
    """The more severe of two safety levels (crisis > emergency > urgent)."""
    if previous in LEVELS and LEVELS.index(previous) < LEVELS.index(level):
        return previous
    return level


def _alarm_level(tracker: Tracker) -> str | None:
    levels = latest_entities(tracker).get("safety_level") or []
    return next((lv for lv in levels if lv in LEVELS), None)


def _kept_question(tracker: Tracker) -> str | None:
    """The topic of the question asked with the unclear sign, from the classifier's ranking."""
    kb = get_knowledge_base()
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    for candidate in ranking:
        name = str(candidate.get("name"))
        if name in SAFETY_INTENTS:
            continue
        if float(candidate.get("confidence") or 0) < KEPT_QUESTION_CONFIDENCE:
            return None
        resolution = resolve_latest(kb, tracker, name)
        return resolution.topic.id if resolution else None
    return None


def _asked_too(tracker: Tracker) -> tuple[Resolution | None, str | None]:
    """What to give with a check-in or screening question the safety classifier was least sure of.

    Only when the question is clear (the topic classifier this sure of it): the answer to it, or,
    for a request the bot declines (a dose, stopping a medicine, a clinic), that request's intent.
    """
    intent = _clear_question(tracker)
    if intent is None:
        return None, None
    if intent in LIMIT_INTENTS:
        return None, intent
    return resolve_latest(get_knowledge_base(), tracker, intent), None


def _clear_question(tracker: Tracker) -> str | None:
    """The topic classifier's first choice, when the safety classifier was least sure and it this sure."""
    if "yes" not in latest_entities(tracker).get(ANSWER_TOO_ENTITY, []):
        return None
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    best = next((c for c in ranking if str(c.get("name")) not in SAFETY_INTENTS), None)
    if best is None or float(best.get("confidence") or 0) < ANSWER_AFTER_CHECK_IN_CONFIDENCE:
        return None
    return str(best.get("name"))


def _slot(tracker: Tracker, name: str) -> str | None:
    value: Any = tracker.get_slot(name)
    return value if isinstance(value, str) and value else None

"""Explain what the bot can help with: on request, out of scope, or when unsure."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import DOSE_INTENT, send_dose_limits
from actions.common import (
    answer_events,
    last_topic,
    latest_entities,
    latest_intent,
    latest_text,
    resolve_latest,
    resolve_named,
    send,
)
from actions.trials import TRIALS_TOPIC
from bot.knowledge import get_knowledge_base
from bot.knowledge.follow_ups import (
    FOLLOW_UP_INTENTS,
    MEDICINE_TOPICS,
    SPECIFIC_TOPICS,
    asks_a_dose,
    is_bare_follow_up,
)
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.model import Topic
from bot.knowledge.replies import clarify_reply, notice_reply
from bot.knowledge.resolver import Resolution
from bot.trials import place_from_text, place_in_follow_up

# A yes or no with no question open is answered with what the bot can help with.
SCOPE_MESSAGES = {"help": "scope_help", "out_of_scope": "out_of_scope", "affirm": "scope_help", "deny": "scope_help"}
FALLBACK_INTENT = "nlu_fallback"
# "Did you mean" offers up to this many topics the classifier thought likely, each at least this sure.
CLARIFY_TOPICS = 3
CLARIFY_MIN_CONFIDENCE = 0.08
# Rasa's FallbackClassifier gives nlu_fallback its threshold as confidence (0.3); the
# unfamiliar-words guard gives the share of unknown words (0.5 or more): gibberish gets no guesses.
CLARIFY_MAX_FALLBACK_CONFIDENCE = 0.45
# An unsure follow-up that points back ("and what can go wrong with it?") whose likeliest reading
# asks one aspect of the last answer's subject gets that answer instead of "did you mean".
FOLLOW_UP_MIN_CONFIDENCE = 0.12
# After a trial search, an unsure "what about Brisbane?" that the classifier read as a trial search
# among its likeliest readings searches again for that place.
TRIAL_SEARCH_INTENT = "search_trials"
TRIAL_SEARCH_ACTION = "action_search_trials"


class ActionExplainScope(Action):
    """Say what the bot covers, with topic buttons; never guess an answer."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_explain_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Scope wording on request or out of scope; fallback wording when unsure."""
        kb = get_knowledge_base()
        intent = latest_intent(tracker)
        if intent == FALLBACK_INTENT:
            if unsure_dose_question(tracker):
                # "how much should I take?" after an answer on a medicine, read unsure between cost and dose.
                send_dose_limits(dispatcher, kb, tracker)
                return []
            # resolve_latest() with the unsure intent itself answers only what needs no intent: a
            # button's topic, or "and for sciatica?" after a treatment (that treatment, for it).
            if unsure_trial_place(tracker):
                return [FollowupAction(TRIAL_SEARCH_ACTION)]
            follow_up = unsure_follow_up(kb, tracker) or resolve_latest(kb, tracker) or unsure_same_topic(kb, tracker)
            if follow_up is not None:
                return answer_events(dispatcher, kb, follow_up)
            likely = likely_topics(kb, tracker)
            named = named_topic(kb, tracker, likely)
            if named is not None:
                return answer_events(dispatcher, kb, resolve_named(kb, tracker, named))
            if likely:
                send(dispatcher, clarify_reply(kb, likely))
                return []
        send(dispatcher, notice_reply(kb, SCOPE_MESSAGES.get(intent, "fallback")))
        return []


def unsure_follow_up(kb: KnowledgeBase, tracker: Tracker) -> Resolution | None:
    """The answer to an unsure message that asks an aspect of the last answer's subject, if it is one."""
    ranking = _unsure_ranking(tracker)
    if len(ranking) < 2:
        return None
    if not is_bare_follow_up(latest_text(tracker), latest_entities(tracker), last_topic(tracker) is not None):
        return None
    best = ranking[1]
    if best.get("name") not in FOLLOW_UP_INTENTS or float(best.get("confidence") or 0) < FOLLOW_UP_MIN_CONFIDENCE:
        return None
    return resolve_latest(kb, tracker, str(best["name"]))


def unsure_same_topic(kb: KnowledgeBase, tracker: Tracker) -> Resolution | None:
    """The last answer's topic again, when an unsure follow-up that points back was read as it among the likeliest.

    "And when driving?" after an answer on sitting: the classifier is unsure, but one of its
    likeliest readings is the topic just discussed, and a follow-up that names nothing new is
    most likely about that.
    """
    last = last_topic(tracker)
    if last is None or not is_bare_follow_up(latest_text(tracker), latest_entities(tracker), True):
        return None
    for reading in _likeliest_readings(tracker):
        resolution = resolve_latest(kb, tracker, reading)
        if resolution is not None and resolution.topic.id == last:
            return resolution
    return None


def unsure_trial_place(tracker: Tracker) -> bool:
    """Whether an unsure message after a trial search names only a new place to search."""
    if last_topic(tracker) != TRIALS_TOPIC:
        return False
    text = latest_text(tracker)
    return TRIAL_SEARCH_INTENT in _likeliest_readings(tracker) and bool(
        place_from_text(text) or place_in_follow_up(text, capitalised=True)
    )


def unsure_dose_question(tracker: Tracker) -> bool:
    """Whether an unsure message's likeliest reading asks how much of the medicine just discussed to take."""
    ranking = _unsure_ranking(tracker)
    if len(ranking) < 2 or float(ranking[1].get("confidence") or 0) < FOLLOW_UP_MIN_CONFIDENCE:
        return False
    readings = [str(r.get("name")) for r in ranking[1:3]]
    text, entities, last = latest_text(tracker), latest_entities(tracker), last_topic(tracker)
    return last in MEDICINE_TOPICS and (DOSE_INTENT in readings or asks_a_dose(readings[0], text, entities, last))


def named_topic(kb: KnowledgeBase, tracker: Tracker, likely: list[Topic]) -> Topic | None:
    """The topic an unsure message names itself, answered instead of "did you mean".

    A study ("the Mesoblast trial"), the one investigational therapy it names ("tell me about BMAC
    injections"), or the subject it names when that is also one of the classifier's likeliest topics.
    """
    named: list[Topic] = []
    for entity, values in latest_entities(tracker).items():
        for value in values:
            topic = kb.topic_for_entity(entity, value)
            if topic is not None and topic not in named:
                named.append(topic)
    studies = [t for t in named if t.family == "study"]
    if len(studies) == 1:
        return studies[0]
    # As in a confident composite question: the one investigational therapy named is what is asked about.
    therapies = [t for t in named if t.investigational and t.family == "stem_cell"]
    if len(therapies) == 1:
        return therapies[0]
    if likely and likely[0] in named:
        return likely[0]
    # "Tramadol ... is it a good medicine?": the one subject it names (an overview named beside a
    # topic under it counts as that topic) when the classifier ranked it among its likeliest.
    specific = [t for t in named if not SPECIFIC_TOPICS.get(t.id, frozenset()) & {n.id for n in named}]
    return specific[0] if len(specific) == 1 and specific[0] in likely else None


def likely_topics(kb: KnowledgeBase, tracker: Tracker) -> list[Topic]:
    """The topics the classifier ranked highest under an unsure message, for "did you mean"."""
    ranking = _unsure_ranking(tracker)
    topics: list[Topic] = []
    for candidate in ranking[1:]:
        if float(candidate.get("confidence") or 0) < CLARIFY_MIN_CONFIDENCE:
            break
        resolution = resolve_latest(kb, tracker, str(candidate.get("name")))
        if resolution is not None and resolution.topic not in topics:
            topics.append(resolution.topic)
        if len(topics) == CLARIFY_TOPICS:
            break
    return topics


def _likeliest_readings(tracker: Tracker) -> list[str]:
    """The intents an unsure message was likeliest to be (at most CLARIFY_TOPICS, each sure enough)."""
    readings: list[str] = []
    for candidate in _unsure_ranking(tracker)[1 : 1 + CLARIFY_TOPICS]:
        if float(candidate.get("confidence") or 0) < CLARIFY_MIN_CONFIDENCE:
            break
        readings.append(str(candidate.get("name")))
    return readings


def _unsure_ranking(tracker: Tracker) -> list[dict[str, Any]]:
    """The classifier's ranking when it fell back unsure (nlu_fallback first); [] otherwise.

    Gibberish caught by the unfamiliar-words guard falls back with a higher confidence: no guesses.
    """
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    if not ranking or ranking[0].get("name") != FALLBACK_INTENT:
        return []
    if float(ranking[0].get("confidence") or 0) > CLARIFY_MAX_FALLBACK_CONFIDENCE:
        return []
    return list(ranking)

"""Say plainly what the bot cannot do (diagnose, dose, choose), and what it can offer instead."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    answer_events,
    last_subject,
    last_topic,
    latest_entities,
    latest_intent,
    latest_text,
    resolve_named,
    send,
)
from bot.knowledge import get_knowledge_base
from bot.knowledge.follow_ups import focus_of, limit_misheard
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.model import Topic
from bot.knowledge.replies import Reply, notice_reply
from bot.knowledge.resolver import Resolution

LIMIT_INTENTS = (
    "request_diagnosis",
    "ask_dosage",
    "ask_medication_change",
    "ask_candidacy",
    "ask_clinic_recommendation",
)


class ActionExplainLimits(Action):
    """Decline personal medical advice politely, point to the right person and to general information."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_explain_limits"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the limits message for this kind of request, with topic buttons."""
        kb = get_knowledge_base()
        intent = latest_intent(tracker)
        previous = kb.topics.get(last_topic(tracker) or "")
        if previous is not None and limit_misheard(intent, latest_text(tracker), latest_entities(tracker), previous):
            # "All day?" after a back brace, "is it safe for him, he's 78?" after an operation: that answer
            # again, leading with what is asked, not "I can't advise on doses"; "would he need an op?"
            # after spondylolisthesis: the treatment named, read in context (the operation for it).
            named = treatment_named(kb, tracker)
            if named is not None:
                return answer_events(dispatcher, kb, resolve_named(kb, tracker, named))
            return answer_events(dispatcher, kb, Resolution(previous, focus=focus_of(latest_text(tracker))))
        treatment = treatment_asked_about(kb, tracker) if intent == RECOMMENDATION_INTENT else None
        if treatment is not None:
            # "Which medicine is good for it?": what the guidelines say about that kind of treatment.
            return answer_events(dispatcher, kb, resolve_named(kb, tracker, treatment))
        send(dispatcher, limits_notice(kb, tracker, intent))
        return []


def limits_notice(kb: KnowledgeBase, tracker: Tracker, intent: str | None) -> Reply:
    """What the bot cannot do for this kind of request, about the treatment discussed where it concerns one."""
    key = f"limits_{intent}" if intent in LIMIT_INTENTS else "limits_request_diagnosis"
    about = treatment_discussed(kb, tracker) if intent in ABOUT_A_TREATMENT else None
    return notice_reply(kb, key, about=about)


# Limits that concern a treatment: "how much should I take?", "can I stop it?", "am I a candidate?"
ABOUT_A_TREATMENT = frozenset(("ask_dosage", "ask_medication_change", "ask_candidacy", "ask_clinic_recommendation"))
TREATMENT_FAMILIES = frozenset(("treatment", "stem_cell"))


RECOMMENDATION_INTENT = "ask_clinic_recommendation"
# Words that ask for a place or a person to go to: a recommendation the bot does not make.
PROVIDER_WORDS = re.compile(
    r"\b(?:clinics?|doctors?|docs?|surgeons?|specialists?|consultants?|physios?|physiotherapists?|chiro\w*|"
    r"osteopaths?|hospitals?|centers?|centres?|practices?|practitioners?|places?|providers?|who|where|"
    r"recommend\w*|near me)\b"
)


def treatment_asked_about(kb: KnowledgeBase, tracker: Tracker) -> Topic | None:
    """The ordinary treatment a message read as "recommend me a clinic" asks about instead ("which pills help?")."""
    if PROVIDER_WORDS.search(latest_text(tracker).lower()):
        return None
    return next((topic for topic in treatments_named(kb, tracker) if not topic.investigational), None)


def treatment_named(kb: KnowledgeBase, tracker: Tracker) -> Topic | None:
    """The first treatment the message names, if any."""
    return next(iter(treatments_named(kb, tracker)), None)


def treatments_named(kb: KnowledgeBase, tracker: Tracker) -> list[Topic]:
    """The topics of the treatments the message names, in order."""
    named = (kb.topic_for_entity("treatment", value) for value in latest_entities(tracker).get("treatment", ()))
    return [topic for topic in named if topic is not None]


def treatment_discussed(kb: KnowledgeBase, tracker: Tracker) -> Topic | None:
    """The treatment the last answer was about, when the message names none of its own."""
    if latest_entities(tracker).get("treatment"):
        return None
    for topic_id in (last_subject(tracker), last_topic(tracker)):
        topic = kb.topics.get(topic_id or "")
        if topic is not None and topic.family in TREATMENT_FAMILIES:
            return topic
    return None

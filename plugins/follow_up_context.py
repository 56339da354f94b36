"""NLU component: a follow-up that leans on the last answer gets that answer's intent.

The classifier reads each message alone. "What about the VA?" after the cost answer looks like a
trial search, "what about for my mum, she's 83?" after heat and cold like a question on who can
have a treatment, "is it serious?" after a condition like the warning signs. The context rules in
bot/knowledge/follow_ups.py (`context_topic`) read the message with the last answer's topic (a
slot the actions keep) and, when they say the message asks about that topic again, this
component makes that topic's intent the prediction. The answer action then resolves it with the
same rules.

Only readings that never reach the answer action are replaced: out of scope, unsure, a trial
search, a question on candidacy, on a dose ("how often?" after exercise) or on which clinic is
best ("which one is best?" after the medicines), and a complaint or a request for help that is
really a question on the last answer ("who must not use it?", "what other things help?"). A
topic intent reaches the answer action, whose resolver reads the same context. Safety intents,
other dialogue acts,
other limits and buttons are never replaced. It sits before the SafetyOverride, so the safety
triage still decides last.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge import get_knowledge_base
from bot.knowledge.follow_ups import LAST_TOPIC_SLOT, context_topic

logger = logging.getLogger(__name__)

# Readings that may be replaced when the context says the message asks about the last topic.
REPLACEABLE = frozenset((
    "out_of_scope", "nlu_fallback", "search_trials", "ask_candidacy", "ask_dosage", "ask_clinic_recommendation",
    "feedback_unhelpful", "help",
))
# The confidence given to the context's reading (the classifier's ranking is kept below it).
CONTEXT_CONFIDENCE = 1.0


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FollowUpContext(GraphComponent):
    """Sets the last answer's intent on a follow-up that the context rules read as about it."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FollowUpContext:
        """Nothing to train or load: the rules and the topics are read when a message comes."""
        return cls()

    def process(self, messages: list[Message], tracker: DialogueStateTracker | None = None) -> list[Message]:
        """Replace the intent of each message that the context reads as a follow-up on the last topic."""
        if tracker is None:
            return messages
        last_topic = tracker.get_slot(LAST_TOPIC_SLOT)
        if not isinstance(last_topic, str) or not last_topic:
            return messages
        for message in messages:
            try:
                _apply(message, last_topic)
            except Exception:  # context is a help, never a reason to lose the message
                logger.exception("follow-up context failed")
        return messages


def _apply(message: Message, last_topic: str) -> None:
    text = message.get(TEXT)
    intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    if not isinstance(text, str) or text.startswith("/") or not isinstance(intent, str):
        return
    if intent not in REPLACEABLE:
        return  # a topic intent reaches the answer action, whose resolver reads the same context
    kb = get_knowledge_base()
    entities: dict[str, list[str]] = {}
    for entity in message.get(ENTITIES) or []:
        entities.setdefault(str(entity.get("entity")), []).append(str(entity.get("value")))
    topic = context_topic(kb, intent, last_topic, text, entities)
    if topic is None or not topic.intents or intent in topic.intents:
        return
    name = topic.intents[0]
    logger.debug("follow-up context: %s -> %s (after %s)", intent, name, last_topic)
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != name]
    chosen = {INTENT_NAME_KEY: name, "confidence": CONTEXT_CONFIDENCE}
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)

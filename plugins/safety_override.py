"""NLU component: the safety triage decides before the topic classifier is believed.

Reviewed rules (bot/content/safety/red_flags.yml) and a safety classifier trained on the safety
corpus (bot/content/safety/corpus/, rebuilt by `make train`) decide together, in
bot/safety/triage.py:
- a clear signal sets report_red_flag or express_crisis (confidence 1) and a safety_level entity;
- a likely but unclear warning sign sets report_possible_red_flag and a safety_screen entity
  (the level to screen for), which leads to a yes/no screening question;
- likely but unclear crisis talk sets express_possible_crisis, which leads to a gentle check-in.
The topic classifier's ranking is kept below, so the question the patient asked can still be
answered. A safety intent from the topic classifier alone is not trusted: the triage decides.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety import corpus as safety_corpus
from bot.safety import loader as safety_loader
from bot.safety.classifier import SafetyClassifier
from bot.safety.replies import get_detector
from bot.safety.triage import (
    ALARM,
    ANSWER_TOO_ENTITY,
    CHECK_IN,
    CRISIS_LINE_ENTITY,
    NO_ACTION,
    SCREEN,
    Triage,
    Triager,
)
from plugins.components import StoredComponent

logger = logging.getLogger(__name__)

CRISIS_INTENT = "express_crisis"
RED_FLAG_INTENT = "report_red_flag"
SCREEN_INTENT = "report_possible_red_flag"
CHECK_IN_INTENT = "express_possible_crisis"
SAFETY_INTENTS = frozenset({CRISIS_INTENT, RED_FLAG_INTENT, SCREEN_INTENT, CHECK_IN_INTENT})
LEVEL_ENTITY = "safety_level"
SCREEN_ENTITY = "safety_screen"
EXTRACTOR = "SafetyOverride"
_INTENT_FOR = {ALARM: RED_FLAG_INTENT, SCREEN: SCREEN_INTENT, CHECK_IN: CHECK_IN_INTENT}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SafetyOverride(StoredComponent):
    """Sets the safety intents from the rules and the safety classifier, on every turn.

    It sits last in the pipeline, after the fallbacks, so it holds whatever the topic
    classifier thought.
    """

    STORED = "safety classifier"
    WITHOUT_IT = "rules only"
    MISSING = (ValueError, OSError)

    def __init__(
        self,
        classifier: SafetyClassifier | None = None,
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
    ) -> None:
        """Keep the classifier (None: the rules alone) and the storage it is trained into."""
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier
        self._triager = Triager(get_detector(), classifier)

    @classmethod
    def _build(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, stored: Any
    ) -> SafetyOverride:
        """Untrained or with no stored classifier, the rules work alone; the classifier comes with training."""
        return cls(stored, model_storage, resource)

    @classmethod
    def _read(cls, directory: Path) -> SafetyClassifier:
        """The stored classifier."""
        return SafetyClassifier.load(directory, _normaliser())

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Retrain when the safety corpus or the rules change (Rasa does not see files outside data/).

        The rules decide which topic examples are the classifier's extra 'none' examples.
        """
        rules = hashlib.sha256(safety_loader.DEFAULT_RULES_PATH.read_bytes()).hexdigest()
        return f"{safety_corpus.fingerprint()}-{rules}"

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the safety classifier on the corpus's training split and store it in the model."""
        corpus, _dev = safety_corpus.load_corpus().split()
        self._storage()  # no model storage: fail before fitting
        ordinary = ordinary_messages(training_data)
        self._classifier = SafetyClassifier.train(corpus, normalise=_normaliser(), ordinary=ordinary)
        self._triager = Triager(get_detector(), self._classifier)
        return self._write(self._classifier.save)

    def process(self, messages: list[Message], tracker: DialogueStateTracker | None = None) -> list[Message]:
        """Set the safety intent of each message the triage flags; clear an unbacked one."""
        previous, previous_action = _previous_message(tracker)
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            triage = self._triager.triage(text, previous, previous_action)
            _apply(message, triage)
        return messages


def _apply(message: Message, triage: Triage) -> None:
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in SAFETY_INTENTS]
    name = _INTENT_FOR.get(triage.action)
    if triage.action == ALARM and triage.level == "crisis":
        name = CRISIS_INTENT
    if name is None:
        intent = message.get(INTENT) or {}
        if intent.get("name") in SAFETY_INTENTS:  # the topic classifier alone: not enough
            message.set(INTENT, ranking[0] if ranking else {"name": None, "confidence": 0.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return
    intent = {"name": name, "confidence": 1.0}
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
    # An alarm names its level; a screening question or check-in names the level it asks about.
    entity = LEVEL_ENTITY if triage.action == ALARM else SCREEN_ENTITY
    found = [{"entity": entity, "value": triage.level, "extractor": EXTRACTOR}]
    if triage.with_crisis:
        found.append({"entity": CRISIS_LINE_ENTITY, "value": "crisis", "extractor": EXTRACTOR})
    if triage.answer_too:
        found.append({"entity": ANSWER_TOO_ENTITY, "value": "yes", "extractor": EXTRACTOR})
    message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)


def ordinary_messages(training_data: TrainingData) -> list[str]:
    """The topic intents' training examples that the rules leave alone: 'none' examples for the classifier."""
    detector = get_detector()
    texts = (m.get(TEXT) for m in training_data.intent_examples if m.get(INTENT) not in SAFETY_INTENTS)
    return [t for t in texts if isinstance(t, str) and t.strip() and detector.detect(t) is None]


def _previous_message(tracker: DialogueStateTracker | None) -> tuple[str, str]:
    """The patient's previous message in this conversation, and what the triage did with it.

    ALARM, SCREEN (a screening question: the patient may be answering it), CHECK_IN (a check-in,
    whose entity names the crisis level) or NO_ACTION.
    """
    if tracker is None:
        return "", NO_ACTION
    latest = tracker.latest_message
    text = latest.text if latest is not None else None
    if not isinstance(text, str) or not text or text.startswith("/"):
        return "", NO_ACTION
    ours = {e.get("entity"): e.get("value") for e in (latest.entities or []) if e.get("extractor") == EXTRACTOR}
    if LEVEL_ENTITY in ours:
        return text, ALARM
    if SCREEN_ENTITY in ours:
        return text, CHECK_IN if ours[SCREEN_ENTITY] == "crisis" else SCREEN
    return text, NO_ACTION


def _normaliser() -> Any:
    """The rules' text normaliser (lower case, spelling), so both read text the same way."""
    return get_detector().normalise

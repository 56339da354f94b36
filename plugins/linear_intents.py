"""NLU component: the topic intents from a linear intent model (bot/understanding/intent_model.py).

It sits before the FallbackClassifier, so the fallback's thresholds judge its confidences. With
`weight` below 1 it mixes its probabilities with the ranking of a classifier placed before it
(DIETClassifier, say): session 11 measured DIET at 0.3 and this model at 0.7 against this model
alone and found the same answers within 0.4 points, so config.yml uses it alone.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.understanding.intent_model import IntentModel, IntentModelSettings, blend
from plugins.components import StoredComponent

logger = logging.getLogger(__name__)

WEIGHT_KEY = "weight"
C_KEY = "c"
TEMPERATURE_KEY = "temperature"
RANKING_LENGTH_KEY = "ranking_length"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(StoredComponent):
    """Sets each message's intent and ranking from the linear model (mixed with any ranking before it)."""

    STORED = "intent model"
    WITHOUT_IT = "the intents of the classifier before it are kept"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The linear model alone (weight 1); a lower weight mixes in the ranking before it."""
        defaults = IntentModelSettings()
        return {
            WEIGHT_KEY: 1.0,
            C_KEY: defaults.c,
            TEMPERATURE_KEY: defaults.temperature,
            RANKING_LENGTH_KEY: 10,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage | None,
        resource: Resource | None,
        model: IntentModel | None = None,
    ) -> None:
        """Keep the configuration, the storage it trains into and, once trained or loaded, the model."""
        self._weight = float(config[WEIGHT_KEY])
        if not 0.0 <= self._weight <= 1.0:
            raise ValueError(f"{WEIGHT_KEY} must be between 0 and 1, not {self._weight}")
        self._settings = IntentModelSettings(c=float(config[C_KEY]), temperature=float(config[TEMPERATURE_KEY]))
        self._length = int(config[RANKING_LENGTH_KEY])
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def _build(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, stored: Any
    ) -> LinearIntentClassifier:
        """Untrained (None), or with the stored model."""
        return cls(config, model_storage, resource, stored)

    @classmethod
    def _read(cls, directory: Path) -> Any:
        """The stored intent model."""
        return IntentModel.load(directory)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the model on the intent examples and store it in the model."""
        examples = [e for e in training_data.intent_examples if isinstance(e.get(TEXT), str)]
        texts = [e.get(TEXT) for e in examples]
        intents = [e.get(INTENT) for e in examples]
        self._model = IntentModel.train(texts, intents, self._settings)
        logger.info("intent model trained on %s messages, %s intents", len(texts), len(set(intents)))
        return self._write(self._model.save)

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace each message's intent and ranking with the model's (mixed) ranking."""
        model = self._model
        if model is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            # Every text gets an intent, "/intent" button payloads too (Rasa's RegexMessageHandler
            # replaces it at the end of the graph): the FallbackClassifier after this needs one.
            try:
                own = model.probabilities(text)
            except Exception:  # never take the conversation down: no intent, so the fallback asks
                logger.exception("intent model failed; the message falls back")
                if message.get(INTENT) is None:
                    message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                    message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            self._set_ranking(message, own)
        return messages

    def _set_ranking(self, message: Message, own: dict[str, float]) -> None:
        before = [
            (str(r[INTENT_NAME_KEY]), float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get(INTENT_NAME_KEY)
        ]
        weight = self._weight if before else 1.0
        ranking = [
            {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
            for name, confidence in blend(own, before, weight, self._length)
        ]
        message.set(INTENT, dict(ranking[0]), add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

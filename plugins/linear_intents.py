"""NLU component: the topic intents from a linear intent model (bot/understanding/intent_model.py).

It is the pipeline's only topic classifier and sits before the FallbackClassifier, so the
fallback's thresholds judge its confidences. Session 11 also measured it mixed with DIET (0.7 /
0.3): the same answers within 0.4 points, so it runs alone.
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

from bot.understanding.asked_question import reading_of_the_question
from bot.understanding.intent_model import IntentModel, IntentModelSettings
from plugins.components import StoredComponent

logger = logging.getLogger(__name__)

C_KEY = "c"
TEMPERATURE_KEY = "temperature"
RANKING_LENGTH_KEY = "ranking_length"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(StoredComponent):
    """Sets each message's intent and ranking from the linear model."""

    STORED = "intent model"
    WITHOUT_IT = "messages get no intent until the model is trained"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The SVM's regularisation, the softmax temperature and how many intents the ranking lists."""
        defaults = IntentModelSettings()
        return {
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
        """Set each message's intent and ranking from the model.

        Every text gets an intent, "/intent" button payloads too (Rasa's RegexMessageHandler
        replaces it at the end of the graph): the FallbackClassifier after this needs one. Without a
        model, or if it fails, a message with no intent gets a zero-confidence one, so it falls back.
        """
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            own = self._probabilities(text)
            if own is None:
                if message.get(INTENT) is None:
                    message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                    message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            likeliest = sorted(own.items(), key=lambda item: (-item[1], item[0]))[: self._length]
            ranking = [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: p} for name, p in likeliest]
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def _probabilities(self, text: str) -> dict[str, float] | None:
        if self._model is None:
            return None
        try:
            whole = self._model.probabilities(text)
            # An unsure off-topic reading of a long message with a sure question inside it.
            return reading_of_the_question(self._model.probabilities, text, whole) or whole
        except Exception:  # never take the conversation down: the message falls back instead
            logger.exception("intent model failed; the message falls back")
            return None

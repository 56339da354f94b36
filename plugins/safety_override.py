"""NLU component: when the red-flag or crisis detector fires, its intent wins over the classifier."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.detector import SafetyDetector
from bot.safety.replies import get_detector

CRISIS_INTENT = "express_crisis"
RED_FLAG_INTENT = "report_red_flag"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyOverride(GraphComponent):
    """Sets intent report_red_flag or express_crisis (confidence 1) and a safety_level entity.

    It sits last in the pipeline, after the FallbackClassifier, so it holds on every turn
    whatever the classifier thought; the classifier's ranking is kept below it.
    """

    def __init__(self, detector: SafetyDetector) -> None:
        """Keep the compiled detector."""
        self._detector = detector

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyOverride:
        """Compile the detector once, when the graph is built."""
        return cls(get_detector())

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn: the rules are reviewed content."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Override the intent of messages in which the detector finds a red flag or crisis."""
        for message in messages:
            text = message.get(TEXT)
            finding = self._detector.detect(text) if isinstance(text, str) else None
            if finding is None:
                continue
            name = CRISIS_INTENT if finding.level == "crisis" else RED_FLAG_INTENT
            intent = {"name": name, "confidence": 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
            level = {"entity": "safety_level", "value": finding.level, "extractor": "SafetyOverride"}
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), level], add_to_output=True)
        return messages

"""NLU component that finds conditions, treatments and studies using the reviewed lexicon."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.lexicon import Lexicon
from bot.knowledge.loader import load_lexicon
from plugins.components import PipelineComponent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LexiconEntityExtractor(PipelineComponent, EntityExtractorMixin):
    """Adds entities whose canonical values come from bot/content/lexicon.yml."""

    def __init__(self, config: dict[str, Any], lexicon: Lexicon) -> None:
        """Keep the compiled lexicon."""
        self._config = config
        self._lexicon = lexicon

    @classmethod
    def _build(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, stored: Any
    ) -> LexiconEntityExtractor:
        """Load the lexicon once, when the graph is built (nothing to learn: it is reviewed content)."""
        return cls(config, load_lexicon())

    def process(self, messages: list[Message]) -> list[Message]:
        """Append lexicon entities to each message."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text:
                continue
            found = [
                {
                    "entity": match.entity,
                    "value": match.value,
                    "start": match.start,
                    "end": match.end,
                    "confidence_entity": 1.0,
                }
                for match in self._lexicon.extract(text)
            ]
            entities = message.get(ENTITIES, []) + self.add_extractor_name(found)
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

"""NLU component: a message made mostly of words the bot was never trained on falls back."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

from bot.knowledge.loader import lexicon_fingerprint, load_lexicon
from bot.vocabulary import Vocabulary, only_filler, words_of
from plugins.components import StoredComponent
from plugins.safety_override import CRISIS_INTENT, RED_FLAG_INTENT

logger = logging.getLogger(__name__)

THRESHOLD_KEY = "threshold"
FILE_NAME = "vocabulary.json"
# A message that is one word this short ("x", "zz") is a word only if the training data knows it.
_SHORTEST_LONE_WORD = 3
# The classifier's safety intents are kept: a needless safety reply is the lesser harm.
_KEPT_INTENTS = frozenset({CRISIS_INTENT, RED_FLAG_INTENT})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnfamiliarWordsFallback(StoredComponent):
    """Predicts nlu_fallback when too few of a message's words are known from the training data.

    The classifier always picks some intent, even for "blorp fnargle zib"; this stops such guesses
    from reaching a patient as a medical answer. It sits after the FallbackClassifier and before
    the SafetyOverride, so red flags and crisis talk found by the detector still win; a crisis or
    red-flag intent from the classifier itself is never replaced.
    """

    STORED = "vocabulary"
    WITHOUT_IT = "the unfamiliar-word check is off"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Fall back when fewer than half of the words are familiar."""
        return {THRESHOLD_KEY: 0.5}

    @classmethod
    def required_components(cls) -> list[type]:
        """The word tokens come from the pipeline's tokenizer."""
        return [Tokenizer]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        """Keep the configuration and, once trained or loaded, the vocabulary."""
        self._threshold = float(config[THRESHOLD_KEY])
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary

    @classmethod
    def _build(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, stored: Any
    ) -> UnfamiliarWordsFallback:
        """Untrained (training builds the vocabulary), or with the stored vocabulary indexed for fast look-ups.

        With no stored vocabulary the unfamiliar-word check is off.
        """
        if stored is None:
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, Vocabulary(stored["words"], stored["whole_messages"]))

    @classmethod
    def _read(cls, directory: Path) -> Any:
        """The stored vocabulary's word lists."""
        return read_json_file(directory / FILE_NAME)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Retrain when the lexicon changes: its words count as familiar (Rasa does not see the file)."""
        return lexicon_fingerprint()

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the words of the training messages and of the reviewed lexicon, and persist them."""
        messages = [
            _message_words(example, example.get(TEXT))
            for example in training_data.training_examples
            if isinstance(example.get(TEXT), str)
        ]
        lexicon = load_lexicon()
        lexicon_words = [
            word
            for values in lexicon.entries.values()
            for phrases in values.values()
            for phrase in phrases
            for word in words_of(phrase)
        ]
        self._vocabulary = Vocabulary.from_messages(messages, lexicon_words)
        self.persist()
        return self._resource

    def persist(self) -> None:
        """Write the vocabulary to the model storage."""
        vocabulary = self._vocabulary or Vocabulary(())
        stored = {"words": sorted(vocabulary.words), "whole_messages": sorted(vocabulary.whole_messages)}
        self._write(lambda directory: dump_obj_as_json_to_file(directory / FILE_NAME, stored))

    def process(self, messages: list[Message]) -> list[Message]:
        """Set intent nlu_fallback on messages the bot cannot have understood."""
        vocabulary = self._vocabulary
        if vocabulary is None:
            return messages
        for message in messages:
            try:
                confidence = self._fallback_confidence(message, vocabulary)
            except Exception:  # a guard must never take the conversation down
                logger.exception("unfamiliar-word check failed; the classifier's intent is kept")
                continue
            if confidence is not None:
                _set_fallback_intent(message, confidence)
        return messages

    def _fallback_confidence(self, message: Message, vocabulary: Vocabulary) -> float | None:
        """None if the message is understood, else the share of its words that are unfamiliar.

        That share becomes the confidence of nlu_fallback (1.0 for a lone letter such as "x"), also
        when the FallbackClassifier already chose nlu_fallback (at its threshold, 0.3): "did you mean"
        (actions/scope.py) offers guesses only under a low fallback confidence, and gibberish gets none.
        """
        text = message.get(TEXT)
        if not isinstance(text, str) or text.lstrip().startswith("/"):
            return None  # button payloads name their intent
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) in _KEPT_INTENTS:
            return None  # a safety intent that must not be lost
        words = _message_words(message, text)
        if only_filler(words):
            return 1.0  # "the", "the thing with the": nothing asked yet
        if len(words) == 1 and len(words[0]) < _SHORTEST_LONE_WORD:
            word = words[0]
            known = word in vocabulary.whole_messages or (len(word) > 1 and word in vocabulary.words)
            return None if known else 1.0
        familiarity = vocabulary.familiarity(words)
        if familiarity.share < self._threshold:
            return round(1.0 - familiarity.share, 3)
        return None


def _message_words(message: Message, text: str) -> list[str]:
    """The letter runs of the tokenizer's tokens (of the raw text when there are no tokens)."""
    tokens = message.get(TOKENS_NAMES[TEXT])
    if not tokens:
        return words_of(text)
    return [word for token in tokens for word in words_of(token.text)]


def _set_fallback_intent(message: Message, confidence: float) -> None:
    """Put nlu_fallback on top, as Rasa's FallbackClassifier does; the classifier's ranking stays below.

    A fallback already on top (the FallbackClassifier's) keeps its place, with the higher of the two confidences.
    """
    ranking = message.data.setdefault(INTENT_RANKING_KEY, [])
    current = message.get(INTENT) or {}
    if current.get(INTENT_NAME_KEY) == DEFAULT_NLU_FALLBACK_INTENT_NAME:
        confidence = max(confidence, float(current.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
        if ranking and ranking[0].get(INTENT_NAME_KEY) == DEFAULT_NLU_FALLBACK_INTENT_NAME:
            ranking.pop(0)
    fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: confidence}
    message.data[INTENT] = fallback
    ranking.insert(0, dict(fallback))

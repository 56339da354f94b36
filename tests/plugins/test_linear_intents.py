"""The linear intent component trains into the model storage and sets every message's intent and ranking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from plugins.linear_intents import LinearIntentClassifier
from tests.bot.understanding.support import EXAMPLES

CONTEXT = ExecutionContext(GraphSchema({}), "test")


def training_data() -> TrainingData:
    return TrainingData(
        [Message(data={"text": text, "intent": intent}) for intent, texts in EXAMPLES.items() for text in texts]
    )


def parsed(text: str, ranking: list[tuple[str, float]]) -> Message:
    message = Message(data={"text": text})
    if ranking:
        message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]}, add_to_output=True)
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
    return message


def component(tmp_path: Path, **config: Any) -> tuple[LinearIntentClassifier, LocalModelStorage, Resource]:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear_intents")
    settings = {**LinearIntentClassifier.get_default_config(), **config}
    return LinearIntentClassifier.create(settings, storage, resource, CONTEXT), storage, resource


def test_untrained_it_keeps_an_intent_already_set_and_otherwise_falls_back(tmp_path: Path) -> None:
    classifier, _, _ = component(tmp_path)
    (message,) = classifier.process([parsed("is tramadol addictive", [("ask_sleep", 0.8)])])
    assert message.get("intent")["name"] == "ask_sleep"
    (bare,) = classifier.process([Message(data={"text": "is tramadol addictive"})])
    assert bare.get("intent") == {"name": None, "confidence": 0.0}


def test_trained_it_sets_the_ranking_and_the_loaded_copy_agrees(tmp_path: Path) -> None:
    classifier, storage, resource = component(tmp_path)
    classifier.train(training_data())
    (message,) = classifier.process([parsed("is tramadol addictive", [("ask_sleep", 1.0)])])
    assert message.get("intent")["name"] == "ask_opioids"
    ranking = message.get("intent_ranking")
    assert [r["name"] for r in ranking][:1] == ["ask_opioids"]
    assert "ask_sleep" in [r["name"] for r in ranking]  # scored by the model itself
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
    loaded = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage, resource, CONTEXT)
    (again,) = loaded.process([parsed("is tramadol addictive", [])])
    again_ranking = again.get("intent_ranking")
    assert [r["name"] for r in again_ranking] == [r["name"] for r in ranking]
    assert [r["confidence"] for r in again_ranking] == pytest.approx([r["confidence"] for r in ranking])


def test_the_ranking_lists_at_most_ranking_length_intents(tmp_path: Path) -> None:
    classifier, _, _ = component(tmp_path, ranking_length=2)
    classifier.train(training_data())
    (message,) = classifier.process([parsed("is tramadol addictive", [])])
    assert len(message.get("intent_ranking")) == 2


def test_every_text_gets_an_intent_button_payloads_and_empty_text_too(tmp_path: Path) -> None:
    # The FallbackClassifier after it needs an intent on every message; Rasa's RegexMessageHandler
    # replaces a button payload's at the end of the graph.
    classifier, _, _ = component(tmp_path)
    classifier.train(training_data())
    button, empty, alone = classifier.process([parsed("/ask_sleep", []), parsed("  ", []), parsed("codeine?", [])])
    for message in (button, empty, alone):
        assert message.get("intent")["name"] in EXAMPLES
        assert 0.0 <= message.get("intent")["confidence"] <= 1.0
    assert alone.get("intent")["name"] == "ask_opioids"


def test_a_failing_model_leaves_an_intent_the_fallback_can_judge(tmp_path: Path) -> None:
    class Broken:
        def probabilities(self, text: str) -> dict[str, float]:
            raise RuntimeError("broken")

    classifier = LinearIntentClassifier(LinearIntentClassifier.get_default_config(), None, None, Broken())  # type: ignore[arg-type]
    (message,) = classifier.process([Message(data={"text": "hello"})])
    assert message.get("intent") == {"name": None, "confidence": 0.0}
    assert message.get("intent_ranking") == []

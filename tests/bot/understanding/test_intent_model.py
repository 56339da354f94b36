"""The linear intent model learns from examples, gives probabilities and survives a save."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.understanding.intent_model import MODEL_FILE, IntentModel, IntentModelSettings
from tests.bot.understanding.support import EXAMPLES, INTENTS, TEXTS


@pytest.fixture(scope="module")
def model() -> IntentModel:
    # Three examples an intent: every character n-gram counts (the bot's data drops those seen once).
    return IntentModel.train(TEXTS, INTENTS, IntentModelSettings(min_char_df=1))


def test_probabilities_cover_every_intent_and_add_up_to_one(model: IntentModel) -> None:
    probabilities = model.probabilities("anything at all")
    assert set(probabilities) == set(EXAMPLES)
    assert sum(probabilities.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("which matress for a sore back", "ask_sleep"),  # misspelt: character n-grams still match
        ("tramadoll and codine, are they ok", "ask_opioids"),
        ("good strecthes for my lower back?", "ask_exercise"),
    ],
)
def test_unseen_wordings_get_their_intent(model: IntentModel, text: str, intent: str) -> None:
    probabilities = model.probabilities(text)
    assert max(probabilities, key=probabilities.__getitem__) == intent


@pytest.mark.parametrize("text", ["which matress for a sore back", "", "zzzz qqqq", "codeine codeine codeine?"])
def test_the_fast_scorer_gives_scikit_learns_scores(model: IntentModel, text: str) -> None:
    expected = model._pipeline.decision_function([text])[0]
    assert model._scorer.scores(text) == pytest.approx([float(v) for v in expected])


def test_two_intents_work_too() -> None:
    binary = IntentModel.train(TEXTS[:6], INTENTS[:6], IntentModelSettings(min_char_df=1))
    probabilities = binary.probabilities("is codeine addictive")
    assert max(probabilities, key=probabilities.__getitem__) == "ask_opioids"
    score = float(binary._pipeline.decision_function(["x"])[0])
    assert binary._scorer.scores("x") == pytest.approx([-score, score])


def test_a_lower_temperature_makes_the_model_surer() -> None:
    cool = IntentModel.train(TEXTS, INTENTS, IntentModelSettings(temperature=0.05))
    warm = IntentModel.train(TEXTS, INTENTS, IntentModelSettings(temperature=1.0))
    text = "is tramadol addictive"
    assert max(cool.probabilities(text).values()) > max(warm.probabilities(text).values())


def test_saved_model_loads_with_the_same_scores(model: IntentModel, tmp_path: Path) -> None:
    model.save(tmp_path)
    loaded = IntentModel.load(tmp_path)
    assert loaded.probabilities("sleeping on my side") == pytest.approx(model.probabilities("sleeping on my side"))


def test_a_file_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    import pickle

    (tmp_path / MODEL_FILE).write_bytes(pickle.dumps({"format": 0}))
    with pytest.raises(ValueError, match="not an intent model"):
        IntentModel.load(tmp_path)


def test_training_needs_two_intents_and_one_label_per_text() -> None:
    with pytest.raises(ValueError, match="two intents"):
        IntentModel.train(["a", "b"], ["x", "x"])
    with pytest.raises(ValueError, match="one intent per"):
        IntentModel.train(["a", "b"], ["x"])

"""The unfamiliar-word guard sends gibberish to the fallback and leaves patients' real questions alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import (
    FallbackClassifier,
    is_fallback_classifier_prediction,
    undo_fallback_prediction,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.replies import get_detector
from plugins.follow_up_context import FollowUpContext
from plugins.lexicon_extractor import LexiconEntityExtractor
from plugins.safety_override import SafetyOverride
from plugins.unfamiliar_words import UnfamiliarWordsFallback

ROOT = Path(__file__).resolve().parents[2]
NAME = "plugins.unfamiliar_words.UnfamiliarWordsFallback"
TOKENIZER = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
CONTEXT = ExecutionContext(GraphSchema({}), "test")

# Written for this test, not taken from the held-out set. In config.yml: how many of these are caught.
# Session 15: keyboard mashing is no longer trained as out_of_scope ("asdfgh" gets "please
# rephrase", not the scope reply), so "hjkl hjkl", "mnbvcxz lkjh" and "aaaaaaaaaa" are caught.
GIBBERISH = [
    "blorp fnargle zib", "x", "qwzx plmok vvv", "zxcvbnm",
    "fjdksla fjdksla", "gggg hhhh", "q", "zz", "wxyz qrst", "pfft grmbl", "oiuytr ewq",
    "kdkdkd", "ijijij ojoj", "bnmbnm,./", "yyyyyy", "dfgdfg sdfsdf", "vbn vbn vbn", "flibbertigibbet wibble",
    "snargle blarf", "glorp zibble fnord", "k", ";lkj ;lkj", "zzzzzzzz", "brrrrr mmmm", "ksksksks",
    "hdhdhdh jdjdjd", "wo ist die nächste apotheke", "hjkl hjkl", "mnbvcxz lkjh", "aaaaaaaaaa",
    "я не понимаю", "ألم في أسفل الظهر", "腰痛がひどいです", "कमर में दर्द है",
]
# Known misses: "hjkl" and "lkjh(g)" are out_of_scope training examples (the classifier answers those
# with the scope reply anyway); "zork" is one typo from "work"; "doet" and "pijn" pass for "does"/"pain".
# Session 9: "ich habe rückenschmerzen seit einer woche" passes since the training data has "miner"
# (one letter from "einer"), beside "have" and "sit" for "habe" and "seit".
# Session 12: the training data now holds patients' own messages that mix Spanish, Portuguese,
# French, Italian and Hindi words into English (the spent answer sets, closings in many languages,
# round-9 data), so these share enough words with it to pass to the classifier; "aaaaaaaaaa" is
# near "aaaaaaa" and "aa".
# Session 13: with the round-10 to round-13 data (learners of English, French-Canadians) the French
# "j'ai mal au dos depuis trois jours" passes too.
# Session 16: "lorem ipsum dolor sit amet" passes: beside "dolor" (Spanish for pain, in patients'
# mixed-language messages) and "sit", the round-18/19 data made "amet" a close misspelling of a
# known word (3 of 5 familiar).
# Session 20: "asdf jkl" passes: a patient's message in round 14 (spent as training data) names Asda,
# the supermarket, one letter from "asdf" (1 of 2 familiar).
MISSED = [
    "asdf jkl",
    "lorem ipsum dolor sit amet", "xkcd zork", "mijn rug doet pijn", "ich habe rückenschmerzen seit einer woche",
    "me duele mucho la espalda", "tengo dolor de espalda baja", "où est la pharmacie",
    "dor nas costas o que fazer", "¿dónde está la clínica más cercana?", "ho mal di schiena da ieri",
    "j'ai mal au dos depuis trois jours",
]
REAL = [
    "wat is sciatca",
    "are stemcells safe for a herniatd disc",
    "is physio therapy better than surgery",
    "my lower bak hurts wen i bend",
    "ok", "no", "yes", "hi", "ty", "thx", "bmac?",
    "what are the risks of stem cell injections in my spine",
    "L4-L5 bulge, 3 months, is BMAC worth it??",
]


def parsed(text: Any, intent: str = "ask_medications", confidence: float = 0.31) -> Message:
    """A message as the pipeline hands it over after the classifier: tokens, intent and ranking."""
    message = Message(data={"text": text})
    if isinstance(text, str):
        TOKENIZER.process([message])
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    ranking = [{"name": intent, "confidence": confidence}, {"name": "ask_imaging", "confidence": 0.2}]
    message.set("intent_ranking", ranking, add_to_output=True)
    message.set("entities", [], add_to_output=True)
    return message


def trained(
    tmp_path: Path, data: TrainingData, threshold: float = 0.5, resource: str = "guard"
) -> UnfamiliarWordsFallback:
    TOKENIZER.process_training_data(data)
    storage = LocalModelStorage(tmp_path)
    component = UnfamiliarWordsFallback.create({"threshold": threshold}, storage, Resource(resource), CONTEXT)
    component.train(data)
    return component


def intent_of(component: UnfamiliarWordsFallback, text: Any) -> str:
    (message,) = component.process([parsed(text)])
    return message.get("intent")["name"]


@pytest.fixture(scope="module")
def guard(tmp_path_factory: pytest.TempPathFactory) -> UnfamiliarWordsFallback:
    """Trained on the bot's real training data, with the threshold of config.yml."""
    return trained(tmp_path_factory.mktemp("guard"), load_data(str(ROOT / "data" / "nlu")), config_threshold())


def config_threshold() -> float:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    return next(float(item["threshold"]) for item in pipeline if item["name"] == NAME)


@pytest.mark.parametrize("text", GIBBERISH)
def test_gibberish_falls_back(guard: UnfamiliarWordsFallback, text: str):
    assert intent_of(guard, text) == "nlu_fallback"


@pytest.mark.parametrize("text", REAL)
def test_real_messages_with_typos_and_short_replies_keep_their_intent(guard: UnfamiliarWordsFallback, text: str):
    assert intent_of(guard, text) == "ask_medications"


@pytest.mark.parametrize("text", MISSED)
def test_known_misses_stay_known(guard: UnfamiliarWordsFallback, text: str):
    # If one of these starts falling back, move it to GIBBERISH and update the figures in config.yml.
    assert intent_of(guard, text) == "ask_medications"


@pytest.mark.parametrize("text", ["the", "the thing with the", "erm", "um the"])
def test_a_message_of_filler_words_only_falls_back(guard: UnfamiliarWordsFallback, text: str):
    assert intent_of(guard, text) == "nlu_fallback"


@pytest.mark.parametrize("text", ["and?", "the risks", "the one with the cells", "hmm"])
def test_a_filler_word_beside_a_word_that_asks_keeps_its_intent(guard: UnfamiliarWordsFallback, text: str):
    assert intent_of(guard, text) == "ask_medications"


def test_fallback_goes_on_top_as_the_fallback_classifier_puts_it(guard: UnfamiliarWordsFallback):
    (message,) = guard.process([parsed("blorp fnargle zib")])
    fallback = {"name": "nlu_fallback", "confidence": 1.0}
    assert message.get("intent") == fallback
    assert [r["name"] for r in message.get("intent_ranking")] == ["nlu_fallback", "ask_medications", "ask_imaging"]
    # Rasa's own helpers recognise it and can undo it (rasa test nlu does).
    assert is_fallback_classifier_prediction(message.as_dict())
    undone = undo_fallback_prediction(message.as_dict())
    assert undone["intent"]["name"] == "ask_medications"


def test_half_familiar_message_keeps_its_intent_and_a_mostly_unknown_one_falls_back(guard: UnfamiliarWordsFallback):
    assert intent_of(guard, "what is blorp") == "ask_medications"
    assert intent_of(guard, "blorp fnargle zib pain") == "nlu_fallback"


@pytest.mark.parametrize("text", ['/ask_more{"topic":"bmac"}', "/greet", " /feedback_unhelpful", "/qwzx"])
def test_button_payloads_are_left_alone(guard: UnfamiliarWordsFallback, text: str):
    assert intent_of(guard, text) == "ask_medications"


def test_a_message_the_fallback_classifier_already_caught_is_not_caught_twice(guard: UnfamiliarWordsFallback):
    message = parsed("blorp fnargle zib", "nlu_fallback", 0.3)
    (message,) = guard.process([message])
    assert [r["name"] for r in message.get("intent_ranking")] == ["nlu_fallback", "ask_imaging"]
    # but with the guard's confidence (all words unknown), so "did you mean" offers no guesses for gibberish
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert message.get("intent_ranking")[0] == {"name": "nlu_fallback", "confidence": 1.0}


def test_a_familiar_message_the_fallback_classifier_caught_keeps_its_confidence(guard: UnfamiliarWordsFallback):
    (message,) = guard.process([parsed("what is pain", "nlu_fallback", 0.3)])
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 0.3}


@pytest.mark.parametrize(
    "text",
    [
        *["", "   ", "😀😀😀", "👍", "12345", "?!", "\u200f\u202e", None, 42],
        *["قلبي ينبض بسرعة " * 60, "x" * 1000, "sciatica " * 125],
    ],
)
def test_odd_input_never_raises(guard: UnfamiliarWordsFallback, text: Any):
    (message,) = guard.process([parsed(text)])
    assert message.get("intent")["name"] in {"ask_medications", "nlu_fallback"}


def test_messages_without_words_keep_their_intent(guard: UnfamiliarWordsFallback):
    for text in ("", "😀😀😀", "12345", "?!"):
        assert intent_of(guard, text) == "ask_medications", text


@pytest.mark.parametrize("intent", ["express_crisis", "report_red_flag"])
def test_a_safety_intent_from_the_classifier_is_never_replaced(guard: UnfamiliarWordsFallback, intent: str):
    (message,) = guard.process([parsed("wo ist die nächste apotheke", intent, 0.85)])
    assert message.get("intent")["name"] == intent


def test_a_message_without_an_intent_or_tokens_still_gets_one(guard: UnfamiliarWordsFallback):
    message = Message(data={"text": "blorp fnargle zib"})
    (message,) = guard.process([message])
    assert message.get("intent")["name"] == "nlu_fallback"


def small_data() -> TrainingData:
    return TrainingData(
        [
            Message(data={"text": "what is sciatica", "intent": "ask_sciatica"}),
            Message(data={"text": "are stem cells safe", "intent": "ask_stem_cell_risks"}),
            Message(data={"text": "ty", "intent": "thanks"}),
        ]
    )


def test_training_learns_the_words_of_the_examples_and_of_the_lexicon(tmp_path: Path):
    component = trained(tmp_path, small_data())
    assert intent_of(component, "what is sciatca") == "ask_medications"
    assert intent_of(component, "ty") == "ask_medications"
    # "bone marrow aspirate concentrate" is only in bot/content/lexicon.yml
    assert intent_of(component, "bone marrow aspirate concentrate") == "ask_medications"
    assert intent_of(component, "how much does it cost") == "nlu_fallback"


def test_persisted_and_loaded_component_decides_the_same(tmp_path: Path):
    component = trained(tmp_path, small_data())
    loaded = UnfamiliarWordsFallback.load(
        {"threshold": 0.5}, LocalModelStorage(tmp_path), Resource("guard"), CONTEXT
    )
    for text in [*GIBBERISH, *REAL, *MISSED, "what is sciatca", "bone marrow", ""]:
        assert intent_of(loaded, text) == intent_of(component, text), text


def test_a_missing_resource_turns_the_check_off_instead_of_failing(tmp_path: Path):
    loaded = UnfamiliarWordsFallback.load(
        {"threshold": 0.5}, LocalModelStorage(tmp_path), Resource("nothing"), CONTEXT
    )
    assert intent_of(loaded, "blorp fnargle zib") == "ask_medications"


def test_the_threshold_is_configurable(tmp_path: Path):
    data = small_data()
    lenient = trained(tmp_path, data, threshold=0.3, resource="lenient")
    strict = trained(tmp_path, data, threshold=0.8, resource="strict")
    assert intent_of(lenient, "what is blorp fnargle") == "ask_medications"  # 2 of 4 familiar
    assert intent_of(strict, "what is blorp fnargle") == "nlu_fallback"


def test_in_the_pipeline_order_of_config_yml_a_red_flag_still_wins(guard: UnfamiliarWordsFallback):
    pipeline = [item["name"] for item in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]]
    assert pipeline.index("FallbackClassifier") < pipeline.index(NAME) < pipeline.index(
        "plugins.safety_override.SafetyOverride"
    )
    after_classifier: dict[str, Any] = {
        "plugins.lexicon_extractor.LexiconEntityExtractor": LexiconEntityExtractor.create(
            {}, None, None, CONTEXT  # type: ignore[arg-type]
        ),
        "FallbackClassifier": FallbackClassifier({"threshold": 0.3, "ambiguity_threshold": 0.05}),
        NAME: guard,
        "plugins.follow_up_context.FollowUpContext": FollowUpContext(),
        "plugins.safety_override.SafetyOverride": SafetyOverride(get_detector()),
    }
    classifier = pipeline.index("plugins.linear_intents.LinearIntentClassifier")
    components = [after_classifier[name] for name in pipeline[classifier + 1 :]]
    # Mostly words the bot never saw, but a bladder/leg-weakness red flag in the middle.
    text = "qwzx plmok blorp fnargle zib vvv grmbl, wet myself, legs weak"
    assert intent_of(guard, text) == "nlu_fallback"
    messages = [parsed(text, "ask_medications", 0.9)]
    for component in components:
        messages = component.process(messages)
    (message,) = messages
    assert message.get("intent") == {"name": "report_red_flag", "confidence": 1.0}
    assert message.get("intent_ranking")[1]["name"] == "nlu_fallback"

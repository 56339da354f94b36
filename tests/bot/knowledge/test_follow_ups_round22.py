"""Session 22's readings: a treatment asked about after a condition is told, two medicines weighed,
the operation for a condition a treatment answer was read for, stem cells after such an answer."""

from __future__ import annotations

import pytest

from bot.knowledge import get_knowledge_base
from bot.knowledge.follow_ups import treatment_asked_for_condition
from bot.knowledge.resolver import resolve_topic
from tests.bot.knowledge.support import lexicon_entities

KB = get_knowledge_base()



def _entities(text: str) -> dict[str, list[str]]:
    return lexicon_entities(KB, text)


def _resolve(intent: str, text: str, last_topic: str | None = None, last_condition: str | None = None):
    return resolve_topic(KB, intent, _entities(text), last_topic, None, text, last_condition)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I got a slipped disc and pain down my leg, which medicine is good", "medicines"),
        ("my mum has a slipped disc. Would physio help her?", "exercise_physio"),
        ("herniated disc at L5, is an epidural worth it?", "injections"),
    ],
)
def test_a_treatment_asked_after_the_condition_is_told(text, expected):
    resolution = _resolve("ask_herniated_disc", text)
    assert resolution.topic.id == expected
    assert resolution.for_condition is KB.topics["herniated_disc"]


@pytest.mark.parametrize(
    "text",
    [
        "what is a slipped disc and which medicine helps",  # one part: the condition is asked about too
        "slipped disc: will it go back in by itself or will I need surgery?",  # either the condition or the operation
        "I had surgery for a slipped disc years ago. What is a slipped disc exactly?",  # treatment named before
        "slipped disc, physio or tablets, which is better?",  # two treatments
    ],
)
def test_the_condition_stays_when_it_is_asked_about(text):
    topic = KB.topics["herniated_disc"]
    assert treatment_asked_for_condition(KB, topic, text, _entities(text)) is None


def test_two_medicines_weighed_get_the_medicines_answer():
    assert _resolve("ask_medicines", "ibuprofen or paracetamol for my back, which is better").topic.id == "medicines"
    assert _resolve("ask_medicines", "is ibuprofen ok for my back").topic.id != "medicines"


def test_surgery_after_how_long_sciatica_lasts_is_the_operation_for_sciatica():
    resolution = _resolve("ask_surgery", "will surgery fix it faster", "sciatica_course", "sciatica_course")
    assert resolution.topic.id == "discectomy"


@pytest.mark.parametrize("intent", ["ask_surgery", "ask_spinal_fusion"])
def test_and_surgery_after_physio_for_stenosis_is_the_operation_for_stenosis(intent):
    resolution = _resolve(intent, "and surgery?", "exercise_physio", "spinal_stenosis")
    assert resolution.topic.id == "discectomy"
    assert resolution.for_condition is KB.topics["spinal_stenosis"]


def test_surgery_asked_in_general_after_a_medicine_stays_surgery():
    resolution = _resolve("ask_surgery", "what is back surgery like in general?", "nsaids", "herniated_disc")
    assert resolution.topic.id == "surgery"
    assert resolution.for_condition is None


@pytest.mark.parametrize(
    ("text", "last_topic", "condition"),
    [
        ("would stem cells speed it up", "exercise_getting_started", "herniated_disc"),
        ("what about stem cells for that", "discectomy", "spinal_stenosis"),
    ],
)
def test_stem_cells_after_a_treatment_read_for_a_condition_keep_the_condition(text, last_topic, condition):
    resolution = _resolve("ask_stem_cell_evidence", text, last_topic, condition)
    assert resolution.topic.id == "stem_cell_human_studies"
    assert resolution.condition is KB.topics[condition]


def test_a_back_brace_asked_after_a_condition_answer_is_read_for_it():
    resolution = _resolve("ask_back_braces", "what about wearing a back brace", "staying_active", "muscle_strain")
    assert resolution.for_condition is KB.topics["muscle_strain"]
    resolution = _resolve("ask_back_braces", "is a brace good for back pain", "staying_active", "muscle_strain")
    assert resolution.for_condition is None


def test_mood_tablets_for_pain_are_antidepressants():
    text = "ok and what about these tablets for mood they use for pain"
    assert _resolve("ask_medicines", text, "psychological_therapy").topic.id == "antidepressants_for_pain"


def test_a_short_follow_up_the_classifier_is_unsure_of_stays_on_the_last_answer():
    text = "what happens in a session"
    resolution = resolve_topic(KB, "ask_herniated_disc", {}, "psychological_therapy", None, text, confidence=0.33)
    assert resolution.topic.id == "psychological_therapy"
    # sure of it, or naming a subject, or long: the classifier's reading stands
    sure = resolve_topic(KB, "ask_herniated_disc", {}, "psychological_therapy", None, text)
    assert sure.topic.id == "herniated_disc"
    named = "what is a slipped disc"
    assert resolve_topic(
        KB, "ask_herniated_disc", _entities(named), "psychological_therapy", None, named, confidence=0.33
    ).topic.id != "psychological_therapy"
    long = "my brother had a session last year with a man who said his disc was out, what happens there"
    told = resolve_topic(KB, "ask_herniated_disc", {}, "psychological_therapy", None, long, confidence=0.33)
    assert told.topic.id == "herniated_disc"


@pytest.mark.parametrize(
    ("text", "last_topic"),
    [("will she have to wear a brace", "scoliosis"), ("do kids with scoliosis need a back brace?", None)],
)
def test_a_brace_for_scoliosis_gets_the_scoliosis_answer(text, last_topic):
    resolution = _resolve("ask_back_braces", text, last_topic, last_topic)
    assert resolution.topic.id == "scoliosis"
    assert resolution.with_detail


def test_covers_treatments_names_lexicon_treatments_of_condition_topics():
    for topic in KB.topics.values():
        assert not topic.covers_treatments or topic.family == "condition"
        assert set(topic.covers_treatments) <= set(KB.lexicon.values("treatment"))

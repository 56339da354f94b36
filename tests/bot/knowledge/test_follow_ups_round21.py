"""Session 21's follow-up predicates: a short why-question, a return for more, what stem cells are after a story."""

from __future__ import annotations

import pytest

from bot.knowledge import get_knowledge_base
from bot.knowledge.follow_ups import asks_if_it_works, asks_why_of_it, returns_for_more, the_other_of_two
from bot.knowledge.resolver import resolve_topic
from tests.bot.knowledge.support import lexicon_entities


@pytest.mark.parametrize(
    "text", ["why so expensive", "Why so expensive?", "ok but why?", "how come it costs that much", "wait why not"]
)
def test_a_short_why_question_asks_why_of_it(text):
    assert asks_why_of_it(text)


@pytest.mark.parametrize(
    "text",
    [
        "what does it cost",
        "why do stem cell clinics charge so much money when nothing is proven to work at all",
        "is it why my back hurts",
    ],
)
def test_other_questions_do_not_ask_why_of_it(text):
    assert not asks_why_of_it(text)


@pytest.mark.parametrize(
    "text",
    [
        "going back to the yoga thing, tell me more",
        "coming back to the injections - can you explain more",
        "back to the bone marrow one, more please",
    ],
)
def test_a_return_that_asks_for_more(text):
    assert returns_for_more(text)


@pytest.mark.parametrize(
    "text",
    ["going back to the injections, are they safe?", "tell me more", "I went back to work, tell me more about lifting"],
)
def test_other_messages_do_not_return_for_more(text):
    assert not returns_for_more(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My nephew says stem cells can fix my back. What are they in simple words? I'm 79.", "stem_cell_basics"),
        ("my aunt heard they mend discs, what is it in plain english", "stem_cell_basics"),
        ("what are stem cells and do they work for a bad back?", "stem_cell_human_studies"),
        ("can stem cells fix my back", "stem_cell_human_studies"),
    ],
)
def test_what_they_are_asked_after_a_story_of_what_they_do_stays_the_basics(text, expected):
    kb = get_knowledge_base()
    found = asks_if_it_works(kb, kb.topics["stem_cell_basics"], text)
    assert (found.id if found else "stem_cell_basics") == expected


def test_the_operation_for_a_slipped_disc_names_the_disc():
    kb = get_knowledge_base()
    text = "and if it doesn't go, what's the operation"
    resolution = resolve_topic(kb, "ask_surgery", {}, "herniated_disc", None, text)
    assert resolution is not None
    assert resolution.topic.id == "discectomy"
    assert resolution.for_condition is not None and resolution.for_condition.id == "herniated_disc"


def test_a_cheaper_country_after_the_cost_has_no_aspect_for_subject():
    kb = get_knowledge_base()
    text = "can I get it cheaper in Mexico"
    resolution = resolve_topic(kb, "ask_treatment_abroad", {}, "stem_cell_cost", None, text)
    assert resolution is not None
    assert resolution.topic.id == "treatment_abroad"
    assert resolution.subject is None


def test_the_risks_asked_in_full_after_treatment_abroad_are_the_risks_of_cell_therapy():
    kb = get_knowledge_base()
    text = "what are the risks of the cells"
    resolution = resolve_topic(kb, "ask_stem_cell_risks", {}, "treatment_abroad", None, text)
    assert resolution is not None
    assert resolution.topic.id == "stem_cell_risks"


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        ("ask_discectomy", "My surgeon says a fusion or a discectomy. What happens in the fusion one?",
         "spinal_fusion"),
        ("ask_antidepressants_for_pain", "GP offered pregabalin or amitriptyline. Is the first one addictive?",
         "gabapentinoids"),
        ("ask_gabapentinoids", "GP offered pregabalin or amitriptyline. What about the second one?",
         "antidepressants_for_pain"),
        # both named in the question, or the question compares them: the classifier's reading stands
        ("ask_discectomy", "is a discectomy better than a fusion?", "discectomy"),
        ("ask_svf_fat_cells", "A clinic offers SVF from my belly fat. What is this exactly, and is it the same as the "
         "bone marrow one?", "svf_fat_cells"),
        # a kind of treatment ("this operation", "these tablets", "stem cells") is not a second option
        ("ask_discectomy", "The surgeon offered a microdiscectomy. What is this operation and how long is recovery?",
         "discectomy"),
        ("ask_nsaid_stomach", "I take Nurofen every day and have heartburn. How do these tablets affect the stomach?",
         "nsaid_stomach"),
        ("ask_bmac", "A clinic offers bone marrow aspirate concentrate. Is it real stem cells, what is it?", "bmac"),
    ],
)
def test_two_treatments_named_and_one_asked_about(intent, text, expected):
    kb = get_knowledge_base()
    resolution = resolve_topic(kb, intent, lexicon_entities(kb, text), None, None, text)
    assert resolution is not None
    assert resolution.topic.id == expected


@pytest.mark.parametrize(
    ("last", "previous_text", "text", "expected"),
    [
        ("spinal_fusion", "a fusion or a discectomy, what's the fusion one?", "and the other one?", "discectomy"),
        ("gabapentinoids", "pregabalin or amitriptyline? the first one please", "what about the other one",
         "antidepressants_for_pain"),
        # one treatment named before: nothing to choose between
        ("spinal_fusion", "what's a spinal fusion?", "and the other one?", None),
        # a longer question is not a bare pointer
        ("spinal_fusion", "a fusion or a discectomy?", "is the other one done under a general anaesthetic at my age",
         None),
    ],
)
def test_the_other_of_two_named_before(last, previous_text, text, expected):
    kb = get_knowledge_base()
    found = the_other_of_two(kb, kb.topics[last], previous_text, text)
    assert (found.id if found else None) == expected


def test_other_treatment_than_surgery_after_a_condition_is_the_treatments():
    kb = get_knowledge_base()
    entities = {"treatment": ["surgery"]}
    resolution = resolve_topic(kb, "ask_treatment_options", entities, "herniated_disc", None,
                               "Ok, what other treatment than surgery")
    assert resolution is not None
    assert resolution.topic.id == "treatment_overview"



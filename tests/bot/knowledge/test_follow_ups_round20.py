"""Session 20's follow-up rules: each reads a follow-up with the last answer, and leaves a case alone."""

from __future__ import annotations

import pytest

from bot.knowledge import get_knowledge_base
from bot.knowledge.follow_ups import (
    asks_about_another_place,
    condition_course_asked,
    context_topic,
    recurrence_after_operation,
    stays_on_study,
    therapy_harm_misheard,
)
from bot.knowledge.resolver import resolve_topic


@pytest.fixture(scope="module")
def kb():
    return get_knowledge_base()


@pytest.mark.parametrize("text", ["so does that mean it works in humans?", "ok but does it help people?",
                                  "is it effective in real patients"])
def test_whether_it_works_in_people_reaches_beyond_one_study(kb, text):
    assert not stays_on_study(kb.topics["study_chen_2015"], "ask_stem_cell_evidence", text)
    resolution = resolve_topic(kb, "ask_stem_cell_evidence", {}, "study_chen_2015", None, text)
    assert resolution is not None and resolution.topic.id == "stem_cell_human_studies"


@pytest.mark.parametrize(("intent", "text"), [
    ("ask_stem_cell_evidence", "was that in humans?"),
    ("ask_stem_cell_evidence", "was it done on mice?"),
    ("ask_stem_cell_lab_research", "did it help the mice in it?"),
])
def test_who_one_study_was_done_on_stays_on_that_study(kb, intent, text):
    assert stays_on_study(kb.topics["study_chen_2015"], intent, text)


@pytest.mark.parametrize("text", ["do they actually have living stem cells in them?",
                                  "so are there live stem cells in it or not? yes or no"])
def test_whether_a_product_holds_stem_cells_is_that_products_answer(kb, text):
    resolution = resolve_topic(kb, "ask_stem_cell_evidence", {"treatment": ["stem_cells"]}, "cord_blood_cells", None,
                               text)
    assert resolution is not None and resolution.topic.id == "cord_blood_cells"


def test_whether_stem_cells_work_after_a_product_is_still_the_evidence(kb):
    resolution = resolve_topic(kb, "ask_stem_cell_evidence", {"treatment": ["stem_cells"]}, "cord_blood_cells", None,
                               "do stem cells work for backs at all")
    assert resolution is not None and resolution.topic.id != "cord_blood_cells"


@pytest.mark.parametrize(("intent", "text"), [
    ("nlu_fallback", "what about Spain though, sure that's in the EU"),
    ("out_of_scope", "and portugal?"),
    ("search_trials", "is it any safer in germany"),
])
def test_another_country_after_treatment_abroad_is_that_answer_again(kb, intent, text):
    assert asks_about_another_place(kb.topics["treatment_abroad"], intent, text)
    assert context_topic(kb, intent, "treatment_abroad", text, {}).id == "treatment_abroad"


@pytest.mark.parametrize(("last", "intent", "text"), [
    ("treatment_abroad", "search_trials", "any trials in spain?"),
    ("heat_cold", "nlu_fallback", "what about spain"),
    ("treatment_abroad", "ask_fda_status", "is it approved in spain"),
])
def test_a_country_elsewhere_is_left_to_the_classifier(kb, last, intent, text):
    assert not asks_about_another_place(kb.topics[last], intent, text)


@pytest.mark.parametrize("last", ["treatment_abroad", "bmac", "cord_blood_cells"])
def test_what_went_wrong_for_people_after_a_cell_therapy_is_its_risks(kb, last):
    text = "what kind of problems have people had"
    assert therapy_harm_misheard(kb.topics[last], "ask_risk_factors", text, {}) == "ask_stem_cell_risks"
    resolution = resolve_topic(kb, "ask_risk_factors", {}, last, None, text)
    assert resolution is not None and resolution.topic.id == "stem_cell_risks"
    assert resolution.subject is not None and resolution.subject.id == last


@pytest.mark.parametrize(("last", "text", "entities"), [
    ("heat_cold", "what kind of problems have people had", {}),  # not investigational
    ("bmac", "who is more likely to get back pain", {}),  # no word of harm
    ("bmac", "what problems does arthritis cause", {"condition": ["arthritis"]}),
])
def test_risk_factors_stay_risk_factors(kb, last, text, entities):
    assert therapy_harm_misheard(kb.topics[last], "ask_risk_factors", text, entities) is None


def test_how_long_till_it_heals_after_a_treatment_for_a_condition_is_the_condition(kb):
    text = "how long till it heals usually"
    course = condition_course_asked(kb, kb.topics["heat_cold"], kb.topics["muscle_strain"], text, {})
    assert course is not None and course.id == "muscle_strain"
    resolution = resolve_topic(kb, "ask_sciatica_course", {}, "heat_cold", None, text, last_condition="muscle_strain")
    assert resolution is not None and resolution.topic.id == "muscle_strain"
    sciatica = condition_course_asked(kb, kb.topics["exercise_physio"], kb.topics["sciatica"],
                                      "how long before it clears up", {})
    assert sciatica is not None and sciatica.id == "sciatica_course"


@pytest.mark.parametrize(("condition", "text"), [
    (None, "how long till it heals"),  # no condition discussed
    ("muscle_strain", "how long do i keep the heat on"),  # the treatment's own time
    ("muscle_strain", "does it heal"),  # not how long
])
def test_how_long_questions_on_the_treatment_stay_with_it(kb, condition, text):
    assert condition_course_asked(kb, kb.topics["heat_cold"], kb.topics.get(condition or ""), text, {}) is None


@pytest.mark.parametrize("text", ["what are the chances the disc herniates again after",
                                  "can it come back after the op?"])
def test_whether_it_comes_back_after_an_operation_is_its_risks(kb, text):
    assert recurrence_after_operation(kb.topics["discectomy"], text, {})
    resolution = resolve_topic(kb, "ask_herniated_disc", {}, "discectomy", None, text)
    assert resolution is not None and resolution.topic.id == "discectomy" and resolution.focus == "risks"


@pytest.mark.parametrize(("last", "text", "entities"), [
    ("herniated_disc", "can it come back after?", {}),  # not an operation
    ("discectomy", "can it come back after fusion", {"treatment": ["spinal_fusion"]}),
    ("discectomy", "can it come back", {}),  # no word of after
])
def test_coming_back_not_after_the_operation_just_discussed(kb, last, text, entities):
    assert not recurrence_after_operation(kb.topics[last], text, entities)


def test_nhs_or_insurance_after_getting_started_is_the_exercise_answer(kb):
    resolution = resolve_topic(kb, "ask_stem_cell_cost", {}, "exercise_getting_started", None, "and is it on the NHS?")
    assert resolution is not None and resolution.topic.id == "exercise_physio"
    assert "refer yourself" in resolution.topic.more


def test_nhs_after_injections_stays_on_injections(kb):
    resolution = resolve_topic(kb, "ask_stem_cell_cost", {}, "injections", None, "is it on the NHS?")
    assert resolution is not None and resolution.topic.id == "injections"


def test_how_the_condition_goes_after_a_treatment_read_for_it_is_the_condition(kb):
    resolution = resolve_topic(kb, "ask_acute_chronic", {}, "back_braces", None, "does it get worse as she grows?",
                               last_condition="scoliosis")
    assert resolution is not None and resolution.topic.id == "scoliosis"


@pytest.mark.parametrize(("text", "entities", "condition", "expected"), [
    ("does it get worse as she grows?", {}, None, "back_braces"),  # no condition discussed
    ("will the brace stop it getting worse", {"treatment": ["back_brace"]}, "sciatica", "back_braces"),
    # (session 22) a brace for scoliosis is the scoliosis answer's to give (a specialist decides)
    ("will the brace stop it getting worse", {"treatment": ["back_brace"]}, "scoliosis", "scoliosis"),
])
def test_how_it_goes_with_the_treatment_named_or_no_condition_is_left_alone(kb, text, entities, condition, expected):
    resolution = resolve_topic(kb, "ask_back_braces", entities, "back_braces", None, text, last_condition=condition)
    assert resolution is not None and resolution.topic.id == expected


@pytest.mark.parametrize("text", ["10 people?! thats it?", "that's not many is it", "only 26? is that enough"])
def test_doubting_a_study_size_is_how_studies_are_designed_about_that_study(kb, text):
    resolution = resolve_topic(kb, "ask_stem_cell_evidence", {}, "study_orozco_2011", None, text)
    assert resolution is not None and resolution.topic.id == "study_design"
    assert resolution.subject is not None and resolution.subject.id == "study_orozco_2011"


def test_asking_the_size_of_a_study_stays_on_the_study(kb):
    text = "how many people were in it"
    resolution = resolve_topic(kb, "ask_stem_cell_evidence", {}, "study_gornet_2024", None, text)
    assert resolution is not None and resolution.topic.id == "study_gornet_2024"


def test_the_risks_of_a_named_therapy_are_about_it_and_the_next_aspect_too(kb):
    risks = resolve_topic(kb, "ask_stem_cell_risks", {"treatment": ["bmac"]}, "ask_candidacy", None,
                          "ok then just in general, how risky is the bone marrow one")
    assert risks is not None and (risks.topic.id, risks.subject.id) == ("stem_cell_risks", "bmac")
    cost = resolve_topic(kb, "ask_stem_cell_cost", {}, "stem_cell_risks", "bmac", "and medicare?")
    assert cost is not None and (cost.topic.id, cost.subject.id) == ("stem_cell_cost", "bmac")


def test_one_aspect_after_another_names_no_aspect_as_its_subject(kb):
    cost = resolve_topic(kb, "ask_stem_cell_cost", {}, "stem_cell_risks", None, "and how much?")
    assert cost is not None and cost.topic.id == "stem_cell_cost" and cost.subject is None

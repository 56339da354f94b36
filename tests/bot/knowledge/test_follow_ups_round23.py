"""Session 23's readings: a product's own trial asked for after the therapy answer, and the signs of a
clinic to avoid asked for after an answer on a clinic's claims."""

from __future__ import annotations

import pytest

from bot.knowledge import get_knowledge_base
from bot.knowledge.follow_ups import which_medicine_is_better
from bot.knowledge.replies import answer_reply
from bot.knowledge.resolver import resolve_topic
from tests.bot.knowledge.support import lexicon_entities

KB = get_knowledge_base()



def _entities(text: str) -> dict[str, list[str]]:
    return lexicon_entities(KB, text)


def _resolve(intent: str, text: str, last_topic: str | None = None, last_subject: str | None = None):
    return resolve_topic(KB, intent, _entities(text), last_topic, last_subject, text)


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("ask_stem_cell_evidence", "was there any research on it"),
        ("ask_stem_cell_evidence", "trial?"),
        ("ask_back_pain_prevalence", "how many patients got it"),
        ("ask_study_design", "how large was the study"),
    ],
)
@pytest.mark.parametrize("study", ["study_gornet_2024", "study_amirdelfan_2021"])
def test_a_study_follow_up_after_a_product_gets_that_products_trial(intent, text, study):
    # the therapy answer asked by a product's name keeps the product's trial as its subject
    resolution = _resolve(intent, text, "donor_cell_therapy", study)
    assert resolution.topic.id == study


@pytest.mark.parametrize("text", ["are there other studies on it", "what do the reviews say overall"])
def test_other_studies_or_reviews_after_a_product_are_not_its_trial(text):
    resolution = _resolve("ask_stem_cell_evidence", text, "donor_cell_therapy", "study_gornet_2024")
    assert resolution.topic.id != "study_gornet_2024"


def test_without_a_product_a_study_follow_up_gets_what_the_studies_found():
    resolution = _resolve("ask_stem_cell_evidence", "was there any research on it", "donor_cell_therapy")
    assert resolution.topic.id == "stem_cell_human_studies"
    assert resolution.subject is KB.topics["donor_cell_therapy"]


@pytest.mark.parametrize("text", ["red flags?", "what should I look out for", "how do I spot a dodgy one"])
@pytest.mark.parametrize("last_topic", ["fda_registered_claims", "treatment_abroad", "testimonials"])
def test_warning_signs_after_a_clinics_claims_are_the_signs_of_a_clinic_to_avoid(text, last_topic):
    assert _resolve("ask_warning_signs", text, last_topic).topic.id == "unapproved_clinics"


@pytest.mark.parametrize(
    ("text", "last_topic"),
    [("red flags?", "sciatica"), ("what are the red flags with sciatica", "fda_registered_claims")],
)
def test_warning_signs_after_a_condition_or_naming_one_stay_the_warning_signs(text, last_topic):
    assert _resolve("ask_warning_signs", text, last_topic).topic.id == "warning_signs"


@pytest.mark.parametrize(
    ("text", "last_topic"),
    [
        ("do they work for back pain", "exosomes"),
        ("any proof it helps?", "exosomes"),
        ("do exosomes work for discs", None),
    ],
)
def test_whether_exosomes_work_is_their_own_answer(text, last_topic):
    # not what the human studies of stem cells found, which says nothing of exosomes
    resolution = _resolve("ask_stem_cell_evidence", text, last_topic)
    assert resolution.topic.id == "exosomes"


def test_whether_bone_marrow_cells_work_is_what_the_studies_found_about_them():
    resolution = _resolve("ask_stem_cell_evidence", "does it work", "bmac")
    assert (resolution.topic.id, resolution.subject.id) == ("stem_cell_human_studies", "bmac")


@pytest.mark.parametrize(
    ("intent", "text", "last_topic", "expected"),
    [
        ("ask_pregnancy_back_pain", "ok back to the injections, how long do they work", "sleep_mattress", "injections"),
        ("nlu_fallback", "going back to the jabs, can she have one every month?", "exosomes", "injections"),
        ("ask_herniated_disc", "back to the slipped disc, can it heal on its own", "injections", "herniated_disc"),
    ],
)
def test_a_return_to_an_earlier_subject_is_a_follow_up_on_it(intent, text, last_topic, expected):
    assert _resolve(intent, text, last_topic).topic.id == expected


def test_an_aspect_asked_on_return_keeps_its_intent_about_the_subject():
    resolution = _resolve("ask_fda_status", "back to the bone marrow thing, is it approved?", "sciatica")
    assert (resolution.topic.id, resolution.subject.id) == ("fda_status", "bmac")


@pytest.mark.parametrize(
    "text", ["when can I go back to lifting after a slipped disc", "can I go back to the gym with sciatica"]
)
def test_going_back_to_work_or_the_gym_is_not_a_return_to_a_subject(text):
    assert _resolve("ask_lifting_work", text).topic.id != "herniated_disc"


@pytest.mark.parametrize(
    ("text", "last_topic"),
    [
        ("which one is better then", "nsaid_stomach"),
        ("ok so what's best for me", "paracetamol"),
        ("which is safer", "opioids"),
    ],
)
def test_which_is_better_after_one_medicine_weighs_the_medicines(text, last_topic):
    assert _resolve("ask_nsaid_stomach", text, last_topic).topic.id == "medicines"


def test_which_is_better_naming_a_subject_or_after_another_treatment_is_not_the_medicines_weighed():
    text = "which is better for sciatica"
    assert not which_medicine_is_better(KB.topics["nsaid_stomach"], text, _entities(text))
    assert not which_medicine_is_better(KB.topics["medicines"], "which one is better then", {})
    assert _resolve("ask_treatment_options", "what is better then", "traction").topic.id == "treatment_overview"


def test_is_any_of_it_approved_after_a_therapy_is_that_therapys_status():
    resolution = _resolve("ask_fda_status", "is any of it approved at all?", "cord_blood_cells")
    assert (resolution.topic.id, resolution.subject.id) == ("fda_status", "cord_blood_cells")
    assert _resolve("ask_fda_status", "is anything approved at all", "bmac").topic.id == "fda_approved_products"


def test_a_brace_for_scoliosis_is_answered_with_its_short_and_longer_text_in_one_reply():
    resolution = _resolve("ask_back_braces", "will she need a brace", "scoliosis")
    reply = answer_reply(KB, resolution)
    scoliosis = KB.topics["scoliosis"]
    assert reply.custom["part"] == "answer" and reply.custom["topic_id"] == "scoliosis"
    assert scoliosis.answer in reply.text and scoliosis.more in reply.text


@pytest.mark.parametrize(
    ("text", "last_topic"),
    [("walking is good or dangerous?", "osteoporosis_fracture"), ("is it dangerous", "herniated_disc")],
)
def test_a_risk_question_after_a_condition_with_no_word_of_cells_is_that_condition(text, last_topic):
    assert _resolve("ask_stem_cell_risks", text, last_topic).topic.id == last_topic


def test_a_risk_question_naming_cells_after_a_condition_is_about_cell_therapy():
    resolution = _resolve("ask_stem_cell_risks", "are stem cells risky for it", "herniated_disc")
    assert resolution.topic.family == "stem_cell"


@pytest.mark.parametrize(
    ("text", "last_topic"),
    [
        ("so what do I do about it", "disc_degeneration"),
        ("what's the treatment for that", "spinal_stenosis"),
        ("how do they treat it", "arthritis"),
    ],
)
def test_how_a_condition_is_treated_is_the_treatment_options_read_for_it(text, last_topic):
    resolution = _resolve("ask_spinal_stenosis", text, last_topic)
    assert resolution.topic.id == "treatment_overview" and resolution.for_condition.id == last_topic


def test_how_scoliosis_is_treated_is_its_own_longer_answer():
    resolution = _resolve("ask_treatment_options", "what's the treatment for it", "scoliosis")
    assert resolution.topic.id == "scoliosis" and resolution.with_detail


@pytest.mark.parametrize(
    ("text", "last_topic"),
    [
        ("and if no operation, what else can she do?", "discectomy"),
        ("and if it does not work, then what?", "injections"),
    ],
)
def test_what_else_if_not_that_treatment_is_the_options_besides_it(text, last_topic):
    resolution = _resolve("ask_discectomy", text, last_topic)
    assert (resolution.topic.id, resolution.subject.id) == ("treatment_overview", last_topic)


@pytest.mark.parametrize("text", ["whats a pilot study", "what's an RCT", "what's a placebo?"])
def test_a_study_term_asked_about_after_a_study_is_how_studies_are_designed(text):
    resolution = _resolve("ask_study_design", text, "study_orozco_2011")
    assert (resolution.topic.id, resolution.subject.id) == ("study_design", "study_orozco_2011")

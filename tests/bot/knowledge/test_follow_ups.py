"""Follow-ups that point back: the aspect comes from the intent, the subject from the last answer."""

from __future__ import annotations

import pytest

from bot.knowledge import get_knowledge_base
from bot.knowledge.follow_ups import (
    asks_a_dose,
    asks_a_medicine_change,
    asks_how_much_to_take,
    asks_if_the_answer_is_true,
    context_topic,
    is_bare_follow_up,
    points_back,
    therapy_of_the_study,
)
from bot.knowledge.replies import answer_reply
from bot.knowledge.resolver import resolve_topic


@pytest.fixture(scope="module")
def kb():
    return get_knowledge_base()


def follow(kb, intent, text, last_topic, last_subject=None, **entities):
    resolution = resolve_topic(kb, intent, entities, last_topic, last_subject, text)
    assert resolution is not None
    return resolution


@pytest.mark.parametrize(
    "text", ["is it safe?", "side effects?", "what can go wrong with that", "how big was the study"]
)
def test_short_or_pointing_messages_point_back(text):
    assert points_back(text)


@pytest.mark.parametrize(
    "text", ["", "how common is back pain in people over sixty", "what causes lower back pain in runners"]
)
def test_messages_with_their_own_subject_do_not(text):
    assert not points_back(text)


def test_a_message_naming_a_subject_is_not_a_bare_follow_up():
    assert not is_bare_follow_up("and is it safe for sciatica", {"condition": ["sciatica"]}, True)
    assert not is_bare_follow_up("is it safe", {}, False)
    assert is_bare_follow_up("is it safe", {"topic": []}, True)


def test_the_risks_of_a_medicine_come_from_its_own_topic(kb):
    resolution = follow(kb, "ask_stem_cell_risks", "any risks with it?", "opioids")
    assert resolution.topic.id == "opioids" and resolution.focus == "risks"
    reply = answer_reply(kb, resolution)
    assert kb.topics["opioids"].balance["risks"] in reply.text
    assert reply.custom["topic_id"] == "opioids"


def test_the_risks_of_a_cell_therapy_name_the_therapy_and_keep_the_caveat(kb):
    resolution = follow(kb, "ask_stem_cell_risks", "and what can go wrong with it?", "bmac")
    assert resolution.topic.id == "stem_cell_risks" and resolution.subject.id == "bmac"
    reply = answer_reply(kb, resolution)
    assert "You asked about bone marrow concentrate" in reply.text
    assert reply.custom["caveat"] is not None
    assert {c["id"] for c in reply.custom["citations"]} >= set(kb.topics["bmac"].sources)


def test_the_cost_of_a_therapy_named_before_is_answered_about_it(kb):
    resolution = follow(kb, "ask_stem_cell_cost", "roughly what would it cost me", "bmac")
    assert (resolution.topic.id, resolution.subject.id) == ("stem_cell_cost", "bmac")


@pytest.mark.parametrize(("last", "expected"), [
    ("sciatica", "sciatica_course"), ("herniated_disc", "herniated_disc"),
    ("spinal_fusion", "spinal_fusion"), ("gabapentinoids", "gabapentinoids"),
])
def test_how_long_it_lasts_or_takes_is_answered_by_the_subject(kb, last, expected):
    assert follow(kb, "ask_acute_chronic", "how long does it last?", last).topic.id == expected


def test_how_many_people_were_in_it_is_the_study_behind_the_last_answer(kb):
    assert follow(kb, "ask_back_pain_prevalence", "how many people were in it?", "study_pettine_2015").topic.id == (
        "study_pettine_2015"
    )
    assert follow(kb, "ask_back_pain_prevalence", "how many people?", "donor_cell_therapy").topic.family == "study"


def test_a_question_with_its_own_subject_is_answered_as_asked(kb):
    resolution = follow(kb, "ask_back_pain_prevalence", "how common is back pain in people over sixty", "sciatica")
    assert resolution.topic.id == "back_pain_prevalence"
    assert follow(kb, "ask_acute_chronic", "what is the difference between acute and chronic back pain",
                  "sciatica").topic.id == "acute_vs_chronic"


def test_the_subject_of_an_aspect_answer_carries_to_the_next_follow_up(kb):
    # bmac -> "what can go wrong with it?" (stem_cell_risks about bmac) -> "is it approved?"
    resolution = follow(kb, "ask_fda_status", "is it approved?", "stem_cell_risks", last_subject="bmac")
    assert resolution.subject.id == "bmac"


def test_the_success_rate_of_an_operation_comes_from_its_own_topic(kb):
    resolution = follow(kb, "ask_stem_cell_evidence", "what's the success rate", "discectomy")
    assert resolution.topic.id == "discectomy"


def test_how_much_after_a_medicine_asks_for_a_dose_not_a_price():
    assert asks_a_dose("ask_stem_cell_cost", "how much should i take", {}, "opioids")
    assert not asks_a_dose("ask_stem_cell_cost", "how much would it cost", {}, "bmac")
    named = {"treatment": ["stem_cells"]}
    assert not asks_a_dose("ask_stem_cell_cost", "how much do stem cell shots cost", named, "opioids")


@pytest.mark.parametrize("last", ["herniated_disc", "disc_degeneration", "discectomy"])
def test_stem_cells_for_the_subject_just_discussed_get_what_the_studies_found(kb, last):
    resolution = follow(kb, "ask_stem_cell_basics", "and what about stem cells for that?", last,
                        treatment=["stem_cells"])
    assert resolution.topic.id == "stem_cell_human_studies"
    assert (resolution.condition is not None) == (kb.topics[last].family == "condition")


def test_stem_cells_asked_afresh_get_the_basics(kb):
    resolution = follow(kb, "ask_stem_cell_basics", "what are stem cells and where do doctors get them from",
                        "herniated_disc", treatment=["stem_cells"])
    assert resolution.topic.id == "stem_cell_basics"


def test_how_long_before_a_difference_after_a_treatment_is_about_that_treatment():
    from bot.knowledge import get_knowledge_base
    from bot.knowledge.resolver import resolve_topic

    kb = get_knowledge_base()
    resolution = resolve_topic(kb, "ask_acute_chronic", {}, "spinal_fusion", None, "how long is recovery usually?")
    assert resolution.topic.id == "spinal_fusion"
    plain = resolve_topic(kb, "ask_acute_chronic", {}, "heat_cold", None, "how long does back pain usually last?")
    assert plain.topic.id == "acute_vs_chronic"


@pytest.mark.parametrize("text", ["what are the side effects", "does it make you drowsy", "what could go wrong there"])
def test_an_aspect_question_naming_no_subject_asks_about_the_last_one(kb, text):
    resolution = follow(kb, "ask_stem_cell_risks", text, "opioids")
    assert resolution.topic.id == "opioids"
    assert resolution.focus == "risks"


def test_a_longer_aspect_question_without_pointer_is_asked_afresh(kb):
    assert points_back("what are the side effects", aspect=True)
    assert not points_back("what are the side effects", aspect=False)
    assert not points_back("what side effects do people usually get from a course of treatment", aspect=True)


def test_an_aspect_question_about_back_pain_itself_is_general(kb):
    assert not points_back("how long does back pain usually last", aspect=True)
    resolution = follow(kb, "ask_stem_cell_risks", "what are the side effects", None)
    assert resolution.topic.id == "stem_cell_risks"


# Session 10: the overview's own word ("that operation") still points back to the operation just
# discussed; a question read as about stem cells that names none follows an ordinary subject.
@pytest.mark.parametrize(
    ("text", "focus"),
    [("how successful is that operation", "benefits"), ("what are the risks of that op", "risks")],
)
def test_that_operation_is_the_operation_just_discussed(kb, text, focus):
    resolution = follow(kb, "ask_surgery", text, "discectomy", treatment=["surgery"])
    assert (resolution.topic.id, resolution.focus) == ("discectomy", focus)


def test_an_operation_for_a_slipped_disc_is_the_discectomy(kb):
    resolution = follow(kb, "ask_surgery", "will I need an operation for it", "herniated_disc", treatment=["surgery"])
    assert resolution.topic.id == "discectomy"


def test_a_jab_after_a_condition_is_a_spinal_injection_for_it(kb):
    resolution = follow(kb, "ask_stem_cell_mechanism", "would a jab help it", "spinal_stenosis")
    assert resolution.topic.id == "injections"
    assert resolution.for_condition is not None and resolution.for_condition.id == "spinal_stenosis"
    assert "spinal stenosis" in answer_reply(kb, resolution).text.lower()


@pytest.mark.parametrize(
    ("intent", "text", "last", "expected", "focus"),
    [
        ("ask_stem_cell_evidence", "does it actually work", "tens", "tens", "benefits"),
        ("ask_stem_cell_risks", "is the injection risky", "sciatica", "injections", "risks"),
        ("ask_stem_cell_mechanism", "would a brace help with that", "muscle_strain", "back_braces", "benefits"),
    ],
)
def test_a_stem_cell_reading_without_cells_after_an_ordinary_subject_is_that_treatment(
    kb, intent, text, last, expected, focus
):
    entities = {"treatment": ["back_brace"]} if "brace" in text else {}
    resolution = resolve_topic(kb, intent, entities, last, None, text)
    assert resolution is not None and (resolution.topic.id, resolution.focus) == (expected, focus)


@pytest.mark.parametrize(
    ("text", "last"),
    [("would stem cells help it", "spinal_stenosis"), ("would the injection help", "bmac")],
)
def test_cell_therapy_words_or_a_cell_therapy_subject_keep_the_stem_cell_reading(kb, text, last):
    resolution = follow(kb, "ask_stem_cell_mechanism", text, last)
    assert resolution.topic.family in ("stem_cell", "study")


def test_how_soon_exercise_helps_is_the_getting_started_answer(kb):
    assert follow(kb, "ask_acute_chronic", "how long before it helps", "exercise_physio").topic.id == (
        "exercise_getting_started"
    )


@pytest.mark.parametrize(
    ("intent", "text", "last"),
    [("ask_study_design", "what are the alternatives to that?", "spinal_fusion"),
     ("nlu_fallback", "alternatives then?", "traction"),
     ("ask_treatment_options", "what else can i do besides the tablets?", "opioids"),
     ("ask_treatment_options", "any other options without pills?", "nsaid_stomach")],
)
def test_alternatives_after_a_treatment_are_its_alternatives_then_the_options(kb, intent, text, last):
    resolution = follow(kb, intent, text, last)
    assert (resolution.topic.id, resolution.subject.id, resolution.focus) == (
        "treatment_overview", last, "alternatives"
    )
    reply = answer_reply(kb, resolution).text
    assert reply.startswith("Other options besides") and kb.topics[last].balance["alternatives"] in reply
    assert kb.topics["treatment_overview"].answer in reply and kb.topics[last].answer not in reply


@pytest.mark.parametrize(
    ("text", "last"),
    [("alternatives? any other tablets?", "opioids"), ("alternatives then?", "nsaid_stomach"),
     ("what else is there", "paracetamol"), ("ok what else could I use instead", "muscle_relaxants")],
)
def test_other_medicines_asked_after_one_are_the_medicines_overview(kb, text, last):
    resolution = follow(kb, "nlu_fallback", text, last)
    assert (resolution.topic.id, resolution.subject.id) == ("medicines", last)


def test_alternatives_after_a_stem_cell_answer_stay_in_its_own_answer(kb):
    resolution = follow(kb, "nlu_fallback", "alternatives then?", "bmac")
    assert (resolution.topic.id, resolution.focus) == ("bmac", "alternatives")


def test_alternatives_naming_another_treatment_are_answered_as_asked(kb):
    resolution = follow(kb, "ask_stem_cell_evidence", "are stem cells an alternative to it?", "spinal_fusion",
                        treatment=["stem_cells"])
    assert resolution.focus != "alternatives"


@pytest.mark.parametrize(
    ("topic", "text", "expected"),
    [
        ("nsaid_stomach", "can I swap my naproxen for ibuprofen", True),
        ("nsaid_stomach", "Should she stop the meloxicam or change to something else?", True),
        ("gabapentinoids", "is it ok to come off it now", True),
        ("nsaid_stomach", "what does naproxen do to the stomach", False),
        ("gabapentinoids", "what happens when people stop gabapentin", False),
        ("exercise_physio", "should I stop the exercises if it hurts", False),
    ],
)
def test_a_question_on_stopping_or_swapping_a_medicine_is_told_apart(topic, text, expected):
    assert asks_a_medicine_change(topic, text) is expected


@pytest.mark.parametrize(
    ("intent", "text", "last", "expected"),
    [
        # the classifier hears the exercise answer in "how long before ... helps"
        ("ask_exercise_getting_started", "how long before it helps?", "injections", "injections"),
        ("ask_exercise_getting_started", "how soon will I notice it working", "tens", "tens"),
        ("ask_acute_chronic", "how long before it helps?", "exercise_physio", "exercise_getting_started"),
    ],
)
def test_how_long_a_treatment_takes_is_asked_of_the_one_just_discussed(kb, intent, text, last, expected):
    assert follow(kb, intent, text, last).topic.id == expected


def test_how_long_without_pointing_back_is_asked_as_said(kb):
    resolution = follow(kb, "ask_exercise_getting_started", "how long before exercise helps my back", "injections")
    assert resolution.topic.id == "exercise_getting_started"


def test_is_it_safe_there_after_treatment_abroad_is_that_answer(kb):
    assert follow(kb, "ask_stem_cell_risks", "and is it safe there?", "treatment_abroad").topic.id == "treatment_abroad"


@pytest.mark.parametrize("text", ["what are the risks", "is it safe tho"])
def test_risks_naming_no_place_after_treatment_abroad_are_the_treatment_s_risks(kb, text):
    resolution = follow(kb, "ask_stem_cell_risks", text, "treatment_abroad")
    assert (resolution.topic.id, resolution.subject.id) == ("stem_cell_risks", "treatment_abroad")


def test_a_question_ending_then_is_read_for_the_condition_just_discussed(kb):
    resolution = follow(kb, "ask_heat_cold", "is a heating pad ok to use then?", "pregnancy_back_pain")
    assert (resolution.topic.id, resolution.for_condition.id) == ("heat_cold", "pregnancy_back_pain")


@pytest.mark.parametrize(
    "text",
    [
        "only 10 people?? is that even enough to know anything",
        "can you trust a study that small",
        "why does the size matter so much",
        "is a case series good evidence though",
    ],
)
def test_a_question_judging_the_study_just_discussed_gets_what_a_study_can_show(kb, text):
    resolution = follow(kb, "ask_study_design", text, "study_orozco_2011")
    assert (resolution.topic.id, resolution.subject.id) == ("study_design", "study_orozco_2011")


@pytest.mark.parametrize("text", ["how many people were in it?", "only 10 people??"])
def test_how_many_were_in_the_study_just_discussed_is_its_own_answer(kb, text):
    assert follow(kb, "ask_study_design", text, "study_orozco_2011").topic.id == "study_orozco_2011"


def test_going_abroad_for_the_therapy_just_discussed_keeps_it_as_the_subject(kb):
    text = "a clinic in Cyprus does it, is it ok to go there for it?"
    resolution = follow(kb, "ask_treatment_abroad", text, "cord_blood_cells")
    assert (resolution.topic.id, resolution.subject.id) == ("treatment_abroad", "cord_blood_cells")
    cost = follow(kb, "ask_stem_cell_cost", "how much roughly", "treatment_abroad", "cord_blood_cells")
    assert (cost.topic.id, cost.subject.id) == ("stem_cell_cost", "cord_blood_cells")
    there = follow(kb, "ask_stem_cell_risks", "and is it safe there?", "treatment_abroad", "cord_blood_cells")
    assert there.topic.id == "treatment_abroad"


def test_going_abroad_without_pointing_back_has_no_subject(kb):
    resolution = follow(kb, "ask_treatment_abroad", "are clinics in Mexico any good", "cord_blood_cells")
    assert (resolution.topic.id, resolution.subject) == ("treatment_abroad", None)


@pytest.mark.parametrize(
    ("intent", "text"), [("search_trials", "what about the VA"), ("out_of_scope", "and medicare?")]
)
def test_a_payer_named_right_after_the_cost_answer_is_still_the_cost(kb, intent, text):
    resolution = follow(kb, intent, text, "stem_cell_cost", "bmac")
    assert (resolution.topic.id, resolution.subject.id) == ("stem_cell_cost", "bmac")


def test_a_payer_named_after_another_answer_is_read_as_usual(kb):
    assert follow(kb, "ask_stem_cell_cost", "does medicare cover it", "bmac").topic.id == "stem_cell_cost"
    physio = follow(kb, "ask_exercise", "is physio on the nhs any good", "stem_cell_cost", treatment=["physiotherapy"])
    assert physio.topic.id != "stem_cell_cost"


def test_whats_a_control_group_after_a_study_is_what_a_study_design_means(kb):
    resolution = follow(kb, "ask_study_design", "whats a control group anyway", "study_pettine_2015")
    assert (resolution.topic.id, resolution.subject.id) == ("study_design", "study_pettine_2015")


@pytest.mark.parametrize(("intent", "text"), [
    ("ask_candidacy", "what about for my mum, she's 83 and her skin is thin"),
    ("out_of_scope", "is that ok for my husband too"),
    ("out_of_scope", "in kids?"),
    ("ask_candidacy", "what about for older people"),
])
def test_the_same_ordinary_answer_asked_for_a_relative_is_that_answer(kb, intent, text):
    assert follow(kb, intent, text, "heat_cold").topic.id == "heat_cold"
    assert context_topic(kb, intent, "heat_cold", text, {}).id == "heat_cold"


@pytest.mark.parametrize("last", ["bmac", "spinal_fusion", "injections", "opioids"])
def test_a_relative_after_a_procedure_or_medicine_is_not_read_as_the_same_answer(kb, last):
    assert context_topic(kb, "ask_candidacy", last, "what about for my dad, he's 80", {}) is None


@pytest.mark.parametrize(("intent", "text", "last"), [
    ("ask_warning_signs", "is that serious", "spondylolisthesis"),
    ("ask_stem_cell_evidence", "does it heal", "herniated_disc"),
    ("ask_acute_chronic", "can it come back after?", "discectomy"),
    ("ask_stress_mood", "does it put strain on the discs above", "spinal_fusion"),
    ("ask_medicines", "does it actually work tho", "psychological_therapy"),
])
def test_a_short_question_pointing_back_stays_on_the_condition_or_treatment(kb, intent, text, last):
    assert follow(kb, intent, text, last).topic.id == last


@pytest.mark.parametrize(("intent", "text", "last", "expected"), [
    ("ask_heat_cold", "is heat good for it", "sciatica", "heat_cold"),
    ("ask_stem_cell_mechanism", "would a jab help it", "spinal_stenosis", "injections"),
    ("ask_warning_signs", "what are the warning signs", "spondylolisthesis", "warning_signs"),
    ("ask_stress_mood", "can stress make it worse", "sciatica", "stress_mood"),
])
def test_a_question_naming_another_topic_is_not_kept_on_the_last(kb, intent, text, last, expected):
    assert follow(kb, intent, text, last).topic.id == expected


def test_stem_cells_for_mine_after_a_condition_are_read_for_it(kb):
    resolution = follow(kb, "ask_stem_cell_evidence", "can stem cells fix mine", "herniated_disc")
    assert (resolution.topic.id, resolution.condition.id) == ("stem_cell_human_studies", "herniated_disc")


def test_a_treatment_asked_for_a_named_condition_is_read_for_it(kb):
    resolution = follow(
        kb, "ask_injections", "and the shots in the back, do those help stenosis", "arthritis",
        condition=["spinal_stenosis"],
    )
    assert (resolution.topic.id, resolution.for_condition.id) == ("injections", "spinal_stenosis")


def test_does_it_heal_after_a_condition_read_as_about_stem_cells_stays_on_the_condition(kb):
    assert follow(kb, "ask_stem_cell_mechanism", "does it heal", "herniated_disc").topic.id == "herniated_disc"


def test_stem_cells_for_mine_two_answers_after_a_condition_are_read_for_it(kb):
    resolution = resolve_topic(
        kb, "ask_stem_cell_evidence", {}, "stem_cell_human_studies", None, "can stem cells fix mine", "herniated_disc"
    )
    assert resolution.condition is not None and resolution.condition.id == "herniated_disc"


@pytest.mark.parametrize("text", ["in UK also possible?", "Canada too?", "same in australia?"])
def test_a_short_question_for_another_place_after_an_answer_is_that_answer_again(kb, text):
    assert context_topic(kb, "search_trials", "report_harm", text, {}).id == "report_harm"


@pytest.mark.parametrize(
    ("last", "text"),
    [("clinical_trials", "in the UK too?"), ("report_harm", "any trials near Leeds for disc problems please")],
)
def test_a_place_after_trials_or_a_real_search_stays_a_trial_search(kb, last, text):
    assert context_topic(kb, "search_trials", last, text, {}) is None


@pytest.mark.parametrize(
    ("text", "doubts"),
    [
        ("is that true? or are they just protecting their income", True),
        ("says who", True),
        ("is that really true?", True),
        ("the clinic says they are FDA registered", False),
    ],
)
def test_doubting_the_last_answer_is_told_from_quoting_a_claim(text, doubts):
    assert asks_if_the_answer_is_true(text) is doubts


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("cuánto naproxen puedo tomar? 2 a day or 3?", True),
        ("how many ibuprofen can I take a day", True),
        ("whats the max dose of co-codamol", True),
        ("is ibuprofen bad for the stomach", False),
        ("how many people take opioids for back pain", False),
    ],
)
def test_how_much_of_a_medicine_to_take_is_told_from_other_questions_on_it(text, asks):
    assert asks_how_much_to_take("nsaid_stomach", text) is asks
    assert not asks_how_much_to_take("heat_cold", text)


@pytest.mark.parametrize(
    ("last", "text"), [("medicines", "which one is the best"), ("treatment_overview", "which best")]
)
def test_which_is_best_after_an_answer_on_treatments_is_that_answer_again(kb, last, text):
    assert context_topic(kb, "ask_clinic_recommendation", last, text, {}).id == last


@pytest.mark.parametrize(
    ("last", "text"),
    [
        ("unapproved_clinics", "which one is the best"),
        ("medicines", "which clinic is best near me"),
        ("bmac", "which is best"),
    ],
)
def test_which_clinic_is_best_stays_a_question_the_bot_declines(kb, last, text):
    assert context_topic(kb, "ask_clinic_recommendation", last, text, {}) is None


@pytest.mark.parametrize(
    ("text", "treatment"),
    [
        ("what else can I do besides pills", ["medicines"]),
        ("is there stuff besides tablets that would help", ["medicines"]),
        ("what else helps apart from tablets", ["medicines"]),
    ],
)
def test_alternatives_asked_without_pills_are_the_treatments_alternatives(kb, text, treatment):
    resolution = follow(kb, "ask_medicines", text, "opioids", treatment=treatment)
    assert (resolution.topic.id, resolution.subject.id, resolution.focus) == (
        "treatment_overview", "opioids", "alternatives"
    )


@pytest.mark.parametrize(("intent", "text", "last"), [
    # the title word "common" of how common back pain is does not name that topic
    ("ask_back_pain_prevalence", "is that more common in men or women", "osteoporosis_fracture"),
    ("ask_back_pain_causes", "how do those happen then", "osteoporosis_fracture"),
])
def test_how_common_or_how_it_happens_stays_on_the_condition(kb, intent, text, last):
    assert follow(kb, intent, text, last).topic.id == last


def test_healing_without_the_operation_named_stays_on_the_condition(kb):
    resolution = follow(kb, "ask_discectomy", "will it heal without an operation", "herniated_disc",
                        treatment=["surgery"])
    assert resolution.topic.id == "herniated_disc"


def test_an_operation_asked_for_outright_after_a_condition_is_still_the_operation(kb):
    resolution = follow(kb, "ask_discectomy", "would a discectomy fix it", "herniated_disc", treatment=["discectomy"])
    assert resolution.topic.id == "discectomy"


@pytest.mark.parametrize(("intent", "text", "last"), [
    ("ask_specialist_scepticism", "my GP won't send me for one, why", "imaging"),
    ("ask_stem_cell_cost", "is it worth paying to go private for it", "imaging"),
    ("ask_stem_cell_sources", "where does it come from", "sciatica"),
])
def test_a_cell_therapy_reading_of_a_follow_up_after_an_ordinary_answer_stays_on_it(kb, intent, text, last):
    assert follow(kb, intent, text, last).topic.id == last


@pytest.mark.parametrize(("intent", "text", "last", "expected"), [
    ("ask_stem_cell_cost", "how much do stem cells cost", "imaging", "stem_cell_cost"),
    ("ask_specialist_scepticism", "why are specialists so against the cell injections", "sciatica",
     "specialist_scepticism"),
])
def test_a_follow_up_naming_cell_therapy_after_an_ordinary_answer_is_about_it(kb, intent, text, last, expected):
    assert follow(kb, intent, text, last).topic.id == expected


@pytest.mark.parametrize("text", ["was that done in humans", "was it only on mice?"])
def test_what_one_study_was_done_on_is_that_study(kb, text):
    assert follow(kb, "ask_stem_cell_evidence", text, "study_jiang_2023").topic.id == "study_jiang_2023"


@pytest.mark.parametrize(
    "text", ["and what about in real people?", "rats. ok. anything in humans", "any bigger ones since?"]
)
def test_evidence_in_people_or_bigger_studies_asked_after_one_study_is_the_human_studies(kb, text):
    assert follow(kb, "ask_stem_cell_evidence", text, "study_chen_2015").topic.id == "stem_cell_human_studies"


def test_another_country_asked_about_after_treatment_abroad_is_that_answer(kb):
    assert follow(kb, "ask_stem_cell_risks", "is panama any safer?", "treatment_abroad").topic.id == "treatment_abroad"


def test_an_unsure_short_message_naming_surgery_after_a_condition_asks_about_surgery(kb):
    topic = context_topic(kb, "nlu_fallback", "spinal_stenosis", "an op for that?", {"treatment": ["surgery"]})
    assert topic is not None and topic.id == "surgery"
    resolution = follow(kb, "ask_surgery", "an op for that?", "spinal_stenosis", treatment=["surgery"])
    assert resolution.topic.id == "discectomy"


@pytest.mark.parametrize(("intent", "text"), [
    ("nlu_fallback", "surgery or injections for it?"),
    ("nlu_fallback", "so my neighbour had surgery last year and says it was a waste of time, thoughts?"),
    ("out_of_scope", "surgery for it?"),
])
def test_an_unsure_message_naming_two_subjects_or_a_long_one_is_not_guessed(kb, intent, text):
    entities = {"treatment": ["surgery", "injections"] if "injections" in text else ["surgery"]}
    assert context_topic(kb, intent, "spinal_stenosis", text, entities) is None


@pytest.mark.parametrize(("intent", "text", "last"), [
    ("out_of_scope", "front crawl ok?", "exercise_physio"),
    ("out_of_scope", "itchy skin?", "opioids"),
    ("nlu_fallback", "the one from boots?", "tens"),
])
def test_a_short_fragment_the_classifier_cannot_place_leans_on_the_last_answer(kb, intent, text, last):
    assert context_topic(kb, intent, last, text, {}).id == last


@pytest.mark.parametrize(("intent", "text"), [
    ("out_of_scope", "jjjjj kkkk"),
    ("nlu_fallback", "xqzt brrrp"),
    ("out_of_scope", "so my cousin reckons the weather in spain is better for bad backs than here"),
    ("greet", "hello again"),
])
def test_gibberish_a_long_message_or_a_placed_one_is_not_a_fragment_on_the_last(kb, intent, text):
    assert context_topic(kb, intent, "exercise_physio", text, {}) is None


@pytest.mark.parametrize("text", [
    "how soon could I lift again after, I work on a building site and the foreman keeps asking",
    "what kind of doctor looks at that",
])
def test_an_unplaced_message_opening_with_a_short_question_pointing_back_leans_on_the_last(kb, text):
    assert context_topic(kb, "out_of_scope", "discectomy", text, {}).id == "discectomy"


def test_an_unplaced_message_opening_with_a_statement_is_not_read_as_a_follow_up(kb):
    text = "that was helpful but my neighbour wants to know about fixing his car, any idea"
    assert context_topic(kb, "out_of_scope", "discectomy", text, {}) is None


def test_what_kind_of_cells_after_one_products_trial_is_the_therapy_it_tested(kb):
    assert follow(kb, "ask_stem_cell_basics", "what sort of cells are those", "study_gornet_2024").topic.id == (
        "donor_cell_therapy"
    )


def test_a_study_of_no_single_product_has_no_therapy_to_point_to(kb):
    assert therapy_of_the_study(kb, kb.topics["stem_cell_basics"], kb.topics["study_chen_2015"]) is None


@pytest.mark.parametrize("last", ["exosomes", "cord_blood_cells"])
def test_is_it_stem_cells_after_a_cell_derived_product_is_that_products_answer(kb, last):
    text = "so is that a stem cell thing or not"
    resolution = follow(kb, "ask_stem_cell_basics", text, last, treatment=["stem_cells"])
    assert resolution.topic.id == last


def test_what_are_stem_cells_after_a_product_is_still_the_basics(kb):
    resolution = follow(kb, "ask_stem_cell_basics", "what are stem cells anyway", "exosomes", treatment=["stem_cells"])
    assert resolution.topic.id == "stem_cell_basics"


def test_whether_a_mouse_study_carries_over_to_people_is_that_study(kb):
    assert follow(kb, "ask_stem_cell_evidence", "would that carry over to people", "study_chen_2015").topic.id == (
        "study_chen_2015"
    )


@pytest.mark.parametrize(("intent", "text"), [
    ("feedback_unhelpful", "who shouldn't use it"),
    ("help", "what other things could help then"),
])
def test_a_question_on_the_last_answer_read_as_a_complaint_or_for_help_is_that_answer(kb, intent, text):
    assert context_topic(kb, intent, "tens", text, {}).id == "tens"


@pytest.mark.parametrize("text", ["that wasn't any help", "help", "that doesn't answer my question at all"])
def test_a_real_complaint_or_call_for_help_is_kept(kb, text):
    intent = "help" if text == "help" else "feedback_unhelpful"
    assert context_topic(kb, intent, "tens", text, {}) is None


@pytest.mark.parametrize(("text", "last", "detail"), [
    ("what did you mean by that", "sitting_posture", True),
    ("how would you know if you had it", "warning_signs", False),
])
def test_a_follow_up_read_as_study_design_without_study_words_is_the_last_answer(kb, text, last, detail):
    resolution = follow(kb, "ask_study_design", text, last)
    assert (resolution.topic.id, resolution.detail) == (last, detail)


def test_a_study_design_question_after_an_ordinary_answer_is_still_about_studies(kb):
    assert follow(kb, "ask_study_design", "was that a proper randomised trial", "exercise_physio").topic.id == (
        "study_design"
    )


def test_a_word_read_as_a_trial_search_after_a_medicine_is_about_the_medicine(kb):
    assert context_topic(kb, "search_trials", "paracetamol", "kidneys?", {}).id == "paracetamol"


@pytest.mark.parametrize(("last", "text"), [("paracetamol", "any trials?"), ("clinical_trials", "leeds?")])
def test_a_word_on_trials_or_after_trials_stays_a_trial_search(kb, last, text):
    assert context_topic(kb, "search_trials", last, text, {}) is None


def test_does_a_named_therapy_work_after_a_study_is_that_therapy(kb):
    resolution = follow(kb, "ask_stem_cell_evidence", "ok but does the marrow jab work or not", "study_pettine_2015",
                        treatment=["bmac"])
    assert resolution.topic.id == "bmac"


def test_does_a_named_therapy_work_asked_first_is_what_the_studies_found(kb):
    resolution = resolve_topic(kb, "ask_stem_cell_evidence", {"treatment": ["bmac"]}, None, None,
                               "can the bone marrow jab actually fix a disc")
    assert resolution.topic.id == "stem_cell_human_studies"

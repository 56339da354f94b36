"""Topic resolution: intents, named studies and treatments, and follow-ups in context."""

from __future__ import annotations

import pytest

from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import answer_reply
from bot.knowledge.resolver import resolve_topic
from tests.bot.knowledge.support import lexicon_entities


@pytest.fixture(scope="module")
def kb():
    return get_knowledge_base()


def test_every_topic_intent_resolves_to_a_topic(kb):
    for intent in kb.intents():
        assert resolve_topic(kb, intent, {}) is not None, intent


def test_unknown_intent_resolves_to_nothing(kb):
    assert resolve_topic(kb, "greet", {}) is None


def test_study_named_in_message_picks_the_study_topic(kb):
    resolution = resolve_topic(kb, "ask_stem_cell_evidence", {"study": ["pettine_2015"]})
    assert resolution.topic.id == "study_pettine_2015"


@pytest.mark.parametrize(
    ("text", "study"),
    [
        ("that Colorado study with 26 patients and bone marrow, what did it show", "study_pettine_2015"),
        ("the small Spanish pilot study on marrow cells, was it any good", "study_orozco_2011"),
        ("what did the 60 patient disc cell trial find", "study_gornet_2024"),
        ("my surgeon mentioned a trial of 100 patients with donor cells, results?", "study_amirdelfan_2021"),
    ],
)
def test_a_study_named_by_its_size_or_place_picks_that_study(kb, text, study):
    entities: dict[str, list[str]] = {}
    for match in kb.lexicon.extract(text):
        entities.setdefault(match.entity, []).append(match.value)
    assert resolve_topic(kb, "ask_stem_cell_evidence", entities, text=text).topic.id == study


@pytest.mark.parametrize(
    ("study", "intent", "text"),
    [
        ("study_amirdelfan_2021", "ask_stem_cell_evidence", "did it beat the placebo??"),
        ("study_jiang_2023", "ask_stem_cell_lab_research", "was that one in people?"),
        ("study_pettine_2015", "ask_stem_cell_evidence", "so did it work"),
    ],
)
def test_a_bare_follow_up_after_one_study_stays_on_that_study(kb, study, intent, text):
    assert resolve_topic(kb, intent, {}, last_topic=study, text=text).topic.id == study


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        ("ask_stem_cell_evidence", "any other studies?", "stem_cell_human_studies"),
        ("ask_stem_cell_evidence", "what do the reviews say about it", "stem_cell_human_studies"),
        ("ask_stem_cell_lab_research", "what about lab research in general", "stem_cell_lab_research"),
    ],
)
def test_a_follow_up_that_reaches_beyond_the_study_gets_the_summary(kb, intent, text, expected):
    assert resolve_topic(kb, intent, {}, last_topic="study_amirdelfan_2021", text=text).topic.id == expected


def test_the_one_named_after_a_list_of_studies_is_that_study(kb):
    text = "tell me about the Mesoblast one"
    entities: dict[str, list[str]] = {}
    for match in kb.lexicon.extract(text):
        entities.setdefault(match.entity, []).append(match.value)
    resolution = resolve_topic(kb, "ask_stem_cell_evidence", entities, last_topic="stem_cell_human_studies", text=text)
    assert resolution.topic.id == "study_amirdelfan_2021"


def test_evidence_question_without_a_study_gets_the_summary(kb):
    assert resolve_topic(kb, "ask_stem_cell_evidence", {}).topic.id == "stem_cell_human_studies"


def test_general_treatment_question_naming_a_treatment_answers_that_treatment(kb):
    assert resolve_topic(kb, "ask_treatment_options", {"treatment": ["surgery"]}).topic.id == "surgery"


def test_general_causes_question_naming_a_condition_answers_that_condition(kb):
    resolution = resolve_topic(kb, "ask_back_pain_causes", {"condition": ["herniated_disc"]})
    assert resolution.topic.id == "herniated_disc"


def test_is_it_approved_after_bmac_is_about_bmac(kb):
    resolution = resolve_topic(kb, "ask_fda_status", {}, last_topic="bmac")
    assert (resolution.topic.id, resolution.subject.id) == ("fda_status", "bmac")


def test_is_surgery_approved_is_answered_about_surgery(kb):
    resolution = resolve_topic(kb, "ask_fda_status", {"treatment": ["surgery"]}, last_topic="bmac")
    assert (resolution.topic.id, resolution.subject.id) == ("surgery", "surgery")


def test_stem_cells_for_that_keeps_the_condition_in_view(kb):
    resolution = resolve_topic(kb, "ask_stem_cell_basics", {}, last_topic="herniated_disc")
    assert (resolution.topic.id, resolution.condition.id) == ("stem_cell_basics", "herniated_disc")


def test_button_payload_topic_wins(kb):
    resolution = resolve_topic(kb, "ask_stem_cell_evidence", {"topic": ["study_gornet_2024"]})
    assert resolution.topic.id == "study_gornet_2024"


def test_unknown_button_topic_falls_back_to_the_intent(kb):
    resolution = resolve_topic(kb, "ask_bmac", {"topic": ["no_such_topic"]})
    assert resolution.topic.id == "bmac"


def test_an_investigational_therapy_named_in_another_question_is_what_is_answered():
    kb = get_knowledge_base()
    resolution = resolve_topic(kb, "ask_complementary_therapy", {"treatment": ["manipulation", "bmac"]})
    assert resolution is not None and resolution.topic.id == "bmac"
    entities = {"treatment": ["stem_cells"], "condition": ["disc_degeneration"]}
    resolution = resolve_topic(kb, "ask_disc_degeneration", entities)
    assert resolution is not None and resolution.topic.investigational
    assert resolution.condition is not None and resolution.condition.id == "disc_degeneration"


def test_a_question_naming_only_ordinary_treatments_keeps_its_topic():
    resolution = resolve_topic(get_knowledge_base(), "ask_complementary_therapy", {"treatment": ["manipulation"]})
    assert resolution is not None and resolution.topic.id == "complementary_therapies"


@pytest.mark.parametrize(
    ("previous", "expected"),
    [("bmac", "study_pettine_2015"), ("donor_cell_therapy", "study_amirdelfan_2021"),
     ("study_gornet_2024", "study_gornet_2024"), (None, "study_design"), ("sciatica", "study_design")],
)
def test_a_study_design_follow_up_answers_the_study_behind_the_last_answer(previous, expected):
    resolution = resolve_topic(get_knowledge_base(), "ask_study_design", {}, previous)
    assert resolution is not None and resolution.topic.id == expected


def test_a_question_that_points_back_to_a_condition_is_read_for_that_condition(kb):
    after_strain = resolve_topic(kb, "ask_heat_cold", {}, "muscle_strain", None, "heat or cold for that?")
    assert after_strain.topic.id == "heat_cold"
    assert after_strain.for_condition.id == "muscle_strain"
    # Two answers later the condition is still the one the conversation is about.
    text = "should I rest it or keep going"
    later = resolve_topic(kb, "ask_staying_active", {}, "heat_cold", None, text, "muscle_strain")
    assert later.for_condition.id == "muscle_strain"


def test_a_question_that_does_not_point_back_or_names_its_condition_is_not_read_for_the_last_one(kb):
    plain = resolve_topic(kb, "ask_heat_cold", {}, "muscle_strain", None, "is heat good for back pain")
    assert plain.for_condition is None
    sciatica = {"condition": ["sciatica"]}
    # A condition the question names is the one it is read for (session 16), not the last one.
    named = resolve_topic(kb, "ask_heat_cold", sciatica, "muscle_strain", None, "heat for that sciatica?")
    assert named.for_condition is not None and named.for_condition.id == "sciatica"
    # A condition answer is not "read for" another condition.
    assert resolve_topic(kb, "ask_sciatica", {}, "muscle_strain", None, "is that sciatica?").for_condition is None


def test_and_for_a_condition_after_a_treatment_answers_the_same_treatment_for_it(kb):
    resolution = resolve_topic(kb, "ask_sciatica", {"condition": ["sciatica"]}, "injections", None, "and for sciatica?")
    assert (resolution.topic.id, resolution.for_condition.id) == ("injections", "sciatica")
    # A question about the condition itself is answered as usual.
    sciatica = {"condition": ["sciatica"]}
    asked = resolve_topic(kb, "ask_sciatica", sciatica, "injections", None, "what is sciatica exactly?")
    assert asked.topic.id == "sciatica"


def test_a_named_study_wins_over_the_therapy_in_general(kb):
    resolution = resolve_topic(kb, "ask_donor_cell_therapy", {"study": ["amirdelfan_2021"]}, None, None,
                               "tell me about the mesoblast trial")
    assert resolution.topic.id == "study_amirdelfan_2021"


def test_and_for_a_condition_is_answered_even_when_the_classifier_is_unsure(kb):
    sciatica = {"condition": ["sciatica"]}
    resolution = resolve_topic(kb, "nlu_fallback", sciatica, "injections", None, "and for sciatica?")
    assert (resolution.topic.id, resolution.for_condition.id) == ("injections", "sciatica")
    assert resolve_topic(kb, "nlu_fallback", {}, "injections", None, "blah blah") is None


@pytest.mark.parametrize(
    "text", ["would a brace help?", "and paracetamol?", "what about a TENS machine, my sister used one"]
)
def test_a_short_or_added_on_question_after_a_condition_is_read_for_it(kb, text):
    intent = {"would a brace help?": "ask_back_braces", "and paracetamol?": "ask_paracetamol"}.get(text, "ask_tens")
    resolution = resolve_topic(kb, intent, {}, "pregnancy_back_pain", None, text)
    assert resolution.for_condition is not None and resolution.for_condition.id == "pregnancy_back_pain"


def test_a_longer_question_that_names_back_pain_is_not_read_for_the_last_condition(kb):
    text = "what about back pain in general, is a brace any good"
    assert resolve_topic(kb, "ask_back_braces", {}, "scoliosis", None, text).for_condition is None


def test_asking_whether_stem_cells_work_gets_what_the_studies_found(kb):
    cells = {"treatment": ["stem_cells"]}
    fix = resolve_topic(kb, "ask_stem_cell_basics", {**cells, "condition": ["disc_degeneration"]}, None, None,
                        "can stem cell injections fix degenerated discs")
    assert (fix.topic.id, fix.condition.id) == ("stem_cell_human_studies", "disc_degeneration")
    assert resolve_topic(kb, "ask_stem_cell_basics", cells, None, None, "what are stem cells").topic.id == \
        "stem_cell_basics"
    bmac = resolve_topic(kb, "ask_stem_cell_basics", {"treatment": ["bmac"]}, None, None, "does bmac actually work")
    assert bmac.topic.id == "bmac"


def test_a_medicines_question_pointing_at_the_medicine_just_discussed_stays_on_it(kb):
    assert resolve_topic(kb, "ask_medicines", {}, "nsaid_stomach", None, "is it bad for the stomach?").topic.id == \
        "nsaid_stomach"
    assert resolve_topic(kb, "ask_medicines", {}, "opioids", None, "what other painkillers are there").topic.id == \
        "medicines"
    ibuprofen = resolve_topic(kb, "ask_medicines", {"treatment": ["nsaids"]}, "paracetamol", None, "and ibuprofen?")
    assert ibuprofen.topic.id == "nsaid_stomach"


def test_and_for_a_condition_after_a_stem_cell_answer_reads_that_answer_for_it(kb):
    sciatica = {"condition": ["sciatica"]}
    resolution = resolve_topic(kb, "ask_sciatica", sciatica, "stem_cell_human_studies", None, "what about for sciatica")
    assert (resolution.topic.id, resolution.condition.id) == ("stem_cell_human_studies", "sciatica")
    assert answer_reply(kb, resolution).text.startswith("You asked about sciatica")


@pytest.mark.parametrize(
    ("intent", "entities", "text"),
    [
        ("ask_stem_cell_basics", {"condition": ["herniated_disc"]}, "stem cells for a bulging disc, any good?"),
        ("ask_stem_cell_basics", {"condition": ["sciatica"]}, "stem cell injections for sciatica??"),
        ("ask_stem_cell_basics", {}, "are stem cell shots worth it for a bad back"),
        ("ask_stem_cell_mechanism", {"condition": ["disc_degeneration"]}, "could stem cells rebuild my worn discs"),
    ],
)
def test_stem_cells_asked_for_a_condition_get_what_the_studies_found(kb, intent, entities, text):
    assert resolve_topic(kb, intent, entities, text=text).topic.id == "stem_cell_human_studies"


@pytest.mark.parametrize(
    ("intent", "entities", "text", "expected"),
    [
        ("ask_stem_cell_basics", {"condition": ["sciatica"]}, "what are stem cells, could they be used for sciatica",
         "stem_cell_basics"),
        ("ask_stem_cell_mechanism", {"condition": ["herniated_disc"]}, "how would stem cells fix a slipped disc",
         "stem_cell_mechanism"),
        ("ask_stem_cell_mechanism", {}, "how do stem cells work", "stem_cell_mechanism"),
    ],
)
def test_what_stem_cells_are_or_how_they_work_keeps_its_answer(kb, intent, entities, text, expected):
    assert resolve_topic(kb, intent, entities, text=text).topic.id == expected


@pytest.mark.parametrize(
    ("intent", "entities", "text", "expected"),
    [
        ("ask_stem_cell_evidence", {"study": ["systematic_reviews"]},
         "the clinic's facebook page is full of 5-star reviews, surely that proves it works", "testimonials"),
        ("ask_stem_cell_evidence", {}, "my neighbour sent me youtube videos of people walking again", "testimonials"),
        ("ask_stem_cell_evidence", {"study": ["systematic_reviews"]}, "what do the systematic reviews conclude",
         "stem_cell_systematic_reviews"),
        ("ask_fda_status", {}, "has the FDA approved any stem cell product at all, for anything?",
         "fda_approved_products"),
        ("ask_fda_status", {}, "which stem cell treatments are FDA approved", "fda_approved_products"),
        ("ask_fda_status", {}, "fda aproved cell therapy list pls", "fda_approved_products"),
        ("ask_fda_status", {}, "are stem cell injections approved for back pain", "fda_status"),
    ],
)
def test_words_that_ask_for_a_neighbouring_topic_get_it(kb, intent, entities, text, expected):
    assert resolve_topic(kb, intent, entities, text=text).topic.id == expected


def test_a_design_question_after_an_answer_about_a_study_asks_about_that_study(kb):
    resolution = resolve_topic(
        kb, "ask_study_design", {}, last_topic="fda_status", last_subject="study_amirdelfan_2021",
        text="did they compare it with a dummy injection",
    )
    assert resolution.topic.id == "study_amirdelfan_2021"


@pytest.mark.parametrize(
    ("entities", "last_topic", "text"),
    [
        ({}, "herniated_disc", "will I need an operation for it"),
        ({"condition": ["sciatica"]}, None, "is surgery worth it for sciatica"),
        ({}, "spinal_stenosis", "what kind of surgery do they do for that"),
        ({}, "discectomy", "how successful is that operation"),
    ],
)
def test_surgery_for_a_condition_with_its_own_operation_gets_that_operation(kb, entities, last_topic, text):
    assert resolve_topic(kb, "ask_surgery", entities, last_topic=last_topic, text=text).topic.id == "discectomy"


def test_surgery_in_general_keeps_the_surgery_overview(kb):
    assert resolve_topic(kb, "ask_surgery", {}, text="what operations are there for back pain").topic.id == "surgery"
    resolution = resolve_topic(kb, "ask_surgery", {}, last_topic="muscle_strain", text="surgery for it?")
    assert resolution.topic.id == "surgery"


def test_and_for_a_condition_may_be_explained_in_a_second_sentence(kb):
    resolution = resolve_topic(
        kb, "ask_spinal_stenosis", {"condition": ["spinal_stenosis"]}, last_topic="injections",
        text="what about for stenosis? my dad was told he has it",
    )
    assert (resolution.topic.id, resolution.for_condition.id) == ("injections", "spinal_stenosis")


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        ("ask_stem_cell_basics", "a clinic quoted me $9,800 for stem cells, is that normal", "stem_cell_cost"),
        ("ask_stem_cell_basics", "will medicare cover stem cell shots", "stem_cell_cost"),
        ("ask_stem_cell_basics", "what exactly are stem cells", "stem_cell_basics"),
        ("ask_exercise", "what stretches are good for a stiff lower back", "exercise_getting_started"),
        ("ask_exercise", "exercises for a slipped disc?", "exercise_getting_started"),
        ("ask_exercise", "does exercise really help or does it make backs worse", "exercise_physio"),
    ],
)
def test_money_words_and_which_exercise_questions_get_their_topics(kb, intent, text, expected):
    assert resolve_topic(kb, intent, {}, text=text).topic.id == expected


@pytest.mark.parametrize(
    ("intent", "text"),
    [("ask_stem_cell_cost", "whats the recovery like"), ("ask_acute_chronic", "how long will I be off work after it")],
)
def test_recovery_after_an_operation_is_answered_from_that_operation(kb, intent, text):
    resolution = resolve_topic(kb, intent, {}, last_topic="discectomy", text=text)
    assert (resolution.topic.id, resolution.focus) == ("discectomy", "recovery")
    reply = answer_reply(kb, resolution).text
    assert reply.startswith("Recovery after discectomy")
    assert "Most people go home" in reply


def test_recovery_words_after_other_answers_are_read_as_usual(kb):
    resolution = resolve_topic(kb, "ask_stem_cell_cost", {}, last_topic="bmac", text="how much is it")
    assert resolution.focus != "recovery"


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        ("ask_sciatica", "stem cells for sciatica", "stem_cell_human_studies"),  # read as the condition
        ("ask_herniated_disc", "stem cells for herniated disc does it work", "stem_cell_human_studies"),
        ("ask_sciatica", "what are stem cells, for sciatica", "stem_cell_basics"),  # asks what they are
    ],
)
def test_stem_cells_asked_for_a_condition_read_as_the_condition_get_what_the_studies_found(kb, intent, text, expected):
    condition = "sciatica" if "sciatica" in text else "herniated_disc"
    resolution = resolve_topic(kb, intent, {"treatment": ["stem_cells"], "condition": [condition]}, None, None, text)
    assert resolution is not None and resolution.topic.id == expected and resolution.condition.id == condition


def test_a_cost_follow_up_after_an_ordinary_treatment_stays_on_it(kb):
    text = "can you get it on the NHS?"
    resolution = resolve_topic(kb, "ask_stem_cell_cost", {}, last_topic="psychological_therapy", text=text)
    assert resolution.topic.id == "psychological_therapy"
    # after a cell therapy the cost answer, with the therapy named
    bmac = resolve_topic(kb, "ask_stem_cell_cost", {}, last_topic="bmac", text="how much is it?")
    assert (bmac.topic.id, bmac.subject.id) == ("stem_cell_cost", "bmac")


def test_does_it_cause_back_pain_after_a_condition_is_about_that_condition(kb):
    text = "does it cause back pain later on?"
    resolution = resolve_topic(kb, "ask_back_pain_causes", {}, last_topic="scoliosis", text=text)
    assert resolution.topic.id == "scoliosis"
    text = "what causes back pain in general, is it mostly posture?"
    general = resolve_topic(kb, "ask_back_pain_causes", {}, last_topic="scoliosis", text=text)
    assert general.topic.id == "back_pain_causes"


def test_is_this_product_approved_after_a_trial_asks_its_status(kb):
    asked = "ask_fda_approved_products"
    resolution = resolve_topic(kb, asked, {}, last_topic="study_gornet_2024", text="This product is approved now?")
    assert (resolution.topic.id, resolution.subject.id) == ("fda_status", "study_gornet_2024")
    listing = resolve_topic(kb, asked, {}, last_topic="study_gornet_2024", text="which ones are approved then?")
    assert listing.topic.id == "fda_approved_products"




@pytest.mark.parametrize(
    "text",
    [
        "what options are there for a bad back apart from tablets",
        "my GP gave me pills and an injection, the physio says exercise, what treatments exist overall?",
    ],
)
def test_the_treatments_overview_stays_when_a_question_reaches_beyond_one_named_treatment(kb, text):
    resolution = resolve_topic(kb, "ask_treatment_options", lexicon_entities(kb, text), text=text)
    assert resolution.topic.id == "treatment_overview"


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        # the treatments overview hands over to the one treatment named
        ("ask_treatment_options", "is ibuprofen a good treatment for back pain", "nsaid_stomach"),
        # how stem-cell studies are set up is the study-design answer (it covers those studies)
        ("ask_study_design", "stem cell articles say 'small uncontrolled study', why does a control group matter?",
         "study_design"),
        # the theory of how cells might mend a disc keeps the mechanism answer ...
        ("ask_stem_cell_mechanism",
         "I'm an engineer: when they inject mesenchymal cells into a degenerated disc, what's the theory?",
         "stem_cell_mechanism"),
        # ... but stem cells in general asked to mend a disc get what the studies found
        ("ask_stem_cell_mechanism", "could mesenchymal stem cells rebuild my worn disc", "stem_cell_human_studies"),
        # online reviews are testimonials, not research reviews
        ("ask_testimonials", "but the youtube reviews are so good", "testimonials"),
    ],
)
def test_a_question_in_patients_words_gets_the_answer_it_asks_for(kb, intent, text, expected):
    assert resolve_topic(kb, intent, lexicon_entities(kb, text), text=text).topic.id == expected


@pytest.mark.parametrize(
    ("entities", "text"),
    [
        ({"treatment": ["massage"]}, "back home we get injections and massage, what treatments do they give here?"),
        ({"treatment": ["medicines"]}, "he only takes tablets from the shop, please explain all the options"),
        (
            {"treatment": ["nsaids", "stem_cells"]},
            "before I spend money on stem cell people, what are all the normal treatments? the whole menu please",
        ),
    ],
)
def test_a_question_for_the_whole_range_stays_on_the_overview_whatever_its_story_names(kb, entities, text):
    assert resolve_topic(kb, "ask_treatment_options", entities, text=text).topic.id == "treatment_overview"


def test_an_overview_question_on_one_treatment_still_hands_over(kb):
    resolution = resolve_topic(kb, "ask_treatment_options", {"treatment": ["bmac"]}, text="is bmac a treatment option")
    assert resolution.topic.id == "bmac"


def test_a_difference_between_kinds_of_cells_that_tells_their_prices_is_about_the_kinds(kb):
    text = "what's the difference between marrow, fat and cord cells? the clinic offered all three at different prices"
    resolution = resolve_topic(kb, "ask_stem_cell_sources", {"treatment": ["stem_cells", "cord_blood"]}, text=text)
    assert resolution.topic.id == "stem_cell_sources"
    cheaper = "fat or marrow, which costs less?"
    priced = resolve_topic(kb, "ask_stem_cell_sources", {"treatment": ["stem_cells"]}, text=cheaper)
    assert priced.topic.id == "stem_cell_cost"


@pytest.mark.parametrize("text", ["how do I get on the Mesoblast trial", "can my dad sign up for the Mesoblast trial"])
def test_joining_a_named_trial_is_how_to_join_trials_about_it(kb, text):
    resolution = resolve_topic(kb, "ask_clinical_trials", {"study": ["amirdelfan_2021"]}, text=text)
    assert (resolution.topic.id, resolution.subject.id) == ("clinical_trials", "study_amirdelfan_2021")


def test_a_named_trial_asked_about_is_that_trial(kb):
    resolution = resolve_topic(kb, "ask_clinical_trials", {"study": ["amirdelfan_2021"]}, text="the Mesoblast trial?")
    assert resolution.topic.id == "study_amirdelfan_2021"


# Session 17: the product a patient named, the studies together, "why?", "which one for...?", and
# an operation asked for a condition without naming one.


@pytest.mark.parametrize(("value", "study"), [("disc_cells", "study_gornet_2024"), ("mpc", "study_amirdelfan_2021")])
def test_a_product_named_within_a_broader_answer_keeps_its_study_in_mind(kb, value, study):
    resolution = resolve_topic(kb, "ask_donor_cell_therapy", {"treatment": [value]}, text="what's that thing?")
    assert resolution.topic.id == "donor_cell_therapy"
    assert resolution.subject is None  # not shown in the answer
    assert resolution.named_product_study.id == study


def test_two_products_named_keep_no_study_in_mind(kb):
    resolution = resolve_topic(kb, "ask_donor_cell_therapy", {"treatment": ["disc_cells", "mpc"]})
    assert resolution.named_product_study is None


@pytest.mark.parametrize(
    ("intent", "text", "topic", "subject"),
    [
        ("ask_stem_cell_evidence", "was there a study on it", "study_gornet_2024", None),
        ("ask_study_design", "how many people", "study_gornet_2024", None),
        ("ask_fda_status", "is it approved yet", "fda_status", "study_gornet_2024"),
    ],
)
def test_follow_ups_after_a_named_product_are_about_its_own_study(kb, intent, text, topic, subject):
    resolution = resolve_topic(kb, intent, {}, "donor_cell_therapy", "study_gornet_2024", text)
    assert resolution.topic.id == topic
    assert (resolution.subject.id if resolution.subject else None) == subject


@pytest.mark.parametrize(
    "text", ["how big were those studies", "how many people were in them", "how many folk were in them studies like"]
)
def test_the_size_of_the_studies_together_is_the_longer_answer_that_lists_them(kb, text):
    resolution = resolve_topic(kb, "ask_study_design", {}, "stem_cell_human_studies", None, text)
    assert (resolution.topic.id, resolution.detail) == ("stem_cell_human_studies", True)


def test_judging_the_studies_together_is_still_how_studies_are_designed(kb):
    resolution = resolve_topic(kb, "ask_study_design", {}, "stem_cell_human_studies", None, "were those studies small?")
    assert not resolution.detail


@pytest.mark.parametrize("text", ["why", "why not?", "How come?", "but why", "why's that", "ok why though"])
def test_a_bare_why_asks_for_the_longer_answer_on_the_last_topic(kb, text):
    resolution = resolve_topic(kb, "ask_specialist_scepticism", {}, "back_braces", None, text)
    assert (resolution.topic.id, resolution.detail) == ("back_braces", True)


@pytest.mark.parametrize("text", ["why do discs wear out", "why are doctors against stem cells"])
def test_a_why_question_with_its_own_subject_is_answered_as_usual(kb, text):
    resolution = resolve_topic(kb, "ask_specialist_scepticism", {}, "back_braces", None, text)
    assert not resolution.detail
    assert resolution.topic.id == "specialist_scepticism"


def test_which_one_for_a_condition_after_the_medicines_picks_the_one_used_for_it(kb):
    text = "which one for nerve pain down the leg"
    resolution = resolve_topic(kb, "ask_sciatica", {"condition": ["sciatica"]}, "medicines", None, text)
    assert resolution.topic.id == "gabapentinoids"
    # not after another answer, and not without a condition
    assert (
        resolve_topic(kb, "ask_sciatica", {"condition": ["sciatica"]}, "heat_cold", None, text).topic.id == "sciatica"
    )
    assert resolve_topic(kb, "ask_medicines", {}, "medicines", None, "which one for me?").topic.id == "medicines"


def test_an_operation_asked_for_a_condition_without_one_is_surgery_in_general_for_it(kb):
    text = "the operation for this, is good idea?"
    resolution = resolve_topic(kb, "ask_discectomy", {"treatment": ["surgery"]}, "scoliosis", None, text)
    assert (resolution.topic.id, resolution.for_condition.id) == ("surgery", "scoliosis")
    named = resolve_topic(kb, "ask_discectomy", {"treatment": ["discectomy"]}, "scoliosis", None, "a discectomy?")
    assert named.topic.id == "discectomy"


def test_the_op_for_a_condition_that_has_one_is_that_operation(kb):
    text = "what's the op called then and what do they do"
    resolution = resolve_topic(kb, "ask_stem_cell_mechanism", {"treatment": ["surgery"]}, "spinal_stenosis", None, text)
    assert resolution.topic.id == "discectomy"


def test_good_reviews_read_as_testimonials_are_a_clinics_reviews_not_the_systematic_ones(kb):
    entities = {"study": ["systematic_reviews"]}
    assert resolve_topic(kb, "ask_testimonials", entities, text="but so many good reviews").topic.id == "testimonials"
    assert resolve_topic(kb, "ask_stem_cell_evidence", entities, text="what do the reviews say").topic.id == (
        "stem_cell_systematic_reviews"
    )


@pytest.mark.parametrize(
    ("value", "text", "study"),
    [
        ("disc_cells", "I read about DiscGenics growing cells from donor discs. What did their study find?", "gornet"),
        ("mpc", "does mesoblast work", "amirdelfan"),
    ],
)
def test_what_a_named_products_study_found_is_that_study(kb, value, text, study):
    resolution = resolve_topic(kb, "ask_stem_cell_evidence", {"treatment": [value]}, text=text)
    assert resolution.topic.id.startswith(f"study_{study}")


def test_another_aspect_of_a_named_product_keeps_its_study_in_mind(kb):
    resolution = resolve_topic(kb, "ask_stem_cell_risks", {"treatment": ["disc_cells"]}, text="is discgenics safe")
    assert resolution.topic.id == "stem_cell_risks"
    assert resolution.named_product_study.id == "study_gornet_2024"


@pytest.mark.parametrize(
    ("last", "text"),
    [
        ("study_pettine_2015", "You used the phrase open-label. What does that mean exactly?"),
        ("stem_cell_systematic_reviews", "What does 'low certainty evidence' mean in that context?"),
        ("study_bmac_case_review", "whats a case review vs a real trial"),
    ],
)
def test_a_study_term_asked_about_after_a_study_is_how_studies_are_designed(kb, last, text):
    resolution = resolve_topic(kb, "ask_study_design", {}, last, None, text)
    assert (resolution.topic.id, resolution.subject.id) == ("study_design", last)


def test_an_operation_intent_without_surgery_named_keeps_the_operation(kb):
    resolution = resolve_topic(kb, "ask_spinal_fusion", {}, "spondylolisthesis", None, "do they fuse it")
    assert resolution.topic.id == "spinal_fusion"

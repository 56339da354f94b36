"""The widened red-flag rules: lay words, other people, means of self-harm, time and negation.

Each case is a message a patient might send; the expected level (or None) comes from the fact
sheet (sections 4, 9, 11.9, 11.11) or from a product rule in red_flags.yml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.safety import SafetyDetector
from tests.bot.safety.support import (
    assert_loads_or_is_refused,
    at_level,
    found,
    kind_check,
    not_found,
    rules_file,
)

# Messages of each kind with the level the rules must find in them (None: no finding), checked
# together by test_each_kind_is_found_at_its_level at the end.
CASES: dict[str, list[tuple[str, str | None]]] = {}


# --- lay and non-native words for bladder, bowel and saddle signs (emergency) -------------------


@pytest.mark.parametrize(
    "text",
    [
        "can't wee since this morning",
        "I can't pee",
        "I wet myself on the way to the loo",
        "didn't make it to the loo, it just came out",
        "I pooed myself",
        "I pooed in my pants and didn't notice",
        "I can't feel when I need to go",
        "can't feel when I need a poo",
        "numb down there",
        "numb around my private parts",
        "my bum is numb",
        "numbness around my back passage",
        "the pee just comes out by itself",
        "can't tell when my bladder is full",
        "cant feel the loo roll when I wipe",
        "I'm leaking wee",
        "I can't hold my wee in anymore",
        "I have to push to wee and nothing happens",
        "I need to pee but I can't",
        # broken grammar
        "i not feel when bladder full",
        "me no can feel pee coming",
        "pee come out by itself",
        "cannot hold the wee",
        "i had accident in toilet, not control",
        "my back pain and i cant control the poo",
        "poo comes out, i not know",
        "i no feel my bottom",
        "bladder full but no can pee",
        "i try pee but nothing come",
        "i not can pee since yesterday",
        "me cannot do wee since morning",
        "from yesterday no pee",
        "private part no feeling",
        "when i wipe i feel nothing",
    ],
)
def test_lay_words_for_bladder_bowel_and_saddle_signs_are_an_emergency(detector: SafetyDetector, text: str) -> None:
    level, triggers = found(detector, text)
    assert level == "emergency", triggers
    assert {"bladder_bowel", "saddle_numbness"} & set(triggers)


CASES["everyday_toilet_and_bottom_words_are_not_an_alarm"] = not_found(
    [
        "I go to the loo a lot at night because I drink tea",
        "my back hurts when I sit on the toilet",
        "I don't know when I need to go to the GP",
        "no pee problems, just back ache",
        "no wee problems, no poo problems",
        "I'm not peeing more than usual",
        "I pee a lot because of my water tablets",
        "my bum hurts after sitting all day",
        "pain in my bum cheek going down the back of my leg",
        "my private health insurance covers physio",
        "my bowels are fine",
    ]
)


# --- third person ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("my dad can't feel his bum", "emergency"),
        ("my mum wet herself and her back is bad", "emergency"),
        ("my husband can't feel when he needs to go", "emergency"),
        ("my wife has numbness down there", "emergency"),
        ("my partner peed himself", "emergency"),
        ("my friend says her bum is numb", "emergency"),
        ("my son pooed himself and his back hurts", "emergency"),
        ("my daughter can't feel her private parts", "emergency"),
        ("my neighbour lost control of his bladder", "emergency"),
        ("she can't feel her legs", "emergency"),
        ("he can't feel his bottom", "emergency"),
        ("my 70 year old mum can't feel when she needs a wee", "emergency"),
        ("My dad is 80. Since this morning he can't pee.", "emergency"),
        ("I'm worried about my dad, he can't pee", "emergency"),
        ("my mum has a fever and back pain", "urgent"),
        ("my dad says he'd be better off dead", "crisis"),
        ("my mum keeps saying she wants to die", "crisis"),
        ("my son has been cutting himself", "crisis"),
        ("my brother talks about killing himself", "crisis"),
    ],
)
def test_a_sign_told_about_someone_else_is_found_and_marked_as_theirs(
    detector: SafetyDetector, text: str, level: str
) -> None:
    finding = detector.detect(text)
    assert finding is not None and finding.level == level
    assert finding.about_other


@pytest.mark.parametrize(
    "text",
    [
        "My dad hurt his back. I can't pee",
        "I'm worried, my wife says I wet myself in my sleep",
        "my husband and I are worried because I can't feel my bum",
        "I wet myself and my dad is worried",
        "my dad died last year and I want to die",
        "I can't feel my bum and my wife can't either",
    ],
)
def test_a_sign_of_the_patient_is_theirs_even_when_others_are_named(detector: SafetyDetector, text: str) -> None:
    finding = detector.detect(text)
    assert finding is not None
    assert not finding.about_other


CASES["other_people_mentioned_without_a_sign_are_not_an_alarm"] = not_found(
    [
        "my husband has a bad back too",
        "my mum had sciatica, is it genetic?",
        "I'm worried my dad will fall off the ladder",
    ]
)


# --- self-harm by means, and overdoses -----------------------------------------------------------


CASES["means_of_self_harm_are_crisis"] = at_level(
    "crisis",
    [
        "I've been saving up my pills",
        "I have been saving my tramadol for when I've had enough",
        "I'm hoarding my painkillers",
        "I've got enough tablets saved to end it",
        "I'm going to take the whole box",
        "I could just swallow the whole packet",
        "I'll take the whole bottle tonight",
        "how many of these would be too many? asking for me",
        "how many of these would be too many, asking for me",
        "how many tramadol would be too many. asking for myself",
        "how many tramadol would kill me",
        "how much paracetamol does it take to die",
        "what is a lethal dose of co-codamol",
        "There's a gun at home and I keep thinking about it",
        "my husband keeps a gun in the house and I think about using it",
        "I have a knife and I want to use it on myself",
        "I have the razor blades hidden",
        "I'd be better off dead",
        "everyone would be better off dead without me",
        "my wife keeps saying she'd be better off dead",
    ],
)


CASES["medicine_questions_and_gadgets_are_not_crisis"] = not_found(
    [
        "how many ibuprofen can I take in a day?",
        "is 8 paracetamol a day too many?",
        "how much exercise is too much? asking for me",
        "I take all my tablets as prescribed",
        "I took 2 paracetamol this morning",
        "I've taken loads of painkillers over the years and nothing helps",
        "I took too many days off work because of my back",
        "I have a massage gun, is it good for my back?",
        "can I use my massage gun on myself?",
        "can I use the TENS machine on myself?",
        "I use a heat pad on myself every night",
        "I've been saving up for the stem cell treatment",
        "I'd rather die than have surgery",
        "I nearly overdosed",
        "what happens if you take too many ibuprofen?",
        "if I took an overdose would it hurt?",
    ]
)


@pytest.mark.parametrize(
    ("text", "crisis_too"),
    [
        ("I took an overdose of my tramadol an hour ago", True),
        ("I took an overdose of my tramadol an hour ago, I feel fine", True),
        ("took an overdose and feel fine", True),
        ("I took too many of my tramadol by accident", False),
        ("I accidentally took too much paracetamol", False),
        ("I've taken 20 co-codamol", False),
        ("I swallowed a handful of my gabapentin", False),
        ("took too many pills an hour ago and feel fine", False),
    ],
)
def test_an_overdose_already_taken_is_an_emergency_even_when_feeling_fine(
    detector: SafetyDetector, text: str, crisis_too: bool
) -> None:
    finding = detector.detect(text)
    assert finding is not None and "overdose_taken" in finding.triggers
    assert "emergency" in finding.levels
    assert (finding.level == "crisis") == crisis_too


# --- negation and time, scoped to the clause ----------------------------------------------------


CASES["a_denied_past_or_resolved_sign_does_not_fire"] = not_found(
    [
        "no numbness, no bladder problems, no fever, just aching",
        "had a fever last year, sorted",
        "fracture healed years ago",
        "Last year I had a fever",
        "I had numbness down there last year, it went away",
        "the numbness in my groin went away",
        "numbness down there is gone now",
        "the pins and needles in my bum has completely gone",
        "cauda equina was ruled out",
        "I wet myself as a child",
        "I used to wet myself when I was little",
        "I lost control of my bladder years ago after childbirth, it's fine now",
        "my legs gave way last year, sorted now with physio",
        "had chest pain in 2019, all fine",
        "I had night sweats last year but they've settled",
        "the tingling in both legs has gone away",
        "my bladder problems cleared up",
        "no fever, still aching",
        "no numbness down there, still aching though",
        "I fell off a ladder years ago",
    ]
)


CASES["still_since_worse_and_back_again_keep_or_restore_the_sign"] = [
    ("no fever but since yesterday I can't pee", "emergency"),
    ("no fever, but my bum is still numb", "emergency"),
    ("the numbness in my groin went away but came back today", "emergency"),
    ("the numbness in my groin went away. But it came back today", "emergency"),
    ("the numbness in my groin went away and came back yesterday", "emergency"),
    ("I had numbness down there last year and it's back", "emergency"),
    ("Numbness down there last year, sorted, but it started again this week", "emergency"),
    ("I didn't have numbness down there but now I do", "emergency"),
    ("no numbness down there until yesterday", "emergency"),
    ("numbness down there hasn't gone away", "emergency"),
    ("the numbness in my groin has almost gone", "emergency"),
    ("the numbness in my groin never went away", "emergency"),
    ("I still can't feel my bum", "emergency"),
    ("numbness down there getting worse", "emergency"),
    ("since last year I can't feel my bum", "emergency"),
    ("in the last year I've lost control of my bladder", "emergency"),
    ("last year I hurt my back and now I can't pee", "emergency"),
    ("I had a fever last year and it came back this week", "urgent"),
    ("I had a fever 2 weeks ago and still have it", "urgent"),
    ("no numbness, but I have a fever", "urgent"),
]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("I tried to kill myself years ago", "suicidal_thoughts"),
        ("I wanted to die last year, it passed", "suicidal_thoughts"),
        # (round 8) a cancer history is a red flag with back pain, so the pain is told too
        ("I had breast cancer years ago and now my back aches", "cancer_history"),
        ("had cancer in 2015, all clear now, back pain since June", "cancer_history"),
    ],
)
def test_histories_and_crisis_talk_count_however_long_ago(detector: SafetyDetector, text: str, trigger: str) -> None:
    assert trigger in found(detector, text)[1]


# --- triggers the fact sheet supports ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level", "trigger"),
    [
        ("new problems getting an erection since my back went", "emergency", "sexual_dysfunction"),
        ("I can't get hard since my back pain started", "emergency", "sexual_dysfunction"),
        ("can't ejaculate since the back pain started", "emergency", "sexual_dysfunction"),
        ("I can't feel anything during sex now", "emergency", "sexual_dysfunction"),
        ("sex feels numb since my back went", "emergency", "sexual_dysfunction"),
        ("pain in both legs", "emergency", "both_legs"),
        ("tingling in both legs", "emergency", "both_legs"),
        ("both legs tingle", "emergency", "both_legs"),
        ("my legs both tingle", "emergency", "both_legs"),
        ("pain going down both my legs", "emergency", "both_legs"),
        ("there's a lump on my back", "urgent", "lump_or_shape_change"),
        ("my back looks a different shape", "urgent", "lump_or_shape_change"),
        ("pain worse on coughing and sneezing", "urgent", "pain_on_straining"),
        ("it's agony when I strain on the toilet", "urgent", "pain_on_straining"),
        ("coughing makes my back pain worse", "urgent", "pain_on_straining"),
        ("upper back pain", "urgent", "upper_back_pain"),
        ("pain between my shoulder blades", "urgent", "upper_back_pain"),
        ("pain doesn't ease with rest", "urgent", "night_pain"),
        ("even lying down it still hurts", "urgent", "night_pain"),
        (
            "I have osteoporosis and bumped my back lightly and now sudden severe pain",
            "urgent",
            "osteoporosis_sudden_pain",
        ),
        ("I've got osteoporosis, knocked my back on the door and now it's agony", "urgent", "osteoporosis_sudden_pain"),
        (
            "I have osteoporosis. I bent down to pick something up and now I'm in agony.",
            "urgent",
            "osteoporosis_sudden_pain",
        ),
        ("I've been on steroid tablets for years and suddenly have severe back pain", "urgent", "steroids_sudden_pain"),
        ("on prednisolone long term and sudden terrible back pain", "urgent", "steroids_sudden_pain"),
    ],
)
def test_fact_sheet_triggers_fire_at_their_level(detector: SafetyDetector, text: str, level: str, trigger: str) -> None:
    got_level, triggers = found(detector, text)
    assert got_level == level and trigger in triggers, triggers


@pytest.mark.parametrize(
    "text",
    [
        "I had steroid injections and the pain is sudden and severe now",
        "sudden severe back pain after lifting a box",
        "I don't have osteoporosis but the pain came on suddenly and it's agony",
        "my mum has osteoporosis, is walking good for her?",
        "I've been on steroid tablets for years, is that bad for my bones?",
        "I have osteoporosis and my back aches",
    ],
)
def test_fracture_rules_need_both_the_risk_and_sudden_severe_pain(detector: SafetyDetector, text: str) -> None:
    triggers = found(detector, text)[1]
    assert not {"osteoporosis_sudden_pain", "steroids_sudden_pain"} & set(triggers)


def test_fracture_and_cancer_rules_are_product_rules_that_say_why(detector: SafetyDetector) -> None:
    rules = {t.id: t for t in detector.triggers}
    for trigger_id in ("osteoporosis_sudden_pain", "steroids_sudden_pain", "cancer_history", "overdose_taken"):
        assert rules[trigger_id].basis == "product_rule"
        assert rules[trigger_id].note
    assert "[U]" in (rules["cancer_history"].note or "")


# --- false alarms --------------------------------------------------------------------------------


CASES["a_cracking_back_is_not_crisis_talk"] = not_found(
    [
        # crack, cut and similar words are not self-harm
        "my back cracks when I stretch, is that bad?",
        "My back cracks when I stretch. Is that bad?",
        "I crack my back every morning, is that bad?",
        "my back keeps cracking when I stretch it, should I worry?",
        "my back cracks and pops when I stretch, is that bad?",
        "My back cracks when I stretch, is that bad? I'm worried I'm hurting myself",
        "crack my back myself, is it bad?",
        "I cut myself shaving",
        # read together with an earlier turn, as the NLU safety step does
        "how many stretches a day?, my back cracks when I stretch, is that bad?",
        "i want to stop, my back cracks when I stretch, is that bad?",
    ]
)


CASES["questions_about_warning_signs_do_not_fire"] = not_found(
    [
        "what does saddle numbness mean?",
        "what is saddle numbness?",
        "what's saddle anaesthesia?",
        "how would I know sciatica has turned serious?",
        "is cauda equina common?",
        "how common is cauda equina?",
        "what are the signs of cauda equina?",
        "when should I worry about bladder problems with back pain?",
        "what should I do if my legs give way?",
        "what is incontinence?",
        "what causes upper back pain?",
        "can sciatica affect your bladder?",
    ]
)


CASES["a_sign_reported_with_a_question_still_fires"] = at_level(
    "emergency",
    ["Saddle numbness - should I be worried?", "what is this numbness down there?", "is numbness down there serious?"],
)


# --- the rules file ------------------------------------------------------------------------------

REVIEWED = "\n    last_reviewed: 2026-12-05\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    sources: []\n    basis: product_rule\n    note: why", None),
        ("    sources: []\n    basis: product_rule", "product_rule must say why"),
        ("    sources: [nhs_back_pain]\n    basis: fact_sheet\n    past_counts: 'yes'", "true or false"),
        ("    sources: [nhs_back_pain]\n    basis: fact_sheet\n    reply: Bad Key", "snake_case message key"),
        ("    sources: [nhs_back_pain]\n    basis: fact_sheet\n    requires: ['\\b(']", "invalid pattern"),
    ],
)
def test_new_trigger_keys_are_validated(tmp_path: Path, extra: str, message: str | None) -> None:
    assert_loads_or_is_refused(rules_file(tmp_path, extra + REVIEWED), message)


def test_a_required_context_is_checked_and_cannot_be_denied(tmp_path: Path) -> None:
    extra = "    sources: []\n    basis: product_rule\n    note: why\n    requires: ['\\bbrittle\\b']"
    detector = SafetyDetector.from_file(rules_file(tmp_path, extra + REVIEWED))
    assert detector.detect("it is ok") is None
    assert detector.detect("brittle bones. it is ok") is not None
    assert detector.detect("no brittle bones. it is ok") is None


# --- the kinds of message above, each checked the same way ---------------------------------------


test_each_kind_is_found_at_its_level = kind_check(CASES)

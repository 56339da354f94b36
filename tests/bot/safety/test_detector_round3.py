"""Third review of the red-flag rules: general questions, past signs, near-miss words, indirect crisis.

Each kind is tested with wordings written for these tests, and every exclusion is paired with a
message that uses the same words to tell the sign for now, which must still raise the alarm.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.safety import ContentError, SafetyDetector
from bot.safety.triage import ALARM, CHECK_IN, NO_ACTION
from tests.bot.safety.support import at_level, found, kind_check, not_found, rules_file, triage

# Messages of each kind with the level the rules must find in them (None: no finding), checked
# together by test_each_kind_is_found_at_its_level at the end.
CASES: dict[str, list[tuple[str, str | None]]] = {}


# --- 1. general questions, hypotheticals and "what counts as" --------------------------------------


CASES["general_questions_about_signs_do_not_fire"] = not_found(
    [
        "if somebody can't wee after a spinal anaesthetic, is that an emergency?",
        "is it an emergency if you can't feel the paper when you wipe?",
        "do you need to call 999 if your legs give way?",
        "when do you need to go to hospital for back pain with a fever?",
        "supposing I couldn't pee at all, would that mean A&E?",
        "say my legs went weak on the stairs, what would I do?",
        "hypothetically, if I lost control of my bladder, how fast should I be seen?",
        "what temperature counts as a fever with back pain?",
        "would numbness in both legs mean I need an ambulance?",
        "does a high temperature with back pain mean an infection?",
        "is numbness in your privates a sign of cauda equina?",
        "would a high temperature with back pain be an infection in the spine?",
        "is it normal to run a fever after a spinal injection?",
        "how long after an injection could an infection show up?",
        "what kind of bladder change counts as a warning sign?",
        "can you explain saddle anaesthesia in simple words?",
        "my friend said a numb bum means surgery, is that right?",
        "should a pregnant woman worry if her bum goes numb?",
        "what if I can't pee?",
    ]
)


CASES["the_same_questions_still_fire_when_the_sign_is_told_for_now"] = [
    # the same frames, with the sign told for now in the same clause ...
    ("what if I can't pee since this morning?", "emergency"),
    ("is it an emergency if I can't feel the paper when I wipe since yesterday?", "emergency"),
    ("supposing it's nothing, but I couldn't pee at all today", "emergency"),
    # ... or in the next clause or sentence, with the patient and now named
    ("is it normal to run a fever after a spinal injection? I've had one since this morning", "urgent"),
    ("is it an emergency if you wet yourself? I did it today", "emergency"),
    ("Is a numb bum always an emergency? Because I've got it now, since lunchtime", "emergency"),
    # the patient's own body inside the question
    ("is it a bad sign if both my legs feel weak? my back went yesterday", "emergency"),
    ("does my bum being numb mean I need A&E?", "emergency"),
    ("should I go to A&E if I wet myself with my back pain?", "emergency"),
    ("is it normal to not feel the toilet paper when I wipe?", "emergency"),
    ("my GP said my numb bum means I need a scan today", "emergency"),
    # a report first, a question after
    ("I can't pee, is that an emergency?", "emergency"),
    ("I've got a high temperature with back pain, what counts as high?", "urgent"),
]


# --- 2. past and resolved signs ------------------------------------------------------------------


CASES["past_or_resolved_signs_do_not_fire"] = not_found(
    [
        "had a fever with a water infection in the summer, all cleared up, now just a stiff back",
        "broke a vertebra in my twenties, healed fine",
        "when I was pregnant I leaked a bit when I coughed, that stopped after the baby",
        "I had night sweats back in February with covid",
        "in my forties I had bladder trouble after an infection, treated with antibiotics",
        "had a high temp over christmas with flu, better now, but my back is still stiff",
        "a couple of months ago both legs went numb after a long flight, fine within the hour",
        "I was incontinent for a while after my first baby, 9 years ago",
        "I once wet myself after a big night out, never happened again",
        "fell down the stairs when I was 8, no lasting damage",
        "had a cancer scare in 2019 but the biopsy was clear",
        "my bum went numb after the spinal for my caesarean, it wore off by the evening",
    ]
)


CASES["a_sign_back_or_still_there_fires"] = [
    ("had a fever in the summer which cleared, but it's back since yesterday with my back pain", "urgent"),
    ("I had a fever in the spring and now I've got one again with this back pain", "urgent"),
    ("when I was pregnant I leaked a bit, and since yesterday I can't hold my wee at all", "emergency"),
    ("a couple of months ago both legs went numb and since this morning they're numb again", "emergency"),
    ("I wet myself, but I'm fine", "emergency"),
    ("I couldn't pee this morning, it eased after a while", "emergency"),
    ("I've lost a stone since the summer without trying", "urgent"),
    ("wee coming out when I stand up, never had that before", "emergency"),
    ("bowel cancer in 2021, and for two weeks my back has ached at night", "urgent"),
]


# --- 3. near-miss words --------------------------------------------------------------------------


CASES["near_miss_words_do_not_fire"] = not_found(
    [
        "my backside goes numb on long drives, would a cushion help my back?",
        "my bum always goes numb on the hard seats at the football",
        "bum goes dead on the train to work, I stand and it's fine",
        "numb bottom on the church pews every week",
        "I've a lipoma on my back, the GP checked it, it's harmless",
        "a fatty lump on my back that's been checked, but my lower back aches",
        "my legs feel weak after heavy squats, normal?",
        "after the spin class my thighs were shaky and weak",
        "I sweat at night because of the menopause and my back aches in the morning",
        "I pee a lot more since the water tablets",
        "I carry my baby on my chest in a sling and my back aches",
    ]
)


CASES["the_same_words_still_fire_when_they_are_a_sign"] = [
    ("my bum went numb on the drive home and it's still numb now", "emergency"),
    ("my bum is numb and it's not from sitting, it's been like this since yesterday", "emergency"),
    ("bum numb on the train to work this morning and it hasn't come back", "emergency"),
    ("there's a lump on my back the GP said was a lipoma but it's growing", "urgent"),
    ("I have a lump on my back, hoping it's just a cyst", "urgent"),
    ("my legs go weak after a short walk", "emergency"),
    ("legs weak after squats and I can't feel my feet", "emergency"),
    ("night sweats and a fever this week with my back pain", "urgent"),
]


# --- 4. indirect crisis talk ---------------------------------------------------------------------


CASES["indirect_crisis_talk_is_crisis"] = at_level(
    "crisis",
    [
        "Two operations, a pain clinic, the lot. I've stopped seeing the point of any of it and my "
        "wife would be better off with the life insurance. Anyway, what's new for failed back surgery?",
        "I've been quietly getting my affairs in order",
        "I don't plan on being around for the next scan",
        "I'd rather just not wake up tomorrow",
        "everyone would be happier if I wasn't here",
        "they'd all be better off without the burden of me",
        "I don't have anything left to live for",
        "honestly I can't see myself still being here at Easter",
        "I don't think I'll be here by the time the operation comes round",
    ],
)


def test_a_carer_telling_of_crisis_talk_is_crisis_about_them(detector: SafetyDetector) -> None:
    finding = detector.detect("my grandad keeps saying he'd rather not wake up, his back is so bad")
    assert finding is not None and finding.level == "crisis" and finding.about_other


CASES["lookalikes_of_crisis_talk_are_not_crisis"] = not_found(
    [
        "getting my affairs in order before the spinal fusion, just sensible",
        "I won't be around for the follow-up, I'm moving abroad",
        "I don't plan to be around when the builders come, the noise hurts my back",
        "I'd rather not wake up at six for physio",
        "I'd rather not wake up my husband when I get up in the night",
        "I'd rather not be around people when my back is this bad",
        "my wife would be happier if I was around more",
        "I can't see the point in any more scans",
        "I don't see the point in anything they suggest, it never works",
        "the kids would be better off with a dad who can play football",
        # figurative death words
        "this pain is killing me",
        "I'd kill for a night's sleep",
        "dying to know if the stem cell clinics work",
        "this sciatica will be the death of me",
    ]
)


# --- 5. the mechanisms ---------------------------------------------------------------------------


def test_a_negation_is_not_lifted_by_a_later_clause_that_tells_something_for_now(detector: SafetyDetector) -> None:
    # only a question cue is lifted by "I ... since ..."; a denied sign stays denied
    assert found(detector, "no fever. I've had back pain since Monday") == (None, ())
    assert found(detector, "I don't have a temperature, I've had this ache since yesterday") == (None, ())
    assert found(detector, "what if I get a fever after the injection? I'm fine today") == (None, ())


def cue_rules(tmp_path: Path, hypothetical_cue: str) -> Path:
    """Rules whose hypothetical cue may use the vocabulary entry NOT_NOW (not followed by "today")."""
    return rules_file(
        tmp_path,
        "    sources: [nhs_back_pain]\n    basis: fact_sheet\n    last_reviewed: 2026-11-21\n",
        patterns="'\\bfever\\b'",
        hypothetical_cues=f"'{hypothetical_cue}'",
        more_language="  time_stops: ['today']\n",
        vocabulary="\n  NOT_NOW: '(?!(?: [a-z]+){0,6}? today\\b)'",
    )


def test_language_cues_may_use_vocabulary_entries(tmp_path: Path) -> None:
    detector = SafetyDetector.from_file(cue_rules(tmp_path, "what if{NOT_NOW}"))
    assert detector.detect("what if i get a fever") is None
    assert detector.detect("what if i got a fever today") is not None


def test_an_unknown_vocabulary_entry_in_a_language_cue_is_refused(tmp_path: Path) -> None:
    path = cue_rules(tmp_path, "what if{NOPE}")
    with pytest.raises(ContentError, match="unknown vocabulary entry"):
        SafetyDetector.from_file(path)


# --- 6. the classifier side (trained on the corpus's training split) -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my sciatica is slowly killing me, any tips",
        "I'd kill for a back massage right now",
        "dead tired after work with this back",
        "dying to find out what the MRI says",
    ],
)
def test_figurative_death_words_get_no_crisis_check_in(text: str) -> None:
    assert triage(text).action == NO_ACTION


@pytest.mark.parametrize(
    "text",
    [
        "I keep thinking my family would be fine without me",
        "I've sorted the will and the letters are in the drawer, the pain has won",
        "My back story is long: two ops, lost my job, my wife left. I've been thinking I won't be "
        "around to see another winter, and honestly that feels like a relief. What is the success "
        "rate of a spinal cord stimulator?",
    ],
)
def test_indirect_crisis_without_a_rule_still_shows_the_crisis_line(text: str) -> None:
    decision = triage(text)
    assert (decision.action, decision.level) in ((CHECK_IN, "crisis"), (ALARM, "crisis"))


# --- the kinds of message above, each checked the same way ---------------------------------------


test_each_kind_is_found_at_its_level = kind_check(CASES)

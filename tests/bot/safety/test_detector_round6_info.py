"""Round 6 of the red-flag rules: questions about warning signs are information, reports still alarm.

Wordings written for these tests (not taken from the corpus or any evaluation set), in British,
American, non-native and texting English. Each kind of information question (a comparison, "is it
true that", a marker that the asker has no sign now, someone else or the future in a condition, a
definition, "is X a bad sign", cancer history asked about the future, a procedure still to come)
must stay quiet; beside them, reports of a sign happening now must still fire.
"""

from __future__ import annotations

import pytest

from bot.safety import SafetyDetector
from tests.bot.safety.support import at_level, found, kind_check, not_found

QUIET: dict[str, list[str]] = {}

QUIET["comparisons"] = [
    "what's the difference between saddle numbness and normal sciatica numbness?",
    "whats the diff... difference between numb bum from sitting and cauda equina",
    "saddle numbness versus sciatica numbness, which is worse?",
    "urinary retention vs just needing to pee a lot",
    "how do you tell numbness down there from sitting apart from the serious kind?",
    "is numbness in both legs worse than in one leg?",
]
QUIET["is_it_true_and_hearsay"] = [
    "is it true that losing bladder control is an emergency?",
    "I read somewhere that numbness down there is a warning sign, why?",
    "my friend says that not being able to pee is a warning sign, why is that?",
    "read in an article that night sweats are warning signs, is that right?",
    "can men get erection problems from a disc?",
    "can women get numbness down there from a slipped disc?",
    "true or false: wetting yourself with back pain means surgery",
]
QUIET["asking_in_general"] = [
    "numbness in the saddle area, just reading up on it",
    "can't feel your bum, asking in general",
    "asking for a friend, is wetting yourself an emergency",
    "mine's fine, but what does saddle numbness feel like",
    "for a first aid guide: losing bladder control with back pain",
    "nursing student here, why is saddle anaesthesia an emergency?",
    "i dont have any of these, just curious: both legs going weak, A&E or GP?",
    "purely out of interest, is a fever with back pain bad",
]
QUIET["someone_else_or_the_future"] = [
    "would a fella need to worry if he ever lost feeling down there?",
    "if my husband's back pain ever came with chest pain, A&E or GP?",
    "what should someone bring to A&E if they think it might be cauda equina?",
    "do hospitals scan at night if they think it's cauda equina?",
    "if my mum ever couldnt pee, who do we ring",
    "if they suspect cauda equina how fast do they operate",
]
QUIET["definitions"] = [
    "what mean saddle anaesthesia?",
    "saddle anaesthesia meaning pls",
    "meaning of urinary retention",
    "whats meaning of incontinence",
    "what does numb bum mean?",
]
QUIET["is_it_a_bad_sign"] = [
    "is night pain a bad sign?",
    "should fever with back pain worry you?",
    "is pain between the shoulder blades always cancer?",
    "is pain between the shoulder blades a bad sign?",
    "should night sweats worry people?",
]
QUIET["cancer_history_in_future"] = [
    "if someone's had cancer before, should they get new back pain checked sooner?",
    "if I've had cancer, should I mention it to the physio in future?",
    "had cancer years ago, all clear, no back problems: what symptoms should make me get checked in future?",
    "if youve had cancer should back pain be checked quicker",
    "had breast cancer ages ago, for future reference what back symptoms matter?",
]
QUIET["procedure_to_come"] = [
    "do I need to worry about a fever after a lumbar puncture? I'm booked for one next week",
    "after an epidural, what infection signs should I look out for?",
    "after a spinal injection what should you watch out for",
    "getting an epidural soon, redness at the site is something to look out for?",
    "should I worry about a temperature after my injection next month?",
]

CASES: dict[str, list[tuple[str, str | None]]] = {kind: not_found(texts) for kind, texts in QUIET.items()}
CASES["reports_still_fire"] = [
    ("I read about cauda equina and I think I have it, I can't feel my bum since yesterday", "emergency"),
    ("is it serious that both my legs went numb this morning?", "emergency"),
    ("asking for my dad, he can't pee since last night", "emergency"),
    ("what does it mean if I wet myself today without noticing?", "emergency"),
    ("had cancer 3 years ago and now new back pain that won't settle", "urgent"),
    ("I had an epidural last week and the site is red and hot", "urgent"),
    ("I can't feel my bum, just reading up on it", "emergency"),
    ("asking for a friend, he can't pee", "emergency"),
    ("nursing student and I can't feel my bum since Monday", "emergency"),
    ("my bum is numb, what does it mean", "emergency"),
    ("I read that my numb bum means surgery", "emergency"),
    ("is it true my legs going numb is serious", "emergency"),
    ("is my night pain a bad sign?", "urgent"),
    ("my back pain wakes me every night, is that a bad sign?", "urgent"),
    ("should I worry about my numb bum?", "emergency"),
    ("if he ever lost control of his bladder today", "emergency"),
]
CASES["crisis_talk_is_never_general"] = at_level(
    "crisis", ["asking for a friend, how many paracetamol would it take to kill me"]
)


test_each_kind_is_found_at_its_level = kind_check(CASES)


def test_a_general_marker_yields_to_a_time_that_tells_now(detector: SafetyDetector) -> None:
    # the marker alone makes a sign with no one named a question ...
    assert found(detector, "just reading up on it: losing control of your bladder")[0] is None
    # ... but not when the message tells it for now, outside the marker
    assert found(detector, "just reading up on it, lost control of my bladder this morning")[0] == "emergency"
    assert found(detector, "asking in general, can't pee since yesterday")[0] == "emergency"
    # the marker's own "now" does not count ("I don't have it now")
    assert found(detector, "i dont have it now, what is saddle numbness")[0] is None


@pytest.mark.parametrize(
    "text",
    [
        "asking for a friend, can't pee, what to do",
        "asking for a mate, bum's gone numb and his back is killing him",
        "for the lads at the club: one of them can't feel his legs after the tackle",
    ],
)
def test_asking_for_a_friend_is_no_cover_for_a_sign_told(detector: SafetyDetector, text: str) -> None:
    assert detector.detect(text) is not None, text

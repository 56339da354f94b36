"""Round 15 of the red-flag rules (session 18): reporting schemes, lay words, and signs asked about.

Wordings written for these tests (not taken from the corpus or any evaluation set).
- The UK's Yellow Card scheme (and a "green light") are not signs of infection at an injection site.
- "Crapped myself without knowing" is bowel incontinence, like "pooed myself".
- "Black ideas" (French "idées noires") and "dark thoughts" are crisis talk, unless denied.
- Clothes hanging off someone who has got thin is weight loss; not after a diet.
- A sign that went within minutes or hours ("went after an hour off the bike") is over.
- Non-native "before 2 month" (two months ago) is past; "before 2 days" may still be now.
- "Why is X dangerous?", "the X warning they tell you about", "I read on WhatsApp that ..." ask
  about a sign; a sign the patient says is theirs ("and I have it") still counts.
- A question about a sign, then a next sentence telling it for someone now ("my husband has that
  since last night"), counts, like one telling it for the patient.
- A whole message that only acknowledges or shrugs ("i see", "never mind", "I don't know") is not
  read by the classifier; "I don't know anymore" still is.
"""

from __future__ import annotations

import pytest

from bot.safety.replies import get_detector
from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["reporting_schemes_and_go_ahead"] = not_found(
    [
        "how do I fill in a yellow card for a reaction to my epidural, it was months ago",
        "the clinic got the green light to do the injection next week, is that normal",
    ]
)

CASES["a_yellow_site_is_still_a_sign"] = at_level("urgent", ["the needle spot has gone yellow and crusty since friday"])

CASES["bowel_accident_in_rude_words"] = at_level(
    "emergency",
    ["my back went and then I crapped myself and didn't even feel it", "dad keeps crapping himself since the fall"],
)

CASES["dark_or_black_thoughts"] = at_level(
    "crisis",
    ["been having really dark thoughts since the pain got worse", "my head is full of black ideas these days"],
)

CASES["dark_thoughts_denied"] = not_found(["no dark thoughts or anything, just sick of the sciatica"])

CASES["clothes_hanging_off_someone_thin"] = at_level(
    "urgent", ["grandad's trousers are hanging off him now and his lower back is constantly sore"]
)

CASES["clothes_hanging_off_after_a_diet"] = not_found(
    ["since slimming world my jeans are hanging off me, but my back aches when I run"]
)

CASES["a_sign_gone_within_the_hour"] = not_found(
    [
        "tingly bum after a five hour coach trip, went after twenty minutes walking round the services",
        "numb down below after the long drive, gone within an hour of getting home",
    ]
)

CASES["a_sign_that_went_and_came_back"] = at_level(
    "emergency", ["saddle went numb on the ride, went after an hour but it's back again today"]
)

CASES["before_some_months_is_past"] = not_found(
    ["before 3 month I have high temperature with kidney problem, doctor give tablets, all finish now"]
)

CASES["before_some_days_may_be_now"] = at_level("urgent", ["before 2 days I have fever and my back is very painful"])

CASES["signs_asked_about"] = not_found(
    [
        "why is loss of feeling between the legs so dangerous with a bad back?",
        "what's the deal with the bladder warning doctors always go on about?",
        "I saw on tiktok that back pain with fever is an emergency, is that right? no fever here",
    ]
)

CASES["a_sign_read_about_and_owned"] = at_level(
    "emergency", ["I read on facebook that numbness in your private area is serious and I have it"]
)


@pytest.mark.parametrize("text", ["i see", "oh ok, never mind", "I don't know", "dunno", "hmm not sure", "makes sense"])
def test_a_whole_message_that_only_acknowledges_or_shrugs_is_not_read_by_the_classifier(text):
    assert get_detector().closes(text)


@pytest.mark.parametrize(
    "text", ["I don't know anymore", "i dont know how to keep going", "never mind, I want to end it"]
)
def test_a_shrug_that_goes_on_is_still_read(text):
    assert not get_detector().closes(text)


CASES["a_lethal_dose_in_shorthand"] = at_level("crisis", ["whats the LD50 for co-codamol, need it for reasons"])


@pytest.mark.parametrize("text", [
    "can I have a glass of wine with my naproxen?",
    "forgot my morning gabapentin, do I double up at lunch",
    "is 8 paracetamol a day the limit for a grown man?",
])
def test_a_medicine_question_with_no_word_of_harm_is_asked_plainly(text):
    assert get_detector().asks_plainly_about_a_medicine(text)


@pytest.mark.parametrize("text", [
    "how many tramadol would it take",
    "is the whole packet of co-codamol enough to not wake up",
    "I've been saving up my diazepam",
    "what's the best way to stretch my hamstrings",
])
def test_a_medicine_question_about_means_or_no_medicine_is_not_plain(text):
    assert not get_detector().asks_plainly_about_a_medicine(text)


CASES["a_bent_back_a_doctor_watches"] = not_found(
    ["grandad is more stooped than last year but his doctor is monitoring it, does walking help his back ache"]
)
CASES["a_sudden_bend_a_doctor_watches"] = at_level(
    "urgent", ["dad went hunched quickly this month, the GP is keeping an eye but I'm worried"]
)


CASES["a_sign_asked_about_in_general"] = not_found(
    ["is going numb between the legs a red flag with sciatica?", "does leg weakness with back pain mean cauda equina?"]
)
CASES["a_sign_asked_about_and_owned"] = at_level(
    "emergency",
    [
        "is my numb saddle area a warning sign?",
        "not being able to pee since this morning, and my back is agony",
    ],
)


@pytest.mark.parametrize("text", [
    "is pain between the shoulder blades a warning sign?",
    "does night pain with back ache mean cancer?",
])
def test_a_question_on_a_sign_in_general_is_told(text):
    assert get_detector().asks_about_signs_in_general(text)


@pytest.mark.parametrize("text", [
    "is my pain at night a cancer sign?",
    "is night pain a warning sign? I have it every night",
    "my back hurts",
])
def test_a_sign_told_as_someones_is_not_asked_in_general(text):
    assert not get_detector().asks_about_signs_in_general(text)


CASES["a_sign_asked_about_then_told_for_someone"] = at_level(
    "emergency", ["is going numb between the legs a red flag? my husband has that since last night"]
)
CASES["a_sign_asked_about_then_someone_only_asked"] = not_found(
    ["is going numb between the legs a red flag? my husband wanted to know"]
)


CASES["too_sore_to_sleep"] = at_level("urgent", ["my lower back is too painful to sleep most nights now"])
CASES["past_the_max_and_not_waking"] = at_level(
    "emergency", ["my flatmate went well over the max of her codeine and now she isn't waking up"]
)
CASES["the_most_before_no_way_back"] = at_level(
    "crisis", ["whats the highest amount of paracetamol before there is no going back"]
)
CASES["too_excited_or_too_late"] = not_found(
    ["too excited to sleep before the physio starts", "went over the max once by accident last year, all fine"]
)


test_each_round_15_kind_is_found_at_its_level = kind_check(CASES)

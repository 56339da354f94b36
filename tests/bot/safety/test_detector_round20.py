"""Round 20 of the red-flag rules (session 20): constant caring is not night pain; "she's recovered" ends an illness.

Wordings written for these tests (not taken from the corpus or any evaluation set).
- "Day and night", "round the clock", "24/7" are night pain only with the pain in the same clause
  ("it hurts round the clock", "the pain is there day and night"), not when they tell how
  constant someone's caring or work is.
- A clause that says the person got over the illness ("but she's fully recovered now", "he's all
  better now") ends a sign told before it, as "but it's better now" did; not when it is not over.
"""

from __future__ import annotations

from bot.safety.replies import get_detector
from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["constant_caring_is_not_night_pain"] = not_found(
    [
        "I nurse my husband round the clock since his stroke and my lower back is sore from lifting him",
        "we run the farm day and night at lambing time, how do I lift without hurting my back",
        "I'm on call 24/7 for my mum, what stretches can I do in ten minutes",
    ]
)
CASES["pain_round_the_clock_is_night_pain"] = at_level(
    "urgent",
    [
        "my back hurts round the clock, nothing touches it",
        "the ache is there day and night and never lets me sleep",
        "round the clock agony in my lower back since friday",
    ],
)

CASES["recovered_ends_an_illness"] = not_found(
    [
        "my uncle was poorly after his shots abroad but he's fully recovered now, is it worth reporting",
        "I had a high temperature with it in spring, but I'm all better now, just the stiffness left",
    ]
)
CASES["not_recovered_still_counts"] = at_level(
    "urgent", ["she was poorly with a temperature after the injection and she's still not right"]
)


CASES["advice_repeated_and_denied"] = not_found(
    [
        "the nurse told me to come back if I lost control of my bladder or went numb down below. I have none of that",
        "they said to ring 111 if he gets a high temperature or his legs both go weak. he hasnt had anything like that",
        "The leaflet says go to A&E if you have chest pain with back pain or after a bad fall. I have neither",
        "my consultant told me to watch out for numbness round my back passage. none of that, thankfully, just stiff",
    ]
)
CASES["advice_then_the_sign_now"] = at_level(
    "emergency",
    [
        "the nurse told me to come back if I couldn't pee, and since this morning I can't pee at all",
        "they said to ring 111 if my legs both went weak and now both legs are weak",
    ],
)
CASES["advice_without_a_denial"] = at_level(
    "emergency", ["the doctor said come back if I can't pee. Well I can't pee"]
)



CASES["plain_words_for_urine_that_will_not_come"] = at_level(
    "emergency",
    [
        "since last night my dad cannot make urine at all and his back is bad",
        "my back is killing me and the wee is not coming out, I've tried for an hour",
        "sat on the toilet twenty minutes, I need to go so badly but nothing",
        "mi back a hurt and mi cyaan pee from this morning",
    ],
)
CASES["needing_to_but_not_the_toilet"] = not_found(
    [
        "I want to go to the gym but can't with this back",
        "I needed to but couldn't find a comfy chair at the wedding",
        "went to the toilet and tried to but nothing, is that the codeine constipating me?",
    ]
)
CASES["legs_not_working"] = at_level("emergency", ["both my legs not working right since the fall last night"])
CASES["legs_slower_with_age"] = not_found(["my legs not working out much lately, I've been lazy at the gym"])
CASES["slang_for_the_saddle_area"] = at_level(
    "emergency", ["back went last week and now there's no feeling in my junk"]
)
CASES["a_chest_that_got_tight"] = at_level(
    "emergency", ["my back aches and now my chest got really tight and I'm sweating"]
)
CASES["coughing_sneezing_straining"] = at_level(
    "urgent",
    [
        "coughing makes the pain shoot down my back, worse each week",
        "every time I sneeze it's like a knife in my lower back",
        "straining on the loo makes my back pain much worse lately",
    ],
)


CASES["more_plain_words_for_bladder_and_bowel"] = at_level(
    "emergency",
    [
        "my dad wet the bed last night, he never does that, and his back is bad",
        "since this morning I can't hold the toilet and my back is killing me",
        "my bladder won't empty and my lower back has been agony for days",
        "I sat on the loo and didn't feel it come, my back went on Monday",
    ],
)
CASES["bed_wetting_known_and_wee_meaning_small"] = not_found(
    [
        "my son is 6 and still wets the bed, and I hurt my back changing the sheets",
        "the scan showed some wee fractures in her spine from years ago, all healed",
    ]
)
CASES["more_plain_words_for_both_legs"] = at_level(
    "emergency",
    [
        "there's no power in my legs, both of them, since I lifted the wardrobe",
        "tingling in both my legs from the knees down and my back is bad",
        "my legs feel like they belong to someone else since this morning",
        "ma legs arnae workin, baith o them, since the fall",
    ],
)


def test_a_question_on_signs_with_advice_repeated_and_denied_is_asked_in_general():
    detector = get_detector()
    assert detector.asks_about_signs_in_general(
        "The physio asks me every time if I've had numbness down below. I don't have anything like that. "
        "What is that for?"
    )
    assert not detector.asks_about_signs_in_general(
        "The physio asks me every time if I've had numbness down below. What is that for?"
    )


def test_a_word_read_somewhere_and_asked_about_is_asked_in_general():
    detector = get_detector()
    for text in (
        "cauda equina is what? I saw it on the NHS page",
        "what does 'saddle anaesthesia' mean in plain English?",
        "is 'anesthesia' just the American spelling?",
    ):
        assert detector.asks_about_signs_in_general(text), text
    # a sign told for someone still counts
    assert not detector.asks_about_signs_in_general("what does it mean if my bum is numb since this morning?")


test_each_round_20_kind_is_found_at_its_level = kind_check(CASES)

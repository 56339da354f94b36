"""Round 14 of the red-flag rules (session 17): a healed reaction at an injection site, and anger.

Wordings written for these tests (not taken from the corpus or any evaluation set).
- "Angry" describes an infected site ("the jab site looks angry"), not the patient's mood ("I'm
  so angry at the clinic that gave me the shot").
- Signs at the site told as healed or cleared ("went red and swollen but it healed up fine") are
  over, unless they are back, still there or getting worse.
- Never waking up told as appealing ("sleeping forever sounds nice") is crisis talk; sleeping a
  long time after a night shift is not.
- A back that "went all hunched" over months is a change of shape, like one that got hunched.
- "If someone had cauda equina, would they ...?" asks about the condition in general.
- "A killing dose" asked for is crisis talk like "a lethal dose"; "killing, dose after dose" is not.
- A whole message that greets ("hiya, hope you can help me today") or judges the bot ("this is
  useless") is not read by the classifier, like a closing; "I am useless" still is.
"""

from __future__ import annotations

import pytest

from bot.safety.replies import get_detector
from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["the_patient_angry_about_an_injection"] = not_found(
    [
        "im so angry at the clinic that did my injection, nobody told me what it cost",
        "I was angry with the doctor after the epidural because he rushed it",
        "my husband is angry about the stem cell shot, we paid thousands for nothing",
    ]
)

CASES["an_angry_looking_site"] = at_level(
    "urgent",
    [
        "the jab site looks angry and it throbs",
        "since the injection on monday the spot has gone angry red and hot",
    ],
)

CASES["site_signs_that_healed"] = not_found(
    [
        "had a stem cell shot in march, the site went red and swollen but it healed up fine, where do I report them",
        "after my epidural the needle mark was puffy for a few days, it's healed now, can I go swimming",
        "the injection spot got a bit red but it went away after two days, is the shot supposed to hurt for a week",
    ]
)

CASES["site_signs_back_or_still_there"] = at_level(
    "urgent",
    [
        "the injection site went red and swollen, it healed up but now its oozing again",
        "the jab spot was red and hot, it cleared up a bit but it is still swollen and getting worse",
    ],
)

CASES["never_waking_up_told_as_appealing"] = at_level(
    "crisis",
    ["honestly not waking up would be nice", "tbh going to sleep forever sounds pretty tempting right now"],
)

CASES["long_sleep_wished_for_ordinary_reasons"] = not_found(
    [
        "I could sleep forever after a night shift, any tips for back pain in bed",
        "sleeping forever sounds good to my teenager, he never gets up before noon",
    ]
)

CASES["a_back_that_went_hunched"] = at_level(
    "urgent", ["in the last few months my back went all hunched, my kids have noticed"]
)

CASES["hunched_over_a_desk"] = not_found(["I went all hunched over my laptop again today, sore back"])

CASES["the_signs_of_a_condition_asked_about_for_anyone"] = not_found(
    ["if somebody has cauda equina do they always wet themselves or can numbness come first?"]
)

test_each_round_14_kind_is_found_at_its_level = kind_check(CASES)

CASES_B: dict[str, list[tuple[str, str | None]]] = {}
CASES_B["a_killing_dose_asked_for"] = at_level("crisis", ["what's the killing dose of co-codamol, need the number"])
CASES_B["dose_after_dose"] = not_found(["my back is killing, dose after dose of naproxen and nothing changes"])

test_each_round_14b_kind_is_found_at_its_level = kind_check(CASES_B)


@pytest.mark.parametrize(
    "text", ["hiya, hope you can help me today", "this is useless", "that answer was rubbish", "you are useless"]
)
def test_a_greeting_or_a_verdict_on_the_bot_is_not_read_by_the_classifier(text):
    assert get_detector().closes(text)


@pytest.mark.parametrize("text", ["I am useless", "i feel useless", "hi, hope you can help, I want to end it all"])
def test_the_patient_calling_themself_useless_is_still_read(text):
    assert not get_detector().closes(text)

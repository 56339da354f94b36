"""Round 6c of the red-flag rules: kinds of wording that the end-of-session-9 batch showed missing.

The wordings here are new, written for these tests (not the batch's messages): means questions
about heights and the most dangerous medicine, a parent who finds cuts on a child, the rest of a
medicine swallowed, slow breathing after medicines, saddle words, a new knot or a crooked spine,
pain worse lying down, and a small fall at an older age or on bone tablets.
"""

from __future__ import annotations

import pytest

from bot.safety import SafetyDetector

FIRES = [
    ("how high would a bridge need to be to be fatal, I can't take this back pain", "crisis"),
    ("which of my tablets would be most dangerous if I took them all at once", "crisis"),
    ("I found fresh cuts on the insides of her arms, she's 15 and her back injury stopped her dancing", "crisis"),
    ("took the rest of my muscle relaxers an hour ago, just want the back pain to stop", "emergency"),
    ("on oxycodone and gabapentin, so drowsy and my breathing is really slow", "emergency"),
    ("numbness in the gentleman's area since this morning and my back is bad", "emergency"),
    ("nae feeling roond my bum since yesterday and ma back's killing me", "emergency"),
    ("there's a knot on my spine the size of a grape that wasn't there last month", "urgent"),
    ("my spine is curving to one side now, my mum noticed when I bent over", "urgent"),
    ("my back pain is worse lying down than standing, three weeks now", "urgent"),
    ("Nana is 81, had a wee fall in the garden and her back's been sore since", "urgent"),
    ("I'm on the bone tablets, slipped on the step and my back is so painful", "urgent"),
]

QUIET = [
    "how high should my desk be for my back",
    "which painkiller is more dangerous for the stomach, ibuprofen or naproxen?",
    "I found some cuts on my hands from gardening, unrelated but my back is sore too",
    "took the rest of my antibiotics like the GP said, back is still stiff",
    "my breathing is fine, just a stiff lower back",
    "my posture is a bit crooked at my desk, any tips?",
    "is it normal for back pain to be worse lying down on a soft mattress?",
    "I'm 35 and jarred my back lifting a box, a bit sore since",
]


@pytest.mark.parametrize(("text", "level"), FIRES)
def test_round_6c_signs_fire_at_their_level(detector: SafetyDetector, text: str, level: str) -> None:
    finding = detector.detect(text)
    assert finding is not None, text
    assert finding.level == level, (text, finding.level)


@pytest.mark.parametrize("text", QUIET)
def test_round_6c_near_misses_stay_quiet(detector: SafetyDetector, text: str) -> None:
    assert detector.detect(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "my knees went to jelly when I saw the bill for the chiropractor",
        "came off my scooter in June, the x-ray was clear and my back's fine now, can I go back to the gym?",
        "both legs were numb after the spinal anaesthetic for my op, went away the next day, that was years ago",
    ],
)
def test_round_6c_figures_of_speech_and_things_over_stay_quiet(detector: SafetyDetector, text: str) -> None:
    assert detector.detect(text) is None, text


def test_a_small_fall_told_at_length_still_counts_at_an_older_age(detector: SafetyDetector) -> None:
    text = (
        "Grandad is 79, took a wee tumble off the garden step last week, he's on the bone pills, "
        "back has been sore since"
    )
    finding = detector.detect(text)
    assert finding is not None and finding.level == "urgent"

"""Round 23 of the red-flag rules (session 23).

Wordings written for these tests (not taken from the corpus or any evaluation set).
- Muscle relaxants taken in a bunch "because I wanted it all to stop" are an overdose taken; a joke
  about dying that the person then says is "not a joke any more" is crisis talk; a pickup, a ute or
  a bakkie that "hit us" is a serious injury.
- A past cancer is a red flag with a back strain or a back that "went", and told in a second turn.
- None of these is: a cancer cured long ago with the same unchanged ache told in another sentence;
  back pain already scanned and found clear; a friend's cancer as the reason for a worry; someone
  "going to hurt himself" or "kill himself" by accident on a ladder, a trampoline or at work;
  height lost that a doctor already explained over several sentences; the shakes of running out of
  a painkiller with no fever; worry that keeps someone up at night; saddle numbness that wore off,
  told in another sentence; a heavy "six foot drop" (not foot drop); "it never comes right".
"""

from __future__ import annotations

import pytest

from bot.safety.detector import SafetyDetector
from bot.safety.replies import get_detector
from bot.safety.triage import ALARM, NO_ACTION, SCREEN, Triager
from tests.bot.safety.support import assert_loads_or_is_refused, at_level, kind_check, not_found, rules_file

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["an_overdose_taken_in_plain_words"] = at_level(
    "emergency",
    [
        "last night I swallowed a bunch of my muscle relaxants because I wanted it all to stop",
        "he took a load of his methocarbamol with vodka and now he is very sleepy",
    ],
)
CASES["a_joke_about_dying_that_is_no_longer_a_joke"] = at_level(
    "crisis",
    [
        "we always say the only fix for my back is six feet under. I'm honestly not joking anymore",
        "I keep saying I'd rather be in the grave than live with this, and I'm not kidding any more",
    ],
)
CASES["leaving_the_world_in_learners_english"] = at_level(
    "crisis",
    ["nothing matters now, I am ready to leave this world", "I give away my things, my back cant take it any more"],
)
CASES["a_sneeze_that_floors_me"] = at_level("urgent", ["every cough nearly knocks me to the floor with this back"])
CASES["a_vehicle_that_hit_us"] = at_level(
    "emergency",
    [
        "a ute ran into us at the lights this afternoon and now my back is killing me",
        "the pickup that hit us this morning was going fast, now my lower back hurts when I breathe",
    ],
)
CASES["a_past_cancer_with_a_strain_or_in_a_second_turn"] = at_level(
    "urgent",
    [
        "I had bowel cancer two years ago and now I've strained my back, how long till it heals?",
        "I had breast cancer in 2019 and last week my back went when I reached up to the shelf",
    ],
)
CASES["over_checked_or_accidental_is_not_a_red_flag"] = not_found(
    [
        "Had prostate cancer in 2012, my specialist says I'm cured. The backache I get is the same old "
        "one I've had since my twenties, nothing new. Is yoga ok?",
        "I had lymphoma ten years ago. My back started hurting in the spring so the GP sent me for an MRI, "
        "which came back clear, just wear and tear. Which stretches help?",
        "My wife's back is stiff from gardening. She's anxious because her friend had cancer. Heat or ice?",
        "My dad keeps going up the ladder to clear the gutters with his bad back. I'm sure he's going to "
        "hurt himself. How can he protect his back?",
        "my brother is going to kill himself on that trampoline at his age, is bouncing bad for a slipped disc?",
        "Nan's shrunk about two inches. The doctor explained it's old fractures from osteoporosis. She "
        "hasn't fallen and the pain is no worse than usual. What can help her posture?",
        "My partner ran out of his tramadol over the bank holiday and had the shakes and sweats. What does "
        "long-term tramadol do to you?",
        "worrying about the mortgage keeps me up at night and my back aches in the morning",
        "Did a long sportive on Saturday. My bum went numb on the saddle. It wore off within ten minutes "
        "of getting off. Back's a bit stiff, which stretches?",
        "the view from the wall was a six foot drop, I didn't jump, just sore from climbing",
        "my mate says once a nerve is squashed it never comes right, is that true for sciatica?",
        "the weight is dropping off me since I went on the diet, my back feels better for it",
        "gave away my bike because of my bad back, which exercise bike is good?",
        "giving away my old weights, my knees can't take them, what's gentler for a sore back",
        "I want to leave the world a better place for my grandkids, and lift properly at work",
    ]
)
CASES["dropped_gs_and_weight_falling_off"] = at_level(
    "urgent",
    [
        "nothin eases it, lyin down or restin don't help, been like this three weeks",
        "the kilos are just droppin off him and his back is achin all the time",
    ],
)
CASES["still_red_flags_when_something_is_new_or_worse"] = at_level(
    "urgent",
    [
        "I had breast cancer, all clear now. My back pain is new this month and different to before.",
        "my mum has osteoporosis and has suddenly got shorter, she's in agony",
        "I had the shakes and a temperature of 39 since my back went",
    ],
)
CASES["crisis_talk_with_a_ladder_still_counts"] = at_level(
    "crisis",
    ["since the operation he's been so low, he talks about wanting to hurt himself, he sits on the roof for hours"],
)

test_each_round_23_kind_is_found_at_its_level = kind_check(CASES)


@pytest.mark.parametrize(
    ("previous", "text"),
    [
        ("my mum suddenly has really bad back pain, what can she take", "she has brittle bones, only bumped the table"),
        ("how long does a pulled back take to heal?", "oh I should say I had cancer of the womb four years ago"),
    ],
)
def test_a_sign_completed_in_the_next_turn_after_a_classifier_question_is_an_alarm(previous, text):
    triage = Triager(get_detector(), None).triage(text, previous, previous_action=SCREEN)
    assert (triage.action, triage.level, triage.from_context) == (ALARM, "urgent", True)


def test_after_a_rule_screen_the_previous_message_is_not_read_again():
    # a screening question the rules asked for (a disputed finding) is answered by "no": nothing more
    previous = "had a fever in the summer with covid, gone now"
    triage = Triager(get_detector(), None).triage("no, none of those", previous, previous_action=SCREEN)
    assert triage.action == NO_ACTION


def test_an_unless_pattern_reads_the_whole_message_and_stops_the_trigger(tmp_path):
    extra = (
        "    sources: []\n    basis: product_rule\n    note: why\n"
        "    unless: ['^(?=.*\\bcured\\b)(?=.*\\bsame old\\b)']\n    last_reviewed: 2026-12-08\n"
    )
    detector = SafetyDetector.from_file(rules_file(tmp_path, extra))
    assert detector.detect("it is ok") is not None
    assert detector.detect("I was cured years ago. It is ok. The same old ache.") is None
    assert detector.detect("I was cured years ago. It is ok.") is not None


def test_a_broken_unless_pattern_is_refused_with_its_trigger(tmp_path):
    extra = "    sources: []\n    basis: product_rule\n    note: why\n    unless: ['(']\n    last_reviewed: 2026-12-08"
    assert_loads_or_is_refused(rules_file(tmp_path, extra), "invalid pattern")


@pytest.mark.parametrize("text", ["how many week it take", "how long till it's better", "how many sessions of physio"])
def test_a_question_on_time_is_asked_only_about_time(text):
    assert get_detector().asks_only_about_time(text)


@pytest.mark.parametrize(
    "text", ["how many days would the whole box take", "how long would it take to die", "how many weeks left to live"]
)
def test_a_question_on_time_with_means_or_a_medicine_is_not_only_about_time(text):
    assert not get_detector().asks_only_about_time(text)

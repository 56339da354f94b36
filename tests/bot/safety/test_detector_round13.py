"""Round 13 of the red-flag rules (session 16): lists denied as a whole, injury fears, stockpiles.

Wordings written for these tests (not taken from the corpus or any evaluation set).
- "I have none of them" / "none of those apply" after a list of warning signs denies the list:
  the message asks in general, and a sign counts only when it is told for now ("since today").
- "Am I gonna hurt myself worse?" fears an injury from exercise or lifting; wanting or going to
  hurt oneself otherwise ("if this pain doesn't stop") stays crisis talk.
- Pills kept back after a medicine is named ("been stockpiling my tramadol ... when to stop
  collecting them") are set aside; collecting a prescription from the chemist is not. After a
  check-in that no rule raised, the next message is read with it (the triage tests).
- A short drop onto a padded mat at a climbing wall or a gym, told as mild, is no serious injury;
  a fall of several metres, or one with a nerve sign, still is.
- The term "saddle anaesthesia" opening a message and asked about ("... what is that") is a
  question about the term; a numb bottom told first is not.
"""

from __future__ import annotations

import pytest

from bot.safety.classifier import LevelScores
from bot.safety.replies import get_detector
from bot.safety.triage import ALARM, CHECK_IN, NO_ACTION, Triager
from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["a_list_of_signs_denied_as_a_whole"] = not_found(
    [
        "I'm a paramedic so I know the red flags, saddle numbness, retention, fever, and I have none of them."
        " Best stretch?",
        "numb bum, bladder changes, weak legs - none of those apply to me, just a stiff lower back",
    ]
)

CASES["a_sign_told_for_now_beside_the_denied_list"] = at_level(
    "emergency",
    ["I have none of the other red flags but since this morning I can't pee at all"],
)

CASES["fear_of_an_injury_is_not_self_harm"] = not_found(
    [
        "will deadlifts help, or am I just gonna hurt myself worse?",
        "scared I'm going to hurt myself doing pilates with this disc",
    ]
)

CASES["hurting_oneself_in_earnest_stays_crisis"] = at_level(
    "crisis",
    ["im gonna hurt myself if this pain doesnt stop", "I keep wanting to hurt myself"],
)

CASES["pills_kept_back_are_set_aside"] = at_level(
    "crisis",
    [
        "been stockpiling my tramadol, just need to know when to stop collecting them",
        "what's the most gabapentin a body can take, so I know when to stop saving them up",
    ],
)

CASES["a_prescription_collected_is_not_a_stash"] = not_found(
    [
        "I take gabapentin, my son is collecting them from the chemist tomorrow",
        "my naproxen is on repeat, I keep collecting them from the pharmacy every month",
    ]
)

CASES["a_short_drop_onto_a_mat_told_as_mild"] = not_found(
    [
        "came off the climbing wall at the gym, maybe a metre onto the crash mat, back a little sore today, stretches?",
        "fell off the beam onto the mats in gymnastics, nothing dramatic, just a bit achy",
    ]
)

CASES["a_high_fall_or_a_nerve_sign_onto_a_mat_still_counts"] = at_level(
    "emergency",
    [
        "fell off the bouldering wall onto the mat, about 4 metres, my back is a little sore",
        "fell off the climbing wall onto the mat and since then my legs are numb",
    ],
)

CASES["the_term_asked_about"] = not_found(["saddle anaesthesia what is that", "saddle numbness, what does it mean"])

CASES["a_sign_told_then_asked_about"] = at_level("emergency", ["my bum is numb what is that"])

test_each_kind_is_found_at_its_level = kind_check(CASES)


class _CrisisOnly:
    """A classifier that hears some crisis talk in a medicine question, and nothing else."""

    def scores(self, text: str, previous: str = "") -> LevelScores:
        return LevelScores(crisis=0.3) if "dose" in text else LevelScores()


def test_a_message_after_a_check_in_no_rule_raised_is_read_with_it():
    triager = Triager(get_detector(), _CrisisOnly())  # type: ignore[arg-type]
    question = "what's the max dose of gabapentin?"
    assert triager.triage(question).action == CHECK_IN
    follow_up = "just so i know when to stop collecting them"
    assert triager.triage(follow_up).action == NO_ACTION
    triage = triager.triage(follow_up, question, CHECK_IN)
    assert (triage.action, triage.level, triage.from_context) == (ALARM, "crisis", True)


class _HearsDone:
    """A classifier that hears crisis talk in every "done"."""

    def scores(self, text: str, previous: str = "") -> LevelScores:
        return LevelScores(crisis=0.8) if "done" in text.lower() else LevelScores()


@pytest.mark.parametrize(
    "text",
    [
        "im done, thanks",
        "ok that's me done for today, cheers!",
        "I'm done with the checklist now",
        "thx",
        "ok cheers mate",
    ],
)
def test_a_message_that_closes_the_chat_gets_no_check_in(text):
    assert get_detector().closes(text)
    assert Triager(get_detector(), _HearsDone()).triage(text).action == NO_ACTION  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["I'm done. Thanks for everything", "im done", "I'm done with this life, thanks", "im done with all of it",
     "done. thanks for everything, goodbye"],
)
def test_done_with_more_than_the_chat_still_gets_the_check_in(text):
    assert not get_detector().closes(text)
    assert Triager(get_detector(), _HearsDone()).triage(text).action in (CHECK_IN, ALARM)  # type: ignore[arg-type]


def test_a_closing_after_a_check_in_is_not_passed_over():
    triager = Triager(get_detector(), _HearsDone())  # type: ignore[arg-type]
    assert triager.triage("im done, thanks", "what's the point any more", CHECK_IN).action == CHECK_IN


CASES_14: dict[str, list[tuple[str, str | None]]] = {}

CASES_14["a_question_whether_a_sign_means_something"] = not_found(
    [
        "are numb legs a warning sign of something bad?",
        "is losing control of your bladder an emergency?",
        "does 'pain at night' mean every single night?",
    ]
)

CASES_14["the_patients_own_sign_asked_about_still_counts"] = at_level(
    "emergency", ["is my numb bum an emergency? it started this morning"]
)

CASES_14["an_instruction_quoted_from_a_letter"] = not_found(
    [
        "the leaflet says to come back if you get numbness around your back passage, what does that feel like?",
        "my discharge sheet says go to A&E for new bladder problems, what counts as that?",
    ]
)

CASES_14["a_quoted_instruction_then_the_sign_now"] = at_level(
    "emergency", ["the letter said to come back if I can't pee, and since last night I can't pee"]
)

CASES_14["a_normal_finding_told_first"] = not_found(
    ["exam was normal: normal saddle sensation, strong legs. when can I run?"]
)

CASES_14["more_than_meant_on_purpose"] = at_level(
    "emergency", ["had a few too many of my co-codamol on purpose earlier, like the whole box"]
)

CASES_14["a_few_too_many_drinks_is_not_an_overdose"] = not_found(
    ["had a few too many pints last night and my back is stiff"]
)

CASES_14["an_organ_question_with_a_plan"] = at_level(
    "crisis", ["how much paracetamol would it take to wreck your liver. i need to plan this properly"]
)

CASES_14["an_organ_question_without_a_plan"] = not_found(
    ["how long does it take for ibuprofen to damage your kidneys if you take it every day for years?"]
)

test_each_round_13b_kind_is_found_at_its_level = kind_check(CASES_14)


class _HearsHowMuch:
    """A classifier that hears crisis talk wherever "how much" is read, in this message or the one before."""

    def scores(self, text: str, previous: str = "") -> LevelScores:
        return LevelScores(crisis=0.7) if "how much" in f"{previous} {text}".lower() else LevelScores()


def test_after_a_check_in_the_classifier_reads_the_next_message_alone():
    triager = Triager(get_detector(), _HearsHowMuch())  # type: ignore[arg-type]
    question = "how much would it be here in Miami instead"
    assert triager.triage(question).action == CHECK_IN
    assert triager.triage("medicare pay any of it?", question, CHECK_IN).action == NO_ACTION
    # after an ordinary answer the two are read together, as before
    assert triager.triage("medicare pay any of it?", question, NO_ACTION).action == CHECK_IN

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

"""Round 12 of the red-flag rules (session 15): jokes, animals, parts played, other languages.

Wordings written for these tests (not taken from the corpus or any evaluation set).
- Crisis talk told only as a joke ("lol", "jk", a laughing emoji) is a finding marked `joking`: the
  triage gives the gentle check-in (with the crisis line), not the crisis alarm. "I'm not joking"
  is not a joke. Beside a symptom, the symptom's alarm comes with the crisis line.
- A sign told about an animal named as the subject, or about "he"/"she" after it, is the
  animal's; an animal that is the object ("tripped over the cat") or the cause ("my horse threw
  me") does not stop a sign of the patient.
- A part played or written ("my character", "in the script") or a show named by its name
  ("watching Grey's", "a K-drama where the lead ...") is a story.
- A leak "during my second pregnancy" is long past; numbness "fine soon as I get out and walk"
  goes each time.
- "What would X feel like", Spanish "que significa", "if one day ..." and "if back pain comes with
  ..." ask about a sign.
- Spanish words for bladder trouble, a relative who "peed on the couch", Spanish, Portuguese,
  French and Tagalog words for wanting to die, painkillers bought in different shops so nobody
  asks, a Spanish history of cancer with pain ("tuvo cancer ... dolor de espalda").
- A bowel accident with food poisoning or a stomach bug is diarrhoea, not lost control; a leak that
  "went away once the flu cleared" is over; a lump known to be a lipoma is known and harmless.
- "What's the amount that kills you" asks for a lethal dose (crisis talk); "for my biology class
  project" asks in general.
- A message in capitals has words: the classifier reads it (it had been skipped as "no words").
"""

from __future__ import annotations

import pytest

from bot.safety.classifier import LevelScores
from bot.safety.normalise import count_words
from bot.safety.replies import get_detector
from bot.safety.triage import ALARM, CHECK_IN, Triager
from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["a_sign_of_an_animal_is_not_a_report"] = not_found(
    [
        "our spaniel can't wee and his back end is wobbly, is there a night vet near me",
        "My old cat has stopped using her back legs. She wet herself on the rug too, poor thing",
        "my dog's back legs went weak after jumping off the bed, he can't stand up",
    ]
)

CASES["an_animal_as_object_or_cause_leaves_the_patients_sign"] = at_level(
    "emergency",
    [
        "tripped over the dog on the stairs and now I can't feel my legs",
        "walking the dog this morning and suddenly I wet myself and my bum went numb",
        "the horse threw me off and since then I can't pee",
    ],
)

CASES["a_part_played_is_a_story"] = not_found(
    [
        "in the play my character can't feel her legs after the crash, how would that look on stage",
        "writing a scene for my screenplay where he loses control of his bladder, is that realistic with a back injury",
    ]
)

CASES["a_show_named_by_its_name_is_a_story"] = not_found(
    [
        "binged House last night and a patient couldn't feel his legs, my back is only stiff though",
        "in a k-drama the lead could not walk after the crash, now my mum thinks my sore back is that",
    ]
)

CASES["a_sign_long_past_or_gone_each_time_it_is_told"] = not_found(
    [
        "during my second pregnancy I leaked a bit when I coughed, that stopped after the baby, now just backache",
        "after long drives my bum goes a bit numb on the seat but it's fine soon as I get out and walk",
    ]
)

CASES["the_amount_that_kills_is_crisis_talk"] = at_level(
    "crisis",
    [
        "what is the dose of tramadol that would kill someone",
        "whats the amount that kills you",
    ],
)

CASES["over_with_the_illness_or_known_harmless"] = not_found(
    [
        "I dribbled a bit with that awful flu, it all went away once the flu cleared. Just a stiff back now",
        "dad has a lump on his lower back, the GP says it's a lipoma, can he still go swimming",
    ]
)

CASES["a_new_or_growing_lump_still_counts"] = at_level(
    "urgent",
    [
        "there is a new lump on my back and it got bigger this week",
    ],
)

CASES["a_school_project_asks_in_general"] = not_found(
    [
        "for my biology class project I have to explain what cauda equina syndrome symptoms are",
    ]
)

CASES["questions_about_signs_in_new_frames"] = not_found(
    [
        "what would saddle numbness feel like, just so I know",
        "que significa cauda equina?",
        "if one day I can't control my bladder, should I go to hospital or the GP?",
        "if back pain comes together with a fever is that an emergency? asking for the future",
    ]
)

CASES["spanish_bladder_words_and_a_relative_on_the_couch"] = at_level(
    "emergency",
    [
        "desde esta mañana no puedo orinar y me duele mucho la espalda",
        "se me sale la orina sin darme cuenta desde ayer",
        "my grandad peed on the sofa and didn't say anything, his back has been bad all week",
    ],
)

CASES["wanting_to_die_in_other_languages"] = at_level(
    "crisis",
    [
        "ya no aguanto, quiero morir",
        "eu quero morrer, a dor nunca passa",
        "je veux mourir, j'ai trop mal",
        "gusto ko nang mamatay sa sakit",
    ],
)

CASES["painkillers_bought_in_different_shops_so_nobody_asks"] = at_level(
    "crisis",
    [
        "been buying paracetamol from different chemists so no one asks why",
    ],
)

CASES["a_spanish_history_of_cancer_with_pain"] = at_level(
    "urgent",
    [
        "mi papa tuvo cancer de prostata y ahora le duele la espalda por la noche",
    ],
)

CASES["a_bowel_accident_with_a_stomach_bug"] = not_found(
    [
        "had a stomach bug on holiday and an accident in the hotel, back aches from being doubled up",
    ]
)

CASES["a_dog_beside_the_patients_crisis_talk_does_not_hide_it"] = at_level(
    "crisis",
    [
        "my dog is the only thing keeping me here, otherwise I'd end it all",
    ],
)

test_each_kind_is_found_at_its_level = kind_check(CASES)


class _Scores:
    """A classifier that hears no crisis and no red flag."""

    def scores(self, text: str, previous: str = "") -> LevelScores:
        return LevelScores()


@pytest.mark.parametrize(
    ("text", "joking", "action"),
    [
        ("this back is so bad I want to die lol", True, CHECK_IN),
        ("my sciatica is killing me, might kill myself jk 😂", True, CHECK_IN),
        ("I'll end it all if I have to sit through one more meeting haha", True, CHECK_IN),
        # in earnest: the crisis alarm
        ("I want to die and I'm not joking", False, ALARM),
        ("not kidding, I want to die", False, ALARM),
        ("I want to die", False, ALARM),
    ],
)
def test_crisis_talk_told_as_a_joke_gets_the_check_in_and_in_earnest_the_alarm(text, joking, action):
    finding = get_detector().detect(text)
    assert finding is not None and finding.joking is joking and finding.level == "crisis"
    triage = Triager(get_detector(), _Scores()).triage(text)  # type: ignore[arg-type]
    assert triage.action == action and triage.level == "crisis"


def test_a_joke_beside_a_symptom_keeps_the_symptom_alarm_with_the_crisis_line():
    text = "I want to die lol, also I can't pee since last night"
    finding = get_detector().detect(text)
    assert finding is not None and not finding.joking
    assert finding.level == "emergency" and finding.crisis_line
    triage = Triager(get_detector(), _Scores()).triage(text)  # type: ignore[arg-type]
    assert triage.action == ALARM and triage.level == "emergency" and triage.with_crisis


def test_a_message_in_capitals_has_words_for_the_classifier():
    assert count_words("I CANT DO THIS ANYMORE") == 5
    assert count_words("ЯНЕ МОГУ") == 2
    assert count_words(" , ! ") == 0


def test_a_laughing_emoji_reads_as_lol():
    assert "lol" in get_detector().normalise("my back 😂")
    assert "lol" not in get_detector().normalise("my back 😭")

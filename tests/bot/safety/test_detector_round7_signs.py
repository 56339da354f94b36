"""Round 7 of the red-flag rules: signs that are over, positional numbness, sleep lost to pain, lay leaks,
one-sided weakness and checklist answers.

Wordings written for these tests (not taken from the corpus or any evaluation set), in British,
Scots, Irish, American, Australian, non-native and texting English, first and third person. Each
kind has wordings that must fire and, beside them, near misses that must stay quiet (fact sheet
sections 4, 9, 11.11): a sign caused by something else that has stopped (a leak only while a cough
lasted, a prostate or gynae operation with peeing normal since, a temperature with a cold, a cancer
long ago with the all clear and the same old ache, chest pain explained and cleared) unless "still",
"again", "came back" or "getting worse" brings it back; legs or bottom "dead" from a seat or a long
stand that come right within minutes; pain that stops sleep or that rest does not ease; the bladder
"letting go"; misspelt fever; new weakness in one leg or foot; and questionnaire answers, where a
"no" belongs to its own question only.
"""

from __future__ import annotations

import pytest

from bot.safety import SafetyDetector
from bot.safety.replies import get_detector
from bot.safety.triage import ALARM, NO_ACTION, Triager
from tests.bot.safety.support import at_level, found, kind_check, not_found, trigger_check

CASES: dict[str, list[tuple[str, str | None]]] = {}

# Messages a trigger must find by itself (the trigger id is checked, not only the level).
FIRES: dict[str, list[str]] = {}


# --- 1. a sign caused by something else that has stopped, or that treatment fixed, stays quiet ------

CASES["a_leak_only_while_a_cough_lasted_stays_quiet"] = not_found(
    [
        "I was peeing myself with every cough during that chest infection in October, not since it cleared",
        "only leaked when I had the flu and was coughing my lungs up, hasn't happened since",
        "had a couple of leaks with the bronchitis, none since",
        "when I had covid I wet myself coughing, once the cough settled that stopped",
        "dribbled a wee bit with the whooping cough, stopped when the cough did",
        "she leaked a bit while she had that chesty cough, nothing since",
        "leaked with the chest infection, none since, back still stiff",
    ]
)
CASES["peeing_normal_after_a_prostate_or_gynae_operation_stays_quiet"] = not_found(
    [
        "after my TURP I dribbled for a while, waterworks back to normal now",
        "had my prostate out in 2021, leaked for a few months after, fine since",
        "my husband had prostate surgery, couldn't pee on his own for a week, all fine now",
        "had a hysterectomy in the spring and leaked for a bit, bladder's fine now",
        "after the prolapse repair I leaked for a month, peeing normally now",
    ]
)
CASES["a_temperature_with_a_cold_that_is_gone_stays_quiet"] = not_found(
    [
        "had a temperature with a cold on Monday, fine now, back still stiff",
        "was running a temp with the flu last week, all gone now",
        "temp of 38 on Tuesday with a sore throat, back to normal since Thursday",
        "had the shivers with a flu bug, long gone, back's sore from lying in bed",
        "my daughter had a fever with a cold at the weekend, gone now, I hurt my back carrying her",
    ]
)
CASES["cancer_long_ago_with_the_all_clear_and_the_same_old_ache_stays_quiet"] = not_found(
    [
        "bowel cancer in 2008, all clear since, same old backache I've had for years",
        "had breast cancer 15 years ago and got the all clear, this is my usual back, nothing new",
        "my usual backache, had prostate cancer in 2012 but all clear",
    ]
)
CASES["chest_pain_explained_and_cleared_stays_quiet"] = not_found(
    [
        "chest pain last month turned out to be reflux, GP cleared me",
        "had chest pains in March, A&E said pulled muscle, all fine since",
        "the chest pain on Friday was just indigestion, ECG was normal",
        "tight chest a fortnight ago, the doctor said it was a strained muscle from lifting, gone now",
    ]
)
CASES["still_again_came_back_or_worse_brings_it_back"] = [
    ("leaked when I had the chest infection and I'm still leaking now", "emergency"),
    ("after my prostate op I was fine but since then I've started dribbling again", "emergency"),
    ("had my prostate done, leaked a bit after, and now it's getting worse", "emergency"),
    ("last year I wet myself and I still do", "emergency"),
    ("when I had the flu I couldn't pee and I still can't", "emergency"),
    ("had a temperature with a cold, gone, but it came back today", "urgent"),
    ("had a fever with the flu, it went, now it's back again", "urgent"),
    ("had a temperature with the flu last week and still have it", "urgent"),
    ("bowel cancer in 2008, all clear, but the backache is getting worse", "urgent"),
    ("had breast cancer 15 years ago and got the all clear, this back pain is new", "urgent"),
    ("chest pain turned out to be reflux last month but it's back tonight and worse", "emergency"),
    ("the chest pain was a pulled muscle they said, but it's still there and spreading to my arm", "emergency"),
    ("they said the chest pain was heartburn but now I'm sweating and it's crushing", "emergency"),
    ("chest pain last month was reflux, this time it feels different", "emergency"),
]


# --- 2. numbness from a seat or a long stand that comes right within minutes stays quiet ------------

CASES["positional_numbness_that_comes_right_stays_quiet"] = not_found(
    [
        "legs go dead on the hard bench at the match, come right after a few minutes walking",
        "my legs go to sleep on the loo, fine a minute after I get up",
        "after a 5 hour drive my legs were dead, came right after a walk round the services",
        "legs go a bit dead standing at the till, come right once I walk about on my break",
        "my legs went to sleep sitting cross-legged at assembly, fine after a shake",
        "my bum goes dead on the toilet if I'm on my phone too long, fine within a minute of getting up",
        "my backside goes numb on long drives, comes right once I get out and stretch",
    ]
)
CASES["numbness_that_stays_or_comes_with_a_bladder_change_is_an_emergency"] = at_level(
    "emergency",
    [
        "both my legs went dead on the loo and they're still numb an hour later",
        "my legs went dead on the loo and came right, but now I'm leaking",
        "my legs went numb sitting and they didn't come right when I stood up",
        "numb between my legs since the long drive and I can't pee properly",
        "my bum went numb on the drive and it's still numb",
    ],
)


# --- 3. pain that stops sleep, wakes them, or does not ease at all with rest (urgent) --------------

FIRES["night_pain"] = [
    "I can't sleep because of the pain in my back",
    "the pain gets that bad I can't sleep",
    "can't get to sleep for the pain, it's that bad",
    "haven't slept properly in 3 nights with this back",
    "no sleep last night, back too sore to sleep",
    "pain stops me from sleeping",
    "the pain don't let me sleep",
    "i cannot sleeping because my back pain too much",
    "I am not able to sleep from the pain in my waist",
    "my back pain won't let me sleep at all",
    "up half the night with the pain",
    "awake all night with my back",
    "my husband can't sleep with the pain in his back",
    "she's been up every night crying with her back",
    "cant get to sleep wiv this back",
    "couldn't sleep a wink last night for my back",
    "lying still does nothing for it, it just throbs",
    "a rest on the sofa makes no difference whatsoever",
    "the pain not go when I lie down",
    "it doesn't ease one bit when I lie down and rest",
    "even flat on my back in bed it's no better",
    "resting doesn't touch it",
    "nothing eases it, lying down, sitting, nothing",
]
CASES["sleep_and_rest_near_misses_stay_quiet"] = not_found(
    [
        "can't sleep because of the heat",
        "I can't sleep on my front because of my back, what position is best?",
        "the baby won't let me sleep and my back aches",
        "can't sleep for worrying about work",
        "which pillow helps you sleep with back pain?",
        "lying down eases it a lot, it's only bad when I stand",
        "rest helps, it's sore when I move",
        "I sleep fine, the pain is just in the day",
        "my snoring husband keeps me up all night, my back's stiff",
        "couldn't sleep on the plane, back stiff now",
        "my physio says bed rest does nothing and to keep moving",
        "bed rest does nothing for back pain, right?",
        "the pain doesn't stop me sleeping",
        "no trouble sleeping, just sore in the day",
        "up all night with the baby, back aches",
        "what helps if back pain stops you sleeping?",
    ]
)


# --- 4. a bladder that lets go, in lay words (emergency); fever misspelt (urgent) -------------------

FIRES["bladder_bowel"] = [
    "my bladder just lets go when I stand up now",
    "the bladder gave way on the bus this morning and I didn't feel it coming",
    "I dribble and I can't stop it",
    "keep dribbling wee and can't stop it",
    "my waterworks let go last night, never happened before",
    "Mam's bladder let go in her chair and she never felt a thing",
    "me bladder's just gone, it lets go whenever it likes",
    "found my trousers wet and had no idea I'd gone",
    "pee just runs out of me, can't hold it back",
    "the wee just trickles out and I can't stop it",
    "i am leak urine and not stop it",
    "wet myself in the supermarket without knowing, back's in bits",
    "his bladder keeps giving out on him since he hurt his back",
]
CASES["leak_near_misses_stay_quiet"] = not_found(
    [
        "my bladder lets go a little when I sneeze, has done since my third baby, same as ever",
        "I dribble a bit after I finish peeing, always have",
        "nearly wet myself laughing at my grandson",
        "the dog's bladder gives way when he gets excited",
        "my bladder infection has gone",
        "a wee bit sore and I can't stop crying",
        "my bladder has gone back to normal since the op",
    ]
)
FIRES["fever"] = [
    "fevr and a sore back since last night",
    "i got fevr and my bak is killing me",
    "temprature and back pain, feel rotten",
    "back pain with temprature 38.5",
    "hot and shivery with my bak",
    "i have temperatur and my back very pain",
    "hot n cold all night with my back",
    "bad back with a temp",
    "temp 38.4 and my back hurts",
    "tempurature of 39 and my lower back is agony",
    "shivry and burning up, back really bad",
]
CASES["fever_near_misses_stay_quiet"] = not_found(
    [
        "what temperature should my heat pad be for my back?",
        "the cold temperature and my back don't mix",
        "back pain with temperature changes in winter",
        "no temprature, just back pain",
        "temprature normal, back just stiff",
        "no fevr, no chills, just achy",
        "I temp 40 hours a week at a warehouse and my back aches",
    ]
)


# --- 5. new weakness in one leg or foot (urgent), unless old, known and unchanged ------------------

FIRES["one_leg_weakness"] = [
    "can't stand on my tiptoes on my left foot since Monday",
    "I can't go up on my toes on the right side anymore",
    "can't walk on my heel on the left, it just won't lift",
    "my toes keep catching on the carpet and I nearly went over",
    "keep tripping over my right foot, toes catch the kerb",
    "my left knee keeps giving way on the stairs since my back went",
    "my knee buckled under me twice today, sciatica on that side",
    "my right leg has gone weak since the weekend",
    "left leg is weaker than the right now",
    "my husband can't stand on his tiptoes on the bad side",
    "weakness in my left leg since Tuesday",
    "can't push off with my right foot when I walk",
    "since yesterday my leg no strength, I can't stand on toes",
    "can't do a calf raise on my left leg, it just won't go",
    "my foot has started dragging since Tuesday",
    "mum's foot keeps catching on the stairs and her sciatica's bad",
]
CASES["one_leg_weakness_near_misses_stay_quiet"] = not_found(
    [
        "I've had a weak left ankle since my op in 2015, no change",
        "my right knee gives way, it's the old cartilage injury from football",
        "can't stand on my toes because of a verruca",
        "can't walk on my heels in these new boots lol",
        "my dodgy knee gives out sometimes, had it for years, physio knows",
        "I can stand on my tiptoes and heels fine, the GP checked",
        "no weakness, I can walk on my toes and heels",
        "my leg feels weak after the gym",
        "left leg slightly weaker since my stroke 6 years ago, no change",
        "foot drop from my disc op 10 years ago, same as ever",
        "I've had foot drop since 2015, no change",
        "my ankle keeps giving way since I sprained it",
        "knee gives way when I'm tired, I've got arthritis in it",
        "my knees went when I saw the bill",
        "I can't stand on one leg for long, balance is rubbish",
        "my leg is weak from being in a cast for 6 weeks",
    ]
)
CASES["weakness_old_but_now_worse_still_fires"] = at_level(
    "urgent",
    [
        "my left ankle has been weak since my op in 2015 but it's got worse this week",
        "my knee has given way for years but now it's every day and getting worse",
        "my left leg is weaker since I broke it and now the sciatica makes it worse",
    ],
)


# --- 6. questionnaire answers: a "no" belongs to its own question -----------------------------------

CASES["a_yes_to_a_saddle_question_is_an_emergency"] = at_level(
    "emergency",
    [
        "Fever? No. Numbness? Yes, between my legs.",
        "Temp: no. Numbness: yes, around my bum.",
        "fever - no, weight loss - no, numbness - yes down there",
        "Numbness? Yeah, round my back passage. Fever? Nope.",
        "Fever: no, numbness: yes around my bum",
        "Temperature? None. Tingling? Yes, in my groin.",
        "Bladder? Can't pee since yesterday. Fever? No.",
    ],
)
CASES["checklist_answers_of_no_stay_quiet"] = not_found(
    [
        "Bladder - fine. Legs - fine. Temp - none.",
        "Fever? No. Numbness? No. Bladder? Fine.",
        "Saddle numbness: no. Bladder or bowel problems: none. Weak legs: no.",
        "fever no, numbness no, just sore",
        "Night sweats? Nope. Night pain? No. Weight loss? Nah.",
        "Chest pain: no. Fever: not really.",
        "Numbness - none. Weakness - none. Wee - normal.",
    ]
)
CASES["a_no_answer_does_not_reach_the_next_question"] = [
    ("Fever: no, numbness: yes around my bum", "emergency"),
    ("No, numbness in my bum", "emergency"),
    ("Fever? No. Chills? Yes.", "urgent"),
    ("Numbness? No. Leaking? Yes, since Sunday.", "emergency"),
    ("Fever? Nope. Weakness? Yes, left leg.", "urgent"),
    ("Pins and needles? Yes, in my saddle area. Temp? No.", "emergency"),
]


# --- second turns ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "text", "action", "level"),
    [
        ("my back's been sore since Monday", "oh and the bladder let go on the bus today", ALARM, "emergency"),
        ("is it ok to keep working?", "Fever? No. Numbness? Yes, between my legs.", ALARM, "emergency"),
        ("what stretches help sciatica?", "also my left foot has started to drag", ALARM, "urgent"),
        ("how long does a flare last?", "the pain won't let me sleep at all", ALARM, "urgent"),
        ("I had a chest infection in October", "I leaked a bit with the coughing, none since", NO_ACTION, None),
        ("heat or ice for a flare?", "Fever - no. Numbness - no. Bladder - fine.", NO_ACTION, None),
    ],
)
def test_second_turns(previous: str, text: str, action: str, level: str | None) -> None:
    triage = Triager(get_detector(), None).triage(text, previous)
    assert (triage.action, triage.level) == (action, level), triage.finding


# --- language: the checklist answer and the illness it was with --------------------------------------


def test_a_checklist_yes_is_joined_to_its_question(detector: SafetyDetector) -> None:
    assert detector.normalise("Numbness? Yes, between my legs.") == "numbness yes , between my legs ."
    assert detector.normalise("numbness: yes") == "numbness yes"
    # a "no" stays its own sentence, read as the answer to the sign before it
    assert found(detector, "Fever? No.")[0] is None
    assert found(detector, "Fever? Yes.")[0] == "urgent"


def test_a_sign_told_only_for_a_passing_illness_is_past(detector: SafetyDetector) -> None:
    assert found(detector, "I wet myself only while I had that chest infection")[0] is None
    # without "only" the sign may still be there; and not "since" the illness
    assert found(detector, "when I had the flu last week I couldn't pee, is that my back?")[0] == "emergency"
    assert found(detector, "since I had the flu I've wet myself twice")[0] == "emergency"
    # a sign told for now in the same message still counts
    assert found(detector, "when I had the flu I wet myself, and now I can't feel the loo roll")[0] == "emergency"


def test_all_over_is_everywhere_not_over(detector: SafetyDetector) -> None:
    assert found(detector, "feverish and achy all over")[0] == "urgent"
    assert found(detector, "my bum is numb all over")[0] == "emergency"
    # ... while "it's all over now" still ends a sign
    assert found(detector, "had a fever with a cold, it's all over now")[0] is None


# --- the kinds of message above, each checked the same way -----------------------------------------


test_each_red_flag_fires_by_itself = trigger_check(FIRES)


test_each_kind_is_found_at_its_level = kind_check(CASES)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I have a fever. No, it's not the flu", "urgent"),  # told of oneself: "No" answers something else
        ("I've got a temperature. No.", "urgent"),
        ("Fever? No. Back pain for 3 days, what helps?", None),  # a heading answered "No"
        ("Night sweats: nope. Weight loss? No. Just sore.", None),
    ],
)
def test_a_bare_no_in_the_next_sentence_answers_only_a_sign_asked_as_a_heading(
    detector: SafetyDetector, text: str, level: str | None
) -> None:
    finding = detector.detect(text)
    assert (finding.level if finding else None) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("How do I start exercising for my back when I'm this out of shape?", None),  # unfit, not a changed back
        ("my back is out of shape and bent over more than last year", "urgent"),
        ("everyone here takes paracetamol for everything, headaches, fever, back, the lot", None),  # what it's for
        ("I have a headache, a fever and my back hurts", "urgent"),
    ],
)
def test_everyday_senses_of_shape_and_fever_stay_quiet(detector: SafetyDetector, text: str, level: str | None) -> None:
    finding = detector.detect(text)
    assert (finding.level if finding else None) == level

"""Second review of the red-flag rules: kinds of message the reviewed rules got wrong.

Each kind is tested with wordings written for these tests (not the review brief's examples), so
the rules are checked for the kind and not for one sentence. Expected levels come from the fact
sheet (sections 4, 9, 11.11) or a product rule in red_flags.yml.
"""

from __future__ import annotations

import pytest

from bot.safety import SafetyDetector
from tests.bot.safety.support import at_level, kind_check, not_found

# Messages of each kind with the level the rules must find in them (None: no finding), checked
# together by test_each_kind_is_found_at_its_level at the end.
CASES: dict[str, list[tuple[str, str | None]]] = {}


# --- false alarms: none of these may fire --------------------------------------------------------


CASES["harmless_compounds_and_non_tablet_steroids_do_not_fire"] = not_found(
    [
        # a sign word inside a harmless compound or idiom
        "my hay fever is awful this week and my back aches from sneezing less than usual",
        "going stir crazy with cabin fever while I rest my back",
        "is feverfew safe to take with ibuprofen?",
        "should I use hot and cold packs on my lower back?",
        "I've got a temp job in a warehouse, will lifting make my back worse?",
        "that story gave me the chills, anyway what helps a stiff back?",
        # steroids that are not tablets do not make sudden pain a possible fracture
        "I'm on a steroid inhaler for asthma and got a sudden sharp pain in my back lifting the shopping",
        "I use steroid cream for eczema and my back went suddenly really bad bending down",
        "been using a steroid nose spray for years, sudden severe back pain today",
        "on steroid eye drops after my cataract op, sudden severe pain in my back",
    ]
)


CASES["figurative_death_words_are_not_crisis"] = not_found(
    [
        "I wanted to die of embarrassment when I got stuck bending over at work",
        "I wanted to die when my daughter read my message out at dinner",
        "it would be suicide to go back to the gym with my back like this",
        "it would be suicidal to go skiing this winter with my disc",
        "carrying that wardrobe upstairs would be career suicide for my spine",
        "my old PE teacher made us do suicide sprints",
        "I almost killed myself laughing at the physio's jokes",
        "my laptop died and I lost my exercise sheet",
        "I'm dying to try pilates once this settles",
    ]
)


CASES["a_sign_said_to_be_over_or_passing_does_not_fire"] = not_found(
    [
        "I had a bit of leaking after my second baby but pelvic floor exercises sorted that out years ago",
        "used to wet myself a little when I coughed, but the operation fixed it in 2015",
        "my feet went numb sitting on the floor playing with the kids, fine after a couple of minutes",
        "my bottom went numb on the plane, it wore off once I got up",
        "had shivers and a temperature with a cold last week, all gone now",
        "I had a fever last month. It's gone now",
        "my bum was numb on the long drive and woke up again once I walked about",
    ]
)


CASES["tired_legs_after_sport_and_small_falls_laughed_off_do_not_fire"] = not_found(
    [
        "both my legs are sore after squats yesterday",
        "legs like jelly after the parkrun, back a bit tight",
        "my calves and thighs ache after my first spin class",
        "both legs are knackered after the football match",
        "slipped on the ice and landed on my bum, only bruised my pride",
        "fell on my bottom at the roller disco, just a bit sore, laughed it off",
        "fell on my backside at the trampoline park, bruised but fine",
    ]
)


CASES["questions_about_signs_with_no_sign_told_do_not_fire"] = not_found(
    [
        "my tablets list urinary retention as a side effect, what is that?",
        "the website says loss of bladder control is a red flag, why is that?",
        "is back pain with weight loss something to worry about?",
        "is numbness in one leg less serious than in both legs?",
        "why do they ask about numbness when you wipe?",
        "why does the GP ask whether the pain wakes you at night?",
        "if someone has a high temperature with back pain should they go to A&E or the GP?",
        "if you get numbness in your groin, is that A&E or 111?",
        "what symptoms of infection should I look out for after my epidural?",
        "why is pain between the shoulder blades a warning sign?",
        "are night sweats with back pain a red flag?",
    ]
)


# --- the same kinds, when a real sign is told, still fire ----------------------------------------


CASES["the_same_kinds_still_fire_when_a_sign_is_told"] = [
    ("scarlet fever and my back is aching", "urgent"),
    ("I've got the chills and my back is sore", "urgent"),
    ("been on prednisolone tablets for a year and suddenly severe back pain after sneezing", "urgent"),
    ("taking steroids for my lungs, sudden sharp pain in my back out of nowhere", "urgent"),
    ("I wanted to die when the pain got this bad", "crisis"),
    ("it would be suicidal to keep living like this", "crisis"),
    ("I nearly killed myself last night", "crisis"),
    ("numb bum on the coach trip and it hasn't gone away", "emergency"),
    ("I wet myself this morning, it stopped now but I'm scared", "emergency"),
    ("I leaked a little after giving birth, physio fixed that, but it's come back this week", "emergency"),
    ("my legs went numb sitting cross-legged, fine after a minute, but now they're numb again", "emergency"),
    ("my bum has been numb since I woke up after the op", "emergency"),
    ("had a temperature last week, all gone. Now it's back", "urgent"),
    ("I can't pee, my headache went away though", "emergency"),
    ("both legs went numb after the gym and they still are", "emergency"),
    ("fell off a ladder onto my back, just bruised I think", "emergency"),
    ("fell on my tailbone and now I can't feel my legs", "emergency"),
    ("my legs gave way after my run", "emergency"),
    ("is numbness down there something to worry about?", "emergency"),
    ("is it serious that both my legs are numb?", "emergency"),
    ("is back pain with a high temperature since yesterday something to worry about?", "urgent"),
    ("why can't I feel my bum?", "emergency"),
    ("the leaflet said numbness when wiping is a warning, and that's what I have now", "emergency"),
]


# --- misses: these must fire ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I swallowed all of my tramadol an hour ago",
        "took 18 ibuprofen today because nothing touches the pain",
        "I've had 16 paracetamol since breakfast",
        "downed the rest of my naproxen with a bottle of wine",
        "took twelve co-codamol in the last few hours",
        "took all the tablets in the box",
        "took 20 co-codamol over the day because the pain was so bad",
        "I've eaten a full pack of paracetamol, I feel ok",
        "took 6 tramadol in one go",
    ],
)
def test_an_overdose_told_in_plain_words_is_an_emergency(detector: SafetyDetector, text: str) -> None:
    finding = detector.detect(text)
    assert finding is not None and "overdose_taken" in finding.triggers
    assert finding.level in ("emergency", "crisis")


@pytest.mark.parametrize(
    "text",
    [
        "I took all my meds this morning as usual",
        "I've taken all my tablets today, still sore",
        "I had 30 tablets prescribed last month",
        "took two tablets at bedtime",
    ],
)
def test_ordinary_doses_are_not_an_overdose(detector: SafetyDetector, text: str) -> None:
    finding = detector.detect(text)
    assert finding is None or "overdose_taken" not in finding.triggers


def test_an_overdose_with_crisis_words_gets_both(detector: SafetyDetector) -> None:
    finding = detector.detect("swallowed every one of my sleeping tablets because I want it all to end")
    assert finding is not None
    assert finding.level == "crisis" and "overdose_taken" in finding.triggers


CASES["a_sign_told_as_a_question_is_an_emergency"] = at_level(
    "emergency",
    [
        "is it normal to lose control of your bladder with sciatica? it happened to me this morning",
        "is it something to worry about if you wet yourself? I did it today",
        "should I be worried that I wet the bed last night? never done that before",
        "I wet myself, never happened before",
        "can sciatica make your privates go numb? mine have since last night",
        "is it normal to not be able to pee with back pain? been trying for hours",
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "my husband had prostate cancer and now his back really hurts",
        "my sister was treated for breast cancer in 2018 and now has back pain that won't shift",
        "my grandad's had lung cancer, and his back has started hurting",
        "my wife has been diagnosed with myeloma and her back aches",
    ],
)
def test_someone_elses_cancer_history_with_back_pain_is_urgent_for_them(detector: SafetyDetector, text: str) -> None:
    finding = detector.detect(text)
    assert finding is not None and finding.level == "urgent"
    assert "cancer_history" in finding.triggers and finding.about_other


CASES["a_question_about_ones_own_family_risk_is_not_a_history"] = not_found(
    [
        "my mum had breast cancer, am I at higher risk?",
        "my dad had bowel cancer, does that mean I should get screened?",
    ]
)


CASES["crisis_told_without_the_usual_words_is_crisis"] = at_level(
    "crisis",
    [
        "I sat in my car in the garage with the engine running for a while yesterday",
        "I've bought a hose to fit the exhaust",
        "there's a hosepipe attached to the exhaust now",
        "I've written notes to everyone for when I'm gone",
        "I keep picturing driving my car into a wall",
        "sometimes I think about walking in front of a train",
        "I've recorded a video for my wife in case",
        "I've been thinking of throwing myself off the multi storey",
    ],
)


CASES["letters_cars_and_plans_without_danger_are_not_crisis"] = not_found(
    [
        "I've written a letter to my GP about my back",
        "I wrote notes for the physio in case I forget",
        "when I'm gone to work my back seizes up",
        "I warmed the car up in the driveway this morning, my back is stiff",
    ]
)


# --- left to the safety classifier: the rules must stay quiet ------------------------------------


CASES["classifier_side_messages_do_not_fire_the_rules"] = not_found(
    [
        "woke up with a stiff neck and back after sleeping funny",
        "my hand goes to sleep if I lie on it",
        "missed the last stair and jolted my back a bit, nothing serious",
        "my hips click and my back feels tight",
        "my little boy bumped his head and is fine now",
        "what is the maximum ibuprofen dose for me? don't want to take too much",
        "is it safe to mix co-codamol and paracetamol? asking for myself, want to be careful",
        "what happens if you accidentally double up on paracetamol?",
        "can I use a hot water bottle with a fentanyl patch?",
        "no red flags, just stiffness",
        "no numbness, bladder and bowels fine, legs strong, just ache",
        "bowels normal, peeing normal, can feel everything down there, just sore",
        "the midwife checked my sore back and says it's just the baby's weight",
        "my partner strained his back moving furniture and is hobbling about",
    ]
)


# --- the kinds of message above, each checked the same way ---------------------------------------


test_each_kind_is_found_at_its_level = kind_check(CASES)

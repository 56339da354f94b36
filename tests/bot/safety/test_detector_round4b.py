"""Round 4b of the red-flag rules: fewer false alarms, and questions about warning signs as information.

Each kind is tested with wordings written for these tests (not taken from the corpus or any
evaluation set): messages that must stay quiet, and close wordings that tell a real sign, which
must still raise the alarm at its level.
"""

from __future__ import annotations

from bot.safety import SafetyDetector
from tests.bot.safety.support import at_level, found, kind_check, not_found

# Messages of each kind with the level the rules must find in them (None: no finding), checked
# together by test_each_kind_is_found_at_its_level at the end.
CASES: dict[str, list[tuple[str, str | None]]] = {}


# --- A1. a chest that is furniture, a freezer, a box or a gym machine -------------------------------


CASES["chests_that_are_things_are_not_chest_pain"] = not_found(
    [
        "I shifted a heavy chest of drawers upstairs and my lower back went",
        "sharp pain in my back lifting the lid of the chest freezer",
        "bending into the chest freezer for the peas set my back off",
        "I put too much weight on the chest press and my back twinged",
        "pressure on the chest press machine made my lower back ache",
        "my back hurts from carrying the tool chest to the van",
        "dragged the old toy chest into the loft, back is sore now",
    ]
)

CASES["the_patients_own_chest_is_still_chest_pain"] = at_level(
    "emergency",
    [
        "after the chest press I've got a tight chest and my back aches",
        "moving the chest of drawers I got a crushing pain in my chest",
        "pressure on my chest since lunchtime and my upper back hurts",
    ],
)


# --- A2. an "accident" that is not a serious injury ------------------------------------------------


CASES["accidents_that_are_not_injuries_do_not_fire"] = not_found(
    [
        "had a little accident with the hoover cord and tweaked my back",
        "I had a small accident in the kitchen, spilt the gravy, and my back twinged mopping",
        "my little boy had an accident in his pull ups and I hurt my back bathing him",
        "the puppy keeps having accidents on the rug and bending to clean up is killing my back",
        "this stretch was a happy accident, I found it by chance",
        "car accident about fifteen years ago, completely fine now, my back only aches after gardening",
    ]
)

CASES["serious_accidents_still_fire"] = at_level(
    "emergency",
    [
        "I was in a car accident this afternoon and my back is agony",
        "had a small accident on my motorbike today and my back hurts",
        "a lorry crashed into my car on the motorway this morning",
        "I fell from the scaffolding at work today",
        "had a minor accident at work, came off a ladder, back is sore",
    ],
)


def test_a_toilet_accident_of_the_patient_is_a_bladder_sign_not_an_injury(detector: SafetyDetector) -> None:
    level, triggers = found(detector, "I keep having accidents in my pants since my back went")
    assert level == "emergency"
    assert "bladder_bowel" in triggers and "serious_injury" not in triggers


# --- A3. stiff or sore on waking is not night pain ---------------------------------------------------


CASES["waking_stiff_or_sore_is_not_night_pain"] = not_found(
    [
        "I woke up with back pain after a night on my friend's sofa",
        "most mornings I wake with pain in my lower back, a hot shower loosens it",
        "woke up with my back stiff as a board",
        "I wake up achy after being in bed overnight and it goes once I'm moving",
        "I always get up stiff first thing in the morning",
        "I can't find a position to read in bed with this back",
        "can't get comfy to watch TV in bed",
    ]
)

CASES["pain_that_wakes_or_is_worse_at_night_is_urgent"] = at_level(
    "urgent",
    [
        "the pain wakes me most nights",
        "I keep waking in the night with my back",
        "I wake up at 3am with the pain every night",
        "I wake several times a night with the back pain",
        "my back is much worse at night and lying down does not ease it",
        "I can't find a position to sleep in at night, nothing eases it",
        "woke up with pain in my back at 2am and it hasn't settled",
    ],
)


# --- A4. a numb bottom from sitting that goes as soon as they stand ---------------------------------


CASES["numbness_from_sitting_that_goes_on_standing_is_not_saddle_numbness"] = not_found(
    [
        "my bum goes numb on the drive to my mum's but it goes as soon as I get out of the car",
        "my backside went numb at the concert, fine the moment I stood up",
        "numb bum after an hour on the bike saddle, goes when I get off",
        "my bottom goes numb if I sit on the toilet too long, it's fine when I stand",
        "my bum goes dead on the loo until I get up",
        "my bum gets numb at my desk and wears off as soon as I walk about",
        "my bum went numb during the film. It was fine as soon as I stood up.",
    ]
)

CASES["numbness_that_stays_or_is_new_still_fires"] = at_level(
    "emergency",
    [
        "my bum went numb on the drive and it's still numb now",
        "my bum has been numb since the weekend, it doesn't go when I stand up",
        "my bottom went numb in the car and hasn't come back even after walking around",
        "new numbness in my bum that won't go away",
        "my bum goes numb and it doesn't go away when I get up",
        "I can't feel my bottom since yesterday, even when I walk about",
    ],
)


# --- A5. a small leak known for years, or sorted ----------------------------------------------------


CASES["a_long_known_or_sorted_leak_is_not_a_new_bladder_sign"] = not_found(
    [
        "I've had a little leak when I laugh or sneeze since my second baby, nothing new",
        "a tiny leak when I cough since the twins ten years ago, same as ever",
        "I leaked a bit after having my daughter, sorted with pelvic floor exercises",
        "leaked a little after my first baby but that got sorted with physio",
        "I leak a drop when I jump on the trampoline, always have since the kids",
        "I've dribbled a little when I run for years",
        "since my youngest was born I leak a bit when I sneeze",
    ]
)

CASES["new_or_unfelt_leaking_still_fires"] = at_level(
    "emergency",
    [
        "I've started leaking when I cough since my back went",
        "I leak without feeling it",
        "I can't feel when I'm leaking",
        "I had a small leak since my baby but now I'm leaking much more",
        "I've leaked a bit for years but this week I wet myself without knowing",
        "since my baby I leak a little, but now I don't notice when it happens and I can't feel it",
        "I'm suddenly leaking wee",
    ],
)


# --- A6. cancer long ago with the all clear and an everyday cause; a relative's cancer and risk -------


CASES["an_old_clear_cancer_with_an_everyday_cause_or_a_risk_question_is_not_urgent"] = not_found(
    [
        "breast cancer 12 years ago, all clear since, and I pulled my back lifting the dog into the car",
        "I had lymphoma in 2004 and got the all clear, I tweaked my back digging the veg patch",
        "I strained my back moving the sofa, I had bowel cancer long ago but I've been all clear for years",
        "my mum had cancer in 1998, does that put me at risk of back problems",
        "my grandad had prostate cancer, does that make me more likely to get back trouble?",
        "I had a scan for suspected bowel cancer that came back clear",
    ]
)

CASES["new_back_pain_with_a_cancer_history_still_fires"] = at_level(
    "urgent",
    [
        "I had breast cancer 6 years ago and now my back hurts",
        "I had bowel cancer, all clear, but my back has ached for weeks since lifting a box",
        "prostate cancer in 2015, all clear, and now my back pain is worse at night",
        "I had lymphoma and got the all clear, but I'm worried about this back pain after gardening",
        "I hurt my back lifting and I've had cancer",
        "I had breast cancer and was given the all clear, now my back aches",
        "I had a scan for suspected cancer and it was cancer, all clear now, and my back has started to ache",
    ],
)


# --- A7. someone else's fever, not with back pain ---------------------------------------------------


CASES["someone_elses_fever_without_back_pain_is_not_the_fever_sign"] = not_found(
    [
        "my son had a fever so I carried him round all night and now my back hurts",
        "I hurt my back lifting my daughter, who has a high temperature",
        "the baby has a temperature and I've done my back in rocking him",
        "my wife has flu and I've been lifting her in and out of bed, now my back is sore",
    ]
)

CASES["a_fever_with_back_pain_still_fires"] = at_level(
    "urgent",
    [
        "my husband has a fever and back pain",
        "my son has a fever and back pain and I've been carrying him",
        "my son had a fever, I carried him all night and now I have a high temperature too",
        "I've got a fever and my back is killing me",
    ],
)


# --- A8. affairs, tablets and reading in bed --------------------------------------------------------


CASES["affairs_tablets_and_positions_in_daily_life_are_not_crisis_or_night_pain"] = not_found(
    [
        "I'm putting my affairs in order before I go on my cruise",
        "getting my affairs in order before we go travelling round Asia",
        "I can't see the point of carrying on with these tablets, they don't touch the pain",
        "I don't see the point in going on with the physio",
        "I've stopped seeing the point in carrying on with the exercises",
    ]
)

CASES["affairs_and_no_point_going_on_are_still_crisis"] = at_level(
    "crisis",
    [
        "I'm putting my affairs in order",
        "I can't see the point of carrying on",
        "I can't see the point in carrying on any more",
        "getting my affairs in order before I go",
    ],
)


# --- A9. a small fall onto the bottom, walking fine ------------------------------------------------


CASES["a_small_fall_onto_the_bottom_walking_fine_is_not_a_serious_injury"] = not_found(
    [
        "I'm 23 and slipped on the wet decking and landed on my bum, bruised but walking fine",
        "slipped on ice and landed hard on my tailbone, sore but I can walk fine",
        "I'm 28, fell on my bottom at the skating rink, tender but walking normally",
        "landed on my backside at netball, a bit sore but I can walk about fine",
    ]
)

CASES["falls_from_height_stay_an_emergency"] = at_level(
    "emergency",
    [
        "I fell off the stepladder and landed on my bum, bruised but walking fine",
        "fell through the loft hatch onto my back",
        "slipped and landed on my tailbone and now both legs are numb",
    ],
)

CASES["a_fall_with_thin_bones_stays_urgent_at_least"] = [
    ("I'm 79 with osteoporosis and I fell on my bottom, just bruised", "urgent"),
    ("my nan has osteoporosis and she slipped and landed on her bum, bruised but walking fine", "urgent"),
    ("I have osteoporosis. I slipped in the garden and landed on my bottom, walking fine", "urgent"),
    ("I'm 80 with brittle bones and fell on my backside, now it's agony", "emergency"),
]


# --- B. questions about warning signs, in general ---------------------------------------------------


CASES["general_questions_about_signs_are_information"] = not_found(
    [
        "is back pain with a high temperature dangerous?",
        "is a fever with back pain serious?",
        "can back pain with a temperature be serious?",
        "is numbness in both legs worse than numbness in one?",
        "are both legs going weak more serious than one?",
        "which is worse, a numb bottom or a numb foot?",
        "which is more worrying, leg weakness or losing bladder control?",
        "are erection problems ever linked to a slipped disc?",
        "is loss of bowel control associated with back problems?",
        "what infection signs should I watch for after a spinal injection?",
        "are fevers after epidurals common?",
        "is an ache between the shoulder blades a sign of something serious?",
        "is back pain at night always a sign of cancer?",
        "is it normal for sciatica to go down both legs or is that serious?",
        "is it common for a slipped disc to cause numbness in both legs?",
        "how would I describe saddle numbness to 111 if it ever happens?",
        "if someone can't pass urine with back pain, is that urgent?",
        "our care home first aid plan: if a resident can't pass urine with back pain, is that urgent?",
        "what should staff do if a resident loses control of their bladder?",
    ]
)

CASES["reports_phrased_as_questions_still_fire"] = [
    ("I haven't been able to pee since this morning, is that serious?", "emergency"),
    ("both my legs have gone numb, is that bad?", "emergency"),
    ("is it normal that I can't feel my bottom since last night?", "emergency"),
    ("I've got a temperature and back pain, should I be worried?", "urgent"),
    ("is back pain with a fever serious? I've had both since Tuesday", "urgent"),
    ("is my back pain with a fever serious?", "urgent"),
    ("both legs are numb now, is that worse than one?", "emergency"),
    ("is numbness in both my legs worse than in one?", "emergency"),
    ("is it normal for my sciatica to go into both legs?", "emergency"),
    ("is it normal for both legs to go tingly? it's both since this afternoon", "emergency"),
    ("is a numb bum serious?", "emergency"),
    ("are my erection problems linked to my back?", "emergency"),
    ("how would I explain my numb bum to A&E, it started today", "emergency"),
    ("is a fever after my epidural normal?", "urgent"),
    ("if a resident can't pee since this morning, what do we do?", "emergency"),
]


# --- the kinds of message above, each checked the same way ---------------------------------------


test_each_kind_is_found_at_its_level = kind_check(CASES)

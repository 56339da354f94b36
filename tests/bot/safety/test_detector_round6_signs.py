"""Round 6 of the red-flag rules: emergency and urgent signs told in everyday words, and their near misses.

Wordings written for these tests (not taken from the corpus or any evaluation set), in British,
Scots, Irish, American, non-native and texting English. Each kind of sign has wordings that must
fire and, beside them, near misses that must stay quiet (fact sheet sections 4, 9, 11.9):
bowel control and numbness in the saddle noticed in daily life, major trauma in farm, road and
work words, an older person's fall, chest pain told in a later sentence or turn, weight loss, a
small fall with thin bones or at 70 or over, night pain and pain that lying down does not change,
cancer treatment now, a back more hunched than before; and numbness from sitting that goes on
standing, legs "dead" after sport or cold, denial lists, signs long past or over, and ordinary
things that share words with a sign.
"""

from __future__ import annotations

import pytest

from bot.safety import SafetyDetector
from bot.safety.replies import get_detector
from bot.safety.triage import ALARM, Triager
from tests.bot.safety.support import at_level, found, kind_check, not_found, trigger_check

CASES: dict[str, list[tuple[str, str | None]]] = {}

# Messages a trigger must find by itself (the trigger id is checked, not only the level).
FIRES: dict[str, list[str]] = {}


# --- A1. bowel control and numbness in the saddle, in plain and non-native words -----------------

FIRES["bladder_bowel"] = [
    "cant keep my poo in anymore, it just falls out of me",
    "can't control my stool since Tuesday, it comes by itself",
    "i cannot hold the stool, it come out alone",
    "no control over my stools now, happens without any warning",
    "I've nae control over my bowels since Saturday",
    "soiled my knickers at work and never even felt it",
    "pooped myself in my sleep, not even joking",
    "my stools keep coming out without me knowing",
    "motion came out in the bed and I did not feel it",
    "lost control of my back passage this morning",
    "poo just comes out of me without warning now",
    "stool leaks out and I don't notice till later",
]
FIRES["saddle_numbness"] = [
    "in the bath I can't feel the water on my bum or between my legs",
    "in the shower i couldnt feel the water running down my inner thighs",
    "when I dry off I can't feel the towel on my bottom at all",
    "cant feel the loo roll at all when i wipe",
    "I no feel the water in shower on my bottom",
    "can't feel the hot water on my backside since this morning",
    "sat on the toilet and couldn't feel the seat under my bum",
    "when i shower i dont feel water between my legs",
]


# --- A2. major trauma in farm, road and work words, even when played down ------------------------

FIRES["serious_injury"] = [
    "the quad flipped on the hill and landed on top of me, back's sore but I'm grand",
    "tractor tipped over and pinned him underneath",
    "got trapped under the quad bike for a bit, sore back, probably fine",
    "the atv rolled over on me yesterday, should I just rest it?",
    "fell off the back of the lorry onto the tarmac, winded, just rest it?",
    "slipped off the back of the pickup onto concrete this morning, sore but walking",
    "fell off the hay trailer onto the yard, knocked the wind out of me",
    "came off the back of a truck bed onto the road, a bit stiff",
    "my horse bucked me off into the fence, back's killing",
    "got chucked off the pony and landed awkwardly",
    "a van clipped me on my bike yesterday, just bruised I think",
    "got hit by a car crossing the road, walked away but my back's stiff",
    "was trampled by a cow in the yard, sore all over",
    "the bull pinned me against the gate, back is sore",
    "dad got crushed between the tractor and the wall",
    "was kicked by a horse in the back yesterday",
    "fell from the hay loft onto the barn floor",
]


# --- A3. an older person who fell and is still down or in a bad way -------------------------------

FIRES["serious_injury"] += [
    "nana went down hard on the patio and she's in a bad way",
    "Dad (81) fell in the bathroom and he's still lying there, can't get him up",
    "mum is 88, had a fall and is stuck on the carpet",
    "grandad took a tumble in the garden and can't stand up",
    "my da fell and he cannae get up aff the floor",
    "Mam slipped in the yard and she's in an awful way",
    "my 90 year old gran went down heavily in the kitchen",
]


# --- A4. chest pain with breathlessness, told in a later sentence or turn ------------------------

FIRES["chest_pain"] = [
    "my chest has started hurting too and I'm a wee bit breathless",
    "chest's gone tight and I'm struggling for breath",
    "and now chest is paining me and i am short of breath",
    "My back's been bad all week. Tonight my chest feels weird and I can't catch my breath.",
    "ok update: chest started aching 10 mins ago, bit puffed",
    "my chest keeps hurting and I get out of breath on the stairs",
]


@pytest.mark.parametrize(
    ("previous", "text"),
    [
        (
            "is it ok to use a heat pad on my lower back?",
            "actually my chest has begun to ache and I'm a bit short of breath",
        ),
        ("what stretches help sciatica?", "oh and my chest is sore now and I'm kinda breathless"),
        ("my back has been stiff for a week", "now my chest feels tight and I can't get my breath"),
    ],
)
def test_chest_pain_told_in_a_second_turn_is_an_alarm(previous: str, text: str) -> None:
    triage = Triager(get_detector(), None).triage(text, previous)
    assert (triage.action, triage.level) == (ALARM, "emergency")
    assert triage.finding is not None and "chest_pain" in triage.finding.triggers


# --- A5. weight loss in lay and non-native words (urgent) ------------------------------------------

FIRES["weight_loss"] = [
    "I've lost a ton of weight and my back aches all the time",
    "lost loads of weight lately and my back is killing me",
    "getting skinnier and not really eating, back's sore",
    "lost my appetite and about 6 kilos in the last month",
    "I lost 4 kilo since 3 weeks, i don't eat much",
    "I am lose 6 kg weight in one month and my back is paining",
    "my dad is wasting away and his back is killing him",
    "she's skin and bone now, back pain constantly",
    "he's got so thin and he's off his food, and his back hurts",
    "she's gone really skinny and barely eats",
    "he is losing weight 10 kg in 3 months",
]


# --- A6. thin bones or 70 and over, a small fall or knock, and bad pain (urgent) -----------------

FIRES["osteoporosis_sudden_pain"] = [
    "my mum have osteoporosis, she slip a little in bathroom, now her back hurting too much",
    "nan has brittle bones, sat down too hard on the bed and now she cries when she moves",
    "I've got thin bones, bumped my back on the worktop and it hurts so much I can't stand straight",
    "osteoporosis, tripped on the rug, back is so sore I can barely move",
    "me mam's got weak bones, she plonked down on the chair and now she's screaming with her back",
]
FIRES["older_age_fall_pain"] = [
    "I'm 79, slipped off the step and my back is in agony",
    "my dad is 84 and knocked his back on the bath, now he can't move",
    "grandad, 91, sat down heavily and now his back hurts very much",
    "I am 76 years, small fall in garden, now pain very bad in back",
    "in my eighties, had a little fall yesterday and it's excruciating",
    "my 82 year old mother fell from her chair, now she cannot walk from pain",
    "I'm 73, knocked my back on the car door and I'm in tears with it",
]
CASES["a_fall_with_thin_bones_or_older_age_is_urgent"] = at_level(
    "urgent",
    [
        "I'm 79, slipped off the step and my back is in agony",
        "me mam's got weak bones, she plonked down on the chair and now she's screaming with her back",
    ],
)


# --- A7. night pain, pain lying down does not change, cancer treatment now, a back more hunched ----

FIRES["night_pain"] = [
    "the pain wakes me every single night without fail",
    "it's woken me up night after night for weeks",
    "the pain's the same whether I'm lying in bed, sitting or walking about",
    "makes no difference if I lie down or stand, it just hurts",
    "doesn't matter if I lie, sit or stand, the ache is always there",
    "it hurts just as much lying down as standing up",
]
FIRES["cancer_history"] = [
    "halfway through my chemo and I've got a new back pain",
    "I'm on immunotherapy at the moment and my back has started aching",
    "in the middle of radiotherapy and there's a new pain in my spine",
    "having treatment at the oncology unit and my lower back started hurting this week",
    "doing chemo rn, new backache since thursday",
    "on my fourth cycle of chemo and now my back hurts",
]
FIRES["lump_or_shape_change"] = [
    "my back is much more hunched than it was last year",
    "my mum's become really stooped over the past year and her back hurts",
    "people say I'm getting more bent over, my back looks curved",
    "my spine is more curved than a year ago",
    "I've developed a stoop and it aches",
    "he's shrunk and got a hump on his back",
]


# --- B1. numbness from sitting that goes on standing stays quiet -----------------------------------

CASES["numb_from_sitting_that_goes_stays_quiet"] = not_found(
    [
        "tractor seat makes my bum numb after a few hours, gone a minute after I climb down",
        "numb bum after the 4 hour drive to Cork, went within a minute of walking",
        "my bits go numb on the bike saddle, fine as soon as I hop off",
        "bum numb from the hard bench at the footy, woke up again once I walked about",
        "my backside goes numb on the stadium bench, wakes up again when I walk",
        "sat on the loo scrolling too long, pins and needles in my bum, gone when I stood",
        "arse went dead on the stadium seats lol, came back as soon as I stood up",
    ]
)
FIRES["saddle_numbness"] += [
    "my bum went numb on the drive and it's still numb even after walking about",
    "numb bum from the tractor seat that doesn't go away when I stand up",
    "numb between my legs since the bike ride yesterday, not wearing off",
    "my bum went numb on the stadium bench and didn't wake up again when I walked",
]


# --- B2. legs "dead" or "jelly" after sport or cold stay quiet -------------------------------------

CASES["legs_dead_after_sport_or_cold_stay_quiet"] = not_found(
    [
        "legs are absolutely dead after leg day lol",
        "can't feel my legs after that 10k haha",
        "legs like jelly after the marathon, easing off now",
        "couldn't feel my legs after standing in the river fly fishing, warmed up fine",
        "did the half marathon today, can't feel my legs lol",
        "my legs went numb with the cold in the sea, fine once I warmed up",
        "cant feel my legs after the spin class lmao",
    ]
)
FIRES["both_legs"] = [
    "can't feel my legs since the fall this morning",
    "both legs have gone numb and weak and it's not going off",
    "can't feel my legs after the run and it's been two days, still numb",
    "couldn't feel my legs after the river and they're still numb hours later",
]


# --- B3. denial lists stay quiet; a sign told after the list still fires -------------------------

CASES["denial_lists_stay_quiet"] = not_found(
    [
        "nae numbness, nae bother wi the waterworks, nae temperature, just a sair back",
        "no numb bum, no peeing problems, no fever, no weight loss, just stiff",
        "not numb, no tingling, both legs fine, just achy",
        "GP asked about numbness down below and bladder problems, I said no to both",
        "I can pee fine and feel everything when I wipe",
        "denies saddle anaesthesia, bladder and bowels fine, no fever",
        "naw, nae fever and nae numbness, just stiff",
    ]
)
CASES["a_sign_after_a_denial_list_still_fires"] = at_level(
    "emergency",
    [
        "nae numbness, nae fever, but since yesterday I cannae pee",
        "no fever, no numbness, but since last night I've wet myself twice",
        "no tingling or weakness, but my bum has gone numb today",
    ],
)


# --- B4. signs long past or over stay quiet --------------------------------------------------------

CASES["signs_past_or_over_stay_quiet"] = not_found(
    [
        "my legs went weak when I had covid a couple of years back but came right",
        "had bladder trouble before my prostate op, all fine now",
        "had a temperature on Sunday with a cold, gone now",
        "bowel cancer twenty years ago, all clear, pulled a muscle at golf",
        "my mum had breast cancer, I hurt my back at football",
        "my dad had prostate cancer and I've tweaked my back lifting at the gym",
        "back was agony at night in the hotel bed, fine at home",
        "the caravan mattress gave me night pain all week, grand now I'm home",
    ]
)
FIRES["night_pain"] += [
    "the hotel bed gave me night pain and it's still there now I'm home",
    "agony at night in the hotel bed and still agony at night at home",
    # (round 8) a relative's cancer is not the patient's history: the night pain is the red flag
    "my mum had breast cancer, I hurt my back at football and now it wakes me every night",
]
FIRES["cancer_history"] += [
    "my dad had cancer and I had breast cancer myself, my back aches from football",
]


# --- B5. ordinary things that share words with a sign stay quiet ---------------------------------

CASES["ordinary_things_stay_quiet"] = not_found(
    [
        "wet myself laughing at the panto",
        "pins and needles in my foot on the loo, goes when I stand",
        "tight chest when I'm anxious, had my heart checked last year, all fine",
        "I get a tight chest with panic attacks, ECG and bloods were normal",
        "sweaty at night cos it's 35 degrees here and no aircon",
        "sweating at night in this heatwave",
        "I work nights so my back aches at night on shift",
        "I'm a night nurse and my back hurts at night at work",
        "fatty lump the GP has known about for years, no change",
        "lost weight on purpose by diet, back still hurts",
        "lost a load of weight on slimming world and my back is better",
        "I'm hunched over my laptop all day and my back aches",
        "I'm 72 and my back aches after gardening",
        "I'm 75, had a fall last year, fine now",
        "I drive a tractor all day and my back aches",
        "my sister is on chemo, I've been lifting her and hurt my back",
        "I'm a nurse on the chemo ward and my back hurts from lifting",
        "my posture is getting more rounded from sitting at a desk, any stretches?",
        "my back is getting more hunched from sitting at a desk all day",
        "he went down hard in the tackle at football, back sore",
        "the baby wakes me every single night and my back aches",
        "the pain is the same whether I sit or stand, better lying down",
        "I lost a ton of weight and I'm so pleased",
        "lost a load of weight after having the baby",
        "I slipped a disc and I'm in a bad way",
        "I fell out with my sister and I'm in a bad way",
        "the tractor rolled over a rock and I jarred my back",
        "I was pinned to the sofa all weekend with back pain",
        "came off the stage after a gig, back aching",
        "I'm 74 and stiff in the mornings",
        "my husband is 72, he lifted the shopping and his back is a bit sore",
        "my bones are getting thinner and I'm not eating well",
        "it feels like I've been kicked by a horse, but it's only from moving the wardrobe",
        "came off my son's scooter in the park and scraped my knee, back a little stiff",
    ]
)
CASES["ordinary_things_with_a_sign_still_fire"] = [
    ("tight chest when I'm anxious, but this time it's crushing and going down my arm", "emergency"),
    ("sweaty at night even though it's cold, and I've lost weight without trying", "urgent"),
    ("I work nights but the pain wakes me every day when I sleep and never eases lying down", "urgent"),
]


# --- language: a comparison with the past tells now; a past sign alone stays past ---------------


def test_a_comparison_with_last_year_is_not_a_past_cue(detector: SafetyDetector) -> None:
    # "than it was last year" compares with now, so the sign counts ...
    assert "lump_or_shape_change" in found(detector, "my back is more hunched than it was last year")[1]
    assert "lump_or_shape_change" in found(detector, "my spine looks more curved compared to last year")[1]
    # ... while a sign told for last year alone is still past
    assert found(detector, "I had numbness down there last year, it went with physio")[0] is None
    assert found(detector, "my legs went weak last year after covid, all good since")[0] is None


def test_a_general_question_whether_cancer_spreads_is_not_a_history(detector: SafetyDetector) -> None:
    assert found(detector, "can cancer spread to the spine?")[0] is None
    assert found(detector, "how often does prostate cancer spread to the back?")[0] is None
    assert "cancer_history" in found(detector, "can my cancer spread to my spine?")[1]
    assert "cancer_history" in found(detector, "my cancer has spread to my spine")[1]


def test_scots_nae_is_a_negation(detector: SafetyDetector) -> None:
    assert detector.normalise("nae fever, naw") == "no fever , no"
    assert found(detector, "I've got nae numbness down there")[0] is None
    assert found(detector, "nae control of my bladder since this morning")[0] == "emergency"


# --- the kinds of message above, each checked the same way ---------------------------------------


test_each_red_flag_fires_by_itself = trigger_check(FIRES)


test_each_kind_is_found_at_its_level = kind_check(CASES)

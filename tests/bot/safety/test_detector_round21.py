"""Round 21 of the red-flag rules (session 21).

Wordings written for these tests (not taken from the corpus or any evaluation set).
- Numbness from sitting that went "after walking"; night pain from turning over in bed or from a
  night of work; a shy bladder; a leak since childbirth told as "postpartum" or "pelvic floor"; an
  old crash "with whiplash"; a fall off a bike at walking pace; a fear of cancer with no history of
  it; "ending it with" a partner or a practitioner; the term "saddle numbness" asked about or told
  normal; a routine question a clinician asks; "what about" a sign; a condition on one's pain
  asked for the future; a sign asked about as a reason to go; height lost that old fractures
  explain; a fall onto the bottom at walking speed or off the bottom of a ladder; a late relative's
  things given away; a condition given out for a school project; someone convinced they had a
  tumour: none of these is a red flag.
- Not sensing the need for the toilet, "struggling to initiate urination", reduced sensation
  "perianally", "back pain severe" after a fall with thin bones, pain that "came on when she knocked"
  with thin bones, and a sudden loss of height told after the subject are.
"""

from __future__ import annotations

from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["over_or_everyday_is_not_a_red_flag"] = not_found(
    [
        "numb bum after the coach trip to Leeds, gone after walking round the services",
        "my back is sore and I can't sleep when I turn over in bed, which mattress is best?",
        "back's killing me after driving the van all night, heat or ice?",
        "I can never pee at urinals if another bloke is next to me, always been that way, back's fine",
        "I dribble a bit when I cough, 4 months postpartum, the midwife says it's my pelvic floor",
        "hurt my back in a car crash five years ago, with whiplash and all, it's fine now mostly",
        "fell off my bike at walking pace onto the grass, back a bit stiff",
        "slipped onto my bottom at walking speed on the ice rink, just bruised",
        "came off the bottom step of the ladder, only about a foot, back a bit jarred",
        "since dad died we've been giving his things away to the charity shop, my back aches from the boxes",
        "for a school project each of us got a condition and I got cauda equina, what is it?",
        "my wife convinced herself she had a tumour after reading forums, it's just a pulled muscle",
        "I googled my symptoms and now I'm scared I have cancer, it's just a sore back from the gym",
        "I'm thinking of ending it with my osteopath, three months and no change",
        "what is saddle numbness, my GP keeps asking about it",
        "checked myself over, perineal sensation intact, waterworks fine, just stiff",
        "the nurse asks me each visit about numbness between the legs, what is that about?",
        "and what about numbness around the bottom, is that serious?",
        "if my back pain ever comes with a fever, what should I do? just asking for the future",
        "would a high temperature with backache be a reason to call 111?",
        "nan's x-ray found old fractures from her osteoporosis and she's got shorter, what does it do to the spine?",
    ]
)
CASES["the_same_signs_now_still_count"] = at_level(
    "emergency",
    [
        "numb bum since the coach trip yesterday, still numb after walking",
        "I couldn't tell I needed a poo and it came out at the bus stop",
        "struggling to initiate urination since last night and my back is killing me",
        "there's reduced sensation perianally since this morning",
        "I need to check about my bladder leaking",
    ],
)
CASES["ending_it_with_means_is_crisis_talk"] = at_level("crisis", ["thinking of ending it with the pills I've saved"])
CASES["big_falls_still_count"] = at_level(
    "emergency",
    [
        "fell off the ladder from the roof, about two storeys up",
        "fell off the step ladder, only a foot, and now both legs are numb",
    ],
)
CASES["own_things_given_away_still_count"] = at_level("crisis", ["I've been giving my things away, I won't need them"])
CASES["thin_bones_and_a_knock_still_count"] = at_level(
    "urgent",
    [
        "grandma fell yesterday, osteoporosis, back pain severe",
        "my aunt has osteoporosis and the pain came on when she knocked into the door frame",
        "mum has osteoporosis and has suddenly got shorter since last week",
        "my back hurts every night even lying still, worse when I turn over",
        "is a fever with back pain since yesterday a reason to go to the doctor",
    ],
)

test_each_round_21_kind_is_found_at_its_level = kind_check(CASES)

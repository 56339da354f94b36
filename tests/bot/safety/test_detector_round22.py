"""Round 22 of the red-flag rules (session 22).

Wordings written for these tests (not taken from the corpus or any evaluation set).
- Feet or toes numb with cold; a tired back or legs that "want to die"; a fever with an illness
  that "finished" or has been gone for days; a friend's "if your legs go numb it's an emergency"
  with the patient's own back only sore since; a term a leaflet or a letter uses; which problems
  count as an emergency; a roof fall long ago that "heal up good"; a slip onto the bottom that left
  only a bruise; height lost that a doctor thinks an old crush fracture explains: none of these is
  a red flag.
- An ache at night in pregnancy when lying down, with nothing else, is not (the pregnancy answer
  says when to call the midwife); pain that wakes her or that rest never eases still is.
- Both legs told one by one ("my left leg and my right leg are numb"), back pain that "goes into"
  the chest, a swelling "to one side of" the spine and pain "worse when I lie still" are.
- A whole box or bottle, or many tablets, taken an hour ago in non-native words; a threat to end
  one's life told with its condition ("if the pain not stop he will..."); sudden "very painful" back on
  years of steroid tablets, a knock with thin bones and pain "like nothing I've known" or "can
  barely get out of the chair", and a sneeze that "zaps down" the leg are.
"""

from __future__ import annotations

from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["over_or_everyday_is_not_a_red_flag"] = not_found(
    [
        "walked the dog in the snow, so cold I couldn't feel my toes, back a bit stiff after",
        "couldn't feel my feet at the bus stop this morning it was freezing, does cold make backache worse?",
        "after ten hours on the farm my legs want to die, any stretches for the lower back?",
        "my wife says her back wants to die after the night shift, is a heat pad ok?",
        "my son had a high temperature with the flu last week, finished now, his back is stiff from bed",
        "she had fever from a chest infection, now she is better, no fever for three days, back a bit sore",
        "I had malaria two years ago and the fever finished, now only my back is stiff from work",
        "my cousin told me if your legs go numb with back pain it's an emergency. My back has been "
        "sore since Saturday but my legs feel normal",
        "the discharge leaflet mentions saddle anaesthesia, what is this?",
        "which bladder problems count as an emergency with a bad back? asking for a first aid course",
        "back in 2010 I fell off a scaffold and broke a bone in my back. It heal up good, the "
        "surgeon said I'm fine. Which exercises for a plasterer?",
        "slipped on the wet kitchen floor and landed on my bum yesterday, it's bruised but I can walk fine",
        "mum is 80 with osteoporosis and the GP thinks an old crush fracture is why she lost two inches in height",
        "28 weeks pregnant and my back aches at night when I lie on my side, any pillow tips?",
        "my left leg and my right leg are fine, it's only my lower back",
    ]
)
CASES["an_overdose_taken_in_plain_words"] = at_level(
    "emergency",
    [
        "my friend she take all the bottle of her tablets two hours ago and now she is very sleepy",
        "took whole packet of my painkillers about an hour ago",
        "my uncle take 30 pain tablet two hours ago and now he is very sleepy",
    ],
)
CASES["sudden_pain_on_steroids_or_thin_bones"] = at_level(
    "urgent",
    [
        "on prednisone tablets for years for my arthritis and this morning my back suddenly very painful after "
        "lifting the kettle",
        "dad has osteoporosis, he bumped his back on the car door and the pain is like nothing he's known",
        "I've got brittle bones and knocked my back on the shelf, now I can barely get out of the chair",
        "prednisolone for my lungs for many years, I bend to tie my shoe and now big pain in my back",
    ],
)
CASES["a_sneeze_that_shoots_down_the_leg"] = at_level(
    "urgent", ["every time I sneeze it zaps right down to my heel", "cough and the pain shoots down into my thigh"]
)
CASES["the_same_signs_now_still_count"] = at_level(
    "emergency",
    [
        "my legs went numb this morning and I can't feel my feet, it's not cold in here",
        "I can't feel my feet or legs since I woke up",
        "since last night my right leg and my left leg are both numb below the knee",
        "back pain since Monday and now it goes into my chest and I feel sick",
    ],
)
CASES["a_swelling_or_rest_that_does_not_help"] = at_level(
    "urgent",
    ["there's a swelling to one side of my spine I never had", "the back is worse when I lie still at night"],
)
CASES["crisis_talk_still_counts"] = at_level(
    "crisis",
    ["I want to die, my back pain never stops", "my dad keeps saying if the pain not stop he will end his life"],
)
CASES["night_pain_in_pregnancy_that_wakes_her_still_counts"] = at_level(
    "urgent", ["I'm 32 weeks pregnant and the back pain wakes me every night even when I lie still"]
)

test_each_round_22_kind_is_found_at_its_level = kind_check(CASES)

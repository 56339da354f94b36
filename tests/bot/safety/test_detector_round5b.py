"""Round 5b of the red-flag rules: ordinary messages that raised an alarm, narrowed without losing red flags.

Wordings written for these tests (not taken from the corpus or any evaluation set), in British,
American, non-native and texting English. Each kind of ordinary message has near misses that must
stay quiet and, beside them, real red flags that must still fire (fact sheet sections 4, 9, 11.11):
numbness from sitting that goes on standing or by the next morning, signs told as over in the
same sentence, a small fall or a young person's trampoline landing, "die" and "suicide" as idioms,
questions about a medicine's side effect and a double dose taken by mistake, night pain from a bad
bed or asked about with a pillow in pregnancy, and health anxiety with no symptoms.
"""

from __future__ import annotations

from bot.safety import SafetyDetector
from tests.bot.safety.support import at_level, found, kind_check, not_found, trigger_check

CASES: dict[str, list[tuple[str, str | None]]] = {}

# Messages a trigger must still find by itself (the trigger id is checked, not only the level).
FIRES: dict[str, list[str]] = {}


# --- 1. numb only from sitting long, gone on standing or by the next morning ---------------------

CASES["numb_from_sitting_that_goes_stays_quiet"] = not_found(
    [
        "my bum goes numb after sitting in my office chair all day but it's fine as soon as I stand up",
        "bum went numb sitting on the toilet scrolling my phone, fine once I got up",
        "my legs went dead sitting on the loo too long, gone as soon as I stood up",
        "after a 3 hour bus ride my bottom was numb but it went when I walked around",
        "numb bum from the long car journey, by the next morning it was totally gone",
        "numb down there after a 60 mile bike ride, back to normal next morning",
        "saddle numbness after a long ride on my road bike, gone by the next day",
        "my backside was numb after sitting on the hard seats at the concert, fine when I stood",
        "my butt was totally numb after the 8 hour flight but it went away once I walked",
        "my ass goes numb in the gaming chair lol, fine once I stand up",
        "bum numb from sitting on the toilet on tiktok for 40 mins, fine now i'm up",
        "when i sit long time in office my bottom become numb, after i stand it go away",
        "numb bum on the coach to Leeds, woke up the minute I stood",
        "bum went numb on the bike saddle, went as soon as I got off",
        "my groin went numb on the spin bike but the feeling came back once I got off",
        "my bum goes numb sitting at my desk, the feeling comes back when I stand",
        "both my legs went dead sitting on the floor at my kids assembly, fine when I got up",
        "my feet were numb after sitting in the car for 5 hours, all normal by next morning",
        "numbness in my bum from the office chair, stops as soon as I stand up",
        "my bum was dead after the concert, those seats are rock hard, all fine once i stood",
        "butt fell asleep on the bleachers at my kid's game, totally fine now I'm up",
    ]
)
FIRES["saddle_numbness"] = [
    "my bum went numb sitting at my desk and it's still numb now I've stood up",
    "numbness around my bottom that doesn't go away when I stand up",
    "my bum went numb on the car journey and it's still numb this morning",
    "numb bum after sitting, but it stays numb even after walking around",
    "my groin is numb and it didn't come back after I got up",
    "numb bum from the car journey, gone by next morning but it came back today",
    "numb bum after the bike ride, still numb two days later",
    "my bum has been numb for days since the long car journey",
    "I can't feel my bum when I wipe since yesterday",
]


# --- 2. a sign told as over in the same sentence -------------------------------------------------

CASES["signs_over_in_the_same_sentence_stay_quiet"] = not_found(
    [
        # bladder trouble before an operation or with a chest infection, stopped
        "had bladder problems before my prostate operation, all fine since the surgery",
        "I had some bladder leaks before my hysterectomy but they stopped after the op",
        "when I had a chest infection I leaked a little when I coughed, that's stopped now",
        "my bladder was a bit leaky during my chest infection but that cleared up with the antibiotics",
        "couldn't pee properly for a day after my knee op because of the anaesthetic, back to normal now",
        # erection problems on a medicine, gone after stopping it
        "erectile dysfunction on sertraline, gone since I came off it",
        "i had problems keeping an erection on amitriptyline, went back to normal after stopping",
        "I had erection problems on finasteride but they went away when I stopped it",
        "the beta blockers gave me trouble getting an erection, that stopped when the GP changed them",
        # a fever with a cold, after a jab or an injection, gone
        "I had a temperature after my flu jab but it went the next day",
        "had a high temperature for a day after my covid booster, fine now",
        "got a fever after my steroid injection yesterday but it went overnight",
        "ran a fever with a bad cold last week, all gone now, my back is just stiff from the sofa",
        "had a temp with a cold, that's gone, but my back still aches from all the sneezing",
        # pain between the shoulders that went away
        "had upper back pain after rowing, went away with rest",
        "pain between my shoulders from the new pillow, gone after a few days",
        "my mid back ached after painting the ceiling, settled down after a couple of days",
        # cancer long ago with the all clear, and an old lump checked and never changed
        "I had breast cancer 20 years ago and got the all clear, my back pain is from gardening",
        "had testicular cancer in 1998, all clear since, just pulled my back lifting",
        "I have an old lump on my back that the GP checked years ago, it's never changed",
        "the lump on my back is a lipoma, checked by the GP years ago and still the same size",
    ]
)
FIRES["bladder_bowel"] = [
    "I've had bladder trouble since yesterday and my back is killing me",
    "I can't pee properly since this morning, back pain is awful",
    "I had bladder problems before my op, and now I can't pee since yesterday",
    "I've been leaking since my op, the pain is fine now",
    "leaked a bit with my chest infection, it stopped, but I'm leaking again today",
    "had bladder trouble before my operation, it went away after, but it's come back",
]
FIRES["sexual_dysfunction"] = [
    "I've had erection problems since my back went last week",
    "erection problems since my back went, I'm on sertraline",
    "I can't get an erection since yesterday and my back is agony, I'm on tramadol",
]
FIRES["fever"] = [
    "I've got a fever now and my back pain is really bad",
    "fever since yesterday with bad back pain",
    "had a fever with a cold last week, gone now, but it came back today with back pain",
    "I had a fever after my flu jab, it went, but it's come back today with back pain",
    "had a fever with a cold, still got it and my back is killing me",
]
FIRES["injection_infection"] = [
    "had a temperature after my injection that went away but now the site is red and swollen",
]
FIRES["upper_back_pain"] = [
    "pain between my shoulder blades since this morning",
    "pain between my shoulder blades that went away but came back today",
    "upper back pain that still hasn't gone away after three weeks",
]
FIRES["cancer_history"] = [
    "I had cancer 20 years ago and now I have back pain that's worse at night",
    "I had breast cancer 3 years ago and now my back pain won't go",
]
FIRES["lump_or_shape_change"] = ["there's a new lump on my back that's getting bigger"]


# --- 3. a small fall with no injury; a young person's trampoline or gym landing -------------------

CASES["small_falls_and_young_landings_stay_quiet"] = not_found(
    [
        "slipped and landed on my bum, bit bruised, walking fine",
        "I slipped on the ice and landed on my bum, just a bruise, walking fine",
        "slipped in the shower and landed on my bottom, bruised but walking normally",
        "i fell down on my butt at the ice rink, little bit bruise, walk ok",
        "missed the last step and landed on my bum, bit sore, otherwise fine",
        "fell off the trampoline at my mates party, I'm 17, back's a bit achy two days later but I'm walking fine",
        "my 20 year old son fell off the trampoline and his back is a bit achy the next day, he's walking fine",
        "I'm 15 and I fell off the trampoline yesterday, my back is a bit sore today but I can walk and run fine",
        "my 12 year old daughter fell off the trampoline on Sunday, mild back ache now, she's running about",
        "teenager here, fell off the trampoline at a party, slight ache in my back the next day",
        "im 18 fell of the trampoline lol back is bit achy",
        "fell off the trampoline in the garden, I'm 26, mild ache in my lower back since Saturday",
        "landed badly off a box jump at the gym, mild ache in my lower back a couple of days later, I'm 24",
    ]
)
FIRES["serious_injury"] = [
    "I fell off a ladder yesterday and my back is agony",
    "fell from scaffolding at work and landed on my back",
    "I'm 17 and fell off the trampoline, my back is agony",
    "I'm 45 and fell off the trampoline, back a bit achy",
    "my 19 year old fell off the trampoline and hit his head, back a bit sore",
    "I'm 20 and fell off the trampoline, my back is a bit sore but it's getting worse",
    "I'm 16 and fell off the trampoline onto my neck, bit sore",
    "fell off the trampoline, back a bit achy",
]
CASES["falls_that_still_count"] = at_level(
    "emergency",
    [
        "fell from the roof onto my back, can't feel my legs",
        "fell off the trampoline, I'm 16, back a bit achy and both my legs are numb",
        "I'm 17, fell off the trampoline and now I can't feel my legs",
    ],
)


# --- 4. "suicide", "want to die" and "dead" as idioms, and meant plainly --------------------------

CASES["idioms_stay_quiet"] = not_found(
    [
        "it was basically suicide lifting that wardrobe on my own",
        "it was literally suicide carrying the sofa up three flights",
        "trying to do deadlifts with my back like this would be suicide",
        "going to the gym with this back would be suicide",
        "moving house with this back would literally be suicide lol",
        "lifting the kids into the car with my sciatica would be absolute suicide for my back",
        "playing 5 a side with this disc would be suicide",
        "I want to die my hair purple before my op",
        "i wanna die my hair pink lol",
        "my daughter wants to die her hair blue, can she sit for hours with her bad back?",
        "ugh I want to die, I sent the wrong voice note to my boss",
        "omg I want to die, I just waved at a stranger thinking it was my physio",
        "omg i wanna die i just replied all to the whole company by mistake",
        "I want to die, I called my teacher mum in front of the class",
        "i want to die lol, i waved back at someone who was waving at the person behind me, so embarrassing",
        "lol I'm dead",
        "lmao im dead, my physio said I walk like a penguin",
        "i want to die of embarrassment, I farted in pilates",
    ]
)
FIRES["suicidal_thoughts"] = [
    "I want to die, the pain never stops",
    "i want to die",
    "some days I want to die",
    "i wanna die the pain is too much",
    "ugh I want to die, this pain won't stop",
    "ugh I want to die, I sent the wrong voice note and my back pain is unbearable",
    "I want to die, I called my mum and told her",
    "I want to die, I sent my family a goodbye message",
    "I want to die my hair is falling out from the stress and the pain never stops",
    "going on like this would be suicide, I can't take the pain",
    "it would be suicide to keep going, I want to end it",
    "ugh i want to die, i can't cope with this pain any more",
]


# --- 5. a question about a medicine's side effect; a double dose by mistake, feeling fine --------

CASES["medicine_questions_and_double_doses_stay_quiet"] = not_found(
    [
        "can tramadol make it hard to pee?",
        "does tramadol make it hard to pee?",
        "could pregabalin make it difficult to urinate?",
        "can amitriptyline make it hard to wee",
        "is it true morphine makes it hard to pee",
        "is difficulty peeing a side effect of amitriptyline?",
        "can codeine cause trouble peeing?",
        "I accidentally took a double dose of my paracetamol this morning, I feel fine",
        "oops I took my ibuprofen twice by mistake, feel totally fine",
        "i accidentally took too much ibuprofen, only one extra, feel fine",
        "took one too many paracetamol by accident, feel fine",
        "I think I took too many co-codamol, I took 4 instead of 2 by accident, feel fine",
        "whoops double dosed my pregabalin, im fine tho",
        "i take double dose my medicine by accident, i feel ok",
    ]
)
FIRES["overdose_taken"] = [
    "I took too many paracetamol by accident and now I feel sick",
    "I accidentally took too much paracetamol",
    "I took too many tablets, I feel fine",
    "accidentally took 20 paracetamol, feel fine",
    "took too much tramadol and feel really drowsy",
    "I overdosed on paracetamol yesterday, I feel fine",
    "I took 12 paracetamol by mistake, feel fine",
]
FIRES["bladder_bowel"] += [
    "I can't pee since I started tramadol yesterday",
    "can tramadol make it hard to pee? I can't pee since this morning",
    "does tramadol make it hard to pee, because I haven't been able to go since last night",
    "is difficulty peeing a side effect of tramadol because I can't go since this morning",
    "can amitriptyline make it hard to wee, I've been straining to pee since Monday",
]


# --- 6. night pain from a bad bed that is over; pregnancy night pain asked about with a pillow ----

CASES["ordinary_night_pain_stays_quiet"] = not_found(
    [
        "back pain at night all week in the airbnb, that bed was rock hard, gone now",
        "woke up with back pain every night at the hotel, sagging mattress, fine since I got back to my own bed",
        "night pain in my back from the hotel bed, sorted itself out once I got home",
        "hotel bed gave me back pain at night, all good now",
        "stayed at my mums for a week and the spare bed gave me back pain at night, fine since I got home",
        "the caravan mattress gave me back ache every night on holiday, gone now we're home",
        "I'm 30 weeks pregnant and my back hurts at night, what pillow should I use?",
        "pregnant and my lower back aches at night, would a pregnancy pillow help?",
        "36 weeks pregnant, back pain at night in bed, which pillow is best?",
        "im pregnant and my back hurts in the night, should I put a pillow between my knees?",
        "pregnancy back pain worse at night, what's the best way to sleep?",
        "24 weeks pregnant n my back kills at night, is a u shaped pillow worth it?",
        "i am pregnant, back hurting in night time, which sleep position good for baby and back?",
    ]
)
FIRES["night_pain"] = [
    "my back pain is worse at night and wakes me up every night",
    "back pain at night since I got home from holiday, every night for weeks",
    "hotel bed gave me back pain at night and it's still there every night since we got home",
    "the hotel bed was awful and now my back hurts at night every night",
    "pregnant and my back pain at night is unbearable, what pillow should I use?",
    "I'm 30 weeks pregnant and my back pain wakes me every night, would a pillow help?",
    "pregnant and my back hurts at night even lying still, would a pillow help?",
]


# --- 7. health anxiety with no symptoms ----------------------------------------------------------

CASES["health_anxiety_without_symptoms_stays_quiet"] = not_found(
    [
        "TikTok convinced me I have cauda equina but I have no symptoms",
        "tiktok has convinced me i have cauda equina lol, no symptoms at all though",
        "I watched a video and now I'm convinced I have cauda equina, but I don't have any of the symptoms",
        "I keep thinking I have cauda equina but I have no numbness or bladder problems, just normal back ache",
        "I'm worried I have cauda equina, I have no symptoms, I just read about it",
        "my anxiety has me convinced I have cauda equina even though I have zero symptoms",
        "health anxiety is telling me I have cauda equina, but bladder, bowels and feeling are all normal",
        "reddit made me think I've got cauda equina but I don't have any of the signs",
        "i think i have cauda equina but i dont have any symptoms, is that possible?",
        "scared I have cauda equina but there's nothing wrong with my bladder or feeling down there",
    ]
)
FIRES["cauda_equina_worry"] = [
    "I think I have cauda equina",
    "I'm scared it's cauda equina, my back pain is awful and my leg is numb",
    "I'm worried I have cauda equina, no symptoms until today but now I can't pee",
]
CASES["health_anxiety_with_a_sign_still_counts"] = at_level(
    "emergency",
    [
        "I think I have cauda equina, my bum is numb and I can't pee",
        "I'm worried I have cauda equina, I've had numbness down there since yesterday",
        "I think I have cauda equina, no symptoms apart from my bum being numb",
        "tiktok says I have cauda equina and my legs are weak",
    ],
)


# --- the kinds of message above, each checked the same way ---------------------------------------


test_each_red_flag_still_fires_by_itself = trigger_check(FIRES)


test_each_kind_is_found_at_its_level = kind_check(CASES)


def test_an_accidental_double_dose_with_a_symptom_is_still_an_overdose(detector: SafetyDetector) -> None:
    # feeling fine is what makes a double dose ordinary; a box or a symptom still counts
    assert "overdose_taken" in found(detector, "took one too many paracetamol by accident, now I'm being sick")[1]
    assert found(detector, "accidentally took the whole box, feel fine")[0] == "crisis"

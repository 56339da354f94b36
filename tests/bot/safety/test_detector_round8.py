"""Round 8 of the red-flag rules: near misses told in the patient's own words, beside the signs that
must still fire.

Wordings written for these tests (not taken from the corpus or any evaluation set), in British,
Irish, American, Canadian, Australian, Nigerian, Indian and non-native English, first and third
person, texting style and long stories. The kinds (fact sheet sections 4 and 11.11):

1. a parent, grandparent, sibling or friend had cancer and the writer, who never had it, asks about
   their own back or risk (quiet); the writer's own cancer with back pain, or a relative's cancer
   with the relative's new back pain, still fires;
2. a cancer history told with no back symptom at all ("no back pain", a trial or a test) (quiet);
3. short denials and short past forms of fever ("no temp", "fever? no", a temperature after a
   vaccine) (quiet); a new fever with back pain fires, and a denial stays in its own clause;
4. an animal's symptoms asked about out of curiosity (quiet); the same signs in a person fire;
5. self-corrections that explain the sign away ("sorry, false alarm", "ignore that, I'd been
   sitting on my legs") (quiet); a correction that makes the sign plain fires;
6. low-energy knocks in young, healthy people who walk fine, and fractures healed years ago
   (quiet); a serious fall or crash, and a small knock on steroid tablets or with osteoporosis, fire;
7. death words as idioms in an embarrassing or trivial story (quiet); a wish to die, even beside an
   idiom, is crisis talk;
8. long-standing stress leakage since childbirth that is nothing new (quiet); new retention or
   leaking fires;
9. a benign lump known and checked for years that has not changed (quiet); a new or growing lump
   fires;
and signs that must still fire in lay words: numbness where you sit or when wiping, both legs
giving way, pain that wakes every night and never eases, an overdose taken.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.safety import SafetyDetector
from tests.bot.safety.support import at_level, found, kind_check, not_found, rules_file, trigger_check

CASES: dict[str, list[tuple[str, str | None]]] = {}

# Messages a trigger must find by itself (the trigger id is checked, not only the level).
FIRES: dict[str, list[str]] = {}


# --- 1. a relative's or friend's cancer, and the writer's own back --------------------------------

CASES["a_relatives_cancer_and_the_writers_own_back_stays_quiet"] = not_found(
    [
        "My mum had breast cancer in her fifties. I've never had cancer myself but my lower back has been"
        " aching after work, should I be worried?",
        "my dad died of bowel cancer, does that make me more likely to get back problems?",
        "Nan had leukaemia years ago, I'm 34 and get a stiff back in the mornings, is that normal",
        "my best friend was treated for lymphoma last year and I've had a niggly back for a week, could stress"
        " cause it?",
        "Both my parents had cancer. I haven't. What's my risk of spinal problems?",
        "Mom beat breast cancer twice. My own back has been tight since I started running, anything I should"
        " watch for?",
        "my aunty had cancer in her bones, I'm 29 and my back hurts after long shifts, is it in the genes?",
        "My uncle has myeloma. I get backache when I sit at my desk all day, is that linked?",
        "grandma expired from cancer of the womb, i never had any cancer, my back pains me after long drive",
        "me mam had cancer, I've got a bit of a sore back off the football, that's all",
        "my senior brother had cancer of the prostate, me I never get am, my waist dey pain me small small",
        "my sister is going through chemo and I'm the one with the bad back from lifting her, I'm cancer free myself",
        "My grandfather had a tumour on his spine. My back aches sometimes, should I get a scan as I've read"
        " it can run in families?",
        "Dad's had prostate cancer, I'm 38, never been ill, and my back's been sore since I moved house",
        "Long story, sorry. My mum was diagnosed with breast cancer when I was a teenager and she's fine now."
        " I've never had anything like that. I work in a warehouse and my lower back has been aching at the"
        " end of my shifts for about a week. Is it worth seeing someone or will it settle?",
    ]
)
CASES["the_writers_own_cancer_with_back_pain_is_urgent"] = at_level(
    "urgent",
    [
        "I had breast cancer five years ago and now I've got a new pain in my back that won't settle",
        "im a bowel cancer survivor, back pain started 2 weeks ago",
        "I was treated for prostate cancer in 2019, now my lower back aches all the time",
        "Been on chemo for my lung cancer and my back has started hurting",
        "I am having cancer of the breast before, now my back is paining me too much",
        "my mum had cancer and so did I, now my back is really sore",
        "had melanoma removed 3 yrs ago, now new back pain, should i worry",
        "I had lymphoma as a teenager. Lately my spine has been sore.",
        "My dad had bowel cancer and so have I. My back has been killing me this week.",
        "cancer survivor here (kidney, 2017), my back started aching on Sunday",
    ],
)
CASES["a_relatives_cancer_with_the_relatives_new_back_pain_is_urgent"] = at_level(
    "urgent",
    [
        "my dad had prostate cancer and now his back is agony",
        "My mum had breast cancer in 2018. Now she has terrible back pain.",
        "my husband is in remission from myeloma and his back has started hurting badly",
        "my grandpa had bowel cancer, his back has been killing him for a fortnight",
        "my wife finished chemo in spring, now she says her spine aches",
        "my sister had ovarian cancer two years ago and she's got new back pain",
    ],
)


# --- 2. a cancer history with no back symptom at all -------------------------------------------------

CASES["a_cancer_history_with_no_back_symptom_stays_quiet"] = not_found(
    [
        "I had breast cancer in 2016, no back pain at all, just wondering if I'd be eligible for a stem cell trial",
        "Lymphoma survivor here, my back is fine, I want to know what the FDA says about stem cell clinics",
        "had thyroid cancer years ago, no back problems, can I still join a research study?",
        "I had skin cancer removed last year, nothing wrong with my back, do I need a blood test before the trial?",
        "had ovarian cancer in 2020, my back doesn't hurt, my question is about the MRI contrast dye",
        "I'm a cancer survivor with no back symptoms, can I volunteer for a spine study as a healthy control?",
        "my cancer treatment finished in March. No backache. Can I get a flu jab?",
        "Had cervical cancer at 30, never had any back trouble, is it safe to do pilates?",
        "breast cancer survivor, no back pain whatsoever, what is a bone density scan for?",
        "Ive had kidney cancer but no pain in my back, do stem cell clinics take people with a cancer history?",
        "I had leukaemia as a child. No back pain. Is a bone marrow transplant the same as stem cell therapy?",
        "prostate cancer 2019, no aches or pains, does the trial exclude people like me?",
    ]
)


# --- 3. short denials and short past forms of fever ------------------------------------------------

CASES["short_fever_denials_and_past_fevers_stay_quiet"] = not_found(
    [
        "no temp",
        "temp's normal",
        "no fever either",
        "fever? no",
        "the fever was with a cold last month, gone",
        "slight temperature after a vaccine, back is fine",
        "back's been stiff since Sunday, no temp or anything",
        "temp's normal, just the usual ache",
        "Lower back sore after moving house. No fever either.",
        "temperature normal, 36.8, back just aches",
        "nah no fever mate, just stiff",
        "no any fever, only back pain since 2 days",
        "fever nil, pain on bending only",
        "had a bit of a temp after my flu jab on Tuesday, gone by Wednesday",
        "not feverish, not shivery, just an achy back",
        "Temperature: normal.",
        "my temp is fine, I checked it twice",
        "Fever - nope. Just sore.",
    ]
)
CASES["a_new_fever_with_back_pain_is_urgent"] = at_level(
    "urgent",
    [
        "back pain and a temperature of 38.5 since last night",
        "I've got a fever and my back is killing me",
        "burning up and my spine hurts",
        "running a temp since Tuesday and my lower back is agony",
        "feverish and shivering with this back pain",
        "high temperature today, back pain getting worse",
        "I dey get fever and my back dey pain me",
        "fever came since 3 days with severe back pain",
        "no cough, but I have a fever and my back hurts",
        "temp's 38.9 and my back is throbbing",
        "the fever went but it came back today with the back pain",
        "my son has a fever and back pain",
    ],
)
CASES["a_denial_stays_in_its_own_clause"] = at_level(
    "emergency",
    [
        "no fever but I can't feel when I need to wee since Monday",
        "no temp, but since yesterday I can't pee",
        "fever? no. but I can't feel the paper when I wipe",
        "not feverish, though my bum has gone numb since this morning",
    ],
)


# --- 4. an animal's symptoms asked about out of curiosity -------------------------------------------

CASES["an_animals_symptoms_stay_quiet"] = not_found(
    [
        "my dog's back legs are wobbly, is that like sciatica in people? just curious",
        "our cat can't wee, is that a back thing in cats?",
        "my dachshund has gone weak in both back legs, the vet says it's a disc, do humans get that?",
        "my rabbit has a wobbly back end, do animals get slipped discs?",
        "our old lab keeps leaking wee on his bed, vet says it's his age",
        "the puppy can't pee properly, is that normal for a puppy?",
        "my cat fell off the balcony and seems fine, can cats hurt their spines?",
        "my dog is incontinent since she was spayed, is that common?",
        "our greyhound's hind legs gave way on the walk, vet thinks it's a disc, can people get the same?",
        "curious: can a dog get cauda equina? ours drags his back paws",
        "My guinea pig's back legs have stopped working, the vet is seeing him tomorrow",
        "my horse has a lump on his back, the farrier says it's a saddle sore",
        "our spaniel has a high temperature and a sore back, off to the vet",
    ]
)
CASES["the_same_signs_in_a_person_fire"] = at_level(
    "emergency",
    [
        "my dad's legs are wobbly and he can't wee",
        "the dog knocked me down the stairs and now I can't feel my legs",
        "I tripped over the cat and fell down the stairs, my back is agony",
        "walking the dog I slipped and landed on my tailbone, now I'm numb between my legs",
        "my legs gave way when the dog pulled on the lead and now I can't pee",
        "my dog had a slipped disc last year, now I've got the same, both my legs are numb",
        "our cat can't wee, and funnily enough I can't pee either since Tuesday, my back is agony",
        "the horse threw me and I landed on my back on the yard",
        "took the dog out, came home and found I'd wet myself without noticing",
        "my neighbour's dog bit my hand, unrelated but my bum has been numb since yesterday",
        "the vet says the dog's fine but my husband can't feel his legs after lifting her",
        "walking the pup this morning both my legs buckled under me",
    ],
)


# --- 5. self-corrections that explain the sign away -------------------------------------------------

CASES["a_self_correction_that_explains_the_sign_away_stays_quiet"] = not_found(
    [
        "sorry, false alarm, my legs were only numb because I'd been sitting on them",
        "ignore that, it was because I'd been sitting on my legs",
        "ignore my last message, my legs went dead because I'd been kneeling on them, they're fine now",
        "false alarm! the numbness was just my foot going to sleep under me",
        "oops typo, I meant I CAN feel my bum fine",
        "sorry I wrote that wrong, I don't have any numbness down there",
        "I meant my legs are tired after the hike, not weak, sorry",
        "scratch that, I can pee fine, I mixed up the questions",
        "Wait no, I meant my foot was asleep from sitting on it, it's woken up now",
        "my bad, the tingling was from sitting cross-legged on the floor and it's gone",
        "sorry, it was a false alarm, I'd been sitting on my legs, all normal now",
        "disregard what I said about not feeling my legs, I'd been sat on them on the sofa",
        "sorry, I meant my leg felt weak for a second when I stood up too quickly",
    ]
)
CASES["a_correction_that_makes_the_sign_plain_fires"] = at_level(
    "emergency",
    [
        "sorry, I meant to say I can't feel my bum at all",
        "I meant both legs, not just one, they're both numb",
        "ignore the spelling, I really can't wee since last night",
        "false alarm about the chest pain, but I genuinely can't feel when I wipe",
        "sorry, it's not from sitting, the numbness between my legs is still there",
        "correction: it's both legs that are weak, not one",
        "I meant I can't pee, not that it hurts",
        "sorry I wasn't clear, I've wet myself twice today without feeling it",
        "ignore my last, the real thing is I can't feel the loo roll when I wipe",
        "my mistake, it's not one leg, both my legs keep giving way",
        "sorry, I typed that badly: I have not been able to pee since last night",
        "I meant to say my bum is numb, not my bump, autocorrect",
    ],
)


# --- 6. low-energy knocks in young, healthy people, and old healed injuries -------------------------

CASES["a_low_energy_knock_or_an_old_healed_injury_stays_quiet"] = not_found(
    [
        "slipped on the wet kitchen floor and landed on my bum, I'm 26 and walking fine, just bruised",
        "someone reversed into my car at walking pace in the car park, barely a scratch, my back's a little stiff",
        "missed the bottom step and sat down hard, I'm 31, walking about normally, just a sore tailbone",
        "I'm 19 and slipped on ice onto my backside, walked home fine, just achy",
        "broke my back in a car crash 12 years ago, fully healed, now I just want advice on stretches",
        "fractured my coccyx when I was a teenager, healed long ago, the ache now is from my desk",
        "fell off a low step at the gym, 28, walking fine, bit sore",
        "bumped the car in front in a queue at like 3 mph, I'm 35, back a bit stiff, walking fine",
        "slipped in the shower and landed on my bottom, 24, walking around normally",
        "had a minor fender bender in the parking lot at 5 mph, I'm 27, walking fine, lower back a bit tight",
        "fell on my arse at the ice rink, 21, walked off fine",
        "my vertebra fracture from 2014 healed well and I've been fine since, what core exercises are safe?",
        "tiny bump in the supermarket car park, nobody hurt, I'm 30 and fine, just a stiff back",
        "I slipped on a wet floor at work and fell on my backside, I'm 23 and walking no problem",
        "Bit of a silly one. I'm 29 and fit, and yesterday I slipped on the wet tiles by the pool, landed on"
        " my bottom and got straight back up. I've been walking around fine since. Should I ice it?",
    ]
)
CASES["a_serious_fall_or_crash_is_an_emergency"] = at_level(
    "emergency",
    [
        "fell off a ladder onto the patio and now I can't move my legs",
        "motorway crash at 60mph, my back is in agony",
        "got hit by a car on my bike this morning, back is killing me",
        "fell down a full flight of stairs, back pain is bad",
        "fell from the scaffolding, 3 metres, landed on my back",
        "the car somersault on the expressway and my back is paining me seriously",
        "was thrown from my horse and landed on my back",
        "my 80 year old dad fell down the stairs and can't get up",
        "rear ended at speed on the highway, my back hurts bad",
        "slipped on the wet floor and now I can't feel my legs",
        "I'm 25 and fell off a roof, walking but my back is agony",
        "crashed my motorbike into a wall, the lower back is screaming",
    ],
)
CASES["a_small_knock_on_steroids_or_with_osteoporosis_is_urgent"] = at_level(
    "urgent",
    [
        "I've got osteoporosis and bumped my back on the door frame, now it's sudden severe pain",
        "been on prednisolone tablets for 10 years for my lungs, slipped on the mat and now my back is agony",
        "long term steroid tablets for arthritis, sneezed and felt a crack in my back, terrible pain",
        "osteoporosis, I sat down heavily and now excruciating pain in my mid back",
        "on steroid tablets for years, sudden sharp back pain after lifting a shopping bag",
        "my mum has brittle bones and knocked her back on the table, she's in agony",
    ],
)


# --- 7. death words as idioms in an embarrassing or trivial story -----------------------------------

CASES["an_embarrassing_or_trivial_idiom_stays_quiet"] = not_found(
    [
        "I could die of embarrassment, I waved at a stranger thinking it was my physio",
        "I want the ground to swallow me, I called my boss mum",
        "kill me now, I sent the email to the wrong person",
        "honestly I'm dying of shame, I fell asleep in my yoga class and snored",
        "I wanted the floor to open up and swallow me when my back cracked loudly in the meeting",
        "I nearly died laughing when the chiropractor's table collapsed",
        "shoot me now, I booked the physio for the wrong day again",
        "my husband will kill me when he sees the physio bill",
        "I'm going to kill my sister, she posted my x ray on facebook",
        "I'd rather die than do that plank again lol",
        "I could have died when my phone rang in the middle of the MRI",
        "kill me, I've left my back brace on the train",
        "ground swallow me now, I farted during pilates",
        "I was ready to die of embarrassment when the nurse saw my odd socks",
        "So yesterday at physio I had to do the exercises in front of a mirror and the whole class watched me"
        " fall over the foam roller. Honestly I could have died. Anyway, how often should I do the bridges?",
    ]
)
CASES["a_wish_to_die_beside_an_idiom_is_crisis_talk"] = at_level(
    "crisis",
    [
        "not embarrassed, I genuinely want to die",
        "it's not a joke this time, I want to end it all",
        "I could die of embarrassment about how much I cry, but honestly I don't want to be alive anymore",
        "kill me now, I mean it, I want to die",
        "I want the ground to swallow me, I've been thinking about ending my life",
        "I've been thinking of ending my life because of this pain",
        "I wanna die fr, not joking",
        "I feel like I want to end my life",
        "it's not the embarrassment, I really do want to kill myself",
        "everyone says they could die of embarrassment, I actually want to be dead",
        "i want to die, not because of the email, because of everything",
        "lol kidding about the email but i do want to end it all",
        "I know I joke a lot about dying of embarrassment, but this is different. The pain has gone on for two"
        " years, I've lost my job, and I have been thinking about ending my life.",
    ],
)


# --- 8. long-standing stress leakage that is nothing new --------------------------------------------

CASES["long_standing_stress_leakage_stays_quiet"] = not_found(
    [
        "I've leaked a little when I sneeze ever since my second baby, nothing new, my question is about my back",
        "a bit of wee comes out when I jump on the trampoline, been like that since childbirth 10 years ago",
        "stress incontinence since the kids, same as always, the back ache is the new thing",
        "I leak a drop when I cough, have done for years, no change",
        "little leaks when I laugh since my pregnancy 8 years ago, nothing's changed",
        "dribble when I sneeze, totally normal for me since having twins",
        "Ever since giving birth I leak when I run, it's not new",
        "since my son was born in 2015 I pee a bit when I sneeze, it hasn't changed",
        "I've had stress leakage for years, no different now",
        "leak a bit when skipping, same as it's been since my daughter, back's sore from lifting her",
        "Small leaks when I cough, been the same for about 6 years after childbirth, GP knows",
        "a little urine escapes when I sneeze, long-standing since delivery, unchanged",
        "my wife has leaked when she sneezes since our third, it's nothing new for her",
    ]
)
CASES["new_retention_or_leaking_is_an_emergency"] = at_level(
    "emergency",
    [
        "I've started leaking wee without noticing since Sunday",
        "suddenly can't pee even though I need to",
        "wee just comes out and I don't even feel it, this is new",
        "since yesterday my urine no dey come out",
        "I am not able to pass urine since morning with back pain",
        "I leak when I sneeze since my baby but now I'm wetting myself without any warning",
        "I wet the bed last night for the first time, I'm 45, back is agony",
        "pee is not coming, I try and try",
        "I can't tell when my bladder is full anymore",
        "my bladder feels full but nothing comes out",
        "had no control of my poo this morning",
        "i cant hold my wee in anymore since the back went",
        "my dad has started wetting himself and his back is bad",
    ],
)


# --- 9. a benign lump known and checked for years ---------------------------------------------------

CASES["a_known_unchanged_benign_lump_stays_quiet"] = not_found(
    [
        "I've had a lipoma on my lower back for years, GP checked it, hasn't changed",
        "there's a fatty lump on my back that's been there since I was 20, doctor said lipoma, same size",
        "sebaceous cyst on my back, checked in 2019, unchanged",
        "the soft lump near my spine is an old cyst, been scanned twice, no change",
        "I have a small lump by my shoulder blade that was checked and is just a lipoma, my question is about posture",
        "known lipoma on my back for 10 years, no change, does it matter for massage?",
        "a pea sized lump on my back has been there forever, the dermatologist says cyst, same as always",
        "lump on my back checked by the doctor years ago, a harmless cyst, not grown",
        "my lipoma on the back is unchanged for 5 years",
        "old cyst on my back, been there since school, not changed one bit",
        "I have a benign fatty lump on my lower back that's been monitored for years, stable",
        "the lump on my spine is a known lipoma, ultrasound confirmed, it's not changed",
    ]
)
CASES["a_new_or_growing_lump_is_urgent"] = at_level(
    "urgent",
    [
        "there's a new lump on my spine",
        "the lipoma on my back has suddenly grown and gone hard",
        "found a lump on my lower back last week and it's getting bigger",
        "a hard swelling has come up on my backbone",
        "the old cyst on my back has doubled in size this month",
        "my husband has a new lump on his spine",
        "noticed a hard lump on my spine this week that wasn't there before",
        "the cyst on my back the GP said was harmless has grown a lot",
        "got a lump on my lower back, sore and getting bigger",
        "my back has changed shape, there's a bulge on one side now",
        "new swelling over my backbone since the weekend",
        "my lipoma on the back has grown and gone hard",
    ],
)


# --- signs that must still fire in lay words --------------------------------------------------------

CASES["numbness_where_you_sit_or_when_wiping_is_an_emergency"] = at_level(
    "emergency",
    [
        "can't feel the toilet paper when I wipe",
        "the bit I sit on has gone numb",
        "no feeling in my bum cheeks since this morning",
        "when I wipe it feels like someone else's skin",
        "my private parts are numb",
        "dont feel nothing when i clean after toilet",
        "numb in the saddle area since 2 days",
        "my mum says she can't feel herself when she wipes",
        "it's numb where I sit, like after the dentist",
        "both buttocks have gone numb and the back is bad",
        "I can't feel my bottom when I sit on the loo",
        "tingling around my back passage since last night",
    ],
)
CASES["both_legs_giving_way_is_an_emergency"] = at_level(
    "emergency",
    [
        "both my legs keep giving way",
        "my legs gave out under me twice today",
        "both legs buckled on the stairs",
        "my two legs are weak and I keep falling",
        "my legs keep collapsing under me",
        "both of my legs went from under me in the kitchen",
        "my husband's legs both gave way this morning",
        "both legs are going numb and weak",
        "my two leg no get power again",
        "my legs keep folding under me since yesterday",
        "both legs feel like jelly and keep giving out",
        "legs just gave way, both of them, I'm on the floor",
    ],
)
CASES["pain_that_wakes_every_night_and_never_eases_is_urgent"] = at_level(
    "urgent",
    [
        "the pain wakes me every night and nothing eases it",
        "I wake at 3am every night with the back pain",
        "the pain is constant, day and night, it never lets up",
        "my back wakes me up every single night",
        "pain is there all night, every night, whatever position",
        "it never eases, not even lying down",
        "every night the pain wakes me around 2",
        "she's woken by the back pain every night now",
        "pain no dey stop, day and night",
        "the pain never goes, even at rest",
        "I cannot sleep at night due to back pain, it does not reduce",
        "it doesn't ease at all, day or night",
    ],
)

OVERDOSE_TAKEN = [
    "I took all my tramadol an hour ago",
    "swallowed 30 paracetamol tonight",
    "I've taken an overdose",
    "took a whole box of co-codamol with vodka",
    "i swallowed the whole strip of my pills",
    "my son took too many of my sleeping tablets",
    "I overdosed on my painkillers this afternoon",
    "took 40 of my amitriptyline",
    "had a full packet of paracetamol and some wine",
    "I've taken the rest of my gabapentin all at once",
    "i drank all of my morphine bottle",
    "I have swallowed 20 tablets of diclofenac",
]
FIRES["overdose_taken"] = OVERDOSE_TAKEN


@pytest.mark.parametrize("text", OVERDOSE_TAKEN)
def test_an_overdose_taken_brings_the_crisis_line(detector: SafetyDetector, text: str) -> None:
    finding = detector.detect(text)
    assert finding is not None and finding.crisis_line, text


@pytest.mark.parametrize(
    "text",
    [
        "my dad had prostate cancer and now his back is agony",
        "My mum had breast cancer in 2018. Now she has terrible back pain.",
        "my wife finished chemo in spring, now she says her spine aches",
    ],
)
def test_a_relatives_cancer_with_their_own_back_pain_is_about_them(detector: SafetyDetector, text: str) -> None:
    finding = detector.detect(text)
    assert finding is not None and "cancer_history" in finding.triggers and finding.about_other


@pytest.mark.parametrize(
    "text",
    [
        "I had breast cancer five years ago and now I've got a new pain in my back that won't settle",
        "my mum had cancer and so did I, now my back is really sore",
        "Been on chemo for my lung cancer and my back has started hurting",
    ],
)
def test_the_writers_own_cancer_with_back_pain_is_about_them(detector: SafetyDetector, text: str) -> None:
    finding = detector.detect(text)
    assert finding is not None and "cancer_history" in finding.triggers and not finding.about_other


# --- language: a required context told about the same person -------------------------------------


def test_a_required_context_can_be_asked_of_the_same_person(tmp_path: Path) -> None:
    path = rules_file(
        tmp_path,
        "    requires: ['\\bhurts\\b']\n    requires_same_person: true\n"
        "    sources: [nhs_back_pain]\n    basis: fact_sheet\n    last_reviewed: 2026-12-06\n",
        patterns="'\\bsick\\b'",
        more_language="  other_person: ['my dad', 'he']\n  first_person: ['i', 'my']\n",
    )
    detector = SafetyDetector.from_file(path)
    assert detector.detect("my dad was sick, my back hurts") is None  # his history, my pain
    assert detector.detect("my dad was sick, his back hurts") is not None
    assert detector.detect("I was sick, my dad says my back hurts") is not None  # the patient's own: any pain
    assert detector.detect("my dad was sick, he has no hurts") is None  # denied


def test_only_a_negation_denies_a_required_context(detector: SafetyDetector) -> None:
    # a question about the pain does not deny it; "no back pain" does
    assert found(detector, "I had bowel cancer, should I be worried about back pain?")[0] == "urgent"
    assert found(detector, "I had bowel cancer, no back pain, should I be worried?")[0] is None


# --- the kinds of message above, each checked the same way -----------------------------------------


test_each_trigger_fires_by_itself = trigger_check(FIRES)


test_each_kind_is_found_at_its_level = kind_check(CASES)

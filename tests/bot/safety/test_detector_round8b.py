"""Round 8b of the red-flag rules: questions about warning signs, asked for information, stay quiet;
real reports, even beside such a question, still fire.

Wordings written for these tests (not taken from the corpus or any evaluation set), in British,
American, Irish, Australian, Indian, Nigerian and non-native English, short and long. The kinds:

1. hearsay and myth-checking: "I saw on TikTok / my friend says / they say X means Y, is that true?"
   (quiet);
2. general questions with "always / ever / usually / how often / how rare / how common": "does back
   pain at night always mean cancer?", "can pain in both legs ever be harmless?" (quiet);
3. what a red flag or warning sign means, why it is one, what counts as one (quiet);
4. writing for others: a first-aid guide, a school project, a club's safety sheet, a nursing exam,
   a blog ("is X an A&E or GP thing?") (quiet);
5. someone who says they don't have the sign and asks what it would mean (quiet);
and, beside them, a sign told as current in the same message as such a question, or asked about as
the patient's own ("is it a red flag that I can't pee since this morning?"), which must still fire.
"""

from __future__ import annotations

from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

# --- 1. hearsay and myth-checking ------------------------------------------------------------------

CASES["hearsay_and_myth_checking_stays_quiet"] = not_found(
    [
        "I saw on TikTok that back pain at night means cancer, is that true?",
        "read in a magazine that back ache with a fever means a spine infection, is that right",
        "My friend says back pain that's worse when you cough means a slipped disc and you need surgery."
        " Is that right?",
        "they say numbness in your bum is an emergency, is that a myth?",
        "Heard on Facebook that losing control of your bladder with sciatica means you need an operation"
        " straight away. True?",
        "my cousin reckons back pain with weight loss is always cancer, is he right?",
        "Someone at work told me that if your back hurts at night it's a tumour. Is there any truth in that?",
        "I saw a video saying pins and needles in both legs is a medical emergency, is that correct?",
        "mi amiga say back pain with fever is very dangerous, it is true?",
        "Abeg, my neighbour said say back pain wey dey worse at night na cancer sign, is it true?",
        "My aunty is telling that if back pain is coming with temperature it means TB of spine, is it correct?",
        "People keep saying a numb bum from sciatica means cauda equina. Myth or fact?",
        "read online that not being able to pee with back pain needs A&E, is that just scaremongering?",
        "Me nan always said a bad back at night means something sinister, is that an old wives tale?",
    ]
)

# --- 2. always / ever / usually / how often / how rare / how common --------------------------------

CASES["always_ever_how_common_stays_quiet"] = not_found(
    [
        "does back pain at night always mean cancer?",
        "can pain in both legs ever be harmless?",
        "how rare is an infection in the spine?",
        "how common is cauda equina syndrome?",
        "Is a fever with back pain usually serious or is it normally just flu?",
        "how often does back pain turn out to be cancer?",
        "Does numbness down there always mean an emergency?",
        "is night pain in the back ever nothing?",
        "how likely is it that back pain with weight loss is cancer",
        "Can leaking urine with back pain ever be something minor?",
        "does weakness in both legs always need a hospital?",
        "how rare is it for a slipped disc to affect the bladder?",
        "Is saddle numbness always cauda equina or can it be other things?",
        "does fever with backache usually mean infection of the spine or kidney?",
    ]
)

# --- 3. what a red flag means, why it is one, what counts as one -----------------------------------

CASES["what_a_red_flag_means_stays_quiet"] = not_found(
    [
        "what does it mean when they say night pain is a red flag?",
        "why is back pain at night a red flag?",
        "what counts as weight loss that you can't explain?",
        "The leaflet says numbness around the back passage is a warning sign, what does that mean?",
        "why do doctors say losing bladder control is a red flag for back pain?",
        "what do they mean by saddle anaesthesia being a warning sign?",
        "why is a fever with back pain a warning sign?",
        "Doctors say pain in both legs is a red flag. Why?",
        "what counts as a high temperature with back pain?",
        "what does it mean if the NHS website says night sweats are a red flag",
        "why is not being able to pee such a big deal with back pain?",
        "what counts as weakness in the legs, like how weak?",
        "my physio mentioned red flags like numbness between the legs, what does that mean exactly?",
        "why are night sweats a warning sign with back pain",
    ]
)

# --- 4. writing for others -------------------------------------------------------------------------

CASES["writing_for_others_stays_quiet"] = not_found(
    [
        "I'm writing a first aid guide, is losing bladder control with back pain an A&E or GP thing?",
        "for a school project: why is numbness in the saddle area an emergency?",
        "Putting together a safety sheet for our running club. Is back pain with a fever a GP thing or A&E?",
        "nursing exam tomorrow, which back pain signs need 999, like not being able to pee?",
        "writing a blog post on back pain red flags, is night pain urgent or routine?",
        "For our football club's safety sheet: numb legs after a tackle, A&E or GP?",
        "I am preparing a health talk for my church women, back pain with weight loss is for hospital or clinic?",
        "doing a project for school on cauda equina, what happens if you can't pee?",
        "making a poster for the care home staff: if a resident can't feel their bum, is that 999?",
        "I teach first aid, is weakness in both legs with back pain an ambulance job?",
        "For my assignment, is fever with back pain an emergency or urgent?",
        "writing a leaflet for our gym: is back pain with pins and needles in both legs A&E?",
    ]
)

# --- 5. the writer says they don't have the sign ---------------------------------------------------

CASES["sign_not_had_asked_about_stays_quiet"] = not_found(
    [
        "I don't have it, just wondering, what would numbness around the bottom mean?",
        "mine only hurts when I move, but what would it mean if it hurt at night too?",
        "I don't have a fever, but what would back pain with a fever mean?",
        "no problems with my bladder at all, just wondering what it means if you can't pee with back pain",
        "My legs are fine, but what does it mean when both legs go weak?",
        "I haven't got any numbness, just curious what saddle numbness would mean",
        "i dont have any of those signs, but what would night pain mean?",
        "I can pee fine, I was only wondering why retention is an emergency",
        "Thankfully I don't have a temperature. What would it mean if I did, with this back pain?",
        "I dont have night pain, my back only aches after work. What would night pain mean?",
        "I have no numbness. What would it mean if I got numb down there?",
        "my pain is only when I bend, nothing at night, just want to know what night pain means",
    ]
)

# --- must still fire: a sign told for now, or asked about as the patient's own ---------------------

CASES["told_now_beside_a_question_is_an_emergency"] = at_level(
    "emergency",
    [
        "does wetting myself today mean it's serious?",
        # "would" with the patient's own body named may be told for now: it still fires
        "what would numbness in my bum mean?",
        "is it a red flag that I can't pee since this morning?",
        "I read that numbness down there is an emergency, and my bum has been numb since last night",
        "my friend says losing bladder control is serious, I wet myself this morning without noticing",
        "is it true that numbness in both legs is bad? both my legs went numb an hour ago",
        "they say a numb bum is a red flag, mine has been numb since yesterday and I can't feel the toilet paper",
        "how common is cauda equina? I can't feel my bum and I can't pee since this morning",
        "I dont have a fever but since yesterday I can't pee",
        "my bum has gone numb, does that always mean an emergency?",
        "I've got red flags like numbness in my bum since this morning",
        "they say you cant pee with cauda equina, I cant pee since last night",
        "what would it mean that I cant pee since this morning",
        "writing a blog post but honestly I cant feel my bum since yesterday",
        "Both my legs went weak this morning, does that always mean something serious?",
        "my GP said my numb bum means I need a scan",
        "heard that leaking wee is serious — I've been leaking since Tuesday and can't feel when I go",
    ],
)

CASES["told_now_beside_a_question_is_urgent"] = at_level(
    "urgent",
    [
        "I read that a fever with back pain is serious — I've had 39 degrees since yesterday and my back is killing me",
        "my back hurts at night every night and won't ease, does that mean cancer?",
        "does my back pain waking me every night mean cancer?",
        "I saw on TikTok that night pain is a red flag, my back has woken me every night this week",
        "is fever with back pain always an infection? I've had a temperature since Monday and my back is agony",
        "I've had a high temperature since yesterday with back pain, what does that mean?",
        "had cancer 2 years ago and now my back hurts, does that always mean it's back?",
        "saw on facebook that a fever with back pain is serious. I have 39 fever since two days and my back is"
        " paining me well well",
        "does it always mean cancer if my back hurts at night? mine wakes me every night",
    ],
)


test_each_kind_is_found_at_its_level = kind_check(CASES)

"""Round 11 of the red-flag rules (session 14): stories on screen, being clean since, new words.

Wordings written for these tests (not taken from the corpus or any evaluation set).
- A sign told about a character in a film, a show or a book is the story, not a report; a sign of
  someone the patient knows ("my dad was watching a film when he ...") or of the patient still
  counts.
- An overdose or self-harm long ago, with the patient clean or in a good place since, is history.
- "It all got sorted" after a sign ends it, like "it got sorted"; "it started again today" in the
  next clause brings it back.
- Bowels that "let go", "no erection since yesterday", "my penis is not working", Hindi and Urdu
  "peshab" words for passing urine, and death named as "the only cure" are signs.
- "What is this cauda equina ..." and "what does it mean when they say ..." ask about a term.
- A back that got more stooped or shorter slowly over years is known and gradual, not a new change
  in shape; one that changed in the last month still counts.
"""

from __future__ import annotations

from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["a_sign_of_a_character_on_screen_is_a_story"] = not_found(
    [
        "watched a documentary last night where a woman couldn't feel her legs after a fall, now I'm scared",
        "in the film the main character wet himself and couldn't walk, that can't happen from a sore back can it",
        "my wife and I were watching a hospital series and a character had cauda equina, what is that",
    ]
)

CASES["a_sign_of_someone_known_or_of_the_patient_still_counts_beside_a_film"] = at_level(
    "emergency",
    [
        "my dad was watching a film when he suddenly couldn't feel his legs",
        "we watched a movie and since then I can't feel my bum",
    ],
)

CASES["an_old_overdose_or_self_harm_with_years_clean_since_is_history"] = not_found(
    [
        "I overdosed on pills back in 2012 and have been clean ever since, can I have physio",
        "I self-harmed years ago but I'm in a really good place now, is swimming good for backs",
    ]
)

CASES["a_sign_that_all_got_sorted_is_over"] = not_found(
    [
        "I had some bladder trouble in 2018 but it all got sorted, which stretches help a disc?",
    ]
)

CASES["a_sign_that_got_sorted_and_started_again_counts"] = at_level(
    "emergency",
    [
        "I had bladder trouble in 2018 but it all got sorted, it started again today",
    ],
)

CASES["new_words_for_emergency_signs"] = at_level(
    "emergency",
    [
        "my bowels let go on the bus with no warning and my back is agony",
        "since yesterday no erection at all and my back is very bad",
        "my penis is not working from two days, also back pain",
        "kamar dard hai aur peshab nahi ho raha subah se",
    ],
)

CASES["denied_or_asked_about_signs_with_the_new_words"] = not_found(
    [
        "no erection problems, no numbness, just a stiff back after gardening",
        "What is this cauda equina the physio mentioned? I have none of the signs",
        "what does it mean when they say altered sensation in the saddle area",
        "the only cure for my back is surgery according to the consultant",
    ]
)

CASES["death_named_as_the_only_cure_is_crisis_talk"] = at_level(
    "crisis",
    [
        "only fix for this back is a 6 ft hole tbh",
        "the only cure left is a bullet honestly",
    ],
)

CASES["a_change_in_shape_over_years_is_gradual"] = not_found(
    [
        "over the last few years my dad has got shorter and more hunched, the GP knows, what exercises are safe",
    ]
)

CASES["a_change_in_shape_this_month_is_urgent"] = at_level(
    "urgent",
    [
        "my nan has got much more stooped in the last month and her back hurts",
    ],
)

test_each_kind_is_found_at_its_level = kind_check(CASES)

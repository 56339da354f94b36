"""Round 19 of the red-flag rules (session 19): passing numbness, past events, machines and amounts.

Wordings written for these tests (not taken from the corpus or any evaluation set).
- Numbness from a saddle or a seat that was fine some minutes after getting off is over ("fine
  ten minutes after I got off"); not when it is still there.
- A month named with "last" ("last February") is past, like "back in February".
- "Gone completely" and "totally gone" say a sign is over; "not completely gone" does not.
- A vehicle or a machine the patient rolled ("rolled the forklift") is a serious injury; rolling a
  car window down is not.
- "Chest's tight" is chest pain, like "tight chest".
- An amount of weight lost with "not trying" or "not dieting" is unexplained weight loss; not on
  a slimming plan.
- "Is that an ER thing?", "asking for my own knowledge" and "which is worse, X or Y?" ask about a
  sign; told for someone now, it still counts.
- "He is not able to pee" is an inability, like "he can't pee" (it was read as "isnt", a negation).
"""

from __future__ import annotations

from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["numb_from_a_seat_over_in_minutes"] = not_found(
    [
        "did a long spin on the bike, my bum went numb on the saddle but it was ok twenty minutes after i got off",
        "went numb on the church bench, normal again about five minutes after I stood up",
    ]
)
CASES["numb_from_a_seat_that_stays"] = at_level(
    "emergency", ["my bum went numb on the saddle and twenty minutes after I got off it is still numb"]
)

CASES["a_month_last_year_is_past"] = not_found(["slipped on the stairs last March and landed on my back, it healed"])
CASES["since_a_month_is_now"] = at_level("emergency", ["since last March I keep wetting myself without knowing"])

CASES["gone_completely"] = not_found(["had a fever with the flu but it's gone completely now, back just stiff"])
CASES["not_completely_gone"] = at_level("urgent", ["I've had a fever for three days and it is not completely gone"])

CASES["a_machine_rolled"] = at_level("emergency", ["I rolled the tractor on a slope this morning and my back is agony"])
CASES["a_window_rolled"] = not_found(["rolled the car window down and my back twinged a bit"])

CASES["a_tight_chest"] = at_level("emergency", ["chest's so tight and the ache goes up into my jaw"])

CASES["weight_lost_not_trying"] = at_level(
    "urgent", ["he's about 5 kilos lighter than in the summer and he isn't trying to lose any"]
)
CASES["weight_lost_on_a_plan"] = not_found(["I'm 5 kilos down on slimming world and my back feels better"])

CASES["where_to_go_asked_in_general"] = not_found(
    [
        "if a person with back pain can't pee, is that an ER thing or a GP thing? asking for my own knowledge",
        "which is worse with a slipped disc, numbness in one leg or in both legs?",
    ]
)
CASES["where_to_go_for_someone_now"] = at_level(
    "emergency", ["my wife can't pee since this morning, is that an ER thing?"]
)

CASES["is_not_able_to_is_an_inability"] = at_level(
    "emergency",
    ["my husband is not able to pee since last night", "she isn't able to feel her bottom since this morning"],
)
CASES["was_not_able_to_long_ago"] = not_found(
    ["I was not able to pee for a day after my operation years ago, fine since"]
)


test_each_round_19_kind_is_found_at_its_level = kind_check(CASES)

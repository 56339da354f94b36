"""Round 4c of the red-flag rules: crisis talk that the development sets showed the rules still missed.

Wordings written for these tests, with close everyday wordings that must stay quiet.
"""

from __future__ import annotations

from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["death_as_me_gone_too"] = at_level(
    "crisis",
    [
        "honestly if stopping the pain means me gone too, so be it",
        "I'd be fine with myself gone as well, the pain is that bad",
    ],
)
CASES["the_one_thing_keeping_them_here"] = at_level(
    "crisis",
    [
        "the only thing keeping me here is my grandson",
        "my cat is the one reason that keeps me alive",
        "when she goes, I go",
        "my dog is old. when he dies i'll go too.",
    ],
)
CASES["the_point_of_going_on_wondered"] = at_level(
    "crisis",
    [
        "some nights I wonder what the point of going on is",
        "I keep asking myself what the point of living is with this back",
        "I think about dying every day since the accident",
    ],
)
CASES["a_carer_telling_of_cutting"] = at_level("crisis", ["my son is cutting and his school rang me"])
CASES["everyday_wordings_stay_quiet"] = not_found(
    [
        "the only thing keeping me going is strong coffee",
        "when he goes to work I go to the gym",
        "I wonder what the point of carrying on with physio is",
        "my hair has gone too, must be the stress",
        "the chef is cutting and chopping onions for us",
        "thinking about dieting every day is exhausting",
    ]
)


test_each_kind_is_found_at_its_level = kind_check(CASES)

"""Round 9 of the red-flag rules: a wish to die said as "I'd like to" or "I'd rather".

Wordings written for these tests (not taken from the corpus or any evaluation set). "I want to
die" was caught, "I'd like to die" was left to the classifier's gentle check-in; now it gets the
crisis reply. Figures of speech ("I'd rather die than ...") and wishes about old age stay quiet.
"""

from __future__ import annotations

from tests.bot.safety.support import at_level, kind_check, not_found

CASES: dict[str, list[tuple[str, str | None]]] = {}

CASES["a_wish_to_die_said_as_id_like_to_is_crisis_talk"] = at_level(
    "crisis",
    [
        "I'd like to die",
        "honestly I would quite like to just die",
        "my back is killing me haha. but for real i'd really like to die",
        "id love to be dead tbh",
        "I'd rather be dead than spend another year like this",
        "some days I'd rather not wake up",
        "Sorry for my English. I would like to not be alive anymore, the pain every day is too much.",
    ],
)

CASES["figures_of_speech_and_old_age_stay_quiet"] = not_found(
    [
        "I'd rather die than have another epidural, they are awful",
        "I'd like to die my hair purple before the wedding, is bending over the sink bad for my back?",
        "I would like to diet to lose weight for my back",
        "I'd like to die of old age in my own bed, not from a botched operation. Is fusion safe?",
        "Grandad always said he'd like to die at home when the time comes",
    ]
)

test_each_kind_is_found_at_its_level = kind_check(CASES)

"""The lexicon finds what patients call things, including common misspellings."""

from __future__ import annotations

import pytest

from bot.content_file import ContentError
from bot.knowledge.lexicon import Lexicon

LEXICON = Lexicon.from_dict(
    {
        "entities": {
            "condition": {
                "herniated_disc": ["herniated disc", "slipped disc", "hernated disk"],
                "disc_degeneration": ["degenerative disc disease", "worn discs"],
            },
            "treatment": {
                "stem_cells": ["stem cell", "stem cells", "stemcell"],
                "bmac": ["bmac", "bone marrow aspirate concentrate"],
            },
        }
    },
    "test",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What is a Slipped Disc?", [("condition", "herniated_disc")]),
        ("hernated disk and stemcell", [("condition", "herniated_disc"), ("treatment", "stem_cells")]),
        ("stem-cells for worn   discs", [("treatment", "stem_cells"), ("condition", "disc_degeneration")]),
        ("is BMAC approved", [("treatment", "bmac")]),
        ("bmacs are", []),
        ("nothing here", []),
        ("", []),
    ],
)
def test_extract_finds_canonical_values(text, expected):
    assert [(m.entity, m.value) for m in LEXICON.extract(text)] == expected


def test_longest_phrase_wins_and_keeps_offsets():
    text = "bone marrow aspirate concentrate injection"
    (match,) = LEXICON.extract(text)
    assert (match.value, text[match.start : match.end]) == ("bmac", "bone marrow aspirate concentrate")


def test_phrase_under_two_values_is_rejected():
    data = {"entities": {"treatment": {"a": ["shot"], "b": ["Shot"]}}}
    with pytest.raises(ContentError, match="phrase 'Shot' is under both"):
        Lexicon.from_dict(data, "lexicon.yml")


def test_a_study_is_also_named_as_the_one():
    lexicon = Lexicon.from_dict(
        {"entities": {
            "study": {"chen_2015": ["duke mouse study"], "amirdelfan_2021": ["mesoblast trial", "mesoblast study"]},
            "treatment": {"mpc": ["mesoblast"], "trial": ["clinical trial"]},
        }},
        "test",
    )
    found = [(m.entity, m.value) for m in lexicon.extract("tell me about the Mesoblast one, and the duke mouse one")]
    assert found == [("study", "amirdelfan_2021"), ("study", "chen_2015")]
    # only study names get the variant; "mesoblast" alone is still the treatment
    assert [(m.entity, m.value) for m in lexicon.extract("is mesoblast safe, is this one?")] == [("treatment", "mpc")]


def test_a_study_named_by_one_word_is_also_named_with_a_word_before_study():
    lexicon = Lexicon.from_dict(
        {"entities": {
            "study": {"amirdelfan_2021": ["mesoblast trial", "mesoblast study"], "gornet_2024": ["60 patient trial"]},
            "treatment": {"mpc": ["mesoblast"]},
        }},
        "test",
    )
    found = [(m.entity, m.value) for m in lexicon.extract("what did the mesoblast disc study find")]
    assert found == [("study", "amirdelfan_2021")]
    phase_3 = lexicon.extract("the mesoblast phase 3 trial")
    assert [(m.entity, m.value) for m in phase_3] == [("study", "amirdelfan_2021")]
    # names of more than one word get no filler: "60 patient disc trial" is not a study name
    assert [m.entity for m in lexicon.extract("a 60 patient disc trial")] == []
    # a filler alone is not a name: "mesoblast disc" is the treatment
    assert [(m.entity, m.value) for m in lexicon.extract("mesoblast disc injections")] == [("treatment", "mpc")]

"""Known words, misspellings of them, and the share of familiar words in a message."""

from __future__ import annotations

import pytest

from bot.vocabulary import Familiarity, Vocabulary, allowed_edits, edit_distance, words_of

VOCABULARY = Vocabulary(
    ["back", "pain", "sciatica", "stem", "cells", "herniated", "disc", "physio", "therapy", "spine", "is", "x"],
    whole_messages=["ty"],
)


def test_words_are_lower_cased_letter_runs_in_any_script():
    assert words_of("What's L5-S1? 😀 3 weeks!!") == ["what", "s", "l", "s", "weeks"]
    assert words_of("ألم في الظهر") == ["ألم", "في", "الظهر"]
    assert words_of("12345 ... 🙂") == []


@pytest.mark.parametrize(("word", "edits"), [("x", 0), ("bak", 0), ("pain", 1), ("spinal", 1), ("sciatca", 2)])
def test_longer_words_may_have_more_typos(word: str, edits: int):
    assert allowed_edits(word) == edits


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("pain", "pain", 2, 0),
        ("pian", "pain", 2, 1),  # a swap of neighbours is one edit
        ("sciatca", "sciatica", 2, 1),
        ("herniatd", "herniated", 2, 1),
        ("hernaitd", "herniated", 2, 2),
        ("blorp", "back", 2, 3),  # above the limit: limit + 1
        ("a", "abcdef", 1, 2),
    ],
)
def test_edit_distance(a: str, b: str, limit: int, expected: int):
    assert edit_distance(a, b, limit) == expected


@pytest.mark.parametrize(
    "word", ["back", "sciatca", "herniatd", "hernaited", "physio", "therapy", "stemcells", "backpain"]
)
def test_known_words_misspellings_and_run_together_pairs_are_familiar(word: str):
    assert VOCABULARY.is_familiar(word)


@pytest.mark.parametrize(
    "word",
    [
        "bak",  # three letters: no typo allowed
        "blorp",
        "fnargle",
        "spinexx",  # seven letters would allow two edits, but "spine" has five: the shorter word decides
        "stemxcells",
        "",
    ],
)
def test_other_words_are_not(word: str):
    assert not VOCABULARY.is_familiar(word)


def test_familiarity_counts_familiar_words():
    assert VOCABULARY.familiarity(["is", "sciatca", "blorp", "zib"]) == Familiarity(words=4, familiar=2)
    assert VOCABULARY.familiarity(["is", "blorp"]).share == 0.5
    assert VOCABULARY.familiarity([]).share == 1.0


def test_learning_keeps_the_one_word_messages_apart():
    learned = Vocabulary.from_messages([["hi"], ["what", "is", "sciatica"], ["ty"]], extra_words=["bmac"])
    assert learned.words == {"hi", "what", "is", "sciatica", "ty", "bmac"}
    assert learned.whole_messages == {"hi", "ty"}
    assert learned.is_familiar("sciatcia")

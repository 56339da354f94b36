"""Shared setup for the safety tests: the shipped rules, and a classifier trained as `make train` does."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from bot.safety import ContentError, SafetyDetector
from bot.safety.classifier import SafetyClassifier
from bot.safety.corpus import load_corpus
from bot.safety.triage import Triage, Triager


@lru_cache(maxsize=1)
def shipped_detector() -> SafetyDetector:
    """The detector with the shipped rules (bot/content/safety/red_flags.yml), compiled once."""
    return SafetyDetector.from_file()


def found(detector: SafetyDetector, text: str) -> tuple[str | None, tuple[str, ...]]:
    """The level and trigger ids the rules find in text, or (None, ())."""
    finding = detector.detect(text)
    return (finding.level, finding.triggers) if finding else (None, ())


@lru_cache(maxsize=1)
def trained_triager() -> Triager:
    """Rules and a classifier trained on the corpus's training split, as the NLU component does."""
    detector = shipped_detector()
    training, _dev = load_corpus().split()
    return Triager(detector, SafetyClassifier.train(training, detector.normalise))


def triage(text: str, previous: str = "") -> Triage:
    """The whole triage's decision for a message (and the patient's previous one)."""
    return trained_triager().triage(text, previous)


# --- cases of several kinds checked the same way -------------------------------------------------


def kinds(cases: Mapping[str, Iterable[tuple[str, str | None]]]) -> list[Any]:
    """The (message, level) cases of each kind as one parameter list; each case's id starts with its kind."""
    return [
        pytest.param(text, level, id=f"{kind}: {text}" if level is None else f"{kind}: {text}-{level}")
        for kind, group in cases.items()
        for text, level in group
    ]


def kind_check(cases: Mapping[str, Iterable[tuple[str, str | None]]]) -> Callable[..., None]:
    """A test that each case of each kind is found at its level (None: nothing found).

    A test module assigns it to a name starting with test_, e.g.
    `test_each_kind_is_found_at_its_level = kind_check(CASES)`.
    """

    @pytest.mark.parametrize(("text", "level"), kinds(cases))
    def check(detector: SafetyDetector, text: str, level: str | None) -> None:
        got, triggers = found(detector, text)
        assert got == level, triggers

    return check


def trigger_check(fires: Mapping[str, Iterable[str]]) -> Callable[..., None]:
    """A test that each trigger finds each of its messages by itself (the trigger id is checked, not only the level)."""

    @pytest.mark.parametrize(("trigger", "text"), [(t, text) for t, texts in fires.items() for text in texts])
    def check(detector: SafetyDetector, trigger: str, text: str) -> None:
        assert trigger in found(detector, text)[1]

    return check


def at_level(level: str, texts: Iterable[str]) -> list[tuple[str, str | None]]:
    """Each message paired with the one level the rules must find in it."""
    return [(text, level) for text in texts]


def not_found(texts: Iterable[str]) -> list[tuple[str, str | None]]:
    """Each message paired with None: the rules must find nothing in it."""
    return [(text, None) for text in texts]


# --- small rules files, to check how the detector loads and validates them -----------------------

RULES = """\
version: 1
language:
  negation_window: 6
  post_negation_window: 4
  clause_words: [but]
  continuation_breakers: [i]
  list_words: [or]
  negation_cues: ['no']
  hypothetical_cues: [{hypothetical_cues}]
  pseudo_negations: ['no longer']
  post_negation_cues: ['ruled out']
  scope_stops: ['\\bbecause\\b']
{more_language}  spelling: {{}}
vocabulary: {vocabulary}
triggers:
  - id: test_trigger
    level: {level}
    label: a test
    patterns: [{patterns}]
{more_trigger}"""


def rules_file(
    tmp_path: Path,
    more_trigger: str,
    *,
    level: str = "urgent",
    patterns: str = "'\\bok\\b'",
    hypothetical_cues: str = "'what if'",
    more_language: str = "",
    vocabulary: str = "{}",
) -> Path:
    """A rules file of one trigger, `test_trigger`, with the trigger's keys after its patterns in more_trigger."""
    path = tmp_path / "rules.yml"
    path.write_text(
        RULES.format(
            hypothetical_cues=hypothetical_cues,
            more_language=more_language,
            vocabulary=vocabulary,
            level=level,
            patterns=patterns,
            more_trigger=more_trigger,
        )
    )
    return path


def assert_loads_or_is_refused(path: Path, message: str | None) -> None:
    """With no message, the rules load and find "it is ok"; otherwise loading fails with that message."""
    if message is None:
        assert SafetyDetector.from_file(path).detect("it is ok") is not None
    else:
        with pytest.raises(ContentError, match=message):
            SafetyDetector.from_file(path)

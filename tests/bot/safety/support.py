"""Shared setup for the safety tests: the shipped rules, and a classifier trained as `make train` does."""

from __future__ import annotations

from functools import lru_cache

from bot.safety import SafetyDetector
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

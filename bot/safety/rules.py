"""The compiled red-flag rules the detector runs: triggers, language settings and levels.

`bot.safety.model` declares the file they come from; `bot.safety.loader` reads and compiles it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

LEVELS: tuple[str, ...] = ("crisis", "emergency", "urgent")
"""Finding levels, most severe first."""


@dataclass(frozen=True)
class TriggerRule:
    """One red-flag or crisis trigger with its compiled patterns."""

    id: str
    level: str
    label: str
    patterns: tuple[re.Pattern[str], ...]
    # per pattern: every match contains one of these words (None: unknown, always try it)
    pattern_words: tuple[frozenset[str] | None, ...]
    required_words: frozenset[str] | None  # union of pattern_words; None if any is unknown
    exclude: tuple[re.Pattern[str], ...]
    exclude_in_clause: tuple[re.Pattern[str], ...]
    # the trigger fires only if one of these also matches somewhere in the message (not negated)
    requires: tuple[re.Pattern[str], ...]
    requires_words: frozenset[str] | None  # every requires match contains one of these (None: unknown)
    requires_same_person: bool  # a match about someone else needs the context told about someone else
    unless: tuple[re.Pattern[str], ...]  # matched on the whole message: the trigger does not fire
    past_counts: bool  # a past or resolved mention still counts (histories, crisis talk)
    after_cues: bool  # cues after the match ("are fine", "went away") may cancel it
    reply: str | None  # a message key used instead of the generic reason, for this trigger
    crisis_line: bool  # the alarm always brings the crisis line too
    sources: tuple[str, ...]
    basis: str
    note: str | None
    last_reviewed: dt.date


@dataclass(frozen=True)
class LanguageRules:
    """Normalisation, clause and negation settings shared by all triggers."""

    negation_window: int
    post_negation_window: int
    clause_words: tuple[str, ...]
    continuation_breakers: frozenset[str]
    list_words: frozenset[str]
    cues: re.Pattern[str]
    negations: re.Pattern[str]  # the negation cues alone (the rest of `cues` are question cues)
    pseudo_negations: re.Pattern[str]
    post_cues: re.Pattern[str]
    scope_stops: re.Pattern[str]
    resolution_cues: re.Pattern[str]  # after a symptom: it has gone ("went away", "healed")
    past_cues: re.Pattern[str]  # in the clause: the symptom is long past ("last year")
    time_stops: re.Pattern[str]  # words that bring a sentence back to now ("since", "today")
    restore_clauses: tuple[re.Pattern[str], ...]  # a whole clause saying it is back (fullmatch)
    resolved_clauses: tuple[re.Pattern[str], ...]  # a whole next clause saying it is over (fullmatch)
    general_markers: re.Pattern[str]  # anywhere in a message: asked in general ("just reading up on it")
    advice_openers: re.Pattern[str]  # in a sentence: advice to watch for signs is repeated ("told me to come back if")
    fiction_markers: re.Pattern[str]  # in a sentence: a film, a show or a book is told about
    delay_cues: re.Pattern[str]  # after an alarm: the patient puts off care ("I'll wait it out")
    joke_cues: re.Pattern[str]  # in the sentence of crisis talk: told as a joke ("lol", "jk")
    closing_cues: tuple[re.Pattern[str], ...]  # a whole message that closes the chat ("I'm done, thanks")
    medicine_cues: re.Pattern[str]  # anywhere in a message: it names a medicine
    means_cues: re.Pattern[str]  # anywhere in a message: words of harm, amount or means ("too many")
    time_questions: re.Pattern[str]  # a question on time ("how many weeks will it take?")
    person: re.Pattern[str]  # groups "animal" (my dog), "other" (my dad, he, her) and "self" (i, my, me)
    spelling: Mapping[str, str]


@dataclass(frozen=True)
class RuleSet:
    """Everything the detector needs, compiled once."""

    language: LanguageRules
    triggers: tuple[TriggerRule, ...]

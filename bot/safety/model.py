"""The red-flag rules file (bot/content/safety/red_flags.yml) as pydantic dataclasses, before compiling.

Each class describes one section of the file exactly; building one checks it, and a failed check
becomes a ContentError naming the file and entry (`bot.content_file.parse`). Patterns are kept as
written: `bot.safety.loader` expands their `{NAME}` vocabulary entries and compiles them.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from pydantic import StrictBool, StrictInt, StrictStr, root_validator, validator
from pydantic.dataclasses import dataclass

from bot.content_file import ID_PATTERN, ReviewDate, SnakeId, Text
from bot.knowledge.model import non_empty, one_of
from bot.safety.rules import LEVELS

__all__ = ["BASES", "FILE_KEYS", "LANGUAGE_PATTERN_KEYS", "LEVELS", "Language", "Trigger", "Verbatim", "Vocabulary"]

# fact_sheet: stated in the fact sheet (cite it); product_rule: decided by the product team (say why).
BASES = ("fact_sheet", "product_rule")
FILE_KEYS = frozenset({"version", "language", "vocabulary", "triggers"})
# Language lists that are regular expressions: a {NAME} in them inserts a vocabulary entry, as in
# trigger patterns (e.g. {NOT_NOW}: a question cue that stops counting when the sign is told for now).
LANGUAGE_PATTERN_KEYS = (
    "negation_cues",
    "hypothetical_cues",
    "pseudo_negations",
    "post_negation_cues",
    "scope_stops",
    "resolution_cues",
    "past_cues",
    "time_stops",
    "restore_clauses",
    "resolved_clauses",
    "general_markers",
    "advice_openers",
    "fiction_markers",
    "delay_cues",
    "joke_cues",
    "closing_cues",
    "medicine_cues",
    "means_cues",
    "time_questions",
    "animal_person",
)

# To mypy a Verbatim is a str; pydantic runs its check.
if TYPE_CHECKING:
    Verbatim = str
else:

    class Verbatim(Text):
        """Non-empty text kept exactly as written: a regular expression or a word whose spaces count."""

        @staticmethod
        def check(value: Any) -> str:
            """Text as `Text` requires it, but not normalised (a space in a pattern matters)."""
            Text.check(value)
            return value


# `vocabulary:` maps a NAME to the pattern text a {NAME} inserts.
Vocabulary = dict[Verbatim, Verbatim]


@dataclass(frozen=True)
class Language:
    """The `language:` section: normalisation, clause and negation settings shared by all triggers."""

    negation_window: StrictInt
    post_negation_window: StrictInt
    clause_words: tuple[Verbatim, ...]
    continuation_breakers: tuple[Verbatim, ...]
    list_words: tuple[Verbatim, ...]
    negation_cues: tuple[Verbatim, ...]
    hypothetical_cues: tuple[Verbatim, ...]
    pseudo_negations: tuple[Verbatim, ...]
    post_negation_cues: tuple[Verbatim, ...]
    scope_stops: tuple[Verbatim, ...]
    resolution_cues: tuple[Verbatim, ...] = ()
    past_cues: tuple[Verbatim, ...] = ()
    time_stops: tuple[Verbatim, ...] = ()
    restore_clauses: tuple[Verbatim, ...] = ()
    resolved_clauses: tuple[Verbatim, ...] = ()
    # anywhere in a message: the patient asks in general and tells no sign of their own now
    general_markers: tuple[Verbatim, ...] = ()
    # in a sentence, before a sign: what a clinician or a leaflet said to watch for ("told me to come
    # back if", "said to ring 111 if", "look out for"); in a message asked in general, a sign after it
    # is advice repeated, not a report
    advice_openers: tuple[Verbatim, ...] = ()
    # in a sentence: it tells of a film, a show or a book ("watching a medical drama where a man
    # couldn't feel his legs"); a sign told there about someone else is a story, not a report
    fiction_markers: tuple[Verbatim, ...] = ()
    # a reply to an alarm that puts off care ("I'll wait it out", "probably just dehydrated"):
    # the alarm is said again
    delay_cues: tuple[Verbatim, ...] = ()
    # in the sentence of crisis talk: it is told as a joke ("I wanna die lol jk"); a check-in
    # (with the crisis line) instead of the crisis alarm
    joke_cues: tuple[Verbatim, ...] = ()
    # a whole message that closes the chat or a list ("I'm done, thanks", "done with the checklist"):
    # the classifier's guess of crisis talk is not asked (the rules still read it)
    closing_cues: tuple[Verbatim, ...] = ()
    # anywhere in a message: it names a medicine ("co-codamol", "my tablets"); with no means cue, a
    # check-in the classifier asks for also answers the question (an ordinary medicine question)
    medicine_cues: tuple[Verbatim, ...] = ()
    # anywhere in a message: words of harm, amount or means ("too many", "lethal", "whole box")
    means_cues: tuple[Verbatim, ...] = ()
    # a whole message that asks how long or how many weeks, days or sessions ("how many week it
    # take?"): with no medicine or means cue, a check-in the classifier alone asks for is dropped
    time_questions: tuple[Verbatim, ...] = ()
    # an animal named as the subject ("my dog", "the cat"): a sign told about it, or about "he" or
    # "she" after it, is the animal's, not a person's
    animal_person: tuple[Verbatim, ...] = ()
    other_person: tuple[Verbatim, ...] = ()
    first_person: tuple[Verbatim, ...] = ()
    # misspelling -> spelling; the keys are matched in lower case
    spelling: dict[Verbatim, Verbatim] = field(default_factory=dict)

    @validator("negation_window", "post_negation_window")
    def _positive(cls, value: int, field: Any) -> int:
        if value < 1:
            raise ValueError(f"{field.name} must be a positive whole number, got {value!r}")
        return value

    @validator(
        "clause_words",
        "continuation_breakers",
        "list_words",
        "negation_cues",
        "hypothetical_cues",
        "pseudo_negations",
        "post_negation_cues",
        "scope_stops",
    )
    def _non_empty(cls, values: tuple[str, ...], field: Any) -> tuple[str, ...]:
        return non_empty(values, field.name)


@dataclass(frozen=True)
class Trigger:
    """One red-flag or crisis trigger of `triggers:`, its patterns as written."""

    id: SnakeId
    level: StrictStr
    label: Text
    patterns: tuple[Verbatim, ...]
    basis: StrictStr
    last_reviewed: ReviewDate
    sources: tuple[SnakeId, ...] = ()
    exclude: tuple[Verbatim, ...] = ()
    exclude_in_clause: tuple[Verbatim, ...] = ()
    # the trigger fires only if one of these also matches somewhere in the message (not negated)
    requires: tuple[Verbatim, ...] = ()
    # a match told about someone else needs the required context told about someone else too
    # ("my dad had cancer" needs his back pain, not the patient's)
    requires_same_person: StrictBool = False
    # the trigger does not fire when one of these matches the whole message (its sentences joined
    # by " . "): a history that the message itself rules out over several sentences
    unless: tuple[Verbatim, ...] = ()
    past_counts: StrictBool = False  # a past or resolved mention still counts (histories, crisis talk)
    after_cues: StrictBool = True  # cues after the match ("are fine", "went away") may cancel it
    reply: StrictStr | None = None  # a message key said instead of the generic reason
    crisis_line: StrictBool = False  # the alarm always brings the crisis line too (an overdose taken)
    note: Text | None = None

    @validator("level")
    def _level(cls, level: str) -> str:
        return one_of(level, LEVELS, "level")

    @validator("basis")
    def _basis(cls, basis: str) -> str:
        return one_of(basis, BASES, "basis")

    @validator("patterns")
    def _patterns(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in non_empty(patterns, "patterns"):
            # A {NAME} expands to "(?:...)", so a pattern starts with \b exactly when it is written so.
            if not pattern.startswith(r"\b"):
                raise ValueError(f"patterns: pattern must start with \\b: {pattern!r}")
        return patterns

    @validator("reply")
    def _reply(cls, reply: str | None) -> str | None:
        if reply is not None and not ID_PATTERN.match(reply):
            raise ValueError(f"reply '{reply}' must be a snake_case message key")
        return reply

    @root_validator(skip_on_failure=True)
    def _basis_is_backed(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values["basis"] == "fact_sheet" and not values["sources"]:
            raise ValueError("a fact_sheet trigger needs at least one source id in 'sources'")
        if values["basis"] == "product_rule" and values["note"] is None:
            raise ValueError("missing 'note' (a product_rule must say why)")
        return values

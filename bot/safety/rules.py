"""Load and validate the red-flag rules file (bot/content/safety/red_flags.yml)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.safety.gate import required_words

LEVELS: tuple[str, ...] = ("crisis", "emergency", "urgent")
"""Finding levels, most severe first."""

BASES: frozenset[str] = frozenset({"fact_sheet", "product_rule"})

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_NEVER = re.compile(r"(?!)")
_TRIGGER_KEYS = frozenset(
    {
        "id",
        "level",
        "label",
        "patterns",
        "exclude",
        "exclude_in_clause",
        "requires",
        "past_counts",
        "after_cues",
        "reply",
        "sources",
        "basis",
        "note",
        "last_reviewed",
    }
)
_LANGUAGE_KEYS = frozenset(
    {
        "negation_window",
        "post_negation_window",
        "clause_words",
        "continuation_breakers",
        "list_words",
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
        "other_person",
        "first_person",
        "spelling",
    }
)

# Language lists that are regular expressions: a {NAME} in them inserts a vocabulary entry, as in
# trigger patterns (e.g. {NOT_NOW}: a question cue that stops counting when the sign is told for now).
_LANGUAGE_PATTERN_KEYS = (
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
)


class RuleFileError(ValueError):
    """The red-flag rules file is missing, malformed or has an invalid pattern."""


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
    past_counts: bool  # a past or resolved mention still counts (histories, crisis talk)
    after_cues: bool  # cues after the match ("are fine", "went away") may cancel it
    reply: str | None  # a message key used instead of the generic reason, for this trigger
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
    person: re.Pattern[str]  # groups "other" (my dad, he, her) and "self" (i, my, me)
    spelling: Mapping[str, str]


@dataclass(frozen=True)
class RuleSet:
    """Everything the detector needs, compiled once."""

    language: LanguageRules
    triggers: tuple[TriggerRule, ...]


def load_rules(path: Path) -> RuleSet:
    """Read, validate and compile a rules file; raise RuleFileError on any problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path}: cannot read rules file: {exc}") from exc
    where = str(path)
    data = _mapping(raw, where)
    if data.get("version") != 1:
        raise RuleFileError(f"{where}: 'version' must be 1")
    vocabulary = {
        str(k): _string(v, f"{where}: vocabulary.{k}")
        for k, v in _mapping(data.get("vocabulary", {}), f"{where}: vocabulary").items()
    }
    language_data = _expand_language(_mapping(data.get("language"), f"{where}: language"), vocabulary, where)
    language = _language(language_data, where)
    raw_triggers = data.get("triggers")
    if not isinstance(raw_triggers, list) or not raw_triggers:
        raise RuleFileError(f"{where}: 'triggers' must be a non-empty list")
    triggers = tuple(_trigger(item, vocabulary, f"{where}: triggers[{i}]") for i, item in enumerate(raw_triggers))
    seen: set[str] = set()
    for trigger in triggers:
        if trigger.id in seen:
            raise RuleFileError(f"{where}: duplicate trigger id '{trigger.id}'")
        seen.add(trigger.id)
    return RuleSet(language=language, triggers=triggers)


def _expand_language(data: Mapping[str, Any], vocabulary: Mapping[str, str], where: str) -> Mapping[str, Any]:
    """The language settings with {NAME} vocabulary entries expanded in their pattern lists."""
    expanded = dict(data)
    for key in _LANGUAGE_PATTERN_KEYS:
        value = data.get(key)
        if isinstance(value, list):
            expanded[key] = [_expand(p, vocabulary, f"{where}: {key}") if isinstance(p, str) else p for p in value]
    return expanded


def _language(data: Mapping[str, Any], where: str) -> LanguageRules:
    unknown = set(data) - _LANGUAGE_KEYS
    if unknown:
        raise RuleFileError(f"{where}: language: unknown keys {sorted(unknown)}")
    spelling_raw = _mapping(data.get("spelling", {}), f"{where}: language.spelling")
    spelling = {
        _string(k, f"{where}: spelling key").lower(): _string(v, f"{where}: spelling.{k}")
        for k, v in spelling_raw.items()
    }
    return LanguageRules(
        negation_window=_positive_int(data.get("negation_window"), f"{where}: negation_window"),
        post_negation_window=_positive_int(data.get("post_negation_window"), f"{where}: post_negation_window"),
        clause_words=_strings(data.get("clause_words"), f"{where}: clause_words"),
        continuation_breakers=frozenset(_strings(data.get("continuation_breakers"), f"{where}: continuation_breakers")),
        list_words=frozenset(_strings(data.get("list_words"), f"{where}: list_words")),
        cues=_alternation(
            list(_strings(data.get("negation_cues"), f"{where}: negation_cues"))
            + list(_strings(data.get("hypothetical_cues"), f"{where}: hypothetical_cues")),
            f"{where}: negation/hypothetical cues",
            word_bounded=True,
        ),
        negations=_alternation(
            _strings(data.get("negation_cues"), f"{where}: negation_cues"), f"{where}: negation_cues", word_bounded=True
        ),
        pseudo_negations=_alternation(
            _strings(data.get("pseudo_negations"), f"{where}: pseudo_negations"),
            f"{where}: pseudo_negations",
            word_bounded=True,
        ),
        post_cues=_alternation(
            _strings(data.get("post_negation_cues"), f"{where}: post_negation_cues"),
            f"{where}: post_negation_cues",
            word_bounded=True,
        ),
        scope_stops=_alternation(
            _strings(data.get("scope_stops"), f"{where}: scope_stops"), f"{where}: scope_stops", word_bounded=False
        ),
        resolution_cues=_optional_alternation(data, "resolution_cues", where),
        past_cues=_optional_alternation(data, "past_cues", where),
        time_stops=_optional_alternation(data, "time_stops", where),
        restore_clauses=tuple(
            _compile(p, f"{where}: restore_clauses")
            for p in _strings(data.get("restore_clauses", []), f"{where}: restore_clauses", allow_empty=True)
        ),
        resolved_clauses=tuple(
            _compile(p, f"{where}: resolved_clauses")
            for p in _strings(data.get("resolved_clauses", []), f"{where}: resolved_clauses", allow_empty=True)
        ),
        person=_person(data, where),
        spelling=spelling,
    )


def _trigger(raw: Any, vocabulary: Mapping[str, str], where: str) -> TriggerRule:
    data = _mapping(raw, where)
    unknown = set(data) - _TRIGGER_KEYS
    if unknown:
        raise RuleFileError(f"{where}: unknown keys {sorted(unknown)}")
    trigger_id = _string(data.get("id"), f"{where}.id")
    if not _ID.match(trigger_id):
        raise RuleFileError(f"{where}: id '{trigger_id}' must be snake_case")
    where = f"{where} ({trigger_id})"
    level = _string(data.get("level"), f"{where}.level")
    if level not in LEVELS:
        raise RuleFileError(f"{where}: level '{level}' must be one of {list(LEVELS)}")
    sources = _strings(data.get("sources", []), f"{where}.sources", allow_empty=True)
    for source in sources:
        if not _ID.match(source):
            raise RuleFileError(f"{where}: source id '{source}' must be snake_case")
    basis = _string(data.get("basis"), f"{where}.basis")
    if basis not in BASES:
        raise RuleFileError(f"{where}: basis '{basis}' must be one of {sorted(BASES)}")
    if basis == "fact_sheet" and not sources:
        raise RuleFileError(f"{where}: a fact_sheet trigger needs at least one source id")
    note = data.get("note")
    if basis == "product_rule":
        note = _string(note, f"{where}.note (a product_rule must say why)")
    elif note is not None:
        note = _string(note, f"{where}.note")
    reply = data.get("reply")
    if reply is not None:
        reply = _string(reply, f"{where}.reply")
        if not _ID.match(reply):
            raise RuleFileError(f"{where}: reply '{reply}' must be a snake_case message key")
    reviewed = data.get("last_reviewed")
    if not isinstance(reviewed, dt.date):
        raise RuleFileError(f"{where}: last_reviewed must be a date (YYYY-MM-DD)")
    patterns = _strings(data.get("patterns"), f"{where}.patterns")
    expanded = [_expand(p, vocabulary, where) for p in patterns]
    for pattern, original in zip(expanded, patterns, strict=True):
        if not pattern.startswith(r"\b"):
            raise RuleFileError(f"{where}: pattern must start with \\b: {original!r}")
    pattern_words = [required_words([p]) for p in expanded]
    requires = [
        _expand(p, vocabulary, where) for p in _strings(data.get("requires", []), f"{where}.requires", allow_empty=True)
    ]
    return TriggerRule(
        id=trigger_id,
        level=level,
        label=_string(data.get("label"), f"{where}.label"),
        patterns=tuple(_compile(p, where) for p in expanded),
        pattern_words=tuple(pattern_words),
        required_words=(None if any(w is None for w in pattern_words) else frozenset().union(*pattern_words)),  # type: ignore[arg-type]
        exclude=tuple(
            _compile(_expand(p, vocabulary, where), where)
            for p in _strings(data.get("exclude", []), f"{where}.exclude", allow_empty=True)
        ),
        exclude_in_clause=tuple(
            _compile(_expand(p, vocabulary, where), where)
            for p in _strings(data.get("exclude_in_clause", []), f"{where}.exclude_in_clause", allow_empty=True)
        ),
        requires=tuple(_compile(p, where) for p in requires),
        requires_words=required_words(requires) if requires else None,
        past_counts=_flag(data.get("past_counts", False), f"{where}.past_counts"),
        after_cues=_flag(data.get("after_cues", True), f"{where}.after_cues"),
        reply=reply,
        sources=sources,
        basis=basis,
        note=note,
        last_reviewed=reviewed,
    )


def _expand(pattern: str, vocabulary: Mapping[str, str], where: str, depth: int = 0) -> str:
    if depth > 3:
        raise RuleFileError(f"{where}: vocabulary nested too deeply in {pattern!r}")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in vocabulary:
            raise RuleFileError(f"{where}: unknown vocabulary entry {{{name}}}")
        return "(?:" + _expand(vocabulary[name], vocabulary, where, depth + 1) + ")"

    return _MACRO.sub(replace, pattern)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RuleFileError(f"{where}: invalid pattern {pattern!r}: {exc}") from exc


def _alternation(parts: Sequence[str], where: str, word_bounded: bool) -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in parts)
    return _compile(rf"\b(?:{body})\b" if word_bounded else body, where)


def _optional_alternation(data: Mapping[str, Any], key: str, where: str) -> re.Pattern[str]:
    """A word-bounded alternation of an optional cue list; one that never matches if it is empty."""
    parts = _strings(data.get(key, []), f"{where}: {key}", allow_empty=True)
    return _alternation(parts, f"{where}: {key}", word_bounded=True) if parts else _NEVER


def _person(data: Mapping[str, Any], where: str) -> re.Pattern[str]:
    """One pattern for who a sentence is about: group "other" (my dad, she) or "self" (i, my)."""
    other = _strings(data.get("other_person", []), f"{where}: other_person", allow_empty=True)
    first = _strings(data.get("first_person", []), f"{where}: first_person", allow_empty=True)
    if not other or not first:
        return _NEVER
    body = "(?P<other>" + "|".join(other) + ")|(?P<self>" + "|".join(first) + ")"
    return _compile(rf"\b(?:{body})\b", f"{where}: other_person/first_person")


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RuleFileError(f"{where}: expected a mapping")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleFileError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _strings(value: Any, where: str, allow_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or (not value and not allow_empty):
        raise RuleFileError(f"{where}: expected a {'' if allow_empty else 'non-empty '}list")
    return tuple(_string(item, where) for item in value)


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise RuleFileError(f"{where}: expected true or false, got {value!r}")
    return value


def _positive_int(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise RuleFileError(f"{where}: expected a positive integer, got {value!r}")
    return value

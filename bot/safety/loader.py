"""Read red_flags.yml, check it with the model, expand its vocabulary and compile its patterns."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError, parse_obj_as

from bot.content_file import ContentError, describe, parse, parse_entries, read_content_file, unique
from bot.safety.gate import required_words
from bot.safety.model import FILE_KEYS, LANGUAGE_PATTERN_KEYS, Language, Trigger, Vocabulary
from bot.safety.rules import LanguageRules, RuleSet, TriggerRule

DEFAULT_RULES_PATH = Path(__file__).resolve().parents[1] / "content" / "safety" / "red_flags.yml"
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_MAX_DEPTH = 3  # a vocabulary entry may use others, this many levels deep
_NEVER = re.compile(r"(?!)")
_LANGUAGE = "language"


def load_rules(path: Path | None = None) -> RuleSet:
    """Read, check and compile a rules file (DEFAULT_RULES_PATH unless told); fail naming file and entry."""
    path = path or DEFAULT_RULES_PATH
    data = read_content_file(path, "red-flag rules file")
    unknown = sorted(set(map(str, data)) - FILE_KEYS)
    if unknown:
        raise ContentError(path, f"unknown top-level keys {unknown}")
    compiler = _Compiler(path, _vocabulary(data.get("vocabulary", {}), path))
    language = compiler.language(parse(Language, data.get(_LANGUAGE), path, _LANGUAGE))
    triggers = tuple(
        compiler.trigger(trigger)
        for trigger in parse_entries(Trigger, data.get("triggers"), path, "triggers", noun="trigger")
    )
    unique([trigger.id for trigger in triggers], path, "trigger")
    return RuleSet(language=language, triggers=triggers)


def _vocabulary(raw: Any, path: Path) -> Mapping[str, str]:
    if not isinstance(raw, Mapping):
        raise ContentError(path, "expected a mapping", "vocabulary")
    try:
        return parse_obj_as(Vocabulary, raw)
    except ValidationError as error:
        raise ContentError(path, describe(error), "vocabulary") from None


@dataclass(frozen=True)
class _Compiler:
    """Turns checked entries into compiled rules; a failure names the file, entry and field."""

    path: Path
    vocabulary: Mapping[str, str]

    def language(self, language: Language) -> LanguageRules:
        """The language settings with their cue lists expanded and compiled."""
        cues = {key: self.expand_all(getattr(language, key), _LANGUAGE, key) for key in LANGUAGE_PATTERN_KEYS}
        return LanguageRules(
            negation_window=language.negation_window,
            post_negation_window=language.post_negation_window,
            clause_words=language.clause_words,
            continuation_breakers=frozenset(language.continuation_breakers),
            list_words=frozenset(language.list_words),
            cues=self.alternation(cues["negation_cues"] + cues["hypothetical_cues"], "negation_cues/hypothetical_cues"),
            negations=self.alternation(cues["negation_cues"], "negation_cues"),
            pseudo_negations=self.alternation(cues["pseudo_negations"], "pseudo_negations"),
            post_cues=self.alternation(cues["post_negation_cues"], "post_negation_cues"),
            scope_stops=self.alternation(cues["scope_stops"], "scope_stops", word_bounded=False),
            resolution_cues=self.alternation(cues["resolution_cues"], "resolution_cues"),
            past_cues=self.alternation(cues["past_cues"], "past_cues"),
            time_stops=self.alternation(cues["time_stops"], "time_stops"),
            restore_clauses=self.compile_all(cues["restore_clauses"], _LANGUAGE, "restore_clauses"),
            resolved_clauses=self.compile_all(cues["resolved_clauses"], _LANGUAGE, "resolved_clauses"),
            general_markers=self.alternation(cues["general_markers"], "general_markers"),
            advice_openers=self.alternation(cues["advice_openers"], "advice_openers"),
            fiction_markers=self.alternation(cues["fiction_markers"], "fiction_markers"),
            delay_cues=self.alternation(cues["delay_cues"], "delay_cues"),
            joke_cues=self.alternation(cues["joke_cues"], "joke_cues"),
            closing_cues=self.compile_all(cues["closing_cues"], _LANGUAGE, "closing_cues"),
            medicine_cues=self.alternation(cues["medicine_cues"], "medicine_cues"),
            means_cues=self.alternation(cues["means_cues"], "means_cues"),
            time_questions=self.alternation(cues["time_questions"], "time_questions"),
            person=self.person(language, cues["animal_person"]),
            spelling={wrong.lower(): right for wrong, right in language.spelling.items()},
        )

    def trigger(self, trigger: Trigger) -> TriggerRule:
        """One trigger with its patterns expanded and compiled, and the words they need."""
        expanded = {
            key: self.expand_all(getattr(trigger, key), trigger.id, key)
            for key in ("patterns", "exclude", "exclude_in_clause", "requires", "unless")
        }
        compiled = {key: self.compile_all(patterns, trigger.id, key) for key, patterns in expanded.items()}
        pattern_words = tuple(required_words([pattern]) for pattern in expanded["patterns"])
        known = [words for words in pattern_words if words is not None]
        return TriggerRule(
            id=trigger.id,
            level=trigger.level,
            label=trigger.label,
            patterns=compiled["patterns"],
            pattern_words=pattern_words,
            required_words=frozenset[str]().union(*known) if len(known) == len(pattern_words) else None,
            exclude=compiled["exclude"],
            exclude_in_clause=compiled["exclude_in_clause"],
            requires=compiled["requires"],
            requires_words=required_words(expanded["requires"]) if expanded["requires"] else None,
            requires_same_person=trigger.requires_same_person,
            unless=compiled["unless"],
            past_counts=trigger.past_counts,
            after_cues=trigger.after_cues,
            reply=trigger.reply,
            crisis_line=trigger.crisis_line,
            sources=trigger.sources,
            basis=trigger.basis,
            note=trigger.note,
            last_reviewed=trigger.last_reviewed,
        )

    def person(self, language: Language, animals: Sequence[str] = ()) -> re.Pattern[str]:
        """One pattern for who a sentence is about: group "animal" (my dog), "other" (my dad, she) or "self" (i, my).

        An animal comes first, so "my dog" is not read as "my".
        """
        if not language.other_person or not language.first_person:
            return _NEVER
        body = "(?P<other>" + "|".join(language.other_person) + ")|(?P<self>" + "|".join(language.first_person) + ")"
        if animals:
            body = "(?P<animal>" + "|".join(animals) + ")|" + body
        return self.compile(rf"\b(?:{body})\b", _LANGUAGE, "animal_person/other_person/first_person")

    def alternation(self, parts: Sequence[str], key: str, word_bounded: bool = True) -> re.Pattern[str]:
        """A language cue list as one pattern; one that never matches if the list is empty."""
        if not parts:
            return _NEVER
        body = "|".join(f"(?:{part})" for part in parts)
        return self.compile(rf"\b(?:{body})\b" if word_bounded else body, _LANGUAGE, key)

    def expand_all(self, patterns: Sequence[str], entry: str, key: str) -> tuple[str, ...]:
        """Each pattern with its {NAME} vocabulary entries inserted."""
        return tuple(self.expand(pattern, entry, key) for pattern in patterns)

    def expand(self, pattern: str, entry: str, key: str, depth: int = 0) -> str:
        """The pattern with each {NAME} replaced by "(?:" + the vocabulary entry + ")"."""
        if depth > _MAX_DEPTH:
            raise ContentError(self.path, f"{key}: vocabulary nested too deeply in {pattern!r}", entry)

        def insert(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.vocabulary:
                raise ContentError(self.path, f"{key}: unknown vocabulary entry {{{name}}}", entry)
            return "(?:" + self.expand(self.vocabulary[name], entry, key, depth + 1) + ")"

        return _MACRO.sub(insert, pattern)

    def compile_all(self, patterns: Sequence[str], entry: str, key: str) -> tuple[re.Pattern[str], ...]:
        """Each pattern compiled."""
        return tuple(self.compile(pattern, entry, key) for pattern in patterns)

    def compile(self, pattern: str, entry: str, key: str) -> re.Pattern[str]:
        """The compiled pattern; a bad one names the file, entry and field."""
        try:
            return re.compile(pattern)
        except re.error as error:
            raise ContentError(self.path, f"{key}: invalid pattern {pattern!r}: {error}", entry) from error

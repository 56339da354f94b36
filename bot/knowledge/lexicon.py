"""Entity lexicon: the words patients use for conditions, treatments and studies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.content_file import ID_PATTERN, ContentError


@dataclass(frozen=True)
class EntityMatch:
    """One recognised entity in a message."""

    entity: str
    value: str
    start: int
    end: int
    text: str


class Lexicon:
    """Finds canonical entity values in free text by whole-word phrase matching."""

    def __init__(self, entries: dict[str, dict[str, tuple[str, ...]]]) -> None:
        """Compile one alternation per entity, longest phrases first."""
        self.entries = entries
        self._phrase_to_value: dict[tuple[str, str], str] = {}
        alternatives: list[tuple[str, str]] = []
        for entity, values in entries.items():
            for value, phrases in values.items():
                for phrase in phrases:
                    key = (entity, _normalise(phrase))
                    self._phrase_to_value[key] = value
                    alternatives.append(key)
        alternatives.sort(key=lambda item: len(item[1]), reverse=True)
        # Each pattern with a piece of text any match must contain: a quick `in` test skips the
        # regex for most phrases of most messages (the same matches, a tenth of the time).
        self._patterns = [
            (entity, phrase, _first_part(phrase), re.compile(r"(?<![\w])" + _phrase_regex(phrase) + r"(?![\w])"))
            for entity, phrase in alternatives
        ]

    @classmethod
    def from_dict(cls, data: Any, path: str) -> Lexicon:
        """Build from the parsed lexicon file, checking its shape."""
        if not isinstance(data, dict) or not isinstance(data.get("entities"), dict):
            raise ContentError(path, "expected 'entities:' mapping")
        entries: dict[str, dict[str, tuple[str, ...]]] = {}
        for entity, values in data["entities"].items():
            if not isinstance(values, dict):
                raise ContentError(path, "must map values to phrase lists", f"entity '{entity}'")
            entries[entity] = {}
            seen: dict[str, str] = {}
            for value, phrases in values.items():
                where = f"{entity}.{value}"
                if not ID_PATTERN.match(str(value)):
                    raise ContentError(path, "not a snake_case value", where)
                if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) for p in phrases):
                    raise ContentError(path, "needs a list of phrases", where)
                for phrase in phrases:
                    norm = _normalise(phrase)
                    if norm in seen and seen[norm] != value:
                        raise ContentError(path, f"phrase '{phrase}' is under both {entity}.{seen[norm]} and {where}")
                    seen[norm] = str(value)
                entries[entity][str(value)] = tuple(phrases)
        return cls(entries)

    def values(self, entity: str) -> set[str]:
        """All canonical values of one entity."""
        return set(self.entries.get(entity, {}))

    def extract(self, text: str) -> list[EntityMatch]:
        """Return non-overlapping matches, longest phrase winning, in text order."""
        lowered = text.lower()
        taken: list[tuple[int, int]] = []
        matches: list[EntityMatch] = []
        for entity, phrase, needle, pattern in self._patterns:
            if needle not in lowered:
                continue
            for found in pattern.finditer(lowered):
                start, end = found.span()
                if any(start < t_end and end > t_start for t_start, t_end in taken):
                    continue
                taken.append((start, end))
                value = self._phrase_to_value[(entity, phrase)]
                matches.append(EntityMatch(entity, value, start, end, text[start:end]))
        return sorted(matches, key=lambda match: match.start)


def _normalise(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _first_part(phrase: str) -> str:
    parts = [part for part in re.split(r"[\s\-]+", phrase) if part]
    return parts[0] if parts else ""


def _phrase_regex(phrase: str) -> str:
    # Let spaces and hyphens in a phrase match any run of spaces or hyphens.
    parts = re.split(r"[\s\-]+", phrase)
    return r"[\s\-]*".join(re.escape(part) for part in parts if part)

"""Entity lexicon: the words patients use for conditions, treatments and studies (lexicon.yml).

`LexiconEntry` is the model of one value; `Lexicon` is the checked file and its phrase matcher.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import StrictStr, validator
from pydantic.dataclasses import dataclass as pydantic_dataclass

from bot.content_file import ContentError, SnakeId, parse
from bot.knowledge.model import non_empty


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
        # The written phrases first, then the derived ones ("<name> one"), which never take a written one's place.
        for derived in (False, True):
            for entity, values in entries.items():
                for value, phrases in values.items():
                    for phrase in _pointer_variants(entity, phrases) if derived else phrases:
                        key = (entity, _normalise(phrase))
                        if key not in self._phrase_to_value:
                            self._phrase_to_value[key] = value
                            alternatives.append(key)
        alternatives.sort(key=lambda item: len(item[1]), reverse=True)
        # Each pattern with a piece of text any match must contain: a quick `in` test skips the
        # regex for most phrases of most messages (the same matches, a tenth of the time).
        self._patterns = [
            (entity, phrase, parts[0] if parts else "", _compile(parts))
            for entity, phrase in alternatives
            for parts in [_parts(phrase)]
        ]

    @classmethod
    def from_dict(cls, data: Any, path: str | Path) -> Lexicon:
        """Build from the parsed lexicon file, checking each value and that no phrase has two values."""
        entities = data.get("entities") if isinstance(data, Mapping) else None
        if not isinstance(entities, Mapping):
            raise ContentError(path, "expected 'entities:' mapping")
        entries: dict[str, dict[str, tuple[str, ...]]] = {}
        for entity, values in entities.items():
            if not isinstance(values, Mapping):
                raise ContentError(path, "must map values to phrase lists", f"entity '{entity}'")
            found = [parse(LexiconEntry, {"value": v, "phrases": p}, path, f"{entity}.{v}") for v, p in values.items()]
            _check_phrases_unique(str(entity), found, path)
            entries[str(entity)] = {entry.value: entry.phrases for entry in found}
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


@pydantic_dataclass(frozen=True)
class LexiconEntry:
    """One canonical value of an entity and the phrases patients use for it."""

    value: SnakeId
    phrases: tuple[StrictStr, ...]

    @validator("phrases")
    def _phrases(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        return non_empty(phrases, "phrases")


def _check_phrases_unique(entity: str, entries: list[LexiconEntry], path: str | Path) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        for phrase in entry.phrases:
            other = seen.setdefault(_normalise(phrase), entry.value)
            if other != entry.value:
                where = f"{entity}.{entry.value}"
                raise ContentError(path, f"phrase '{phrase}' is under both {entity}.{other} and {where}")


# A study is also named as "the one" after a list of studies: "the Mesoblast one", "the Duke mouse
# one" (the lexicon's "mesoblast trial", "duke mouse study").
STUDY_ENTITY = "study"
STUDY_NOUNS = re.compile(r"\s+(?:study|trial)$")


# A study named by one word is also named with a word between the name and "study" or "trial":
# "the Mesoblast disc study", "the Duke stem cell study", "the Orozco phase 3 trial".
NAMED_STUDY = re.compile(r"^([a-z]+)\s+(study|trial)$")
STUDY_FILLERS = ("disc", "back", "spine", "stem cell", "cell", "phase 3", "clinical", "big")


def _pointer_variants(entity: str, phrases: tuple[str, ...]) -> list[str]:
    """"<name> one" for each study phrase "<name> study|trial", and "<name> <filler> study|trial"."""
    if entity != STUDY_ENTITY:
        return []
    variants = [STUDY_NOUNS.sub(" one", phrase) for phrase in phrases if STUDY_NOUNS.search(phrase)]
    for phrase in phrases:
        named = NAMED_STUDY.match(_normalise(phrase))
        if named is not None:
            variants += [f"{named.group(1)} {filler} {named.group(2)}" for filler in STUDY_FILLERS]
    return variants


def _normalise(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _parts(phrase: str) -> list[str]:
    """The words of a phrase, split at spaces and hyphens."""
    return [part for part in re.split(r"[\s\-]+", phrase) if part]


def _compile(parts: list[str]) -> re.Pattern[str]:
    # A whole-word match; spaces and hyphens between the words match any run of spaces or hyphens.
    return re.compile(r"(?<![\w])" + r"[\s\-]*".join(re.escape(part) for part in parts) + r"(?![\w])")

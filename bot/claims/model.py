"""A clinic claim and the wording around the claims, as claims.yml declares them."""

from __future__ import annotations

import re
from dataclasses import dataclass as plain_dataclass

from pydantic import StrictStr, validator
from pydantic.dataclasses import dataclass

from bot.content_file import ReviewDate, SnakeId, Text
from bot.knowledge.lexicon import Lexicon
from bot.knowledge.model import non_empty, short_title

# The intent and entity a menu button sends; the domain must declare both.
CLAIM_INTENT = "check_clinic_claim"
CLAIM_ENTITY = "claim"
MAX_RELATED = 3
# Patients paste text with typographic apostrophes; the phrases use the plain one.
# Quotation marks around a claim ('they said the cells "home in" on the disc') are not part of it.
_APOSTROPHES = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", '"': " ", "\u201c": " ", "\u201d": " ", "\u00ab": " ", "\u00bb": " ",
})


def phrase_key(phrase: str) -> str:
    """The matcher treats spaces and hyphens alike, so "fda-registered" repeats "fda registered"."""
    return " ".join(part for part in re.split(r"[\s\-]+", phrase.lower()) if part)


@dataclass(frozen=True)
class Claim:
    """One claim a clinic may make, explained."""

    id: SnakeId
    title: Text
    phrases: tuple[StrictStr, ...]
    means: Text
    does_not_mean: Text
    check: Text
    sources: tuple[StrictStr, ...]
    related: tuple[StrictStr, ...]
    last_reviewed: ReviewDate

    @validator("title")
    def _title(cls, title: str) -> str:
        return short_title(title)

    @validator("phrases", "sources", "related")
    def _non_empty(cls, values: tuple[str, ...], field: object) -> tuple[str, ...]:
        return non_empty(values, getattr(field, "name", ""))

    @validator("phrases")
    def _phrases(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        for phrase in phrases:
            if phrase != phrase.strip().lower() or not phrase.strip():
                raise ValueError(f"phrase '{phrase}' must be lowercase without outer spaces")
        if len({phrase_key(p) for p in phrases}) != len(phrases):
            raise ValueError("a phrase is listed twice")
        return phrases

    @validator("related")
    def _related(cls, related: tuple[str, ...]) -> tuple[str, ...]:
        if len(related) > MAX_RELATED:
            raise ValueError(f"'related' names more than {MAX_RELATED} topics")
        return related


@dataclass(frozen=True)
class ClaimWording:
    """The fixed wording around the claims."""

    intro: Text
    means: Text
    does_not_mean: Text
    check: Text
    more_found: Text
    menu: Text
    # "Where is that from?" after claims: the line before their references; {claims} lists their titles
    sources_intro: Text
    last_reviewed: ReviewDate


@plain_dataclass(frozen=True)
class ClaimBook:
    """The reviewed claims, the wording around them, and a phrase matcher for free text."""

    claims: dict[str, Claim]
    wording: dict[str, str]
    lexicon: Lexicon

    def find(self, text: str) -> list[Claim]:
        """Claims named in the text, in order of first mention, each once."""
        ids: list[str] = []
        for match in self.lexicon.extract(text.translate(_APOSTROPHES)):
            if match.value not in ids:
                ids.append(match.value)
        return [self.claims[claim_id] for claim_id in ids]

"""Normalise patient text and split it into sentences and clauses for matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

COMMA = " , "
"""How a clause break is written inside a normalised sentence."""

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": ".",
        "\u00a0": " ",
    }
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WILL = re.compile(r"'ll\b")
_WITHOUT = re.compile(r"\bw/o\b")
_WITH = re.compile(r"\bw/(?=\s|[a-z])")
_SLASH_OR = re.compile(r"(?<=[a-z])/(?=[a-z])")
_PERIOD = re.compile(r"(?<!\d)\.|\.(?!\d)")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_SENTENCE_END = re.compile(r"(?<!\d)\.|\.(?!\d)|[!?;:]+")
_COMMAS = re.compile(r"\s*(?:,\s*)+")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")
# Any word of any script and case, for counting the words of a raw message ("I CANT TAKE THIS").
_ANY_WORD = re.compile(r"[^\W_]+")
# Laughing emoji read as "lol" (a joke told as one: "I wanna die 😂 jk"); other emoji end a thought.
_LAUGHING = frozenset("\U0001f602\U0001f923\U0001f606\U0001f639\U0001f605")


def _ascii_table() -> dict[int, str]:
    """One translation table for all single-character clean-up (applied after lower-casing)."""
    table: dict[int, str] = {code: " " for code in range(32)}
    table.update(
        {
            ord("\n"): " . ",
            ord("\r"): " . ",
            127: " ",
            ord("'"): "",
            ord("`"): "",
            ord("&"): " and ",
            ord("+"): " and ",
            ord('"'): " ",
        }
    )
    table.update({ord(c): " , " for c in "()[]{},"})
    table.update({ord(c): f" {c} " for c in "!?;:"})
    table.update({ord(c): " " for c in "#$%*<=>@\\^_|~-/"})
    return table


_ASCII = _ascii_table()


@dataclass(frozen=True)
class Sentence:
    """A normalised sentence and the offsets where its clauses break."""

    text: str
    breaks: tuple[int, ...]

    def clause_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Return the start and end of the clause around text[start:end]."""
        left = 0
        right = len(self.text)
        for position in self.breaks:
            if position <= start:
                left = position
            elif position >= end:
                right = position
                break
        return left, right

    def clause_after(self, right: int) -> str:
        """Return the clause that follows the clause break at offset `right` ("" if none)."""
        start = right + len(COMMA)
        following = [p for p in self.breaks if p > right]
        return self.text[start : following[0]] if following else self.text[start:]


class Normaliser:
    """Turns raw patient text into lower-case sentences with marked clause breaks."""

    def __init__(
        self,
        spelling: Mapping[str, str],
        clause_words: Iterable[str],
        continuation_breakers: Iterable[str],
        list_words: Iterable[str],
    ) -> None:
        """Compile the spelling map and clause rules once."""
        self._single = {k: v for k, v in spelling.items() if " " not in k and "/" not in k}
        self._single_keys = frozenset(self._single)
        phrases = {k: v for k, v in spelling.items() if k not in self._single}
        self._phrases = phrases
        self._phrase_re = (
            re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(phrases, key=len, reverse=True)) + r")\b")
            if phrases
            else None
        )
        words = sorted(clause_words, key=len, reverse=True)
        self._clause_re = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
        self._clause_start = re.compile(r"^(?:" + "|".join(re.escape(w) for w in words) + r")\b")
        self._breakers = frozenset(continuation_breakers)
        self._list_words = frozenset(list_words)

    def normalise(self, text: str) -> str:
        """Lower-case, clean and spell-correct text; sentence punctuation is kept, spaced out."""
        if not text.isascii():
            text = _fold_unicode(text)
        text = text.lower()
        if "'" in text:
            text = _WILL.sub(" will", text)
        if "/" in text:
            text = _SLASH_OR.sub(" or ", _WITH.sub(" with ", _WITHOUT.sub(" without ", text)))
        if "." in text:
            text = _PERIOD.sub(" . ", text)
        text = text.translate(_ASCII)
        text = _REPEATS.sub(r"\1\1", text)
        tokens = text.split()
        if not self._single_keys.isdisjoint(tokens):
            tokens = [self._single.get(t, t) for t in tokens]
        text = " ".join(tokens)
        if self._phrase_re is not None:
            text = self._phrase_re.sub(lambda m: self._phrases[m.group(0)], text)
        return text

    def sentences(self, text: str) -> list[Sentence]:
        """Normalise text and split it into sentences with clause breaks."""
        result = []
        for piece in _SENTENCE_END.split(self.normalise(text)):
            piece = self._clause_re.sub(lambda m: COMMA + m.group(0), piece)
            piece = _COMMAS.sub(COMMA, piece)
            piece = _SPACES.sub(" ", piece).strip(" ,")
            if piece:
                result.append(Sentence(piece, self._breaks(piece)))
        return result

    def _breaks(self, sentence: str) -> tuple[int, ...]:
        """Offsets of commas that end a clause; commas inside a list do not."""
        positions: list[int] = []
        start = 0
        while True:
            found = sentence.find(COMMA, start)
            if found < 0:
                break
            positions.append(found)
            start = found + len(COMMA)
        if not positions:
            return ()
        segments = []
        bounds = [0] + [p + len(COMMA) for p in positions]
        ends = positions + [len(sentence)]
        for seg_start, seg_end in zip(bounds[1:], ends[1:], strict=True):
            segments.append(sentence[seg_start:seg_end])
        hard: list[int] = []
        pending: list[int] = []
        for comma, segment in zip(positions, segments, strict=True):
            words = _WORD.findall(segment)
            if self._clause_start.match(segment) or self._breakers.intersection(words):
                hard.extend(pending)
                pending = []
                hard.append(comma)
            elif self._list_words.intersection(words) or (words and words[0] == "and"):
                pending = []  # the list ends here: its commas stay soft
            else:
                pending.append(comma)
        hard.extend(pending)
        return tuple(sorted(hard))


def words(text: str) -> set[str]:
    """Return the distinct words of a normalised text."""
    return set(_WORD.findall(text))


def count_words(text: str) -> int:
    """Count the words in text, raw or normalised (commas and symbols are not words)."""
    return len(_ANY_WORD.findall(text))


def _fold_unicode(text: str) -> str:
    """Fold accents, typographic quotes, emoji and invisible characters to plain ASCII."""
    text = unicodedata.normalize("NFKD", text).translate(_QUOTES)
    return _NON_ASCII.sub(_classify, text)


def _classify(match: re.Match[str]) -> str:
    if match.group(0) in _LAUGHING:
        return f"{COMMA}lol{COMMA}"
    category = unicodedata.category(match.group(0))
    if category in ("Mn", "Me", "Cf"):
        return ""  # accents and zero-width characters
    if category.startswith("S"):
        return COMMA  # emoji and symbols often end a thought
    return " "  # spaces, other scripts and punctuation: patterns are written for English

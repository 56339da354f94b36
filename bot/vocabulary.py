"""The words the bot was trained on, and whether a patient's words are among them (typos allowed)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Runs of letters in any script; digits, underscores, punctuation and emoji separate words.
_LETTERS = re.compile(r"[^\W\d_]+")
# Typos allowed by word length (the shorter of the two words): 1-3 letters none, 4-6 one, 7+ two.
_ONE_EDIT_FROM = 4
_TWO_EDITS_FROM = 7
# A run-together pair ("stemcells") counts when both halves are known words of this length or more.
_MIN_COMPOUND_PART = 3


# Words that carry no subject: a message of only these ("the", "the thing with the", "erm") is
# unfinished or typed by mistake, whatever the classifier guesses for it. Not "and?" or "hmm",
# which answer the last reply.
FILLER_WORDS = frozenset((
    "the", "a", "an", "of", "with", "to", "in", "on", "at", "for", "from", "by", "thing", "things", "stuff",
    "um", "umm", "uh", "uhh", "er", "erm",
))


def only_filler(words: list[str]) -> bool:
    """Whether a message's words (at least one) are all filler words."""
    return bool(words) and all(word in FILLER_WORDS for word in words)


def words_of(text: str) -> list[str]:
    """The lower-cased letter runs of a text (numbers, punctuation and emoji dropped)."""
    return _LETTERS.findall(text.lower())


def allowed_edits(word: str) -> int:
    """How many typing errors a word of this length may contain and still count as known."""
    if len(word) >= _TWO_EDITS_FROM:
        return 2
    return 1 if len(word) >= _ONE_EDIT_FROM else 0


@dataclass(frozen=True)
class Familiarity:
    """How many of a message's words the vocabulary knows."""

    words: int
    familiar: int

    @property
    def share(self) -> float:
        """Share of familiar words (1.0 for a message without words: nothing to judge)."""
        return self.familiar / self.words if self.words else 1.0


class Vocabulary:
    """Known words with a deletion index, so a misspelt word is recognised in microseconds.

    The index is the symmetric-delete scheme (as in SymSpell): every known word is stored under
    each string obtained by deleting up to two of its letters; a patient's word is looked up under
    its own deletions, and candidates are confirmed with a real edit distance.
    """

    def __init__(self, words: Iterable[str], whole_messages: Iterable[str] = ()) -> None:
        """Index the words; whole_messages are one-word training messages (such as "ty")."""
        self.words = frozenset(word for word in words if word)
        self.whole_messages = frozenset(whole_messages)
        self._deletions: dict[str, list[str]] = {}
        for word in (word for word in self.words if allowed_edits(word)):
            for variant in _deletions(word, allowed_edits(word)):
                self._deletions.setdefault(variant, []).append(word)

    @classmethod
    def from_messages(cls, messages: Iterable[list[str]], extra_words: Iterable[str] = ()) -> Vocabulary:
        """Learn from the words of training messages, plus words known from elsewhere (the lexicon)."""
        words: set[str] = set(extra_words)
        whole_messages: set[str] = set()
        for found in messages:
            words.update(found)
            if len(found) == 1:
                whole_messages.add(found[0])
        return cls(words, whole_messages)

    def is_familiar(self, word: str) -> bool:
        """Known, a close misspelling of a known word, or two known words run together."""
        if word in self.words:
            return True
        edits = allowed_edits(word)
        if edits and self._close_match(word, edits):
            return True
        return any(
            word[:cut] in self.words and word[cut:] in self.words
            for cut in range(_MIN_COMPOUND_PART, len(word) - _MIN_COMPOUND_PART + 1)
        )

    def familiarity(self, words: list[str]) -> Familiarity:
        """Count the familiar words among a message's words."""
        return Familiarity(len(words), sum(1 for word in words if self.is_familiar(word)))

    def _close_match(self, word: str, edits: int) -> bool:
        # The shorter of the two words sets the allowance: "fnargle" must not match "large".
        for variant in _deletions(word, edits):
            for candidate in self._deletions.get(variant, ()):
                limit = min(edits, allowed_edits(candidate))
                if edit_distance(word, candidate, limit) <= limit:
                    return True
        return False


def _deletions(word: str, depth: int) -> set[str]:
    """The word and every string made from it by deleting up to `depth` letters."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {item[:i] + item[i + 1 :] for item in frontier for i in range(len(item))}
        found |= frontier
    return found


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours is one edit); limit + 1 if above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)

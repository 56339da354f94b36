"""Deterministic red-flag and crisis detector for patient messages."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from bot.safety.normalise import Normaliser, Sentence, count_words, words
from bot.safety.rules import LEVELS, RuleSet, TriggerRule, load_rules

logger = logging.getLogger(__name__)

DEFAULT_RULES_PATH = Path(__file__).resolve().parents[1] / "content" / "safety" / "red_flags.yml"
_MASK = "#"
_SEVERITY = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class SafetyFinding:
    """What the detector recognised in one message."""

    level: str  # "crisis" | "emergency" | "urgent"
    triggers: tuple[str, ...]  # trigger ids, most severe first
    labels: tuple[str, ...]  # plain-language descriptions, in the order of triggers


class SafetyDetector:
    """Finds red flags and crisis talk in a patient message using reviewed patterns."""

    def __init__(self, rules: RuleSet) -> None:
        """Build a detector from compiled rules; prefer from_file()."""
        self._rules = rules
        language = rules.language
        self._normaliser = Normaliser(
            language.spelling, language.clause_words, language.continuation_breakers, language.list_words
        )
        order = {trigger.id: index for index, trigger in enumerate(rules.triggers)}
        self._triggers = tuple(sorted(rules.triggers, key=lambda t: (_SEVERITY[t.level], order[t.id])))

    @classmethod
    def from_file(cls, path: Path | None = None) -> SafetyDetector:
        """Load the rules file (default: bot/content/safety/red_flags.yml) and compile it."""
        return cls(load_rules(path or DEFAULT_RULES_PATH))

    @property
    def triggers(self) -> tuple[TriggerRule, ...]:
        """All triggers, most severe level first."""
        return self._triggers

    def detect(self, text: str) -> SafetyFinding | None:
        """Return the red flags or crisis signs in text, or None; never raises."""
        try:
            return self._detect(text)
        except Exception:  # a safety check must never take the conversation down
            logger.exception(
                "safety detector failed on a message of %s characters",
                len(text) if isinstance(text, str) else "unknown",
            )
            return None

    def _detect(self, text: object) -> SafetyFinding | None:
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        if not isinstance(text, str) or not text.strip():
            return None
        sentences = self._normaliser.sentences(text)
        if not sentences:
            return None
        vocab = [words(s.text) for s in sentences]
        present = set().union(*vocab)
        hits = [
            t
            for t in self._triggers
            if (t.required_words is None or not t.required_words.isdisjoint(present))
            and self._fires(t, sentences, vocab)
        ]
        if not hits:
            return None
        logger.debug("safety triggers: %s", [t.id for t in hits])
        return SafetyFinding(
            level=hits[0].level, triggers=tuple(t.id for t in hits), labels=tuple(t.label for t in hits)
        )

    def _fires(self, trigger: TriggerRule, sentences: list[Sentence], vocab: list[set[str]]) -> bool:
        for sentence, present in zip(sentences, vocab, strict=True):
            for pattern, needed in zip(trigger.patterns, trigger.pattern_words, strict=True):
                if needed is not None and needed.isdisjoint(present):
                    continue  # this pattern cannot match without one of its words
                for match in pattern.finditer(sentence.text):
                    if not self._vetoed(trigger, sentence, match):
                        return True
        return False

    def _vetoed(self, trigger: TriggerRule, sentence: Sentence, match: re.Match[str]) -> bool:
        """Tell whether an idiom, an old event, a negation or a hypothetical cancels a match."""
        text = sentence.text
        start, end = match.span()
        for pattern in trigger.exclude:
            if any(x.start() < end and start < x.end() for x in pattern.finditer(text)):
                return True
        left, right = sentence.clause_bounds(start, end)
        if any(p.search(text, left, right) for p in trigger.exclude_in_clause):
            return True
        return self._negated_before(text[left:end], start - left) or self._negated_after(text[end:right])

    def _negated_before(self, clause: str, start: int) -> bool:
        """Look for a cue that begins before the match (clause[start:]) and reaches it."""
        language = self._rules.language
        masked = language.pseudo_negations.sub(lambda m: _MASK * len(m.group(0)), clause)
        cues = [c for c in language.cues.finditer(masked) if c.start() < start]
        if not cues:
            return False
        reach = min(cues[-1].end(), start)  # a cue may run into the match ("scared of falling")
        between = clause[reach:start]
        return count_words(between) <= language.negation_window and not language.scope_stops.search(
            clause, reach, start
        )

    def _negated_after(self, after: str) -> bool:
        language = self._rules.language
        cue = language.post_cues.search(after)
        if cue is None:
            return False
        between = after[: cue.start()]
        return count_words(between) <= language.post_negation_window and not language.scope_stops.search(between)

"""Measure the whole safety triage (rules + classifier + decision) on labelled message sets.

A set item has `text`, an optional `previous` message and a `level`: emergency, urgent or crisis
(the bot must act), none (a near miss: it must not alarm), or info (a question about warning
signs: it must be answered as information, not with an alarm or a screening question).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.safety.rules import LEVELS
from bot.safety.triage import ALARM, CHECK_IN, NO_ACTION, SCREEN, Triage, Triager

NONE = "none"
INFO = "info"
SET_LEVELS = (*LEVELS, NONE, INFO)
# How an outcome is named in the confusion table: the alarm's level, or the question asked.
OUTCOMES = ("crisis", "emergency", "urgent", "screen", "check_in", NONE)


@dataclass(frozen=True)
class Item:
    """One labelled message of an evaluation set."""

    text: str
    level: str
    previous: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Scored:
    """An item and the triage's decision for it."""

    item: Item
    triage: Triage
    crisis_triggers: bool  # the rules' finding includes a crisis trigger, or the crisis line goes with the alarm

    @property
    def outcome(self) -> str:
        """The alarm level, 'screen', 'check_in' or 'none'."""
        if self.triage.action == ALARM:
            return self.triage.level or NONE
        if self.triage.action == SCREEN:
            return "screen"
        if self.triage.action == CHECK_IN:
            return "check_in"
        return NONE


@dataclass(frozen=True)
class TriageReport:
    """The figures the safety issue asks for, over one set."""

    scored: tuple[Scored, ...]

    def of(self, *levels: str) -> list[Scored]:
        """The scored items labelled with any of `levels`."""
        return [s for s in self.scored if s.item.level in levels]

    @property
    def red_flag_recall(self) -> float:
        """Emergency and urgent messages given an alarm (any level) or a screening question."""
        items = self.of("emergency", "urgent")
        return _share(sum(s.triage.action in (ALARM, SCREEN) for s in items), len(items))

    def recall(self, level: str) -> float:
        """Messages of `level` given an alarm or a question (for crisis: crisis line shown)."""
        items = self.of(level)
        if level == "crisis":
            return _share(sum(self.shows_crisis_line(s) for s in items), len(items))
        return _share(sum(s.triage.action in (ALARM, SCREEN) for s in items), len(items))

    def alarm_recall(self, level: str) -> float:
        """Messages of `level` given a direct alarm (not only a question)."""
        items = self.of(level)
        return _share(sum(s.triage.action == ALARM for s in items), len(items))

    @staticmethod
    def shows_crisis_line(scored: Scored) -> bool:
        """Whether the reply shows the crisis line: a crisis alarm, a check-in, or a crisis trigger."""
        return scored.outcome in ("crisis", "check_in") or scored.crisis_triggers

    @property
    def false_alarm_rate(self) -> float:
        """Near misses given a direct alarm."""
        items = self.of(NONE)
        return _share(sum(s.triage.action == ALARM for s in items), len(items))

    @property
    def screening_rate(self) -> float:
        """Near misses given a screening question or a check-in."""
        items = self.of(NONE)
        return _share(sum(s.triage.action in (SCREEN, CHECK_IN) for s in items), len(items))

    @property
    def info_as_information(self) -> float:
        """Questions about warning signs given neither an alarm nor a question."""
        items = self.of(INFO)
        return _share(sum(s.triage.action == NO_ACTION for s in items), len(items))

    def confusion(self) -> dict[tuple[str, str], int]:
        """Count (label, outcome) pairs."""
        return dict(Counter((s.item.level, s.outcome) for s in self.scored))


def load_items(path: Path) -> list[Item]:
    """Read an evaluation set (`version: 1`, `items:` of text, level, optional previous and kind)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError(f"{path}: expected an 'items' list")
    items = []
    for index, raw in enumerate(data["items"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
            raise ValueError(f"{path}: item {index + 1} needs a non-empty 'text'")
        if raw.get("level") not in SET_LEVELS:
            raise ValueError(f"{path}: item {index + 1}: level must be one of {', '.join(SET_LEVELS)}")
        items.append(Item(raw["text"], raw["level"], str(raw.get("previous") or ""), str(raw.get("kind") or "")))
    return items


def score(triager: Triager, items: Iterable[Item], crisis_trigger_ids: frozenset[str]) -> TriageReport:
    """Run the triage over every item (with its previous message, as the bot would)."""
    scored = []
    for item in items:
        before = triager.triage(item.previous).action if item.previous else NO_ACTION
        triage = triager.triage(item.text, item.previous, previous_action=before)
        triggers = triage.finding.triggers if triage.finding else ()
        crisis_line = triage.with_crisis or any(t in crisis_trigger_ids for t in triggers)
        scored.append(Scored(item, triage, crisis_line))
    return TriageReport(tuple(scored))


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def as_items(texts: Sequence[tuple[str, str, str]]) -> list[Item]:
    """Items from (text, level, previous) triples, e.g. the corpus's development split."""
    return [Item(text, level, previous) for text, level, previous in texts]

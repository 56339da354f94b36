"""Measure the detector on labelled message sets (used by tests and scripts/safety_report.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.safety.detector import SafetyDetector, SafetyFinding
from bot.safety.rules import LEVELS

NONE = "none"
"""How "no finding" is written in the confusion table."""


@dataclass(frozen=True)
class Case:
    """One labelled message: level is None for an ordinary message."""

    text: str
    level: str | None
    kind: str | None = None


@dataclass(frozen=True)
class Outcome:
    """A case and what the detector found."""

    case: Case
    finding: SafetyFinding | None

    @property
    def found(self) -> str:
        """The detected level, or "none"."""
        return self.finding.level if self.finding else NONE


@dataclass(frozen=True)
class Evaluation:
    """Recall, false alarms and level confusion over a red-flag set and an ordinary set."""

    red_flags: tuple[Outcome, ...]
    ordinary: tuple[Outcome, ...]

    @property
    def recall(self) -> float:
        """Share of red-flag messages given any finding."""
        return _share(sum(o.finding is not None for o in self.red_flags), len(self.red_flags))

    @property
    def level_accuracy(self) -> float:
        """Share of red-flag messages given exactly the expected level."""
        return _share(sum(o.found == o.case.level for o in self.red_flags), len(self.red_flags))

    @property
    def false_alarm_rate(self) -> float:
        """Share of ordinary messages given a finding."""
        return _share(len(self.false_alarms), len(self.ordinary))

    @property
    def misses(self) -> tuple[Outcome, ...]:
        """Red-flag messages with no finding."""
        return tuple(o for o in self.red_flags if o.finding is None)

    @property
    def wrong_level(self) -> tuple[Outcome, ...]:
        """Red-flag messages found at a different level than expected."""
        return tuple(o for o in self.red_flags if o.finding is not None and o.found != o.case.level)

    @property
    def false_alarms(self) -> tuple[Outcome, ...]:
        """Ordinary messages that were given a finding."""
        return tuple(o for o in self.ordinary if o.finding is not None)

    def confusion(self) -> dict[tuple[str, str], int]:
        """Count (expected level, detected level) pairs over both sets."""
        counts = Counter((o.case.level or NONE, o.found) for o in self.red_flags + self.ordinary)
        return dict(counts)


def load_cases(path: Path, labelled: bool) -> list[Case]:
    """Read a message set; labelled=True requires a valid level on every case."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("cases"), list):
        raise ValueError(f"{path}: expected 'version: 1' and a 'cases' list")
    cases = []
    for index, item in enumerate(data["cases"]):
        text = item.get("text") if isinstance(item, dict) else None
        level = item.get("level") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{path}: case {index} needs a non-empty 'text'")
        if labelled and level not in LEVELS:
            raise ValueError(f"{path}: case {index} needs a level in {list(LEVELS)}")
        if not labelled and level is not None:
            raise ValueError(f"{path}: case {index} is ordinary and must not have a level")
        cases.append(Case(text=text, level=level, kind=item.get("kind")))
    return cases


def evaluate(detector: SafetyDetector, red_flags: Sequence[Case], ordinary: Sequence[Case]) -> Evaluation:
    """Run the detector over both sets."""
    return Evaluation(
        red_flags=tuple(Outcome(c, detector.detect(c.text)) for c in red_flags),
        ordinary=tuple(Outcome(c, detector.detect(c.text)) for c in ordinary),
    )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0

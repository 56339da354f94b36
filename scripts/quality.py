"""The maintainers' quality thresholds, read from quality.yml at the project root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUALITY_FILE = ROOT / "quality.yml"

_FRACTIONS = (
    "min_intent_accuracy",
    "min_macro_f1",
    "min_conversation_accuracy",
    "min_answer_right",
    "max_answer_wrong",
    "max_answer_unsure",
    "min_follow_up_right",
)
_OPTIONAL_FRACTIONS = ("min_intent_f1",)
_KEYS = frozenset({*_FRACTIONS, *_OPTIONAL_FRACTIONS, "content_max_age_days"})


class QualityFileError(ValueError):
    """quality.yml is missing, has an unknown key or a value out of range."""


@dataclass(frozen=True)
class Quality:
    """Minimum (and maximum) figures for `make evaluate` and the review age for `make content-report`."""

    min_intent_accuracy: float
    min_macro_f1: float
    min_conversation_accuracy: float
    min_intent_f1: float | None
    content_max_age_days: int
    # The blind answer set (scripts/answer_eval.py), the gate of `make evaluate`.
    min_answer_right: float
    max_answer_wrong: float
    max_answer_unsure: float
    min_follow_up_right: float


def load_quality(path: Path = QUALITY_FILE) -> Quality:
    """Read and check the thresholds file; raise QualityFileError naming the file and key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise QualityFileError(f"{path}: cannot read thresholds: {error}") from error
    if not isinstance(data, dict):
        raise QualityFileError(f"{path}: expected a mapping of threshold names to values")
    unknown, missing = set(data) - _KEYS, _KEYS - set(data)
    if unknown or missing:
        raise QualityFileError(f"{path}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    age = data["content_max_age_days"]
    if not isinstance(age, int) or isinstance(age, bool) or age < 1:
        raise QualityFileError(f"{path}: content_max_age_days must be a whole number of days >= 1, got {age!r}")
    optional = data["min_intent_f1"]
    return Quality(
        min_intent_accuracy=_fraction(data, "min_intent_accuracy", path),
        min_macro_f1=_fraction(data, "min_macro_f1", path),
        min_conversation_accuracy=_fraction(data, "min_conversation_accuracy", path),
        min_intent_f1=None if optional is None else _fraction(data, "min_intent_f1", path),
        content_max_age_days=age,
        min_answer_right=_fraction(data, "min_answer_right", path),
        max_answer_wrong=_fraction(data, "max_answer_wrong", path),
        max_answer_unsure=_fraction(data, "max_answer_unsure", path),
        min_follow_up_right=_fraction(data, "min_follow_up_right", path),
    )


def _fraction(data: dict[str, Any], key: str, path: Path) -> float:
    value = data[key]
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
        raise QualityFileError(f"{path}: {key} must be a number from 0 to 1, got {value!r}")
    return float(value)

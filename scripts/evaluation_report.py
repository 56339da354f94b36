"""Summary, threshold check and comparison for `make evaluate`, built from Rasa's report files.

Plain functions on dicts (no Rasa import), so they are tested on small fabricated reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml

from scripts.quality import Quality

# Keys of Rasa's intent_report.json that are averages, not intents.
AGGREGATES = frozenset({"accuracy", "macro avg", "weighted avg", "micro avg"})
# An intent's F1 change is worth printing from this size (one miss in five examples moves it ~0.1).
F1_CHANGE = 0.02
# Headline figures compared between runs: (printed name, summary key).
HEADLINES = (
    ("intent accuracy", "accuracy"),
    ("macro F1", "macro_f1"),
    ("conversation accuracy", "conversation_accuracy"),
)
_REPORT_DIR = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")
_EPSILON = 1e-9


def intent_scores(intent_report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per intent from Rasa's intent_report.json."""
    return {
        name: {
            "precision": float(scores["precision"]),
            "recall": float(scores["recall"]),
            "f1": float(scores["f1-score"]),
            "support": int(scores["support"]),
        }
        for name, scores in sorted(intent_report.items())
        if name not in AGGREGATES and isinstance(scores, dict) and "f1-score" in scores
    }


def runtime_split(errors: list[dict[str, Any]], successes: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """How the held-out messages fare at run time: right answer, asked to rephrase, wrong answer.

    Rasa's report undoes fallback predictions; at run time a message below the FallbackClassifier
    threshold gets the "please rephrase" reply instead of an answer.
    """
    right = sum(1 for s in successes if s["intent_prediction"]["confidence"] >= threshold)
    wrong = sum(1 for e in errors if e["intent_prediction"]["confidence"] >= threshold)
    rephrase = len(successes) + len(errors) - right - wrong
    return {"fallback_threshold": threshold, "right": right, "rephrase": rephrase, "wrong": wrong}


def conversation_summary(story_report: dict[str, Any], failed: list[str]) -> dict[str, Any]:
    """Correct and total conversation tests from Rasa's story_report.json, with the failed names."""
    level = story_report["conversation_accuracy"]
    return {
        "accuracy": float(level["accuracy"]),
        "correct": int(level["correct"]),
        "total": int(level["total"]),
        "failed": failed,
    }


def failed_story_names(path: Path) -> list[str]:
    """Names of the stories in Rasa's failed_test_stories.yml (none if the file is absent)."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [str(story.get("story", "?")) for story in data.get("stories") or []]


def build_summary(
    *,
    intent_report: dict[str, Any],
    errors: list[dict[str, Any]],
    successes: list[dict[str, Any]],
    fallback_threshold: float,
    conversations: dict[str, Any] | None,
    sources: dict[str, str | None],
    created: dt.datetime,
) -> dict[str, Any]:
    """The figures saved as summary.json (and latest.json) and compared between runs."""
    return {
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        **sources,
        "messages": len(errors) + len(successes),
        "accuracy": float(intent_report["accuracy"]),
        "macro_f1": float(intent_report["macro avg"]["f1-score"]),
        "misclassified": len(errors),
        "intents": intent_scores(intent_report),
        "runtime": runtime_split(errors, successes, fallback_threshold),
        "conversation_accuracy": conversations["accuracy"] if conversations else None,
        "conversations": conversations,
    }


def check_thresholds(summary: dict[str, Any], quality: Quality) -> list[str]:
    """One line per threshold of quality.yml that the summary does not meet (empty: all met)."""
    failures = []
    if summary["accuracy"] < quality.min_intent_accuracy - _EPSILON:
        failures.append(
            f"intent accuracy {summary['accuracy']:.3f} is below min_intent_accuracy {quality.min_intent_accuracy:.2f}"
        )
    if summary["macro_f1"] < quality.min_macro_f1 - _EPSILON:
        failures.append(f"macro F1 {summary['macro_f1']:.3f} is below min_macro_f1 {quality.min_macro_f1:.2f}")
    conversations = summary.get("conversations")
    if conversations and conversations["accuracy"] < quality.min_conversation_accuracy - _EPSILON:
        failures.append(
            f"conversation accuracy {conversations['accuracy']:.3f} ({conversations['correct']}/"
            f"{conversations['total']}) is below min_conversation_accuracy {quality.min_conversation_accuracy:.2f}"
        )
    if quality.min_intent_f1 is not None:
        for intent, scores in summary["intents"].items():
            if scores["f1"] < quality.min_intent_f1 - _EPSILON:
                failures.append(f"{intent} F1 {scores['f1']:.2f} is below min_intent_f1 {quality.min_intent_f1:.2f}")
    return failures


def compare(previous: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What changed since the previous summary: headline deltas, then intents whose F1 moved >= 0.02."""
    lines = [
        f"{label} {previous[key]:.3f} → {current[key]:.3f} ({current[key] - previous[key]:+.3f})"
        for label, key in HEADLINES
        if previous.get(key) is not None and current.get(key) is not None
    ]
    before, after = previous.get("intents") or {}, current["intents"]
    changed = sorted(
        (after[name]["f1"] - before[name]["f1"], name)
        for name in set(before) & set(after)
        if abs(after[name]["f1"] - before[name]["f1"]) >= F1_CHANGE - _EPSILON
    )
    lines += [f"{name} F1 {before[name]['f1']:.2f} → {after[name]['f1']:.2f}" for _, name in changed]
    added, removed = sorted(set(after) - set(before)), sorted(set(before) - set(after))
    lines += [f"{name} new in the held-out set, F1 {after[name]['f1']:.2f}" for name in added]
    lines += [f"{name} no longer in the held-out set" for name in removed]
    if not changed:
        lines.append(f"no intent's F1 changed by {F1_CHANGE} or more")
    if previous.get("model_sha256") and current.get("model_sha256"):
        same = previous["model_sha256"] == current["model_sha256"]
        lines.append(f"note: {'the same model file as then' if same else 'the model has been retrained since then'}")
    if previous.get("heldout_sha256") and previous.get("heldout_sha256") != current.get("heldout_sha256"):
        lines.append("note: the held-out file has changed since then, so the figures are not like for like")
    return lines


def misclassified_text(errors: list[dict[str, Any]]) -> str:
    """Tab-separated text, expected, predicted and confidence of every misclassified message."""
    rows = ["text\texpected\tpredicted\tconfidence"]
    for error in sorted(errors, key=lambda e: (e["intent"], e["text"])):
        prediction = error["intent_prediction"]
        text = " ".join(str(error["text"]).split())
        rows.append(f"{text}\t{error['intent']}\t{prediction['name']}\t{prediction['confidence']:.2f}")
    return "\n".join(rows) + "\n"


def new_report_dir(root: Path, now: dt.datetime) -> Path:
    """Create root/<UTC timestamp>/ (with a -N suffix if a run in the same second made one)."""
    name = now.strftime("%Y%m%dT%H%M%SZ")
    candidate, number = root / name, 1
    while candidate.exists():
        number += 1
        candidate = root / f"{name}-{number}"
    candidate.mkdir(parents=True)
    return candidate


def previous_report(root: Path, current: Path) -> tuple[str, dict[str, Any]] | None:
    """Name and summary of the newest earlier report folder under root that has a summary.json."""
    earlier = sorted(
        (
            path
            for path in root.iterdir()
            if path.is_dir() and _REPORT_DIR.match(path.name) and _report_order(path) < _report_order(current)
        ),
        key=_report_order,
    )
    for path in reversed(earlier):
        summary = path / "summary.json"
        if summary.exists():
            return path.name, json.loads(summary.read_text(encoding="utf-8"))
    return None


def _report_order(path: Path) -> tuple[str, int]:
    stamp, _, number = path.name.partition("-")
    return stamp, int(number or 1)


def file_digest(path: Path) -> str:
    """SHA-256 of a file, to tell whether two reports used the same model or held-out set."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_json(path: Path, data: Any) -> None:
    """Write indented JSON with a final newline."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

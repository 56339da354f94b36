"""scripts/safety_report.py: a blind batch's errors are never printed, the development sets' are on request."""

from __future__ import annotations

import argparse

from bot.safety.triage import NOTHING
from bot.safety.triage_evaluation import Item, Scored, TriageReport
from scripts import safety_report


def missed() -> TriageReport:
    return TriageReport([Scored(Item("both my legs went numb an hour ago", "emergency"), NOTHING, False)])


def test_the_blind_batch_errors_are_never_printed(capsys):
    safety_report._section("blind batch b.yml", missed(), argparse.Namespace(show_errors=True))
    out = capsys.readouterr().out
    assert "both my legs" not in out and "never printed" in out


def test_the_development_errors_are_printed_on_request(capsys):
    safety_report._section("development", missed(), argparse.Namespace(show_errors=True))
    assert "both my legs" in capsys.readouterr().out

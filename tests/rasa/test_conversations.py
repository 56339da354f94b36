"""Rasa's own conversation tests (tests/conversations/test_*.yml) against the trained model."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from plugins.server import command as rasa_command

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "back_pain.tar.gz"

pytestmark = pytest.mark.rasa


def test_conversation_stories_pass(tmp_path):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    result = subprocess.run(
        rasa_command(
            "test", "core",
            "--model", str(MODEL),
            "--stories", str(ROOT / "tests" / "conversations"),
            "--fail-on-prediction-errors",
            "--out", str(tmp_path),
        ),
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else result.stdout[-3000:] + result.stderr[-3000:]
    assert result.returncode == 0, details

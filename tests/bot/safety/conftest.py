"""Fixtures shared by the safety tests."""

from __future__ import annotations

import pytest

from bot.safety import SafetyDetector
from tests.bot.safety.support import shipped_detector


@pytest.fixture(scope="module")
def detector() -> SafetyDetector:
    """The detector with the shipped rules: compiled once, as in production."""
    return shipped_detector()

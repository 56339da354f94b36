"""Shared fixtures: the real action server and Rasa server (REST channel and widget files), started once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plugins.server import quiet_known_warnings
from scripts.harness import FakeRegistry
from scripts.stack import MODEL, Stack

# The known deprecation warnings of Rasa's dependencies, hidden as under `make run`; here, before
# any test module or lower conftest imports Rasa.
quiet_known_warnings()


def pytest_configure(config: pytest.Config) -> None:
    # Registered here rather than in pyproject.toml: editing that file makes `make` reinstall .venv.
    config.addinivalue_line("markers", "slow: trains a model of its own (minutes); deselect with -m 'not slow'")


@pytest.fixture(scope="session")
def registry() -> Iterator[FakeRegistry]:
    """A local ClinicalTrials.gov stand-in: tests never call the real registry."""
    fake = FakeRegistry().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, registry: FakeRegistry) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    running = Stack(tmp_path_factory.mktemp("stack"))
    running.env["CTGOV_API_URL"] = registry.url
    # Every test talks from 127.0.0.1: a per-client limit would make later tests depend on
    # earlier ones. The limits have their own stack in tests/e2e/test_production.py.
    running.env["RATE_LIMIT_PER_CLIENT"] = "0"
    try:
        yield running.start()
    finally:
        running.stop()

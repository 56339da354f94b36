"""Shared fixtures: the real action server and Rasa server (REST channel and widget files), started once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scripts.stack import MODEL, Stack


def pytest_configure(config: pytest.Config) -> None:
    # Registered here rather than in pyproject.toml: editing that file makes `make` reinstall .venv.
    config.addinivalue_line("markers", "slow: trains a model of its own (minutes); deselect with -m 'not slow'")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    running = Stack(tmp_path_factory.mktemp("stack"))
    try:
        yield running.start()
    finally:
        running.stop()

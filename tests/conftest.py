"""Shared fixtures: the real action server and Rasa server (REST channel and widget files), started once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scripts.stack import MODEL, Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    running = Stack(tmp_path_factory.mktemp("stack"))
    try:
        yield running.start()
    finally:
        running.stop()

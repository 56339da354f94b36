"""Fixtures shared by the tests of the Rasa-side plugins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig

# The Rasa methods plugins/speedups.py replaces, as (class, attribute).
PATCHED = (
    (RemoteAction, "_validate_action_result"),
    (EndpointConfig, "session"),
    (Event, "resolve_by_type"),
    (RulePolicy, "_get_possible_keys"),
    (DaskGraphRunner, "run"),
)


def rasa_methods() -> dict[tuple[type, str], Any]:
    """The methods as the classes hold them now (a staticmethod stays a staticmethod)."""
    return {(cls, name): cls.__dict__[name] for cls, name in PATCHED}


@pytest.fixture
def original() -> Iterator[Callable[..., Any]]:
    """Rasa's action-response validator as it was; every replaced method is put back after the test."""
    saved = rasa_methods()
    yield saved[(RemoteAction, "_validate_action_result")]
    for (cls, name), method in saved.items():
        setattr(cls, name, method)

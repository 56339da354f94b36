"""The server entry point: pinned Rasa only, speed-ups on unless RASA_SPEEDUPS=0, quiet, a drop-in for `rasa`."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from rasa.core import channels
from rasa.core.channels.console import CmdlineInput

from plugins import server, speedups
from plugins.patient_channel import PatientShellInput
from tests.plugins.conftest import PATCHED, rasa_methods

ROOT = Path(__file__).resolve().parents[2]
REPLACEMENTS = {
    "_validate_action_result": speedups.validate_action_result,
    "session": speedups.shared_session,
    "resolve_by_type": speedups.resolve_by_type,
    "_get_possible_keys": speedups.possible_keys,
    "run": speedups.run_graph,
}


def replaced(cls: type, name: str) -> bool:
    method = cls.__dict__[name]
    return getattr(method, "__func__", method) is REPLACEMENTS[name]


def test_a_wrong_rasa_version_is_refused_with_the_reason_before_anything_is_installed(monkeypatch, original):
    monkeypatch.setattr(server, "installed_rasa_version", lambda: "3.6.20")
    monkeypatch.setattr("rasa.__main__.main", lambda: pytest.fail("Rasa must not be started"))
    before = rasa_methods()
    with pytest.raises(SystemExit) as refused:
        server.main(["run", "--model", "models/back_pain.tar.gz"])
    message = str(refused.value.code)
    assert "needs Rasa 3.6.21 exactly, found Rasa 3.6.20" in message and "make install" in message
    assert rasa_methods() == before


def test_the_pinned_version_is_accepted_and_is_the_one_installed():
    server.check_rasa_version("3.6.21")
    assert server.installed_rasa_version() == server.REQUIRED_RASA
    with pytest.raises(server.WrongRasaVersion):
        server.check_rasa_version("3.6.210")


@pytest.mark.parametrize("value", ["0", "false", " OFF "])
def test_rasa_speedups_0_leaves_rasas_methods_untouched(original, value):
    before = rasa_methods()
    assert not any(replaced(cls, name) for cls, name in PATCHED)
    server.prepare(["run", "--model", "models/back_pain.tar.gz"], {"RASA_SPEEDUPS": value})
    assert rasa_methods() == before
    assert not speedups.installed()


@pytest.mark.parametrize("environ", [{}, {"RASA_SPEEDUPS": "1"}])
def test_by_default_the_speedups_are_installed(original, environ):
    server.prepare(["run", "--model", "models/back_pain.tar.gz"], environ)
    assert all(replaced(cls, name) for cls, name in PATCHED)
    assert speedups.installed()


@pytest.mark.parametrize(
    ("arguments", "wanted"),
    [
        (["run"], True),
        (["shell", "--debug"], True),
        (["test", "nlu"], True),
        (["interactive"], True),
        (["run", "actions", "--port", "5055"], False),  # the action server loads no model
        (["train"], False),
        (["data", "validate"], False),
        ([], False),
    ],
)
def test_the_speedups_go_where_a_model_is_loaded(arguments, wanted):
    assert server.speedups_wanted(arguments, {}) is wanted


def test_the_shell_talks_through_the_patient_channel(monkeypatch, original):
    monkeypatch.setitem(channels.BUILTIN_CHANNELS, "cmdline", CmdlineInput)
    server.prepare(["shell", "nlu"], {"RASA_SPEEDUPS": "0"})
    assert channels.BUILTIN_CHANNELS["cmdline"] is CmdlineInput  # NLU only: no channel at all
    server.prepare(["shell", "--model", "models/back_pain.tar.gz"], {"RASA_SPEEDUPS": "0"})
    assert channels.BUILTIN_CHANNELS["cmdline"] is PatientShellInput


def test_known_dependency_warnings_are_hidden_and_others_still_show(monkeypatch):
    monkeypatch.delenv("SQLALCHEMY_SILENCE_UBER_WARNING", raising=False)
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        server.quiet_known_warnings()
        hidden = (
            "pkg_resources is deprecated as an API. See https://setuptools.pypa.io",
            "Deprecated call to `pkg_resources.declare_namespace('ruamel')`.",
            "jax.xla_computation is deprecated. Please use the AOT APIs.",
        )
        for message in hidden:
            warnings.warn(message, DeprecationWarning, stacklevel=1)
        warnings.warn("'parseString' deprecated - use 'parse_string'", DeprecationWarning, stacklevel=1)
        warnings.warn("some other deprecation", DeprecationWarning, stacklevel=1)
        warnings.warn("a user warning", UserWarning, stacklevel=1)
    assert [str(warning.message) for warning in shown] == ["some other deprecation", "a user warning"]
    assert os.environ["SQLALCHEMY_SILENCE_UBER_WARNING"] == "1"
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "2"  # as Rasa sets it, before the speed-ups import TensorFlow


def test_the_known_warnings_stay_hidden_after_rasa_shows_every_user_warning_once():
    from pyparsing.warnings import PyparsingDeprecationWarning
    from rasa.utils.common import _filter_warnings

    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        server.quiet_known_warnings()
        _filter_warnings(log_level=logging.INFO)  # what Rasa's command line does when it starts
        warnings.warn("'parseString' deprecated - use 'parse_string'", PyparsingDeprecationWarning, stacklevel=1)
        warnings.warn("a user warning", UserWarning, stacklevel=1)
    assert [str(warning.message) for warning in shown] == ["a user warning"]


def test_it_hands_over_to_rasas_command_line():
    result = subprocess.run(
        server.command("--version"), cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    assert result.returncode == 0, result.stderr
    assert "Rasa Version      :         3.6.21" in result.stdout
    assert "Warning" not in result.stderr
    assert server.command("run")[:3] == [sys.executable, "-m", "plugins.server"]

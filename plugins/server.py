"""The one way this project starts Rasa: `python -m plugins.server <rasa command> [options]`.

A drop-in for the `rasa` command line (same commands, same options, same exit codes) that first
- refuses any Rasa but the pinned 3.6.21: the speed-ups replace internals of that version;
- hides the known deprecation warnings of Rasa's dependencies, so that the output is readable;
- installs the speed-ups of `plugins/speedups.py` for the commands that load a model (`run`,
  `shell`, `test`, `interactive`; not `run actions`, `train` or `data`), unless the environment
  says `RASA_SPEEDUPS=0`;
- for `shell`, reads the terminal through the patient channel (`plugins/patient_channel.py`), so
  typed messages get the same intake, limits and redaction as over REST;
and then hands over to Rasa's own command line. Nothing is installed when this module is imported.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
import warnings
from collections.abc import Mapping, Sequence

REQUIRED_RASA = "3.6.21"
SPEEDUPS_ENV = "RASA_SPEEDUPS"
_OFF = frozenset({"0", "false", "no", "off"})
# Rasa commands that load a model and so run the code the speed-ups replace.
_MODEL_COMMANDS = frozenset({"run", "shell", "test", "interactive"})
# Deprecation warnings that Rasa 3.6's dependencies raise, none of them ours to fix: the start of
# the message as a regular expression (all are DeprecationWarnings, some UserWarnings as well).
KNOWN_WARNINGS: tuple[str, ...] = (
    r"pkg_resources is deprecated as an API",  # apscheduler
    r"Deprecated call to `pkg_resources\.declare_namespace",  # mpl_toolkits, ruamel
    r"jax\.xla_computation is deprecated",  # tensorflow.lite
    r"'\w+' deprecated - use '\w+'",  # pyparsing 3.3's renamed methods, called by matplotlib 3.5
    r"distutils Version classes are deprecated",  # sanic_cors
    r"Calling URL\(\) directly is deprecated",  # SQLAlchemy 1.4, called by Rasa's SQL tracker store
)
# SQLAlchemy's "Deprecated API features detected" notice (Rasa's tracker store uses the 1.4 API).
QUIET_ENVIRONMENT = {"SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


class WrongRasaVersion(SystemExit):
    """Rasa is not the pinned version: refuse to start rather than patch code we have not read."""


def command(*arguments: str) -> list[str]:
    """The command line that runs `rasa <arguments>` through this entry point, in this Python."""
    return [sys.executable, "-m", "plugins.server", *arguments]


def installed_rasa_version() -> str:
    """The version of the installed `rasa` distribution."""
    return importlib.metadata.version("rasa")


def check_rasa_version(found: str | None = None) -> None:
    """Raise WrongRasaVersion (a SystemExit with the reason) unless Rasa is exactly the pinned version."""
    found = found if found is not None else installed_rasa_version()
    if found != REQUIRED_RASA:
        raise WrongRasaVersion(
            f"This project needs Rasa {REQUIRED_RASA} exactly, found Rasa {found}: plugins/speedups.py "
            f"replaces parts of Rasa {REQUIRED_RASA}'s code, and models trained by another version are refused. "
            f"Install the pinned version (`make install`, or pip install rasa=={REQUIRED_RASA})."
        )


def speedups_wanted(arguments: Sequence[str], environ: Mapping[str, str]) -> bool:
    """True for a command that loads a model, unless RASA_SPEEDUPS is 0, false, no or off."""
    if environ.get(SPEEDUPS_ENV, "1").strip().lower() in _OFF:
        return False
    return bool(arguments) and arguments[0] in _MODEL_COMMANDS and list(arguments[:2]) != ["run", "actions"]


def is_shell(arguments: Sequence[str]) -> bool:
    """`rasa shell`, the whole assistant in the terminal (not `rasa shell nlu`)."""
    return bool(arguments) and arguments[0] == "shell" and (len(arguments) < 2 or arguments[1] != "nlu")


def quiet_known_warnings() -> None:
    """Ignore the known deprecation warnings of Rasa's dependencies (every other warning still shows)."""
    for name, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    # Sanic asks, when imported, to show every DeprecationWarning once; a filter added later wins.
    import sanic  # noqa: F401

    for message in KNOWN_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=DeprecationWarning)
    # Rasa's command line then shows every UserWarning once (pyparsing's warnings are both kinds),
    # and after that ignores the dependency warnings it expects: ours join that list. TensorFlow's
    # start-up log is quietened as Rasa does it, since the speed-ups import TensorFlow first.
    from rasa.utils.common import EXPECTED_WARNINGS, update_tensorflow_log_level

    update_tensorflow_log_level()

    for message in KNOWN_WARNINGS:
        if (DeprecationWarning, message) not in EXPECTED_WARNINGS:
            EXPECTED_WARNINGS.append((DeprecationWarning, message))


def prepare(arguments: Sequence[str], environ: Mapping[str, str] | None = None) -> None:
    """Check the Rasa version, quieten known warnings, install what the command needs."""
    environ = os.environ if environ is None else environ
    check_rasa_version()
    quiet_known_warnings()
    if speedups_wanted(arguments, environ):
        from plugins import speedups

        speedups.install()
    if is_shell(arguments):
        from rasa.core import channels

        from plugins.patient_channel import PatientShellInput

        # `rasa shell` always builds its "cmdline" channel; this one is the patient channel.
        channels.BUILTIN_CHANNELS["cmdline"] = PatientShellInput


def main(arguments: Sequence[str] | None = None) -> None:
    """Prepare, then run Rasa's command line with `arguments` (default: this process's)."""
    arguments = list(sys.argv[1:] if arguments is None else arguments)
    prepare(arguments)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *arguments]
    rasa_main()


if __name__ == "__main__":
    main()

"""Keep what patients type out of the servers' logs, at every log level.

Rasa and rasa-sdk log user text in three ways, and each is closed here:

* Structured (structlog) events carry it under known keys: `parse_data_text` of
  `processor.message.parse`, `user_text` of `message.parsing.failed`, the states and events
  of the dialogue policies, and more (Rasa lists them in `rasa/utils/log_utils.py`, for its
  paid anonymisation plug-in). A processor put first in structlog's chain withholds them.
* Python warnings quote the message: "Failed to parse arguments in line '/greet{...} ...'"
  (`rasa.shared.utils.io.raise_warning` from the story reader that unpacks "/" messages).
  They are reworded without the quote.
* Plain log records: a few Rasa and rasa-sdk messages print slots, events or NLG bodies; they
  are reworded. And an exception's message may hold anything (a failed action's reply from
  the action server holds the whole conversation), so tracebacks keep their frames and
  exception types but not the messages.

`install()` is called when the servers start: by the REST channel in Rasa, and by the actions
package in the action server. It is idempotent.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
import warnings
from collections.abc import Callable, MutableMapping
from typing import Any

WITHHELD = "[withheld: may hold patient text]"
# Keys of Rasa's structured log events that can hold what a patient wrote or what was derived
# from it: Rasa's own list (rasa/utils/log_utils.py, `_anonymizer`), which covers every such
# key Rasa 3.6.21 logs (checked by tests/plugins/test_log_privacy.py), plus the `text` of
# the channels and `event_info` of the event brokers.
STRUCTLOG_TEXT_KEYS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
        "event_info",
    }
)
# Plain messages that quote patient text, slots or events, and what is logged instead.
_QUOTING = (
    (
        re.compile(r"Failed to parse arguments in line '.*", re.DOTALL),
        "Failed to parse arguments in a message starting with '/' (" + WITHHELD + ").",
    ),
    (re.compile(r"Validating extracted slots: .*", re.DOTALL), "Validating extracted slots (" + WITHHELD + ")."),
    (re.compile(r"Contents of ignored event: .*", re.DOTALL), "Contents of ignored event " + WITHHELD + "."),
    (re.compile(r"Received NLG response: .*", re.DOTALL), "Received NLG response " + WITHHELD + "."),
    (re.compile(r"The request body is .*", re.DOTALL), "The request body is " + WITHHELD + "."),
)
_QUOTING_MARKERS = ("Failed to parse arguments", "extracted slots", "ignored event", "NLG")

_state: dict[str, Any] = {}


def scrub_event(_logger: Any, method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """A structlog processor: withhold the values of keys that can hold patient text, and tracebacks."""
    for key in STRUCTLOG_TEXT_KEYS.intersection(event_dict):
        event_dict[key] = WITHHELD
    if event_dict.get("exc_info") or method == "exception":
        error = _exception_of(event_dict.get("exc_info", True))
        # False, not removed: structlog's later `set_exc_info` would put the full traceback back.
        event_dict["exc_info"] = False
        event_dict["exception"] = exception_text(error) if error is not None else WITHHELD
    return event_dict


def _exception_of(exc_info: Any) -> BaseException | None:
    if isinstance(exc_info, BaseException):
        return exc_info
    if isinstance(exc_info, tuple) and len(exc_info) == 3 and isinstance(exc_info[1], BaseException):
        return exc_info[1]
    return sys.exc_info()[1]


def reword(message: str) -> str:
    """The message, or a rewording without the quoted text if it is one that quotes patient text."""
    if not any(marker in message for marker in _QUOTING_MARKERS):
        return message
    for pattern, replacement in _QUOTING:
        message = pattern.sub(replacement, message)
    return message


def exception_text(error: BaseException) -> str:
    """A traceback with its frames and exception types, each exception's message withheld."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    parts = []
    for item in reversed(chain):
        frames = "".join(traceback.format_tb(item.__traceback__))
        kind = type(item)
        parts.append(f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}: {WITHHELD}")
    return "\n\nWhich led to:\n\n".join(parts)


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Reword a log record that quotes patient text; withhold exception messages."""
    if isinstance(record.msg, str) and any(marker in record.msg for marker in _QUOTING_MARKERS):
        message = record.getMessage()
        reworded = reword(message)
        if reworded != message:
            record.msg, record.args = reworded, ()
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = exception_text(record.exc_info[1])
    return record


def install() -> None:
    """Scrub structlog events, warnings and every log record from now on (idempotent)."""
    if _state.get("installed"):
        return
    _install_structlog()
    previous_factory = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub_record(previous_factory(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    previous_showwarning = warnings.showwarning

    def showwarning(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: Any = None,
        line: str | None = None,
    ) -> None:
        text = str(message)
        reworded = reword(text)
        if reworded != text:
            message = category(reworded)
        previous_showwarning(message, category, filename, lineno, file, line)

    warnings.showwarning = showwarning
    _state.update(installed=True, factory=previous_factory, showwarning=previous_showwarning)


def uninstall() -> None:
    """Undo `install` (for tests)."""
    if not _state.pop("installed", False):
        return
    logging.setLogRecordFactory(_state.pop("factory"))
    warnings.showwarning = _state.pop("showwarning")
    processors = _structlog_processors()
    if processors is not None and scrub_event in processors:
        processors.remove(scrub_event)


def _install_structlog() -> None:
    # Changed in place: Rasa's module-level loggers keep (and cache) this very list, so a
    # new list given to `structlog.configure` would not reach the loggers already in use.
    processors = _structlog_processors()
    if processors is not None and scrub_event not in processors:
        processors.insert(0, scrub_event)


def _structlog_processors() -> list[Callable[..., Any]] | None:
    try:
        import structlog
    except ImportError:  # the action server may run without it
        return None
    processors = structlog.get_config()["processors"]
    return processors if isinstance(processors, list) else None


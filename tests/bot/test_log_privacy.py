"""Log records, warnings and structured events never carry what the patient wrote."""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator

import pytest
import structlog

from bot import log_privacy
from bot.log_privacy import WITHHELD, exception_text, reword, scrub_event

MARKER = "zorblaxmarker"


@pytest.fixture()
def installed() -> Iterator[None]:
    was_installed = log_privacy._state.get("installed", False)
    log_privacy.uninstall()
    log_privacy.install()
    try:
        yield
    finally:
        log_privacy.uninstall()
        if was_installed:
            log_privacy.install()


def test_structlog_events_keep_their_name_and_counts_but_not_the_text():
    event = {
        "event": "processor.message.parse",
        "parse_data_text": f"/greet {MARKER}",
        "parse_data_intent": {"name": "greet"},
        "parse_data_entities": [{"value": MARKER}],
        "user_text": MARKER,
        "rasa_events": [f"UserUttered({MARKER})"],
        "len_extraction_events": 2,
    }
    scrubbed = scrub_event(None, "debug", dict(event))
    assert MARKER not in repr(scrubbed)
    assert scrubbed["event"] == "processor.message.parse"
    assert scrubbed["parse_data_intent"] == {"name": "greet"} and scrubbed["len_extraction_events"] == 2


def test_structlog_tracebacks_lose_the_exception_message():
    try:
        raise ValueError(MARKER)
    except ValueError as error:
        scrubbed = scrub_event(None, "error", {"event": "x", "exc_info": error})
        via_exception = scrub_event(None, "exception", {"event": "x"})
    for event in (scrubbed, via_exception):
        assert event["exc_info"] is False
        assert "ValueError" in event["exception"] and MARKER not in event["exception"]


@pytest.mark.parametrize(
    "message",
    [
        f"Failed to parse arguments in line '/greet{{\"a\":1}} {MARKER}'. Failed to interpret some parts.",
        f"Failed to parse arguments in line '/zorb {MARKER}'. Expected the intent to be one of [['a']] but found x.",
        f"Validating extracted slots: {{'place': '{MARKER}'}}",
        f"Contents of ignored event: '{{'text': '{MARKER}'}}'",
        f"Received NLG response: {{\"text\": \"{MARKER}\"}}",
    ],
)
def test_messages_that_quote_text_are_reworded(message):
    reworded = reword(message)
    assert MARKER not in reworded and WITHHELD in reworded


def test_other_messages_are_left_alone():
    assert reword("Starting a new session for conversation ID 'abc'.") == (
        "Starting a new session for conversation ID 'abc'."
    )


def test_a_traceback_keeps_frames_and_types_of_the_whole_chain():
    try:
        try:
            raise KeyError(MARKER)
        except KeyError as inner:
            raise RuntimeError(f"body='{MARKER}'") from inner
    except RuntimeError as error:
        text = exception_text(error)
    assert MARKER not in text
    assert "KeyError" in text and "RuntimeError" in text and "test_log_privacy.py" in text


def test_once_installed_every_log_record_and_warning_is_scrubbed(installed):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("tests.log_privacy")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logger.debug("Validating extracted slots: %s", {"place": MARKER})
        try:
            raise RuntimeError(MARKER)
        except RuntimeError:
            logger.exception("an action failed")
        logger.info("ordinary %s", "message")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert MARKER not in output
    assert "an action failed" in output and "RuntimeError" in output and "ordinary message" in output


def test_once_installed_warnings_that_quote_text_are_reworded():
    shown: list[str] = []
    was_installed = log_privacy._state.get("installed", False)
    log_privacy.uninstall()
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = lambda message, *args, **kwargs: shown.append(str(message))
        log_privacy.install()  # wraps the showwarning above
        try:
            warnings.warn(f"Failed to parse arguments in line '/x {MARKER}'.", UserWarning, stacklevel=1)
            warnings.warn("an ordinary warning", UserWarning, stacklevel=1)
        finally:
            log_privacy.uninstall()
    if was_installed:
        log_privacy.install()
    assert len(shown) == 2 and MARKER not in shown[0] and WITHHELD in shown[0]
    assert shown[1] == "an ordinary warning"


def test_once_installed_structlog_loggers_already_in_use_are_scrubbed_too(installed):
    output = io.StringIO()
    processors = structlog.get_config()["processors"]
    assert processors[0] is scrub_event
    logger = structlog.wrap_logger(
        structlog.PrintLogger(output), processors=processors + [structlog.processors.JSONRenderer()]
    )
    logger.warning("message.parsing.failed", user_text=f"/{MARKER}")
    assert "message.parsing.failed" in output.getvalue() and MARKER not in output.getvalue()

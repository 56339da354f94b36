"""Rasa's own logging, checked against its installed source: no patient text once the filters are in."""

from __future__ import annotations

import ast
import inspect
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import rasa
import rasa.utils.log_utils
import structlog
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.message import Message

from bot import log_privacy
from bot.log_privacy import STRUCTLOG_TEXT_KEYS

pytestmark = pytest.mark.rasa
MARKER = "zorblaxmarker"
# Keys of Rasa's structlog events that hold no patient text: names, counts, addresses, settings.
SAFE_KEYS = {
    "action_extract_slot", "action_name", "arg", "filename", "headers", "host", "key",
    "len_extraction_events", "parse_data_intent", "partition_key", "placeholder_key",
    "rabbitmq_exchange", "token_end", "token_start", "topic", "url",
}


def structlog_keys_in_rasa() -> set[str]:
    """Every keyword passed to a `structlogger.<level>(...)` call in the installed Rasa."""
    keys: set[str] = set()
    for path in Path(rasa.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "structlogger"
            ):
                keys.update(keyword.arg for keyword in node.keywords if keyword.arg)
    return keys


def test_rasas_own_list_of_text_keys_is_withheld():
    source = inspect.getsource(rasa.utils.log_utils._anonymizer)
    (listed,) = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.List)]
    rasa_keys = {element.value for element in listed.elts if isinstance(element, ast.Constant)}
    assert rasa_keys and rasa_keys <= STRUCTLOG_TEXT_KEYS


def test_every_key_rasa_logs_is_either_withheld_or_known_to_be_safe():
    unreviewed = structlog_keys_in_rasa() - STRUCTLOG_TEXT_KEYS - SAFE_KEYS
    assert not unreviewed, f"review these structlog keys of Rasa: {sorted(unreviewed)}"


@pytest.fixture()
def rasa_logging() -> Iterator[list[str]]:
    """Rasa's structlog set-up with the filters installed; yields what reaches logging handlers."""
    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    rasa.utils.log_utils.configure_structlog(logging.DEBUG)
    was_installed = log_privacy._state.get("installed", False)
    log_privacy.uninstall()
    log_privacy.install()
    try:
        yield seen
    finally:
        log_privacy.uninstall()
        if was_installed:
            log_privacy.install()
        root.removeHandler(handler)
        root.setLevel(old_level)
        structlog.reset_defaults()


@pytest.mark.parametrize(
    "text",
    [
        f"/{MARKER} is what i typed",  # no such intent
        f'/greet{{"a":1}} {MARKER}',  # unknown entity, text after the entities
        f"/greet@1 {MARKER}",
        f"/greet{{{MARKER}",  # broken JSON
        "/",
    ],
)
def test_rasa_unpacking_a_slash_message_logs_and_warns_without_the_text(rasa_logging, text):
    shown: list[str] = []
    domain = Domain.from_dict({"intents": ["greet"], "entities": ["topic"]})
    log_privacy.uninstall()
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = lambda message, *args, **kwargs: shown.append(str(message))
        log_privacy.install()  # wraps the collector above
        try:
            for known in (None, domain):
                YAMLStoryReader.unpack_regex_message(Message({"text": text}), domain=known)
        finally:
            log_privacy.uninstall()
    assert shown or rasa_logging or text == "/"  # Rasa did complain, without the text
    assert MARKER not in "\n".join(rasa_logging + shown)


def test_structlog_debug_events_of_a_parse_keep_intent_but_not_text(rasa_logging):
    logger = structlog.get_logger()
    logger.debug(
        "processor.message.parse",
        parse_data_text=f"what is {MARKER}",
        parse_data_intent={"name": "ask_bmac"},
        parse_data_entities=[{"value": MARKER}],
    )
    logged = "\n".join(rasa_logging)
    assert "processor.message.parse" in logged and "ask_bmac" in logged and MARKER not in logged

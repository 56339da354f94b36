"""The red-flag rules loader: a mistake in red_flags.yml names the file, the entry and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.safety import DEFAULT_RULES_PATH, ContentError, load_rules

SHIPPED = DEFAULT_RULES_PATH.read_text(encoding="utf-8")


def test_the_shipped_rules_load() -> None:
    rules = load_rules()
    assert rules.triggers and rules.language.negation_window > 0


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (
            r"'\bsuicid(?:e|al|ally)\b'",
            r"'\bsuicid(?:e|al|ally\b'",
            r": suicidal_thoughts: patterns: invalid pattern '.*': missing \)",
        ),
        (r"(?:{SELF})\b'", r"(?:{SELVES})\b'", r": suicidal_thoughts: patterns: unknown vocabulary entry \{SELVES\}"),
        ("{NOT_NOW}|in case", "{NOPE}|in case", r": language: hypothetical_cues: unknown vocabulary entry \{NOPE\}"),
        (
            "    level: crisis\n",
            "    level: crisis\n    levle: crisis\n",
            r": suicidal_thoughts: unknown field\(s\) levle",
        ),
        (
            "  list_words: [or, nor]\n",
            "  list_words: [or, nor]\n  lst_words: [x]\n",
            r": language: unknown field\(s\) lst_words",
        ),
        ("version: 1\n", "version: 1\nvocab: {}\n", r": unknown top-level keys \['vocab'\]"),
        ("  SEVERE: 'severe", "  SEVERE: 3\n  X: 'severe", ": vocabulary: SEVERE must be text"),
        ("negation_window: 6 ", "negation_window: 0 ", ": language: negation_window must be a positive whole number"),
    ],
)
def test_a_mistake_names_the_file_entry_and_field(tmp_path: Path, before: str, after: str, message: str) -> None:
    assert before in SHIPPED
    path = tmp_path / "red_flags.yml"
    path.write_text(SHIPPED.replace(before, after, 1), encoding="utf-8")
    with pytest.raises(ContentError, match=f"^{re.escape(str(path))}{message}") as error:
        load_rules(path)
    assert error.value.file == str(path)

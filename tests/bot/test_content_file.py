"""The shared content reader, field types and error: every problem reads `file: entry: problem`."""

import pickle

import pytest
from pydantic import StrictStr
from pydantic.dataclasses import dataclass

from bot.content_file import ContentError, ReviewDate, Text, parse, parse_entries, read_content_file


def test_a_versioned_mapping_is_read(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text("version: 1\nitems: [a]\n")
    assert read_content_file(path, "test file") == {"version": 1, "items": ["a"]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read test file"),
        ("a: [\n", "not valid YAML"),
        ("- a\n", "version: 1"),
        ("version: 2\n", "version: 1"),
    ],
)
def test_problems_raise_a_content_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "c.yml"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ContentError, match=message) as error:
        read_content_file(path, "test file")
    assert str(error.value).startswith(f"{path}: ")
    assert error.value.file == str(path)


@dataclass(frozen=True)
class Entry:
    id: StrictStr
    title: Text
    last_reviewed: ReviewDate
    tags: tuple[StrictStr, ...] = ()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"id": "a", "title": "x"}, "missing 'last_reviewed'"),
        ({"id": "a", "title": None, "last_reviewed": "2026-01-01"}, "missing 'title'"),
        ({"id": "a", "title": "  ", "last_reviewed": "2026-01-01"}, "title must not be empty"),
        ({"id": "a", "title": 3, "last_reviewed": "2026-01-01"}, "title must be text, got int"),
        ({"id": "a", "title": "x", "last_reviewed": 2026}, "last_reviewed must be a date (YYYY-MM-DD)"),
        ({"id": "a", "title": "x", "last_reviewed": "soon"}, "last_reviewed must be a date (YYYY-MM-DD)"),
        ({"id": "a", "title": "x", "last_reviewed": "2026-01-01", "tags": [1]}, "tags.0 must be text"),
        ({"id": "a", "title": "x", "last_reviewed": "2026-01-01", "typo": 1}, "unknown field(s) typo"),
    ],
)
def test_a_broken_entry_names_file_entry_and_field(data, problem):
    with pytest.raises(ContentError) as error:
        parse(Entry, data, "f.yml", "a")
    assert str(error.value) == f"f.yml: a: {problem}"
    assert (error.value.file, error.value.entry, error.value.problem) == ("f.yml", "a", problem)


def test_entries_need_a_snake_case_id_and_text_is_normalised():
    (entry,) = parse_entries(Entry, [{"id": "a", "title": " two   words ", "last_reviewed": "2026-01-01"}], "f", "x")
    assert entry.title == "two words"
    with pytest.raises(ContentError, match="^f: item without a snake_case 'id'"):
        list(parse_entries(Entry, [{"id": "Bad"}], "f", "items", noun="item"))


def test_the_error_survives_pickling():
    error = pickle.loads(pickle.dumps(ContentError("f.yml", "broken", "a")))
    assert (str(error), error.entry) == ("f.yml: a: broken", "a")

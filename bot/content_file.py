"""One way to read and check reviewed content: a YAML reader, shared field types and one error type.

Every content family declares its entries as pydantic (1.x) dataclasses built from these types and
loads them with `read_yaml` / `read_content_file` and `parse`. Whatever goes wrong is a
`ContentError` that reads `file: entry: problem`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import ValidationError

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
T = TypeVar("T")
# What a built-in pydantic type error means, in the words of the content guide.
_EXPECTED = {
    "type_error.str": "must be text",
    "type_error.list": "must be a list",
    "type_error.tuple": "must be a list",
    "type_error.sequence": "must be a list",
    "type_error.dict": "must be a mapping",
    "type_error.bool": "must be true or false",
    "type_error.integer": "must be a whole number",
    "value_error.strictbool": "must be true or false",
}


class ContentError(ValueError):
    """A reviewed content file breaks its schema; the message reads `file: entry: problem`."""

    def __init__(self, file: str | Path, problem: str, entry: str | None = None) -> None:
        """Name the file, the entry (None for the file as a whole) and the problem."""
        self.file, self.entry, self.problem = str(file), entry, problem
        super().__init__(f"{self.file}: {entry}: {problem}" if entry else f"{self.file}: {problem}")

    def __reduce__(self) -> tuple[type[ContentError], tuple[str, str, str | None]]:
        """Pickle with all three parts (the default would pass only the message)."""
        return (type(self), (self.file, self.problem, self.entry))


class FieldProblem(ValueError):
    """Raised by a field type: `problem` is said of the field ("must be text"), which names it."""


def read_yaml(path: Path, what: str = "content file") -> Any:
    """Parse one YAML file; an unreadable file or bad YAML is a ContentError naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContentError(path, f"cannot read {what}: {error}") from error
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ContentError(path, f"not valid YAML: {error}") from error


def read_content_file(path: Path, what: str) -> dict[str, Any]:
    """Parse a content file that must be a mapping with `version: 1`."""
    data = read_yaml(path, what)
    if not isinstance(data, Mapping) or data.get("version") != 1:
        raise ContentError(path, "expected a mapping with 'version: 1'")
    return dict(data)


def parse(
    model: Callable[..., T],
    data: Any,
    file: str | Path,
    entry: str | None = None,
    report_all_keys: bool = False,
    **extra: Any,
) -> T:
    """Build one entry with its pydantic dataclass; unknown keys or a failed check raise ContentError.

    `extra` holds fields that do not come from the file (the id a mapping is keyed by, the path).
    With `report_all_keys`, unknown and missing keys are listed together (files where every entry
    spells out every key, null or not).
    """
    if not isinstance(data, Mapping):
        raise ContentError(file, "expected a mapping", entry)
    if is_dataclass(model):
        # The dataclass's own __init__ would refuse these with a TypeError before pydantic looks.
        # A field given in `extra` (the key an entry is filed under) may not be repeated inside it.
        unknown = sorted(set(map(str, data)) - ({f.name for f in fields(model)} - set(extra)))
        required = [f.name for f in fields(model) if f.default is MISSING and f.default_factory is MISSING]
        missing = [name for name in required if name not in data and name not in extra]
        if report_all_keys and (unknown or missing):
            raise ContentError(file, f"unknown keys {unknown}, missing keys {missing}", entry)
        if unknown:
            raise ContentError(file, f"unknown field(s) {', '.join(unknown)}", entry)
        if missing:
            raise ContentError(file, f"missing '{missing[0]}'", entry)
    try:
        return model(**data, **extra)
    except ValidationError as error:
        raise ContentError(file, describe(error), entry) from None


def parse_entries(
    model: Callable[..., T], items: Any, file: str | Path, key: str, noun: str = "entry", **extra: Any
) -> Iterator[T]:
    """Build each entry of a top-level list named `key`; each must have a snake_case `id`."""
    if not isinstance(items, list) or not items:
        raise ContentError(file, f"expected a non-empty '{key}:' list")
    for data in items:
        entry_id = data.get("id") if isinstance(data, Mapping) else None
        if not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id):
            raise ContentError(file, f"{noun} without a snake_case 'id': {str(data)[:80]}")
        yield parse(model, data, file, entry_id, **extra)


def unique(ids: Iterator[str] | list[str], file: str | Path, noun: str) -> None:
    """Raise naming the first id that occurs twice."""
    seen: set[str] = set()
    for entry_id in ids:
        if entry_id in seen:
            raise ContentError(file, f"{noun} id '{entry_id}' is defined twice")
        seen.add(entry_id)


def describe(error: ValidationError) -> str:
    """The first problem of a validation error, naming the field as the content guide does."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"] if part != "__root__")
    kind, message = first["type"], first["msg"]
    if kind in ("value_error.missing", "type_error.none.not_allowed"):
        return f"missing '{where}'"
    if kind == "value_error.fieldproblem" or kind in _EXPECTED:
        return f"{where} {_EXPECTED.get(kind, message)}"
    if kind == "value_error" or not where:
        return str(message)
    return f"{where}: {message}"


def normalise_text(value: str) -> str:
    """Folded text becomes one line; a literal block keeps its lines ("- " bullets)."""
    value = value.strip()
    return value if "\n" in value else " ".join(value.split())


# To mypy the field types are what they hold; pydantic runs their checks.
if TYPE_CHECKING:
    Text = str
    SnakeId = str
    ReviewDate = dt.date
else:

    class Text(str):
        """Non-empty text from a content file, normalised by `normalise_text`."""

        @classmethod
        def __get_validators__(cls) -> Iterator[Callable[[Any], str]]:
            """Pydantic's hook: one check."""
            yield cls.check

        @staticmethod
        def check(value: Any) -> str:
            """Text, not empty, not a number YAML read for us."""
            if not isinstance(value, str):
                raise FieldProblem(f"must be text, got {type(value).__name__}")
            if not value.strip():
                raise FieldProblem("must not be empty")
            return normalise_text(value)


    class SnakeId(str):
        """A snake_case identifier (lower-case letters, digits and underscores, starting with a letter)."""

        @classmethod
        def __get_validators__(cls) -> Iterator[Callable[[Any], str]]:
            """Pydantic's hook: one check."""
            yield cls.check

        @staticmethod
        def check(value: Any) -> str:
            """A snake_case string."""
            if not isinstance(value, str) or not ID_PATTERN.match(value):
                raise FieldProblem(f"must be snake_case, got {value!r}")
            return value


    class ReviewDate(dt.date):
        """A `last_reviewed` date: YYYY-MM-DD, unquoted or quoted (never a number)."""

        @classmethod
        def __get_validators__(cls) -> Iterator[Callable[[Any], dt.date]]:
            """Pydantic's hook: one check."""
            yield cls.check

        @staticmethod
        def check(value: Any) -> dt.date:
            """A date, or an ISO date string."""
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                return value
            if isinstance(value, str):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    pass
            raise FieldProblem("must be a date (YYYY-MM-DD)")

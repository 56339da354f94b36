"""Derive from a regex the whole words that every match must contain (a cheap pre-check).

The detector skips a trigger when the message contains none of its required words, so most
triggers cost one set look-up instead of a regex scan. The derivation is conservative: any
construct it does not understand makes it give up (None), which only costs speed.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from itertools import product
from typing import Any

try:  # Python 3.11+ moved the regex parser; 3.10 (this project) has the public modules
    sre_parse: Any = importlib.import_module("re._parser")
    sre_constants: Any = importlib.import_module("re._constants")
except ModuleNotFoundError:  # pragma: no cover - depends on the Python version
    sre_parse = importlib.import_module("sre_parse")
    sre_constants = importlib.import_module("sre_constants")

_EDGE = "\x00"  # stands for \b, ^ or $ inside a derived string
_SEPARATORS = re.compile(r"[\x00 ,|]+")
_MAX_STRINGS = 3000
# Frequent words make a poor pre-check: when a string offers a choice, a rarer word is taken.
_COMMON_WORDS = """
i im ive id ill my me mine a an the to is it its and or but of in on at by up out off be been
being have has had having was were am are do does did doing dont doesnt didnt get gets got
getting go goes going gone went so not no yes with for from when what which who why how if
this that these those there theres here can cant could would should will wont may might must
you your youre he she his her they them their we our us about around over under after before
into onto through down again just only also very really too much many more most some any all
every each other than then now today still even back pain hurts hurt hurting ache aches sore
disc discs stem cell cells injection injections physio doctor gp clinic like feel feels felt
feeling know think want need help make makes made take took time day days week weeks year
years sure work working well good bad new one two three first last long little lot since
while because as way thing things something anything nothing side left right sit sitting
stand walk walking sleep night morning
"""
_COMMON = frozenset(_COMMON_WORDS.split())
Items = Sequence[tuple[Any, Any]]


def required_words(patterns: Iterable[str]) -> frozenset[str] | None:
    """Return words one of which appears in every match of any pattern, or None if unknown."""
    words: set[str] = set()
    try:
        for pattern in patterns:
            found = _pattern_words(list(sre_parse.parse(pattern)))
            if found is None:
                return None
            words |= found
    except Exception:  # an unexpected construct: no pre-check, never a missed match
        return None
    return frozenset(words)


def _pattern_words(items: Items) -> set[str] | None:
    best: tuple[int, int] | None = None
    chosen: set[str] | None = None
    start = 0
    while start < len(items):
        end, strings = _chunk(items, start)
        if strings is None:
            start += 1
            continue
        words = _chunk_words(
            strings, left_whole=_ends_with_space(items[:start]), right_whole=_starts_with_space(items[end:])
        )
        if words is not None:
            score = (sum(1 for w in words if w in _COMMON), len(words))
            if best is None or score < best:
                best, chosen = score, words
        start = end
    return chosen


def _chunk(items: Items, start: int) -> tuple[int, list[str] | None]:
    """Return the longest run of finite items from start: (end index, its strings)."""
    strings: list[str] | None = None
    index = start
    while index < len(items):
        language = _language(*items[index])
        if language is None:
            break
        if strings is not None and len(strings) * len(language) > _MAX_STRINGS:
            break
        strings = language if strings is None else [a + b for a, b in product(strings, language)]
        index += 1
    return (index if index > start else start + 1), strings


def _chunk_words(strings: list[str], left_whole: bool, right_whole: bool) -> set[str] | None:
    """Pick, for every string, one word that is a whole word wherever the string matches."""
    words: set[str] = set()
    for string in strings:
        parts = _SEPARATORS.split(string)
        candidates = [
            part
            for index, part in enumerate(parts)
            if part.isalnum()
            and part.isascii()
            and (index > 0 or left_whole)
            and (index < len(parts) - 1 or right_whole)
        ]
        if not candidates:
            return None
        words.add(min(candidates, key=lambda w: (w in _COMMON, -len(w))))
    return words


def _language(op: Any, av: Any) -> list[str] | None:
    """All strings an item can match, if there are few; zero-width items match '' (or an edge)."""
    c = sre_constants
    if op is c.LITERAL:
        return [chr(av)]
    if op is c.AT:
        edges = (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_END, c.AT_BEGINNING_STRING, c.AT_END_STRING)
        return [_EDGE] if av in edges else [""]
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [""]
    if op is c.IN:
        return _charset(av)
    if op is c.SUBPATTERN:
        return _sequence(av[-1])
    if op is c.BRANCH:
        result: list[str] = []
        for branch in av[1]:
            language = _sequence(branch)
            if language is None:
                return None
            result.extend(language)
        return result if len(result) <= _MAX_STRINGS else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, body = av
        language = _sequence(body) if high <= 2 else None
        if language is None:
            return None
        result = [""] if low == 0 else []
        for count in range(max(low, 1), high + 1):
            result.extend("".join(p) for p in product(language, repeat=count))
        return result if len(result) <= _MAX_STRINGS else None
    return None


def _sequence(items: Items) -> list[str] | None:
    result = [""]
    for op, av in items:
        language = _language(op, av)
        if language is None or len(result) * len(language) > _MAX_STRINGS:
            return None
        result = [a + b for a, b in product(result, language)]
    return result


def _charset(av: Any) -> list[str] | None:
    c = sre_constants
    chars: list[str] = []
    for op, value in av:
        if op is c.LITERAL:
            chars.append(chr(value))
        elif op is c.RANGE and value[1] - value[0] < 40:
            chars.extend(chr(v) for v in range(value[0], value[1] + 1))
        else:
            return None
    return chars


def _starts_with_space(items: Items) -> bool:
    """Tell whether whatever items match always begins with a space or a word edge."""
    c = sre_constants
    for index, (op, av) in enumerate(items):
        if op is c.LITERAL:
            return av in (ord(" "), ord(","))
        if op is c.AT:
            return av in (c.AT_BOUNDARY, c.AT_END, c.AT_END_STRING)
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue
        rest = items[index + 1 :]
        if op is c.SUBPATTERN:
            return _starts_with_space(list(av[-1]) + list(rest))
        if op is c.BRANCH:
            return all(_starts_with_space(list(b) + list(rest)) for b in av[1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            body = list(av[2])
            return _starts_with_space(body) and (av[0] >= 1 or _starts_with_space(rest))
        return False
    return False  # the match may end here and the text run on


def _ends_with_space(items: Items) -> bool:
    """Tell whether whatever items match always ends with a space or a word edge."""
    c = sre_constants
    for index in range(len(items) - 1, -1, -1):
        op, av = items[index]
        if op is c.LITERAL:
            return av in (ord(" "), ord(","))
        if op is c.AT:
            return av in (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING)
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue
        before = list(items[:index])
        if op is c.SUBPATTERN:
            return _ends_with_space(before + list(av[-1]))
        if op is c.BRANCH:
            return all(_ends_with_space(before + list(b)) for b in av[1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            body = list(av[2])
            return _ends_with_space(body) and (av[0] >= 1 or _ends_with_space(before))
        return False
    return False  # the match may start here, inside a word

"""Clinic claims: what wording from stem cell clinics means, read from bot/content/claims.yml."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.content_file import read_content_file
from bot.knowledge import ContentError, KnowledgeBase, get_knowledge_base
from bot.knowledge.lexicon import Lexicon
from bot.knowledge.model import ID_PATTERN

DEFAULT_CLAIMS_PATH = Path(__file__).resolve().parent / "content" / "claims.yml"
# The intent and entity a menu button sends; the domain must declare both.
CLAIM_INTENT = "check_clinic_claim"
CLAIM_ENTITY = "claim"
# Every claim cites at least one page from FDA itself or the regulation (eCFR).
OFFICIAL_HOSTS = ("fda.gov", "ecfr.gov")
MAX_TITLE_LENGTH = 40
MAX_RELATED = 3
WORDING_KEYS = ("intro", "means", "does_not_mean", "check", "more_found", "menu")
_CLAIM_KEYS = ("id", "title", "phrases", "means", "does_not_mean", "check", "sources", "related", "last_reviewed")
# Patients paste text with typographic apostrophes; the phrases use the plain one.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@dataclass(frozen=True)
class Claim:
    """One claim a clinic may make, explained."""

    id: str
    title: str
    phrases: tuple[str, ...]
    means: str
    does_not_mean: str
    check: str
    sources: tuple[str, ...]
    related: tuple[str, ...]
    last_reviewed: dt.date


@dataclass(frozen=True)
class ClaimBook:
    """The reviewed claims, the wording around them, and a phrase matcher for free text."""

    claims: dict[str, Claim]
    wording: dict[str, str]
    lexicon: Lexicon

    def find(self, text: str) -> list[Claim]:
        """Claims named in the text, in order of first mention, each once."""
        ids: list[str] = []
        for match in self.lexicon.extract(text.translate(_APOSTROPHES)):
            if match.value not in ids:
                ids.append(match.value)
        return [self.claims[claim_id] for claim_id in ids]


def load_claim_book(path: Path | None = None, kb: KnowledgeBase | None = None) -> ClaimBook:
    """Read and validate the claims file against the knowledge base; fail naming file and entry."""
    path = path or DEFAULT_CLAIMS_PATH
    kb = kb or get_knowledge_base()
    data = read_content_file(path, "claims file")
    wording = _wording(data.get("wording"), f"{path}: wording")
    entries = data.get("claims")
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"{path}: expected a non-empty 'claims:' list")
    claims: dict[str, Claim] = {}
    owner: dict[str, str] = {}
    for entry in entries:
        claim = _claim(entry, str(path), kb)
        where = f"{path}: {claim.id}"
        if claim.id in claims:
            raise ContentError(f"{where}: claim id is defined twice")
        for phrase in claim.phrases:
            other = owner.setdefault(_phrase_key(phrase), claim.id)
            if other != claim.id:
                raise ContentError(f"{where}: phrase '{phrase}' is also a phrase of '{other}'")
        claims[claim.id] = claim
    lexicon = Lexicon({CLAIM_ENTITY: {c.id: c.phrases for c in claims.values()}})
    return ClaimBook(claims, wording, lexicon)


def load_claims(path: Path | None = None, kb: KnowledgeBase | None = None) -> dict[str, Claim]:
    """The validated claims by id."""
    return load_claim_book(path, kb).claims


@functools.lru_cache(maxsize=1)
def get_claim_book() -> ClaimBook:
    """The shipped claims, loaded once per process on first use."""
    return load_claim_book()


def find_claims(text: str, book: ClaimBook | None = None) -> list[Claim]:
    """Claims whose phrases occur in the text (whole words, any case, space or hyphen alike)."""
    return (book or get_claim_book()).find(text)


def claim_payload(claim: Claim) -> str:
    """Button payload that asks for exactly this claim."""
    return f"/{CLAIM_INTENT}" + json.dumps({CLAIM_ENTITY: claim.id}, separators=(",", ":"))


def _claim(entry: Any, path: str, kb: KnowledgeBase) -> Claim:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not ID_PATTERN.match(entry["id"]):
        raise ContentError(f"{path}: claim without a snake_case 'id': {str(entry)[:80]}")
    where = f"{path}: {entry['id']}"
    unknown = sorted(set(entry) - set(_CLAIM_KEYS))
    if unknown:
        raise ContentError(f"{where}: unknown field(s) {', '.join(unknown)}")
    title = _text(entry, "title", where)
    if len(title) > MAX_TITLE_LENGTH:
        raise ContentError(f"{where}: title longer than {MAX_TITLE_LENGTH} characters (it is a button label)")
    phrases = _list(entry, "phrases", where)
    for phrase in phrases:
        if phrase != phrase.strip().lower() or not phrase.strip():
            raise ContentError(f"{where}: phrase '{phrase}' must be lowercase without outer spaces")
    if len({_phrase_key(p) for p in phrases}) != len(phrases):
        raise ContentError(f"{where}: a phrase is listed twice")
    sources = _list(entry, "sources", where)
    for source_id in sources:
        if source_id not in kb.sources:
            raise ContentError(f"{where}: unknown source id '{source_id}'")
    if not any(_is_official(kb.sources[s].url) for s in sources):
        raise ContentError(f"{where}: needs at least one FDA or eCFR source ({', '.join(OFFICIAL_HOSTS)})")
    related = _list(entry, "related", where)
    if len(related) > MAX_RELATED:
        raise ContentError(f"{where}: 'related' names more than {MAX_RELATED} topics")
    for topic_id in related:
        if topic_id not in kb.topics:
            raise ContentError(f"{where}: related topic '{topic_id}' does not exist")
    return Claim(
        id=entry["id"],
        title=title,
        phrases=phrases,
        means=_text(entry, "means", where),
        does_not_mean=_text(entry, "does_not_mean", where),
        check=_text(entry, "check", where),
        sources=sources,
        related=related,
        last_reviewed=_date(entry, where),
    )


def _wording(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a mapping of {', '.join(WORDING_KEYS)}, last_reviewed")
    unknown = sorted(set(raw) - {*WORDING_KEYS, "last_reviewed"})
    if unknown:
        raise ContentError(f"{where}: unknown key(s) {', '.join(unknown)}")
    _date(raw, where)
    return {key: _text(raw, key, where) for key in WORDING_KEYS}


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: missing '{key}' (text)")
    value = value.strip()
    # Folded text becomes one line; literal blocks keep their "- " bullet lines.
    return value if "\n" in value else " ".join(value.split())


def _list(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        raise ContentError(f"{where}: '{key}' must be a non-empty list of text")
    return tuple(value)


def _date(data: Mapping[str, Any], where: str) -> dt.date:
    value = data.get("last_reviewed")
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError as error:
            raise ContentError(f"{where}: 'last_reviewed' is not a date (YYYY-MM-DD)") from error
    if not isinstance(value, dt.date):
        raise ContentError(f"{where}: missing 'last_reviewed' date")
    return value


def _phrase_key(phrase: str) -> str:
    # The matcher treats spaces and hyphens alike, so "fda-registered" repeats "fda registered".
    return " ".join(part for part in re.split(r"[\s\-]+", phrase.lower()) if part)


def _is_official(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS)

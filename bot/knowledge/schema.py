"""Typed records for knowledge-base entries, built from YAML with strict checks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

EVIDENCE_LEVELS = (
    "guideline",
    "systematic_review",
    "rct",
    "cohort",
    "case_series",
    "animal",
    "lab",
    "regulatory",
    "patient_info",
    "expert_opinion",
)
SOURCE_KINDS = (*EVIDENCE_LEVELS, "registry", "news", "press_release")
FAMILIES = ("general", "condition", "treatment", "stem_cell", "regulation", "study")
# Families whose topics talk about a treatment, so they must state its regulatory status.
REGULATED_FAMILIES = ("treatment", "stem_cell", "regulation", "study")
BALANCE_KEYS = ("how_it_works", "benefits", "risks", "uncertain", "alternatives")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
NCT_PATTERN = re.compile(r"^NCT\d{8}$")
# Limits the content guide promises: a short first answer, a "tell me more" that fits on a phone,
# and 2-4 related topics offered as buttons.
ANSWER_MAX_WORDS = 80
MORE_MAX_WORDS = 200
RELATED_MIN, RELATED_MAX = 2, 4
# A word is a run of text with a letter or digit in it: bullet dashes and lone symbols don't count.
_WORD = re.compile(r"\S*[^\W_]\S*")


class ContentError(ValueError):
    """A knowledge-base file breaks the schema; the message names the file and entry."""


def _where(path: str, entry_id: str | None) -> str:
    return f"{path}: {entry_id}" if entry_id else path


def _require_str(data: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise ContentError(f"{where}: missing '{key}'")
    if not isinstance(value, str):
        raise ContentError(f"{where}: '{key}' must be text, got {type(value).__name__}")
    return " ".join(value.split()) if "\n" not in value.strip() else value.strip()


def word_count(text: str) -> int:
    """Words in a piece of patient-facing text (a bullet's "- " is not a word)."""
    return len(_WORD.findall(text))


def _limit_words(text: str, key: str, limit: int, where: str) -> str:
    count = word_count(text)
    if count > limit:
        raise ContentError(f"{where}: '{key}' has {count} words, more than the {limit} allowed")
    return text


def _related(data: dict[str, Any], where: str) -> tuple[str, ...]:
    related = _str_list(data, "related", where)
    if not RELATED_MIN <= len(related) <= RELATED_MAX:
        needs = f"needs {RELATED_MIN} to {RELATED_MAX} topic ids (offered as buttons)"
        raise ContentError(f"{where}: 'related' {needs}, got {len(related)}")
    return related


def _require_date(data: dict[str, Any], where: str) -> dt.date:
    value = data.get("last_reviewed")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as error:
            raise ContentError(f"{where}: 'last_reviewed' is not a date (YYYY-MM-DD)") from error
    raise ContentError(f"{where}: missing 'last_reviewed' date")


def _require_id(data: dict[str, Any], path: str) -> str:
    entry_id = data.get("id")
    if not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id):
        raise ContentError(f"{path}: entry without a snake_case 'id': {str(data)[:80]}")
    return entry_id


def _str_list(data: dict[str, Any], key: str, where: str, *, min_len: int = 0) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ContentError(f"{where}: '{key}' must be a list of text")
    if len(value) < min_len:
        raise ContentError(f"{where}: '{key}' needs at least {min_len} item(s)")
    return tuple(value)


@dataclass(frozen=True)
class Source:
    """One bibliography entry."""

    id: str
    short: str
    authors: str
    title: str
    publisher: str
    year: int
    kind: str
    url: str
    doi: str | None = None
    pmid: str | None = None
    nct: str | None = None
    last_reviewed: dt.date = dt.date.min

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str) -> Source:
        """Build and check a source; raise ContentError naming file and entry."""
        entry_id = _require_id(data, path)
        where = _where(path, entry_id)
        kind = _require_str(data, "kind", where)
        if kind not in SOURCE_KINDS:
            raise ContentError(f"{where}: kind '{kind}' is not one of {', '.join(SOURCE_KINDS)}")
        year = data.get("year")
        if not isinstance(year, int) or not 1900 <= year <= 2100:
            raise ContentError(f"{where}: 'year' must be a four-digit year")
        doi = _optional_identifier(data, "doi", where)
        pmid = _optional_identifier(data, "pmid", where)
        nct = _optional_identifier(data, "nct", where)
        if nct and not NCT_PATTERN.match(nct):
            raise ContentError(f"{where}: nct '{nct}' is not of the form NCT12345678")
        if pmid and not pmid.isdigit():
            raise ContentError(f"{where}: pmid '{pmid}' must be digits")
        url = _optional_identifier(data, "url", where) or _url_from_ids(doi, pmid, nct)
        if not url:
            raise ContentError(f"{where}: needs at least one of doi, pmid, nct or url")
        if not url.startswith("https://") or " " in url:
            raise ContentError(f"{where}: url must be an https:// link without spaces, got '{url}'")
        return cls(
            id=entry_id,
            short=str(_require_str(data, "short", where)),
            authors=str(_require_str(data, "authors", where)),
            title=str(_require_str(data, "title", where)),
            publisher=str(_require_str(data, "publisher", where)),
            year=year,
            kind=str(kind),
            url=url,
            doi=doi,
            pmid=pmid,
            nct=nct,
            last_reviewed=_require_date(data, where),
        )


def _optional_identifier(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ContentError(f"{where}: '{key}' must be text")
    return value.strip()


def _url_from_ids(doi: str | None, pmid: str | None, nct: str | None) -> str | None:
    if doi:
        return f"https://doi.org/{doi}"
    if pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
    if nct:
        return f"https://clinicaltrials.gov/study/{nct}"
    return None


@dataclass(frozen=True)
class Regulatory:
    """Approval status of the treatment a topic talks about."""

    investigational: bool
    status: str


@dataclass(frozen=True)
class Topic:
    """One answerable topic."""

    id: str
    title: str
    family: str
    intents: tuple[str, ...]
    answer: str
    more: str
    sources: tuple[str, ...]
    evidence: str
    evidence_note: str
    related: tuple[str, ...]
    last_reviewed: dt.date
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    balance: dict[str, str] = field(default_factory=dict)
    regulatory: Regulatory | None = None
    applies_to_conditions: tuple[str, ...] = ()
    # The file the topic was read from, so later checks can name it.
    path: str = field(default="", compare=False)

    @property
    def investigational(self) -> bool:
        """Whether answers on this topic must carry the FDA caveat."""
        return bool(self.regulatory and self.regulatory.investigational)

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str) -> Topic:
        """Build and check a topic; raise ContentError naming file and entry."""
        entry_id = _require_id(data, path)
        where = _where(path, entry_id)
        family = _require_str(data, "family", where)
        if family not in FAMILIES:
            raise ContentError(f"{where}: family '{family}' is not one of {', '.join(FAMILIES)}")
        evidence = _require_str(data, "evidence", where)
        if evidence not in EVIDENCE_LEVELS:
            raise ContentError(
                f"{where}: evidence '{evidence}' is not one of {', '.join(EVIDENCE_LEVELS)}"
            )
        title = str(_require_str(data, "title", where))
        if len(title) > 40:
            raise ContentError(f"{where}: title longer than 40 characters (it is a button label)")
        return cls(
            id=entry_id,
            title=title,
            family=str(family),
            intents=_str_list(data, "intents", where, min_len=1),
            answer=_limit_words(str(_require_str(data, "answer", where)), "answer", ANSWER_MAX_WORDS, where),
            more=_limit_words(str(_require_str(data, "more", where)), "more", MORE_MAX_WORDS, where),
            sources=_str_list(data, "sources", where, min_len=1),
            evidence=str(evidence),
            evidence_note=str(_require_str(data, "evidence_note", where)),
            related=_related(data, where),
            last_reviewed=_require_date(data, where),
            entities=_entities(data, where),
            balance=_balance(data, where, required=family == "treatment"),
            regulatory=_regulatory(data, where, required=family in REGULATED_FAMILIES),
            applies_to_conditions=_str_list(data, "applies_to_conditions", where),
            path=path,
        )


def _entities(data: dict[str, Any], where: str) -> dict[str, tuple[str, ...]]:
    raw = data.get("entities") or {}
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: 'entities' must map an entity name to a list of values")
    result: dict[str, tuple[str, ...]] = {}
    for name, values in raw.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ContentError(f"{where}: entities.{name} must be a list of values")
        result[str(name)] = tuple(values)
    return result


def _balance(data: dict[str, Any], where: str, *, required: bool) -> dict[str, str]:
    raw = data.get("balance")
    if raw is None:
        if required:
            raise ContentError(f"{where}: a treatment topic needs 'balance' ({', '.join(BALANCE_KEYS)})")
        return {}
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: 'balance' must be a mapping")
    missing = [key for key in BALANCE_KEYS if not raw.get(key)]
    if missing:
        raise ContentError(f"{where}: 'balance' is missing {', '.join(missing)}")
    unknown = sorted(set(raw) - set(BALANCE_KEYS))
    if unknown:
        raise ContentError(f"{where}: 'balance' has unknown keys {', '.join(unknown)}")
    return {key: " ".join(str(raw[key]).split()) for key in BALANCE_KEYS}


def _regulatory(data: dict[str, Any], where: str, *, required: bool) -> Regulatory | None:
    raw = data.get("regulatory")
    if raw is None:
        if required:
            raise ContentError(f"{where}: a treatment or investigational topic needs 'regulatory'")
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("investigational"), bool):
        raise ContentError(f"{where}: 'regulatory' needs investigational: true/false and a status")
    status = _require_str(raw, "status", f"{where} regulatory")
    return Regulatory(investigational=raw["investigational"], status=str(status))

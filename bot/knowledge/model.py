"""The knowledge-base entries as pydantic dataclasses: topics, sources, fixed messages.

Each class describes one entry of its YAML file exactly; building one checks it, and a failed
check becomes a ContentError naming the file and entry (`bot.content_file.parse`).
"""

from __future__ import annotations

import re
import string
from dataclasses import field
from typing import Any

from pydantic import StrictBool, StrictInt, StrictStr, root_validator, validator
from pydantic.dataclasses import dataclass

from bot.content_file import ID_PATTERN, ReviewDate, SnakeId, Text

__all__ = ["ID_PATTERN", "Message", "Regulatory", "Source", "Topic", "word_count"]

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
NCT_PATTERN = re.compile(r"^NCT\d{8}$")
# Limits the content guide promises: a short first answer, a "tell me more" that fits on a phone,
# and 2-4 related topics offered as buttons.
ANSWER_MAX_WORDS = 80
MORE_MAX_WORDS = 200
RELATED_MIN, RELATED_MAX = 2, 4
MAX_TITLE_LENGTH = 40
# A word is a run of text with a letter or digit in it: bullet dashes and lone symbols don't count.
_WORD = re.compile(r"\S*[^\W_]\S*")


def word_count(text: str) -> int:
    """Words in a piece of patient-facing text (a bullet's "- " is not a word)."""
    return len(_WORD.findall(text))


def one_of(value: str, allowed: tuple[str, ...], name: str) -> str:
    """The value if it is allowed; else a problem listing what is."""
    if value not in allowed:
        raise ValueError(f"{name} '{value}' is not one of {', '.join(allowed)}")
    return value


def non_empty(values: tuple[str, ...], name: str) -> tuple[str, ...]:
    """A list that needs at least one item."""
    if not values:
        raise ValueError(f"'{name}' needs at least 1 item(s)")
    return values


def short_title(title: str) -> str:
    """A title fits a button."""
    if len(title) > MAX_TITLE_LENGTH:
        raise ValueError(f"title longer than {MAX_TITLE_LENGTH} characters (it is a button label)")
    return title


@dataclass(frozen=True)
class Source:
    """One bibliography entry."""

    id: SnakeId
    short: Text
    authors: Text
    title: Text
    publisher: Text
    year: StrictInt
    kind: StrictStr
    last_reviewed: ReviewDate
    doi: str | None = None
    pmid: str | None = None
    nct: str | None = None
    # A doi, pmid or nct gives the link when the file has none.
    url: str = ""

    @validator("kind")
    def _kind(cls, kind: str) -> str:
        return one_of(kind, SOURCE_KINDS, "kind")

    @validator("year")
    def _year(cls, year: int) -> int:
        if not 1900 <= year <= 2100:
            raise ValueError("'year' must be a four-digit year")
        return year

    @validator("doi", "pmid", "nct", "url", pre=True)
    def _identifier(cls, value: Any, field: Any) -> str | None:
        if value is None or value == "":
            return "" if field.name == "url" else None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"'{field.name}' must be text")
        return value.strip()

    @validator("nct")
    def _nct(cls, nct: str | None) -> str | None:
        if nct and not NCT_PATTERN.match(nct):
            raise ValueError(f"nct '{nct}' is not of the form NCT12345678")
        return nct

    @validator("pmid")
    def _pmid(cls, pmid: str | None) -> str | None:
        if pmid and not pmid.isdigit():
            raise ValueError(f"pmid '{pmid}' must be digits")
        return pmid

    @root_validator(skip_on_failure=True)
    def _link(cls, values: dict[str, Any]) -> dict[str, Any]:
        doi, pmid, nct = values.get("doi"), values.get("pmid"), values.get("nct")
        url = values.get("url") or _url_from_ids(doi, pmid, nct)
        if not url:
            raise ValueError("needs at least one of doi, pmid, nct or url")
        if not url.startswith("https://") or " " in url:
            raise ValueError(f"url must be an https:// link without spaces, got '{url}'")
        return {**values, "url": url}


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

    investigational: StrictBool
    status: Text


@dataclass(frozen=True)
class Topic:
    """One answerable topic."""

    id: SnakeId
    title: Text
    family: StrictStr
    intents: tuple[StrictStr, ...]
    answer: Text
    more: Text
    sources: tuple[StrictStr, ...]
    evidence: StrictStr
    evidence_note: Text
    related: tuple[StrictStr, ...]
    last_reviewed: ReviewDate
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    balance: dict[str, str] = field(default_factory=dict)
    regulatory: Regulatory | None = None
    applies_to_conditions: tuple[StrictStr, ...] = ()
    # Study topics: the products (treatment entity values) the study tested, when a broader topic
    # covers several ("what's the DiscGenics thing?" then "was there a study on it?").
    studied_products: tuple[StrictStr, ...] = ()
    # Treatment topics: the conditions (lexicon values) this treatment is specifically used for
    # ("which one for nerve pain?" after the medicines overview; "will I need an operation?" after
    # a slipped disc).
    used_for: tuple[StrictStr, ...] = ()
    # Condition topics: the treatments (lexicon values) whose use for this condition its own answer
    # covers, because it differs from their use for back pain (a brace for scoliosis is a
    # specialist's decision; the brace answer says braces are not advised for back pain).
    covers_treatments: tuple[StrictStr, ...] = ()
    # The file the topic was read from, so later checks can name it.
    path: str = field(default="", compare=False)

    @property
    def investigational(self) -> bool:
        """Whether answers on this topic must carry the FDA caveat."""
        return bool(self.regulatory and self.regulatory.investigational)

    @validator("title")
    def _title(cls, title: str) -> str:
        return short_title(title)

    @validator("family")
    def _family(cls, family: str) -> str:
        return one_of(family, FAMILIES, "family")

    @validator("evidence")
    def _evidence(cls, evidence: str) -> str:
        return one_of(evidence, EVIDENCE_LEVELS, "evidence")

    @validator("intents", "sources")
    def _non_empty(cls, values: tuple[str, ...], field: Any) -> tuple[str, ...]:
        return non_empty(values, field.name)

    @validator("answer")
    def _answer(cls, answer: str) -> str:
        return _limit_words(answer, "answer", ANSWER_MAX_WORDS)

    @validator("more")
    def _more(cls, more: str) -> str:
        return _limit_words(more, "more", MORE_MAX_WORDS)

    @validator("related")
    def _related(cls, related: tuple[str, ...]) -> tuple[str, ...]:
        if not RELATED_MIN <= len(related) <= RELATED_MAX:
            needs = f"needs {RELATED_MIN} to {RELATED_MAX} topic ids (offered as buttons)"
            raise ValueError(f"'related' {needs}, got {len(related)}")
        return related

    @validator("applies_to_conditions", "studied_products", "used_for", "covers_treatments", pre=True)
    def _no_conditions(cls, value: Any) -> Any:
        return () if value is None else value

    @validator("entities", pre=True)
    def _entities(cls, raw: Any) -> dict[str, list[str]]:
        raw = {} if raw is None else raw
        if not isinstance(raw, dict):
            raise ValueError("'entities' must map an entity name to a list of values")
        result: dict[str, list[str]] = {}
        for name, values in raw.items():
            values = [values] if isinstance(values, str) else values
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ValueError(f"entities.{name} must be a list of values")
            result[str(name)] = values
        return result

    @validator("balance", pre=True, always=True)
    def _balance(cls, raw: Any, values: dict[str, Any]) -> dict[str, str]:
        if not raw:
            if values.get("family") == "treatment":
                raise ValueError(f"a treatment topic needs 'balance' ({', '.join(BALANCE_KEYS)})")
            return {}
        if not isinstance(raw, dict):
            raise ValueError("'balance' must be a mapping")
        missing = [key for key in BALANCE_KEYS if not raw.get(key)]
        if missing:
            raise ValueError(f"'balance' is missing {', '.join(missing)}")
        unknown = sorted(set(raw) - set(BALANCE_KEYS))
        if unknown:
            raise ValueError(f"'balance' has unknown keys {', '.join(unknown)}")
        return {key: " ".join(str(raw[key]).split()) for key in BALANCE_KEYS}

    @validator("regulatory", pre=True, always=True)
    def _regulatory(cls, raw: Any, values: dict[str, Any]) -> Any:
        if raw is None and values.get("family") in REGULATED_FAMILIES:
            raise ValueError("a treatment or investigational topic needs 'regulatory'")
        if raw is not None and (not isinstance(raw, dict) or set(raw) != {"investigational", "status"}):
            raise ValueError("'regulatory' needs investigational: true/false and a status")
        return raw


def _limit_words(text: str, key: str, limit: int) -> str:
    count = word_count(text)
    if count > limit:
        raise ValueError(f"'{key}' has {count} words, more than the {limit} allowed")
    return text


@dataclass(frozen=True)
class Message:
    """One reviewed message template (messages.yml, trials.yml)."""

    key: str
    text: Text
    last_reviewed: ReviewDate
    sources: tuple[StrictStr, ...] = ()
    topics: tuple[StrictStr, ...] = ()

    @validator("sources", "topics", pre=True)
    def _none_is_empty(cls, value: Any) -> Any:
        return () if value is None else value

    def placeholders(self) -> set[str]:
        """Names used in {placeholders} of the template."""
        return {name for _, name, _, _ in string.Formatter().parse(self.text) if name}

    def render(self, **values: str) -> str:
        """Fill the placeholders; a missing value is an error, not a silent blank."""
        missing = self.placeholders() - set(values)
        if missing:
            raise KeyError(f"message '{self.key}' needs {', '.join(sorted(missing))}")
        return self.text.format(**values)


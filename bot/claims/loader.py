"""Read claims.yml once, check it with the model and against the knowledge base."""

from __future__ import annotations

import functools
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

from bot.claims.model import CLAIM_ENTITY, Claim, ClaimBook, ClaimWording, phrase_key
from bot.content_file import ContentError, parse, parse_entries, read_content_file
from bot.knowledge import KnowledgeBase, get_knowledge_base
from bot.knowledge.lexicon import Lexicon

DEFAULT_CLAIMS_PATH = Path(__file__).resolve().parents[1] / "content" / "claims.yml"
# Every claim cites at least one page from FDA itself or the regulation (eCFR).
OFFICIAL_HOSTS = ("fda.gov", "ecfr.gov")


def load_claim_book(path: Path | None = None, kb: KnowledgeBase | None = None) -> ClaimBook:
    """Read and validate the claims file against the knowledge base; fail naming file and entry."""
    path = path or DEFAULT_CLAIMS_PATH
    kb = kb or get_knowledge_base()
    data = read_content_file(path, "claims file")
    # The replies read the wording by key; its review date stays in the file.
    checked = asdict(parse(ClaimWording, data.get("wording"), path, "wording"))
    wording = {key: text for key, text in checked.items() if key != "last_reviewed"}
    claims: dict[str, Claim] = {}
    owner: dict[str, str] = {}
    for claim in parse_entries(Claim, data.get("claims"), path, "claims", noun="claim"):
        if claim.id in claims:
            raise ContentError(path, "claim id is defined twice", claim.id)
        _check_against(kb, claim, path)
        for phrase in claim.phrases:
            other = owner.setdefault(phrase_key(phrase), claim.id)
            if other != claim.id:
                raise ContentError(path, f"phrase '{phrase}' is also a phrase of '{other}'", claim.id)
        claims[claim.id] = claim
    lexicon = Lexicon({CLAIM_ENTITY: {c.id: c.phrases for c in claims.values()}})
    return ClaimBook(claims, wording, lexicon)


def _check_against(kb: KnowledgeBase, claim: Claim, path: Path) -> None:
    for source_id in claim.sources:
        if source_id not in kb.sources:
            raise ContentError(path, f"unknown source id '{source_id}'", claim.id)
    if not any(_is_official(kb.sources[s].url) for s in claim.sources):
        raise ContentError(path, f"needs at least one FDA or eCFR source ({', '.join(OFFICIAL_HOSTS)})", claim.id)
    for topic_id in claim.related:
        if topic_id not in kb.topics:
            raise ContentError(path, f"related topic '{topic_id}' does not exist", claim.id)


def _is_official(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS)


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

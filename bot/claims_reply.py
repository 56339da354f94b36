"""Replies that decode clinic claims, or offer the claims the bot can explain."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from bot.claims import Claim, ClaimBook, claim_payload, get_claim_book
from bot.knowledge import KnowledgeBase, Source
from bot.knowledge.citations import citation_payload, short_citation
from bot.knowledge.replies import Button, Reply, topic_payload

# More than this and the message gets too long to read on a phone; the rest are named as "more".
MAX_CLAIMS = 3
MAX_TOPIC_BUTTONS = 4


def claims_reply(kb: KnowledgeBase, claims: Sequence[Claim], book: ClaimBook | None = None) -> Reply:
    """Explain up to three claims: meaning, non-meaning, how to check; then sources and the caveat."""
    book = book or get_claim_book()
    if not claims:
        return claims_menu_reply(kb, book.claims.values(), book)
    wording = book.wording
    shown = list(claims)[:MAX_CLAIMS]
    body = [wording["intro"]] + [_block(wording, claim) for claim in shown]
    if len(claims) > MAX_CLAIMS:
        body.append(wording["more_found"])
    sources = _unique_sources(kb, shown)
    caveat = kb.messages["fda_caveat"]
    clinician = kb.messages["clinician_prompt"].text
    sources_line = kb.messages.render("sources_short", sources="; ".join(short_citation(s) for s in sources))
    text = "\n\n".join([*body, sources_line, caveat.text, clinician])
    buttons = _topic_buttons(kb, shown)
    custom: dict[str, Any] = {
        "type": "claims",
        "claim_ids": [claim.id for claim in shown],
        "claims": [_claim_payload(claim) for claim in shown],
        "more_found": len(claims) > MAX_CLAIMS,
        "text": text,
        # Without the sources line and the caveat, which the widget shows in their own places.
        "body": "\n\n".join([*body, clinician]),
        "citations": [citation_payload(s) for s in sources],
        "caveat": {"text": caveat.text, "citations": [citation_payload(kb.sources[s]) for s in caveat.sources]},
        "last_reviewed": min(claim.last_reviewed for claim in shown).isoformat(),
        "buttons": [{"title": b.title, "payload": b.payload} for b in buttons],
    }
    return Reply(text, tuple(buttons), custom)


def claims_menu_reply(kb: KnowledgeBase, claims: Iterable[Claim], book: ClaimBook | None = None) -> Reply:
    """No claim recognised: offer each claim as a button (kb is taken like every reply builder's)."""
    text = (book or get_claim_book()).wording["menu"]
    buttons = [Button(claim.title, claim_payload(claim)) for claim in claims]
    custom = {
        "type": "notice",
        "kind": "claims_menu",
        "text": text,
        "buttons": [{"title": b.title, "payload": b.payload} for b in buttons],
    }
    return Reply(text, tuple(buttons), custom)


def _block(wording: dict[str, str], claim: Claim) -> str:
    return "\n".join(
        [
            claim.title,
            f"{wording['means']}: {claim.means}",
            f"{wording['does_not_mean']}: {claim.does_not_mean}",
            f"{wording['check']}: {claim.check}",
        ]
    )


def _claim_payload(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "title": claim.title,
        "means": claim.means,
        "does_not_mean": claim.does_not_mean,
        "check": claim.check,
        "sources": list(claim.sources),
        "last_reviewed": claim.last_reviewed.isoformat(),
    }


def _unique_sources(kb: KnowledgeBase, claims: list[Claim]) -> list[Source]:
    ids = dict.fromkeys(source_id for claim in claims for source_id in claim.sources)
    return [kb.sources[source_id] for source_id in ids]


def _topic_buttons(kb: KnowledgeBase, claims: list[Claim]) -> list[Button]:
    topic_ids = list(dict.fromkeys(topic_id for claim in claims for topic_id in claim.related))
    topics = [kb.topics[t] for t in topic_ids[:MAX_TOPIC_BUTTONS]]
    return [Button(topic.title, topic_payload(topic)) for topic in topics]

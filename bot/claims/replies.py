"""Replies that decode clinic claims, or offer the claims the bot can explain; the claim buttons."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from bot.claims.loader import get_claim_book
from bot.claims.model import CLAIM_ENTITY, CLAIM_INTENT, Claim, ClaimBook
from bot.knowledge import KnowledgeBase, Source
from bot.knowledge.citations import citation_payload
from bot.knowledge.replies import Reply, caveat_payload, caveat_sources, references_reply, sources_line, topic_buttons
from bot.payloads import PAYLOAD_VERSION, ClaimPayload, ClaimsPayload, NoticePayload

# More than this and the message gets too long to read on a phone; the rest are named as "more".
MAX_CLAIMS = 3
MAX_TOPIC_BUTTONS = 4


def claim_payload(claim: Claim) -> str:
    """Button payload that asks for exactly this claim."""
    return f"/{CLAIM_INTENT}" + json.dumps({CLAIM_ENTITY: claim.id}, separators=(",", ":"))


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
    caveat = caveat_payload(kb)
    clinician = kb.messages["clinician_prompt"].text
    text = "\n\n".join([*body, sources_line(kb, sources), caveat["text"], clinician])
    topic_ids = dict.fromkeys(topic_id for claim in shown for topic_id in claim.related)
    payload: ClaimsPayload = {
        "version": PAYLOAD_VERSION,
        "type": "claims",
        "claim_ids": [claim.id for claim in shown],
        "claims": [_claim_payload(claim) for claim in shown],
        "more_found": len(claims) > MAX_CLAIMS,
        "text": text,
        # Without the sources line, the caveat and the clinician prompt, which the widget shows in their own places.
        "body": "\n\n".join(body),
        "clinician_prompt": clinician,
        "last_reviewed": min(claim.last_reviewed for claim in shown).isoformat(),
        "citations": [citation_payload(s) for s in sources],
        "caveat": caveat,
        "buttons": topic_buttons(kb, topic_ids, MAX_TOPIC_BUTTONS),
    }
    return Reply(text, payload)


# The regulatory topic behind all claims: the topic a claims reply counts as, and whose answer
# "where is that from?" after claims cites too.
CLAIMS_TOPIC = "fda_registered_claims"


def claims_sources_reply(kb: KnowledgeBase, claims: Sequence[Claim]) -> Reply:
    """Full references for the claims just explained ("where is that from?"), with the FDA caveat's."""
    shown = list(claims)[:MAX_CLAIMS]
    sources = list(dict.fromkeys([*_unique_sources(kb, shown), *caveat_sources(kb)]))
    topic = kb.topics[CLAIMS_TOPIC]
    intro = get_claim_book().wording["sources_intro"].replace("{claims}", "; ".join(claim.title for claim in shown))
    return references_reply(topic.id, topic.title, intro, sources)


def claims_menu_reply(kb: KnowledgeBase, claims: Iterable[Claim], book: ClaimBook | None = None) -> Reply:
    """No claim recognised: offer each claim as a button (kb is taken like every reply builder's)."""
    text = (book or get_claim_book()).wording["menu"]
    payload: NoticePayload = {
        "version": PAYLOAD_VERSION,
        "type": "notice",
        "kind": "claims_menu",
        "text": text,
        "phones": [],
        # A choice of every claim the bot can explain, not suggestions: the one notice over MAX_SUGGESTIONS.
        "buttons": [{"title": claim.title, "payload": claim_payload(claim)} for claim in claims],
    }
    return Reply(text, payload)


def _block(wording: dict[str, str], claim: Claim) -> str:
    return "\n".join(
        [
            claim.title,
            f"{wording['means']}: {claim.means}",
            f"{wording['does_not_mean']}: {claim.does_not_mean}",
            f"{wording['check']}: {claim.check}",
        ]
    )


def _claim_payload(claim: Claim) -> ClaimPayload:
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


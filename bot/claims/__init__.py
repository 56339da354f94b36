"""Clinic claims: what wording from stem cell clinics means (bot/content/claims.yml).

model: the entries and the phrase matcher; loader: reads and cross-checks the file; replies: what the
patient reads.
"""

from bot.claims.loader import DEFAULT_CLAIMS_PATH, find_claims, get_claim_book, load_claim_book, load_claims
from bot.claims.model import CLAIM_ENTITY, CLAIM_INTENT, Claim, ClaimBook, ClaimWording
from bot.claims.replies import (
    CLAIMS_TOPIC,
    MAX_CLAIMS,
    claim_payload,
    claims_menu_reply,
    claims_reply,
    claims_sources_reply,
)

__all__ = [
    "CLAIM_ENTITY",
    "CLAIM_INTENT",
    "CLAIMS_TOPIC",
    "DEFAULT_CLAIMS_PATH",
    "MAX_CLAIMS",
    "Claim",
    "ClaimBook",
    "ClaimWording",
    "claim_payload",
    "claims_menu_reply",
    "claims_reply",
    "claims_sources_reply",
    "find_claims",
    "get_claim_book",
    "load_claim_book",
    "load_claims",
]

"""Decode what a clinic claims ("FDA registered", "your own cells", "95% success")."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import LAST_SUBJECT_SLOT, LAST_TOPIC_SLOT, last_topic, latest_entities, latest_text, send
from actions.sources import send_sources
from bot.claims import CLAIM_ENTITY, CLAIMS_TOPIC, claims_menu_reply, claims_reply, get_claim_book
from bot.knowledge import get_knowledge_base
from bot.knowledge.follow_ups import asks_if_the_answer_is_true

logger = logging.getLogger(__name__)


class ActionDecodeClaim(Action):
    """Explain the claims a patient quotes, or offer the claims the bot can explain."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_decode_claim"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Claims named by a button's `claim` entity, else found in the message text."""
        kb = get_knowledge_base()
        book = get_claim_book()
        named = [book.claims[v] for v in latest_entities(tracker).get(CLAIM_ENTITY, []) if v in book.claims]
        text = latest_text(tracker)
        claims = named or book.find(text)
        logger.debug("decoding %d clinic claim(s): %s", len(claims), [claim.id for claim in claims])
        if not claims:
            if last_topic(tracker) and asks_if_the_answer_is_true(text):
                # "Is that true? Or are they just protecting their income?" after an answer: where
                # that answer comes from, not the list of clinic claims.
                send_sources(dispatcher, tracker)
                return []
            send(dispatcher, claims_menu_reply(kb, book.claims.values(), book))
            return []
        send(dispatcher, claims_reply(kb, claims, book))
        return [SlotSet(LAST_TOPIC_SLOT, CLAIMS_TOPIC), SlotSet(LAST_SUBJECT_SLOT, None)]

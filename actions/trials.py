"""Search ClinicalTrials.gov for recruiting trials, falling back to the curated list."""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import LAST_SUBJECT_SLOT, LAST_TOPIC_SLOT, send
from bot.knowledge import get_knowledge_base
from bot.trials import (
    BASE_URL,
    ClinicalTrialsClient,
    TrialSearchError,
    fallback_reply,
    place_from_text,
    place_in_follow_up,
    trials_reply,
)

logger = logging.getLogger(__name__)

# The knowledge-base topic whose sources answer "where is that from?" after a trial search.
TRIALS_TOPIC = "clinical_trials"


@functools.lru_cache(maxsize=1)
def trials_client() -> ClinicalTrialsClient:
    """The registry client, created on first use and shared so its cache is too.

    CTGOV_API_URL points it elsewhere (a test double, or a mirror); the default is the real API.
    """
    return ClinicalTrialsClient(base_url=os.environ.get("CTGOV_API_URL") or BASE_URL)


class ActionSearchTrials(Action):
    """List recruiting cell-therapy trials for back pain, near the place the patient named."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_search_trials"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Search with only the named place; on any registry problem send the curated list."""
        text = str((tracker.latest_message or {}).get("text") or "")
        place = place_from_text(text) or place_in_follow_up(text)
        kb = get_knowledge_base()
        try:
            # requests blocks: keep the action server's event loop free for other conversations.
            trials = await asyncio.to_thread(trials_client().search, place)
        except TrialSearchError as error:
            # The error text may quote the registry's answer, which may echo the place: keep it out of INFO logs.
            logger.warning("ClinicalTrials.gov search failed; sending the curated list instead")
            logger.debug("trial search error: %s", error)
            send(dispatcher, fallback_reply(kb, place))
        else:
            send(dispatcher, trials_reply(kb, trials, place))
        return [SlotSet(LAST_TOPIC_SLOT, TRIALS_TOPIC), SlotSet(LAST_SUBJECT_SLOT, None)]

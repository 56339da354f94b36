"""Cite the full references behind the last answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import TOPIC_ENTITY, last_subject, last_topic, latest_entities, reply_on_topic, send
from bot.claims import Claim, claims_sources_reply, get_claim_book
from bot.knowledge import KnowledgeBase, Topic, get_knowledge_base
from bot.knowledge.replies import Reply, sources_reply


class ActionCiteSources(Action):
    """Send full references for the answer a button names, else for the last answer."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_cite_sources"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """List the references, or explain that nothing has been answered yet."""
        send_sources(dispatcher, tracker)
        return []


def send_sources(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The references for the answer a button names, the clinic claims just explained, or the last answer."""
    if not latest_entities(tracker).get(TOPIC_ENTITY):
        claims = claims_just_explained(tracker)
        if claims:
            send(dispatcher, claims_sources_reply(get_knowledge_base(), claims))
            return
    subject_id = last_subject(tracker) or ""

    def references(kb: KnowledgeBase, topic: Topic) -> Reply:
        # The status answer's subject belongs to the last topic, not to one a button names.
        subject = kb.topics.get(subject_id) if topic.id == last_topic(tracker) else None
        return sources_reply(kb, topic, subject)

    reply_on_topic(dispatcher, tracker, references, "no_previous_answer")


def claims_just_explained(tracker: Tracker) -> list[Claim]:
    """The clinic claims the bot's last message explained ("where is that from?" right after), if any."""
    asked = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if asked:
                return []  # the patient's earlier message: no bot message between
            asked = True
        elif kind == "bot" and asked:
            custom = (event.get("data") or {}).get("custom") or {}
            if not isinstance(custom, dict) or custom.get("type") != "claims":
                return []
            claims = get_claim_book().claims
            return [claims[i] for i in custom.get("claim_ids") or [] if isinstance(i, str) and i in claims]
    return []

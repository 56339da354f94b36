"""Cite the full references behind the last answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import last_subject, reply_on_last_topic
from bot.knowledge import KnowledgeBase, Topic
from bot.knowledge.replies import Reply, sources_reply


class ActionCiteSources(Action):
    """Send full references for the last answer."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_cite_sources"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """List the references, or explain that nothing has been answered yet."""
        subject_id = last_subject(tracker) or ""

        def references(kb: KnowledgeBase, topic: Topic) -> Reply:
            return sources_reply(kb, topic, kb.topics.get(subject_id))

        reply_on_last_topic(dispatcher, tracker, references, "no_previous_answer")
        return []

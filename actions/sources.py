"""Cite the full references behind the last answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import last_subject, last_topic, reply_on_topic
from bot.knowledge import KnowledgeBase, Topic
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
        subject_id = last_subject(tracker) or ""

        def references(kb: KnowledgeBase, topic: Topic) -> Reply:
            # The status answer's subject belongs to the last topic, not to one a button names.
            subject = kb.topics.get(subject_id) if topic.id == last_topic(tracker) else None
            return sources_reply(kb, topic, subject)

        reply_on_topic(dispatcher, tracker, references, "no_previous_answer")
        return []

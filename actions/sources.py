"""Cite the full references behind the last answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import last_subject, last_topic, send
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import notice_reply, sources_reply


class ActionCiteSources(Action):
    """Send full references for the last answer."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_cite_sources"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """List the references, or explain that nothing has been answered yet."""
        kb = get_knowledge_base()
        topic_id = last_topic(tracker)
        if topic_id not in kb.topics:
            send(dispatcher, notice_reply(kb, "no_previous_answer"))
            return []
        subject = kb.topics.get(last_subject(tracker) or "")
        send(dispatcher, sources_reply(kb, kb.topics[str(topic_id)], subject))
        return []

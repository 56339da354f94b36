"""The summary action reads the tracker's events and sends the summary."""

from __future__ import annotations

from actions.summary import ActionVisitSummary
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import answer_reply
from bot.knowledge.resolver import Resolution
from tests.actions.trackers import make_tracker

KB = get_knowledge_base()


async def test_summary_lists_what_was_asked(dispatcher):
    answer = answer_reply(KB, Resolution(KB.topics["surgery"]))
    events = [
        {"event": "user", "text": "tell me about back surgery"},
        {"event": "bot", "text": answer.text, "data": {"custom": answer.custom}},
    ]
    await ActionVisitSummary().run(dispatcher, make_tracker("request_summary", "summary please", events=events), {})
    message = dispatcher.messages[0]
    assert message["custom"]["type"] == "summary"
    assert '"tell me about back surgery"' in message["text"]

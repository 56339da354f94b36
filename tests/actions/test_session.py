"""A new session keeps the clinic and any safety concern raised earlier in the conversation."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SessionStarted, SlotSet

from actions.session import ActionSessionStart
from actions.summary import ActionVisitSummary
from bot.safety.settings import region_for
from tests.actions.trackers import make_tracker


@pytest.mark.parametrize("level", ["crisis", "emergency", "urgent"])
async def test_a_new_session_keeps_the_safety_level(dispatcher, level):
    tracker = make_tracker("greet", "hi", slots={"safety_level": level, "session_started_metadata": {"clinic": "demo"}})
    events = await ActionSessionStart().run(dispatcher, tracker, {})
    assert events[0] == SessionStarted()
    assert events[1] == SlotSet("session_started_metadata", {"clinic": "demo"})
    assert events[2] == SlotSet("safety_level", level)
    assert [e["event"] for e in events[3:]] == ["bot", "action"]


async def test_a_first_session_sets_no_safety_level(dispatcher):
    events = await ActionSessionStart().run(dispatcher, make_tracker("greet", "hi"), {})
    assert not [e for e in events if e.get("name") == "safety_level"]


async def test_the_summary_keeps_a_warning_raised_in_an_earlier_session(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    tracker = make_tracker("request_summary", "summary please", slots={"safety_level": "emergency"})
    await ActionVisitSummary().run(dispatcher, tracker, {})
    summary = dispatcher.messages[0]["custom"]
    region = region_for(None)
    assert summary["red_flags"] == [
        {
            "question": "",
            "level": "emergency",
            "headline": region.headline_for("emergency"),
            "advice": region.message_for("emergency"),
        }
    ]


async def test_a_summary_without_any_concern_has_no_warning(dispatcher):
    await ActionVisitSummary().run(dispatcher, make_tracker("request_summary", "summary please"), {})
    assert dispatcher.messages[0]["custom"]["red_flags"] == []

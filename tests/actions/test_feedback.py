"""Feedback on an answer gets a thank-you, or an apology with other ways in."""

from __future__ import annotations

from actions.feedback import ActionRecordFeedback
from bot.knowledge import get_knowledge_base
from tests.actions.trackers import make_tracker

KB = get_knowledge_base()


async def test_helpful_is_thanked(dispatcher):
    await ActionRecordFeedback().run(dispatcher, make_tracker("feedback_helpful", "/feedback_helpful"), {})
    assert dispatcher.messages[0]["text"] == KB.messages["feedback_thanks"].text


async def test_unhelpful_gets_an_apology_and_the_menu(dispatcher):
    await ActionRecordFeedback().run(dispatcher, make_tracker("feedback_unhelpful", "that didn't help"), {})
    message = dispatcher.messages[0]
    assert message["text"] == KB.messages["feedback_sorry"].text
    assert len(message["buttons"]) == len(KB.menu)


async def test_unhelpful_after_an_answer_names_that_answer(dispatcher):
    tracker = make_tracker("feedback_unhelpful", "not what I asked", slots={"last_topic": "heat_cold"})
    await ActionRecordFeedback().run(dispatcher, tracker, {})
    message = dispatcher.messages[0]
    assert message["text"].startswith(f"Sorry the answer on {KB.topics['heat_cold'].title} didn't help.")
    assert len(message["buttons"]) == len(KB.menu)


async def test_typed_not_helpful_is_never_thanked_as_praise(dispatcher):
    await ActionRecordFeedback().run(dispatcher, make_tracker("feedback_helpful", "not helpful tbh"), {})
    assert dispatcher.messages[0]["text"] == KB.messages["feedback_sorry"].text

"""Limits replies: a dose, stopping or candidacy question names the treatment discussed, if any."""

from __future__ import annotations

from actions.limits import ActionExplainLimits
from bot.knowledge import get_knowledge_base
from tests.actions.trackers import make_tracker

KB = get_knowledge_base()


async def test_a_dose_question_after_an_answer_on_opioids_names_them(dispatcher):
    tracker = make_tracker("ask_dosage", "how much should I take", slots={"last_topic": "opioids"})
    await ActionExplainLimits().run(dispatcher, tracker, {})
    text = dispatcher.messages[0]["text"]
    assert text.startswith("You asked about codeine, tramadol")
    assert KB.messages["limits_ask_dosage"].text in text


async def test_a_limits_question_with_no_treatment_discussed_is_the_plain_message(dispatcher):
    tracker = make_tracker("ask_medication_change", "should I stop my tablets", slots={"last_topic": "sciatica"})
    await ActionExplainLimits().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == KB.messages["limits_ask_medication_change"].text

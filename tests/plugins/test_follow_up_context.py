"""The follow-up context component gives a follow-up the last answer's intent when, and only when, it should."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import SlotSet
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.follow_ups import LAST_TOPIC_SLOT
from plugins.follow_up_context import FollowUpContext


def parsed(text: str, intent: str, entities: list[dict[str, str]] | None = None) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.6}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": 0.6}], add_to_output=True)
    message.set("entities", entities or [], add_to_output=True)
    return message


def after(topic: str | None) -> DialogueStateTracker:
    """A conversation whose last answer was on `topic`."""
    tracker = DialogueStateTracker("t", slots=[TextSlot(LAST_TOPIC_SLOT, mappings=[])])
    if topic:
        tracker.update(SlotSet(LAST_TOPIC_SLOT, topic))
    return tracker


@pytest.mark.parametrize(
    ("last", "text", "intent", "expected"),
    [
        ("stem_cell_cost", "what about the VA", "search_trials", "ask_stem_cell_cost"),
        ("heat_cold", "what about for my mum, she's 83 and her skin is thin", "ask_candidacy", "ask_heat_cold"),
        ("spondylolisthesis", "is it serious", "out_of_scope", "ask_spondylolisthesis"),
    ],
)
def test_a_follow_up_on_the_last_topic_gets_its_intent(last, text, intent, expected):
    (message,) = FollowUpContext().process([parsed(text, intent)], after(last))
    assert message.get("intent") == {"name": expected, "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == [expected, intent]


@pytest.mark.parametrize(
    ("last", "text", "intent"),
    [
        (None, "what about the VA", "search_trials"),  # nothing answered yet
        ("stem_cell_cost", "any trials near Boston", "search_trials"),  # a new search
        ("bmac", "what about for my dad, he's 80", "ask_candidacy"),  # who can have a cell therapy
        ("heat_cold", "is it serious", "report_red_flag"),  # safety is never replaced
        ("heat_cold", "is it serious", "ask_warning_signs"),  # a topic intent: the resolver reads the context
        ("spondylolisthesis", "/ask_more", "out_of_scope"),  # a button
    ],
)
def test_other_messages_keep_their_intent(last, text, intent):
    (message,) = FollowUpContext().process([parsed(text, intent)], after(last))
    assert message.get("intent")["name"] == intent


def test_a_named_subject_keeps_the_reading():
    entity = {"entity": "condition", "value": "sciatica"}
    message = parsed("is it serious with sciatica", "out_of_scope", [entity])
    (message,) = FollowUpContext().process([message], after("heat_cold"))
    assert message.get("intent")["name"] == "out_of_scope"


@pytest.mark.parametrize(
    ("last", "expected"), [("exercise_getting_started", "ask_exercise_getting_started"), ("opioids", None)]
)
def test_how_often_after_exercise_is_that_answer_and_after_a_medicine_a_dose(last, expected):
    (message,) = FollowUpContext().process([parsed("how often", "ask_dosage")], after(last))
    assert message.get("intent")["name"] == (expected or "ask_dosage")

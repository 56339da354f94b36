"""The safety NLU component overrides the classifier's intent when, and only when, it should."""

from __future__ import annotations

from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot.safety.triage import ALARM, CHECK_IN, SCREEN
from plugins.safety_override import EXTRACTOR, SCREEN_ENTITY, SafetyOverride, _previous_message


def parsed(text: str, intent: str = "ask_stem_cell_risks", confidence: float = 0.9) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}], add_to_output=True)
    message.set("entities", [], add_to_output=True)
    return message


def test_red_flag_in_the_middle_of_a_question_overrides_the_intent():
    component = SafetyOverride()
    text = "are stem cells safe? since yesterday I've wet myself twice and my legs feel weak"
    (message,) = component.process([parsed(text)])
    assert message.get("intent") == {"name": "report_red_flag", "confidence": 1.0}
    assert message.get("intent_ranking")[1]["name"] == "ask_stem_cell_risks"
    assert {"entity": "safety_level", "value": "emergency"}.items() <= message.get("entities")[0].items()


def test_crisis_language_overrides_even_a_fallback():
    component = SafetyOverride()
    (message,) = component.process([parsed("i dont want to be alive anymore", "nlu_fallback", 0.3)])
    assert message.get("intent")["name"] == "express_crisis"


def test_ordinary_and_negated_messages_keep_their_intent():
    component = SafetyOverride()
    for text in ("no numbness and my bladder is fine, is bmac approved?", "this pain is killing me", ""):
        (message,) = component.process([parsed(text)])
        assert message.get("intent")["name"] == "ask_stem_cell_risks", text


def tracker_after(text: str, entity: str, value: str) -> DialogueStateTracker:
    """A conversation whose last patient message the safety component flagged with `entity`."""
    flagged = [{"entity": entity, "value": value, "extractor": EXTRACTOR}]
    said = UserUttered(text, {"name": "ask_medicines", "confidence": 1.0}, flagged)
    return DialogueStateTracker.from_events("t", [said])


def test_a_message_after_a_check_in_is_read_with_it():
    # "what's the max dose ...?" alone got a check-in (no rule): the next turn completes a plan
    question = "what's the max dose of gabapentin?"
    follow_up = "just so i know when to stop collecting them"
    assert _previous_message(tracker_after(question, SCREEN_ENTITY, "crisis")) == (question, CHECK_IN)
    (message,) = SafetyOverride().process([parsed(follow_up)], tracker_after(question, SCREEN_ENTITY, "crisis"))
    assert message.get("intent")["name"] == "express_crisis"


def test_a_message_after_a_symptom_question_or_an_alarm_is_read_alone():
    question = "what's the max dose of gabapentin?"
    assert _previous_message(tracker_after(question, SCREEN_ENTITY, "emergency")) == (question, SCREEN)
    assert _previous_message(tracker_after(question, "safety_level", "crisis")) == (question, ALARM)
    # (session 23) after a screening question no rule raised, the rules read both turns: collecting
    # tablets after a dose question is crisis talk (the classifier still reads the message alone)
    (message,) = SafetyOverride().process(
        [parsed("just so i know when to stop collecting them")], tracker_after(question, SCREEN_ENTITY, "emergency")
    )
    assert message.get("intent")["name"] != "ask_stem_cell_risks"

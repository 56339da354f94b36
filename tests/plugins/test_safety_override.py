"""The safety NLU component overrides the classifier's intent when, and only when, it should."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from plugins.safety_override import SafetyOverride


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

"""Safety, small-talk and limits actions: safety first, no cheerful chat after a concern, clear limits."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.limits import LIMIT_INTENTS, ActionExplainLimits
from actions.safety import ActionRespondToSafetyConcern
from actions.small_talk import ActionRespondSmallTalk
from bot.knowledge import get_knowledge_base
from bot.safety.settings import region_for
from tests.actions.trackers import make_tracker

KB = get_knowledge_base()


def tracker_with_ranking(intent: str, text: str, ranking: list[tuple[str, float]], slots=None):
    tracker = make_tracker(intent, text, slots=slots)
    tracker.latest_message["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return tracker


async def test_emergency_names_the_symptom_and_the_number(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    text = "since this morning i cant pee and my bum feels numb"
    tracker = tracker_with_ranking("report_red_flag", text, [("report_red_flag", 1.0)])
    events = await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert events == [SlotSet("safety_level", "emergency")]
    assert "911" in message["text"]
    assert message["custom"]["type"] == "safety" and message["custom"]["level"] == "emergency"
    assert "bladder" in message["text"] or "peeing" in message["text"]
    assert any(c["id"] == "nhs_back_pain" for c in message["custom"]["citations"])


async def test_uk_deployment_gives_its_own_numbers(dispatcher, monkeypatch):
    monkeypatch.setenv("BOT_REGION", "UK")
    tracker = tracker_with_ranking("report_red_flag", "both my legs went weak and numb today", [])
    await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    assert "999" in dispatcher.messages[0]["text"] and "911" not in dispatcher.messages[0]["text"]


async def test_crisis_reply_gives_crisis_line_first_and_no_topic_buttons(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    text = "i cant take this pain anymore, i want to kill myself. also are stem cells safe?"
    tracker = tracker_with_ranking("express_crisis", text, [("express_crisis", 1.0), ("ask_stem_cell_risks", 0.9)])
    events = await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert events == [SlotSet("safety_level", "crisis")]
    assert message["text"].startswith(region_for("US").crisis_message)
    assert "988" in message["text"] and message["buttons"] == []


async def test_question_in_passing_is_offered_back_after_the_emergency_advice(dispatcher):
    text = "ive been reading about stem cells, btw since yesterday i cant feel anything when i wipe, are they safe?"
    ranking = [("report_red_flag", 1.0), ("ask_stem_cell_risks", 0.8)]
    await ActionRespondToSafetyConcern().run(dispatcher, tracker_with_ranking("report_red_flag", text, ranking), {})
    message = dispatcher.messages[0]
    assert message["custom"]["level"] == "emergency"
    assert message["buttons"][0]["title"] == KB.topics["stem_cell_risks"].title


async def test_classifier_only_red_flag_gets_the_cautious_generic_reply(dispatcher):
    tracker = tracker_with_ranking("report_red_flag", "something feels really wrong down there", [])
    events = await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    assert events == [SlotSet("safety_level", "urgent")]
    assert "911" in dispatcher.messages[0]["text"]


async def test_a_milder_concern_does_not_lower_the_remembered_level(dispatcher):
    tracker = tracker_with_ranking("report_red_flag", "it is worse at night", [], slots={"safety_level": "emergency"})
    events = await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    assert events == [SlotSet("safety_level", "emergency")]


async def test_an_overdose_taken_gets_the_emergency_number_now_and_the_crisis_line(dispatcher, monkeypatch):
    monkeypatch.setenv("BOT_REGION", "UK")
    text = "I took an overdose of my tramadol an hour ago, I feel fine"
    tracker = tracker_with_ranking("express_crisis", text, [("express_crisis", 1.0)])
    events = await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    uk = region_for("UK")
    assert events == [SlotSet("safety_level", "crisis")]
    assert message["text"].startswith(uk.emergency_message)
    assert message["text"].index(uk.emergency_message) < message["text"].index(uk.crisis_message)
    assert message["custom"]["levels"] == ["crisis", "emergency"]


async def test_an_emergency_with_crisis_talk_is_answered_emergency_first(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    tracker = tracker_with_ranking("express_crisis", "I can't feel my bum and I want to die", [])
    await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    text = dispatcher.messages[0]["text"]
    us = region_for("US")
    assert text.startswith(us.emergency_message) and us.crisis_message in text


async def test_a_concern_about_someone_else_is_answered_for_them_and_the_patient(dispatcher, monkeypatch):
    monkeypatch.setenv("BOT_REGION", "UK")
    tracker = tracker_with_ranking("report_red_flag", "my dad can't pee since yesterday", [])
    events = await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    message = dispatcher.messages[0]
    assert events == [SlotSet("safety_level", "emergency")]
    assert message["text"].startswith("If this is about someone else") and "call 999 for them" in message["text"]
    assert message["custom"]["about_other"] is True


async def test_a_level_found_with_the_previous_turn_is_kept(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    # the NLU safety step read "how many would be too many?" with this turn and found a crisis
    entities = [{"entity": "safety_level", "value": "crisis", "extractor": "SafetyOverride"}]
    tracker = make_tracker("express_crisis", "asking for me", entities=entities)
    events = await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    assert events == [SlotSet("safety_level", "crisis")]
    entities = [{"entity": "safety_level", "value": "emergency", "extractor": "SafetyOverride"}]
    tracker = make_tracker("report_red_flag", "and now it is agony", entities=entities)
    events = await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    assert events == [SlotSet("safety_level", "emergency")]
    assert region_for("US").emergency_message in dispatcher.messages[-1]["text"]


@pytest.mark.parametrize("intent", ["greet", "thanks", "goodbye", "bot_challenge"])
async def test_small_talk_is_plain_before_and_serious_after_a_concern(dispatcher, intent, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    await ActionRespondSmallTalk().run(dispatcher, make_tracker(intent, "x"), {})
    assert dispatcher.messages[0]["text"].startswith(KB.messages[f"small_talk_{intent}"].text)
    dispatcher.messages.clear()
    tracker = make_tracker(intent, "x", slots={"safety_level": "emergency"})
    await ActionRespondSmallTalk().run(dispatcher, tracker, {})
    assert region_for("US").emergency_message in dispatcher.messages[0]["text"]


async def test_bot_challenge_says_it_is_automated(dispatcher):
    await ActionRespondSmallTalk().run(dispatcher, make_tracker("bot_challenge", "are you human"), {})
    assert "automated assistant" in dispatcher.messages[0]["text"]


async def test_are_you_a_real_person_also_says_how_to_reach_one(dispatcher):
    slots = {"session_started_metadata": {"clinic": "demo"}}
    tracker = make_tracker("bot_challenge", "are you a real person", slots=slots)
    await ActionRespondSmallTalk().run(dispatcher, tracker, {})
    custom = dispatcher.messages[0]["custom"]
    assert custom["type"] == "contact" and custom["intro"].startswith(KB.messages["small_talk_bot_challenge"].text)
    assert [link["kind"] for link in custom["links"]] == ["call", "booking", "contact"]


@pytest.mark.parametrize("intent", LIMIT_INTENTS)
async def test_limits_say_what_the_bot_cannot_do_and_offer_general_information(dispatcher, intent):
    await ActionExplainLimits().run(dispatcher, make_tracker(intent, "x"), {})
    message = dispatcher.messages[0]
    assert message["text"].startswith(("I can't", "Please don't"))
    assert message["buttons"], "general information is still offered"
    for button in message["buttons"]:
        assert button["payload"].startswith("/ask_")

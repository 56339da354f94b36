"""A clinic's widget sends its id as session metadata: hand-off and numbers follow that clinic."""

from __future__ import annotations

from rasa_sdk.events import SessionStarted, SlotSet

from actions.contact import ActionOfferContact
from actions.safety import ActionRespondToSafetyConcern
from actions.session import ActionSessionStart
from bot.clinics import clinic_for
from tests.actions.trackers import make_tracker


def with_clinic(intent: str, text: str, clinic_id: str | None, **slots):
    metadata = {"clinic": clinic_id} if clinic_id else None
    return make_tracker(intent, text, slots={"session_started_metadata": metadata, **slots})


async def test_contact_gives_the_clinics_phone_and_booking_link(dispatcher):
    await ActionOfferContact().run(dispatcher, with_clinic("ask_contact", "book me in", "demo"), {})
    demo = clinic_for("demo")
    assert demo.phone in dispatcher.messages[0]["text"] and demo.booking_url in dispatcher.messages[0]["text"]


async def test_unknown_clinic_gets_the_neutral_reply(dispatcher):
    await ActionOfferContact().run(dispatcher, with_clinic("ask_contact", "book", "no_such_clinic"), {})
    assert dispatcher.messages[0]["custom"]["clinic"] is None


async def test_emergency_number_follows_the_clinics_country(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    tracker = with_clinic("report_red_flag", "i cant pee and my legs are numb", "demo_uk")
    await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    assert "999" in dispatcher.messages[0]["text"] and "911" not in dispatcher.messages[0]["text"]


async def test_clinic_cannot_remove_the_safety_advice(dispatcher):
    tracker = with_clinic("report_red_flag", "i cant pee and my legs are numb", "demo")
    await ActionRespondToSafetyConcern().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["level"] == "emergency" and dispatcher.messages[0]["custom"]["citations"]


async def test_session_start_keeps_the_metadata_and_welcomes_with_the_clinics_number(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    events = await ActionSessionStart().run(dispatcher, with_clinic("greet", "hi", "demo_uk"), {})
    assert events[0] == SessionStarted()
    assert events[1] == SlotSet("session_started_metadata", {"clinic": "demo_uk"})
    assert "999" in events[2]["text"]


async def test_contact_after_a_crisis_gives_the_crisis_line(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    tracker = with_clinic("ask_contact", "can i talk to someone", "demo", safety_level="crisis")
    await ActionOfferContact().run(dispatcher, tracker, {})
    custom = dispatcher.messages[0]["custom"]
    assert "988" in custom["crisis_note"] and any(p["tel"] == "tel:988" for p in custom["phones"])

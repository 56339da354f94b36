"""The hand-off reply uses the clinic's own details and its country's emergency number."""

from __future__ import annotations

from bot.clinics import clinic_for, contact_reply
from bot.knowledge import get_knowledge_base
from bot.safety.settings import region_for

KB = get_knowledge_base()


def test_clinic_with_details_gets_phone_and_booking_link():
    demo = clinic_for("demo")
    reply = contact_reply(KB, demo, region_for(demo.country))
    assert demo.phone in reply.text and demo.booking_url in reply.text
    links = {link["kind"]: link for link in reply.custom["links"]}
    assert links["call"]["url"] == "tel:+15550100" and links["call"]["title"] == f"Call {demo.phone}"
    assert links["booking"]["url"] == demo.booking_url and links["contact"]["url"] == demo.contact_url
    assert reply.custom["phone"] == {"role": "clinic", "number": demo.phone, "tel": "tel:+15550100"}
    assert "911" in reply.text
    assert reply.custom["crisis_note"] is None


def test_no_clinic_points_to_the_patients_own_doctor():
    reply = contact_reply(KB, None, region_for("UK"))
    assert reply.text.startswith(KB.messages["contact_no_clinic"].text)
    assert "999" in reply.text and reply.custom["phone"] is None and reply.custom["links"] == []


def test_after_a_crisis_the_crisis_line_comes_too():
    demo_uk = clinic_for("demo_uk")
    reply = contact_reply(KB, demo_uk, region_for("UK"), "crisis")
    assert "116 123" in reply.custom["crisis_note"] and "116 123" in reply.text
    assert {"role": "crisis", "number": "116 123", "tel": "tel:116123"} in reply.custom["phones"]
    eu = contact_reply(KB, None, region_for("EU"), "crisis")
    assert "112" in eu.custom["crisis_note"]


def test_real_person_opening_says_what_the_bot_is_then_how_to_reach_someone():
    opening = KB.messages["small_talk_bot_challenge"].text
    reply = contact_reply(KB, clinic_for("demo"), region_for("US"), opening=opening)
    assert reply.custom["intro"].startswith(opening)
    assert clinic_for("demo").name in reply.custom["intro"]
    assert [link["kind"] for link in reply.custom["links"]] == ["call", "booking", "contact"]

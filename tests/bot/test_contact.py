"""The hand-off reply uses the clinic's own details and its country's emergency number."""

from __future__ import annotations

from bot.clinics import clinic_for
from bot.contact import contact_reply
from bot.knowledge import get_knowledge_base
from bot.safety.settings import region_for

KB = get_knowledge_base()


def test_clinic_with_details_gets_phone_and_booking_link():
    demo = clinic_for("demo")
    reply = contact_reply(KB, demo, region_for(demo.country))
    assert demo.phone in reply.text and demo.booking_url in reply.text
    assert reply.custom["booking_url"] == demo.booking_url
    assert "911" in reply.text


def test_no_clinic_points_to_the_patients_own_doctor():
    reply = contact_reply(KB, None, region_for("UK"))
    assert reply.text.startswith(KB.messages["contact_no_clinic"].text)
    assert "999" in reply.text and reply.custom["phone"] is None

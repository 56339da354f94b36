"""The hand-off reply: how to reach a person at the clinic whose widget the patient is using."""

from __future__ import annotations

from bot.clinics.model import Clinic
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Reply
from bot.payloads import PAYLOAD_VERSION, ContactPayload, LinkPayload, phone, unique_phones
from bot.safety.settings import Region


def contact_reply(
    kb: KnowledgeBase,
    clinic: Clinic | None,
    region: Region,
    safety_level: str | None = None,
    opening: str | None = None,
) -> Reply:
    """The clinic's phone, booking and contact links, or a pointer to the patient's own doctor.

    After a crisis in this conversation the crisis line comes too. `opening` replaces the usual
    first sentence (the answer to "are you a real person?" starts by saying what the bot is).
    """
    reachable = clinic is not None and bool(clinic.phone or clinic.booking_url or clinic.contact_url)
    if opening is None:
        intro = kb.messages.render("contact_intro", name=clinic.name) if reachable and clinic else ""
        intro = intro or kb.messages.render("contact_no_clinic")
    elif reachable and clinic:
        intro = f"{opening} {kb.messages.render('contact_reach_person', name=clinic.name)}"
    else:
        intro = f"{opening} {kb.messages.render('contact_no_clinic_person')}"
    clinic_phone = phone("clinic", clinic.phone) if reachable and clinic and clinic.phone else None
    links: list[LinkPayload] = []
    lines = [intro]
    if reachable and clinic:
        if clinic_phone:
            lines.append(kb.messages.render("contact_phone", phone=clinic_phone["number"]))
            title = kb.messages.render("contact_button_call", phone=clinic_phone["number"])
            links.append({"kind": "call", "title": title, "url": clinic_phone["tel"]})
        if clinic.booking_url:
            lines.append(kb.messages.render("contact_booking", url=clinic.booking_url))
            title = kb.messages["contact_button_booking"].text
            links.append({"kind": "booking", "title": title, "url": clinic.booking_url})
        if clinic.contact_url:
            lines.append(kb.messages.render("contact_page", url=clinic.contact_url))
            title = kb.messages["contact_button_page"].text
            links.append({"kind": "contact", "title": title, "url": clinic.contact_url})
    crisis_note = _crisis_note(kb, region) if safety_level == "crisis" else None
    emergency_note = kb.messages.render("contact_emergency_note", emergency_number=region.emergency_number)
    text = "\n".join(lines) + "\n\n" + "\n\n".join([*([crisis_note] if crisis_note else []), emergency_note])
    crisis = phone("crisis", region.crisis_line) if crisis_note and region.crisis_line else None
    payload: ContactPayload = {
        "version": PAYLOAD_VERSION,
        "type": "contact",
        "intro": intro,
        "clinic": clinic.name if reachable and clinic else None,
        "phone": clinic_phone,
        "links": links,
        "crisis_note": crisis_note,
        "emergency_note": emergency_note,
        "text": text,
        "phones": unique_phones([crisis, phone("emergency", region.emergency_number), clinic_phone]),
        "emergency_number": region.emergency_number,
        "buttons": [],
    }
    return Reply(text, payload)


def _crisis_note(kb: KnowledgeBase, region: Region) -> str:
    if region.crisis_line:
        return kb.messages.render(
            "contact_crisis_note", crisis_service=region.crisis_service, crisis_line=region.crisis_line
        )
    return kb.messages.render(
        "contact_crisis_note_no_line", crisis_service=region.crisis_service, emergency_number=region.emergency_number
    )

"""The hand-off reply: how to reach the clinic whose widget the patient is using."""

from __future__ import annotations

from bot.clinics import Clinic
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Reply
from bot.safety.settings import Region


def contact_reply(kb: KnowledgeBase, clinic: Clinic | None, region: Region) -> Reply:
    """The clinic's phone, booking and contact links, or a pointer to the patient's own doctor."""
    lines: list[str] = []
    if clinic is not None and (clinic.phone or clinic.booking_url or clinic.contact_url):
        lines.append(kb.messages.render("contact_intro", name=clinic.name))
        if clinic.phone:
            lines.append(kb.messages.render("contact_phone", phone=clinic.phone))
        if clinic.booking_url:
            lines.append(kb.messages.render("contact_booking", url=clinic.booking_url))
        if clinic.contact_url:
            lines.append(kb.messages.render("contact_page", url=clinic.contact_url))
    else:
        lines.append(kb.messages.render("contact_no_clinic"))
    text = "\n".join(lines) + "\n\n" + kb.messages.render(
        "contact_emergency_note", emergency_number=region.emergency_number
    )
    custom = {
        "type": "contact",
        "text": text,
        "clinic": clinic.name if clinic else None,
        "phone": clinic.phone if clinic else None,
        "booking_url": clinic.booking_url if clinic else None,
        "contact_url": clinic.contact_url if clinic else None,
        "emergency_number": region.emergency_number,
    }
    return Reply(text, (), custom)

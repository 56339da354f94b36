"""The replies of the safety triage's questions: the screening question and the crisis check-in.

The wording lives in messages.yml (safety_screen_* and crisis_check_in); the signs asked about
come from the fact sheet's red-flag lists (NHS back pain page, Royal Free CES leaflet).
"""

from __future__ import annotations

from bot.knowledge.citations import citation_payload
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Reply, notice_reply, sources_line
from bot.payloads import PAYLOAD_VERSION, SafetyPayload, ScreeningPayload, button, screening_level
from bot.safety.replies import region_phones
from bot.safety.settings import Region

YES_PAYLOAD = "/affirm"
NO_PAYLOAD = "/deny"
SCREEN_LEVELS = ("emergency", "urgent")


def screening_question(kb: KnowledgeBase, level: str) -> Reply:
    """'To be safe, can I check: do you have any of these…?' with Yes and No buttons."""
    shown = screening_level(level if level in SCREEN_LEVELS else "emergency")
    message = kb.messages[f"safety_screen_{shown}"]
    sources = [kb.sources[s] for s in message.sources if s in kb.sources]
    text = message.text
    if sources:
        text += "\n\n" + sources_line(kb, sources)
    payload: ScreeningPayload = {
        "version": PAYLOAD_VERSION,
        "type": "screening",
        "level": shown,
        "question": message.text,
        "text": text,
        "citations": [citation_payload(s) for s in sources],
        "buttons": [
            button(kb.messages["button_yes"].text, YES_PAYLOAD),
            button(kb.messages["button_no"].text, NO_PAYLOAD),
        ],
    }
    return Reply(text, payload)


def screening_cleared(kb: KnowledgeBase, region: Region, question_kept: bool = True) -> Reply:
    """After 'No': thanks, and what to do if a sign starts; then the kept question's answer, or an invitation to ask."""
    key = "safety_screen_no" if question_kept else "safety_screen_no_question"
    return notice_reply(kb, key, region_phones(region), emergency_number=region.emergency_number)


def crisis_check_in(kb: KnowledgeBase, region: Region, answer_follows: bool = False) -> Reply:
    """A gentle check-in that always shows the crisis line and the emergency number.

    `answer_follows`: the answer to the patient's question comes next, and the check-in says so.
    """
    key = "crisis_check_in_with_answer" if answer_follows else "crisis_check_in"
    advice = kb.messages[key].text + "\n\n" + region.message_for("crisis")
    headline = region.headline_for("crisis")
    payload: SafetyPayload = {
        "version": PAYLOAD_VERSION,
        "type": "safety",
        "level": "check_in",
        "levels": [],
        "about_other": False,
        "headline": headline,
        "advice": advice,
        "reason": None,
        "question_later": None,
        "text": advice,
        "phones": [p for p in region_phones(region, "crisis") if p["number"] in f"{headline} {advice}"],
        "emergency_number": region.emergency_number,
        "crisis_line": region.crisis_line,
        "triggers": [],
        "citations": [],
        "buttons": [],
    }
    return Reply(advice, payload)

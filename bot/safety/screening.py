"""The replies of the safety triage's questions: the screening question and the crisis check-in.

The wording lives in messages.yml (safety_screen_* and crisis_check_in); the signs asked about
come from the fact sheet's red-flag lists (NHS back pain page, Royal Free CES leaflet).
"""

from __future__ import annotations

from typing import Any

from bot.knowledge.citations import citation_payload, short_citation
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.replies import Button, Reply
from bot.safety.settings import Region

YES_PAYLOAD = "/affirm"
NO_PAYLOAD = "/deny"
SCREEN_LEVELS = ("emergency", "urgent")


def screening_question(kb: KnowledgeBase, level: str) -> Reply:
    """'To be safe, can I check: do you have any of these…?' with Yes and No buttons."""
    key = f"safety_screen_{level if level in SCREEN_LEVELS else 'emergency'}"
    message = kb.messages[key]
    sources = [kb.sources[s] for s in message.sources if s in kb.sources]
    text = message.text
    if sources:
        text += "\n\n" + kb.messages.render("sources_short", sources="; ".join(short_citation(s) for s in sources))
    buttons = (Button(kb.messages["button_yes"].text, YES_PAYLOAD), Button(kb.messages["button_no"].text, NO_PAYLOAD))
    custom = {
        "type": "screening",
        "level": level,
        "text": text,
        "citations": [citation_payload(s) for s in sources],
        "buttons": [{"title": b.title, "payload": b.payload} for b in buttons],
    }
    return Reply(text, buttons, custom)


def screening_cleared(kb: KnowledgeBase, region: Region) -> Reply:
    """After 'No': thanks, and what to do if a sign starts (the answer follows)."""
    text = kb.messages.render("safety_screen_no", emergency_number=region.emergency_number)
    return Reply(text, (), {"type": "notice", "kind": "safety_screen_no", "text": text, "buttons": []})


def crisis_check_in(kb: KnowledgeBase, region: Region) -> Reply:
    """A gentle check-in that always shows the crisis line and the emergency number."""
    text = kb.messages["crisis_check_in"].text + "\n\n" + region.message_for("crisis")
    custom: dict[str, Any] = {
        "type": "safety",
        "level": "check_in",
        "text": text,
        "triggers": [],
        "emergency_number": region.emergency_number,
        "crisis_line": region.crisis_line,
        "citations": [],
        "buttons": [],
    }
    return Reply(text, (), custom)

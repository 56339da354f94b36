"""Safety replies: region wording first, the symptom named, sources cited."""

from __future__ import annotations

from bot.knowledge import get_knowledge_base
from bot.safety.replies import get_detector, safety_reply
from bot.safety.settings import region_for

KB = get_knowledge_base()


def test_emergency_reply_starts_with_the_region_advice_and_names_the_symptom():
    finding = get_detector().detect("my back hurts and i have numbness between my legs")
    reply = safety_reply(KB, region_for("UK"), finding, finding.level)
    assert reply.text.startswith(region_for("UK").emergency_message)
    assert finding.labels[0] in reply.text
    assert "Sources:" in reply.text


def test_crisis_reply_is_only_the_kind_crisis_message():
    finding = get_detector().detect("i want to end my life")
    reply = safety_reply(KB, region_for("US"), finding, "crisis", KB.topics["bmac"])
    assert reply.text == region_for("US").crisis_message
    assert reply.buttons == ()


def test_several_symptoms_are_all_named():
    finding = get_detector().detect("i have a fever and i have lost weight without trying")
    reply = safety_reply(KB, region_for("US"), finding, finding.level)
    assert all(label in reply.text for label in finding.labels) and len(finding.labels) >= 2

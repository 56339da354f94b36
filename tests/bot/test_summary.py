"""The visit summary is built from the conversation's own events."""

from __future__ import annotations

from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import answer_reply, notice_reply
from bot.knowledge.resolver import Resolution
from bot.safety.replies import get_detector, safety_reply
from bot.safety.settings import region_for
from bot.summary import Conversation, conversation_from_events, summary_reply

KB = get_knowledge_base()


def user(text: str) -> dict:
    return {"event": "user", "text": text}


def bot(reply) -> dict:
    return {"event": "bot", "text": reply.text, "data": {"custom": reply.custom}}


def test_questions_answers_sources_and_red_flags_are_summarised():
    finding = get_detector().detect("i cant pee and my legs are numb")
    events = [
        bot(notice_reply(KB, "welcome", emergency_number="911")),
        user("what is bmac?"),
        bot(answer_reply(KB, Resolution(KB.topics["bmac"]))),
        user("/ask_more"),
        user("i cant pee and my legs are numb"),
        bot(safety_reply(KB, region_for("US"), finding, finding.level)),
        user("what is sciatica"),
        bot(answer_reply(KB, Resolution(KB.topics["sciatica"]))),
    ]
    reply = summary_reply(KB, conversation_from_events(events))
    assert '"what is bmac?"' in reply.text and KB.topics["bmac"].answer in reply.text
    assert KB.topics["sciatica"].answer in reply.text
    assert all(s.url in reply.text for s in KB.sources_for(KB.topics["bmac"]))
    assert KB.messages["fda_caveat"].text in reply.text
    assert region_for("US").emergency_message in reply.text
    assert [i["topic_id"] for i in reply.custom["items"]] == ["bmac", "sciatica"]
    assert reply.text.endswith(KB.messages.render("summary_footer", retention_days="30"))


def test_a_topic_answered_twice_is_listed_once_and_empty_conversations_say_so():
    events = [user("bmac?"), bot(answer_reply(KB, Resolution(KB.topics["bmac"])))] * 2
    assert len(conversation_from_events(events).answered) == 1
    empty = summary_reply(KB, Conversation((), ()))
    assert KB.messages["summary_no_questions"].text in empty.text


def test_red_flags_come_from_the_payloads_fields_not_from_its_wording():
    finding = get_detector().detect("i cant pee and my legs are numb")
    reply = safety_reply(KB, region_for("UK"), finding, finding.level)
    custom = dict(reply.custom, text="Something else entirely\n\nwith paragraphs")
    events = [user("i cant pee and my legs are numb"), {"event": "bot", "text": "x", "data": {"custom": custom}}]
    summary = summary_reply(KB, conversation_from_events(events), region_for("UK"))
    (note,) = summary.custom["red_flags"]
    assert note == {
        "question": "i cant pee and my legs are numb",
        "level": "emergency",
        "headline": region_for("UK").headlines["emergency"],
        "advice": region_for("UK").emergency_message,
    }
    assert "Something else" not in summary.text


def test_a_safety_payload_from_before_version_1_gets_its_regions_advice_for_its_level():
    events = [user("help"), {"event": "bot", "text": "old", "data": {"custom": {"type": "safety", "level": "urgent"}}}]
    summary = summary_reply(KB, conversation_from_events(events), region_for("US"))
    assert summary.custom["red_flags"][0]["advice"] == region_for("US").urgent_message


def test_the_privacy_footer_gives_the_real_retention_period(monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "14")
    footer = summary_reply(KB, Conversation((), ())).custom["footer"]
    assert "14 days" in footer and "not stored anywhere else" not in footer
    monkeypatch.setenv("RETENTION_DAYS", "not a number")
    assert "30 days" in summary_reply(KB, Conversation((), ())).custom["footer"]


def test_the_summary_names_the_clinic_and_the_date():
    import datetime as dt

    reply = summary_reply(KB, Conversation((), ()), clinic_name="Demo Spine Clinic", date=dt.date(2026, 1, 2))
    assert reply.custom["clinic"] == "Demo Spine Clinic" and reply.custom["date"] == "2026-01-02"

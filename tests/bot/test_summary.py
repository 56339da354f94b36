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
    assert reply.text.endswith(KB.messages["summary_footer"].text)


def test_a_topic_answered_twice_is_listed_once_and_empty_conversations_say_so():
    events = [user("bmac?"), bot(answer_reply(KB, Resolution(KB.topics["bmac"])))] * 2
    assert len(conversation_from_events(events).answered) == 1
    empty = summary_reply(KB, Conversation((), ()))
    assert KB.messages["summary_no_questions"].text in empty.text

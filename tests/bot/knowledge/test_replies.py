"""Replies: answer, sources and caveat in readable text, mirrored in a structured payload."""

from __future__ import annotations

import json
import re

import pytest

from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import answer_reply, more_reply, notice_reply, sources_reply, topic_payload
from bot.knowledge.resolver import Resolution, resolve_topic

KB = get_knowledge_base()
CAVEAT = KB.messages["fda_caveat"].text


@pytest.mark.parametrize("topic_id", sorted(KB.topics))
def test_every_topic_answer_has_sources_and_caveat_when_investigational(topic_id):
    topic = KB.topics[topic_id]
    for reply in (answer_reply(KB, Resolution(topic)), more_reply(KB, topic)):
        assert topic.answer in reply.text or reply.custom["part"] == "more"
        for source in KB.sources_for(topic):
            assert source.url in reply.text
        assert (CAVEAT in reply.text) == topic.investigational
        assert (reply.custom["caveat"] is not None) == topic.investigational
        assert "{" not in reply.text and "}" not in reply.text
        assert reply.custom["topic_id"] == topic_id
        assert reply.custom["last_reviewed"] == topic.last_reviewed.isoformat()
        assert all(c["url"].startswith("https://") for c in reply.custom["citations"])


@pytest.mark.parametrize("topic_id", sorted(KB.topics))
def test_answer_text_is_short_and_plain(topic_id):
    words = len(KB.topics[topic_id].answer.split())
    assert words <= 90, f"{topic_id}: first answer has {words} words"


def test_investigational_answer_says_not_approved_and_trials_and_clinics():
    reply = answer_reply(KB, Resolution(KB.topics["bmac"]))
    lowered = reply.text.lower()
    assert "not approved" in lowered or "no stem cell treatment is approved" in lowered
    assert "clinical trial" in lowered
    assert "clinics" in lowered


def test_answer_buttons_offer_more_on_this_topic_and_two_related_topics():
    topic = KB.topics["herniated_disc"]
    reply = answer_reply(KB, Resolution(topic))
    assert reply.buttons[0].payload == '/ask_more{"topic":"herniated_disc"}'
    assert [b.title for b in reply.buttons[1:-2]] == [KB.topics[t].title for t in topic.related[:2]]
    assert [b.payload for b in reply.buttons[-2:]] == ["/feedback_helpful", "/feedback_unhelpful"]
    # three suggestions; the feedback pair is separate in the payload
    assert len(reply.custom["buttons"]) == 3 and len(reply.custom["feedback"]) == 2


def test_more_offers_sources_of_this_topic():
    reply = more_reply(KB, KB.topics["bmac"])
    assert reply.custom["buttons"][0]["payload"] == '/ask_source{"topic":"bmac"}'
    assert reply.custom["balance"] == [] or all(item["label"] and item["text"] for item in reply.custom["balance"])
    surgery = more_reply(KB, KB.topics["surgery"]).custom
    assert [item["key"] for item in surgery["balance"]] == list(KB.topics["surgery"].balance)
    assert surgery["evidence_line"] and surgery["evidence_line"] in more_reply(KB, KB.topics["surgery"]).text


def test_topic_payload_is_valid_rasa_syntax_with_topic_entity():
    payload = topic_payload(KB.topics["study_gornet_2024"])
    intent, entities = re.match(r"^/(\w+)(\{.*\})$", payload).groups()
    assert intent == "ask_stem_cell_evidence"
    assert json.loads(entities) == {"topic": "study_gornet_2024"}


def test_more_reply_lists_benefits_and_risks_for_treatments():
    reply = more_reply(KB, KB.topics["surgery"])
    for key in ("balance_benefits", "balance_risks", "balance_alternatives"):
        assert KB.messages[key].text in reply.text
    assert KB.messages["clinician_prompt"].text in reply.text


def test_sources_reply_gives_full_references_including_caveat_sources():
    reply = sources_reply(KB, KB.topics["study_pettine_2015"])
    assert "doi:10.1002/stem.1845" in reply.text
    caveat_ids = set(KB.messages["fda_caveat"].sources)
    assert caveat_ids <= {c["id"] for c in reply.custom["citations"]}



def test_sources_of_an_answer_about_a_subject_name_both():
    reply = sources_reply(KB, KB.topics["fda_status"], KB.topics["svf_fat_cells"])
    assert reply.text.splitlines()[0] == 'Full references for "Fat-derived cells (SVF): is it FDA approved?":'
    alone = sources_reply(KB, KB.topics["fda_status"], KB.topics["fda_status"])
    assert alone.text.startswith('Full references for "Is it FDA approved?":')

def test_status_follow_up_names_the_subject():
    reply = answer_reply(KB, resolve_topic(KB, "ask_fda_status", {}, last_topic="bmac"))
    assert KB.topics["bmac"].regulatory.status in reply.text
    assert CAVEAT in reply.text


def test_condition_context_line_for_a_condition_not_studied():
    reply = answer_reply(KB, resolve_topic(KB, "ask_stem_cell_basics", {}, last_topic="scoliosis"))
    assert reply.text.startswith("You asked about")


def test_fallback_offers_the_menu():
    reply = notice_reply(KB, "fallback")
    assert [b.title for b in reply.buttons] == [KB.topics[t].title for t in KB.menu]


@pytest.mark.parametrize("topic_id", ["bmac", "surgery", "sciatica"])
def test_payload_body_is_the_answer_without_sources_or_caveat(topic_id):
    topic = KB.topics[topic_id]
    custom = answer_reply(KB, Resolution(topic)).custom
    body = custom["body"]
    assert topic.answer in body
    assert "Sources:" not in body and CAVEAT not in body
    assert KB.messages["clinician_prompt"].text not in body  # it has its own field
    assert (custom["clinician_prompt"] == KB.messages["clinician_prompt"].text) == (topic.regulatory is not None)


@pytest.mark.parametrize("topic_id", sorted(t.id for t in KB.topics.values() if t.investigational))
def test_every_investigational_answer_carries_the_caveats_words_and_its_one_line_reminder(topic_id):
    for reply in (answer_reply(KB, Resolution(KB.topics[topic_id])), more_reply(KB, KB.topics[topic_id])):
        assert reply.custom["caveat"]["text"] == CAVEAT
        assert reply.custom["caveat"]["reminder"] == KB.messages["fda_caveat_reminder"].text


def test_the_topic_menu_is_a_short_choice():
    assert 1 <= len(KB.menu) <= 4


@pytest.mark.parametrize("topic_id", sorted(KB.topics))
def test_full_references_have_no_double_full_stop(topic_id):
    """Author lists end in "et al." and titles in "?" or ".": the reference adds no second stop."""
    text = sources_reply(KB, KB.topics[topic_id]).text
    assert ".." not in text.replace("...", "")


def test_an_answer_read_for_an_earlier_condition_names_it_first():
    reply = answer_reply(KB, Resolution(KB.topics["heat_cold"], for_condition=KB.topics["muscle_strain"]))
    assert reply.text.startswith("You asked about this for pulled muscle")
    assert KB.topics["heat_cold"].answer in reply.text


def test_a_limits_notice_about_the_subject_discussed_names_it_first():
    reply = notice_reply(KB, "limits_ask_dosage", about=KB.topics["opioids"])
    assert reply.text.startswith("You asked about ")
    assert KB.messages["limits_ask_dosage"].text in reply.text
    assert notice_reply(KB, "limits_ask_dosage").text == KB.messages["limits_ask_dosage"].text

"""Talk to the running bot over the REST channel, as the web widget does."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
import requests

from bot.knowledge import get_knowledge_base

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]
KB = get_knowledge_base()


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def customs(messages: list[dict]) -> list[dict]:
    return [m["custom"] for m in messages if "custom" in m]


def test_first_message_gets_welcome_then_a_sourced_answer_with_caveat(stack):
    sender = uuid.uuid4().hex
    replies = stack.say(sender, "what is bone marrow aspirate concentrate?")
    assert "automated assistant" in texts(replies)
    answer = [c for c in customs(replies) if c.get("type") == "answer"]
    assert answer and answer[0]["topic_id"] == "bmac"
    assert KB.messages["fda_caveat"].text in texts(replies)
    assert any(c["url"].startswith("https://") for c in answer[0]["citations"])
    assert any(b["payload"] == '/ask_more{"topic":"bmac"}' for m in replies for b in m.get("buttons", []))


def test_follow_up_and_source_request_use_the_conversation_context(stack):
    sender = uuid.uuid4().hex
    stack.say(sender, "tell me about bmac injections")
    approved = stack.say(sender, "is it approved?")
    assert KB.topics["bmac"].regulatory.status in texts(approved)
    sources = stack.say(sender, "where is that from?")
    (payload,) = [c for c in customs(sources) if c.get("type") == "sources"]
    cited = {c["id"] for c in payload["citations"]}
    assert set(KB.topics["bmac"].sources) <= cited


def test_stem_cells_for_that_keeps_the_condition(stack):
    sender = uuid.uuid4().hex
    stack.say(sender, "what is a slipped disc")
    replies = stack.say(sender, "and what about stem cells for that?")
    assert "You asked about" in texts(replies)
    assert KB.messages["fda_caveat"].text in texts(replies)


def test_quick_reply_payload_opens_exactly_that_topic(stack):
    replies = stack.say(uuid.uuid4().hex, '/ask_stem_cell_evidence{"topic":"study_gornet_2024"}')
    assert [c["topic_id"] for c in customs(replies) if c.get("type") == "answer"] == ["study_gornet_2024"]


@pytest.mark.parametrize("text", ["qwzx plmok vvv", "blorp fnargle zib", "x"])
def test_gibberish_gets_the_scope_help_not_a_guess(stack, text):
    replies = stack.say(uuid.uuid4().hex, text)
    kinds = [c.get("kind") for c in customs(replies)]
    assert "fallback" in kinds or "out_of_scope" in kinds
    assert not [c for c in customs(replies) if c.get("type") == "answer"]


def test_conversation_survives_a_rasa_restart(stack):
    sender = uuid.uuid4().hex
    stack.say(sender, "what is spinal stenosis?")
    stack.stop_rasa()
    stack.start_rasa()
    replies = stack.say(sender, "tell me more")
    more = [c for c in customs(replies) if c.get("part") == "more"]
    assert more and more[0]["topic_id"] == "spinal_stenosis"


def test_red_flag_mid_conversation_wins_and_later_answers_still_work(stack):
    sender = uuid.uuid4().hex
    stack.say(sender, "what is bmac")
    alarm = stack.say(sender, "is it safe? since this morning i cant pee and both legs feel numb")
    (safety,) = [c for c in customs(alarm) if c.get("type") == "safety"]
    assert safety["level"] == "emergency" and "911" in texts(alarm)
    later = stack.say(sender, "what is sciatica")
    assert [c["topic_id"] for c in customs(later) if c.get("type") == "answer"] == ["sciatica"]
    goodbye = stack.say(sender, "bye")
    assert "911" in texts(goodbye)


def test_clinic_sent_as_metadata_sets_handoff_and_emergency_number(stack):
    sender = uuid.uuid4().hex
    welcome = stack.say(sender, "hello", metadata={"clinic": "demo_uk"})
    assert "999" in texts(welcome)
    contact = stack.say(sender, "can i book an appointment", metadata={"clinic": "demo_uk"})
    (payload,) = [c for c in customs(contact) if c.get("type") == "contact"]
    booking = [link["url"] for link in payload["links"] if link["kind"] == "booking"]
    assert booking == ["https://example.org/demo-uk/book"]


def test_trial_search_by_place_shows_registry_results_with_caveats(stack, registry):
    registry.down = False
    replies = stack.say(uuid.uuid4().hex, "find stem cell trials recruiting near Boston")
    (payload,) = [c for c in customs(replies) if c.get("type") == "trials"]
    assert payload["kind"] == "results" and payload["place"] == "Boston"
    assert 1 <= len(payload["trials"]) <= 5
    assert all(t["url"].startswith("https://clinicaltrials.gov/study/NCT") for t in payload["trials"])
    assert KB.messages["fda_caveat"].text in texts(replies)
    sent = registry.requests[-1]
    assert sent["query.locn"] == ["Boston"]  # the only patient-derived value sent


def test_trial_search_with_the_registry_down_offers_the_curated_list(stack, registry):
    registry.down = True
    try:
        replies = stack.say(uuid.uuid4().hex, "are there any stem cell trials recruiting in Denver")
    finally:
        registry.down = False
    (payload,) = [c for c in customs(replies) if c.get("type") == "trials"]
    assert payload["kind"] == "unreachable"
    listed = {t["nct_id"] for t in payload["trials"]}
    assert {"NCT06325566", "NCT07254806", "NCT04042844"} <= listed


def test_clinic_checklist_can_be_filled_stopped_and_lands_in_the_summary(stack):
    sender = uuid.uuid4().hex
    first = stack.say(sender, "what questions should i ask a stem cell clinic")
    assert any(b["payload"] == "/checklist_add" for m in first for b in m.get("buttons", []))
    stack.say(sender, "/checklist_add")
    second = stack.say(sender, "/checklist_skip")
    assert "Question 3 of 7" in texts(second)
    stopped = stack.say(sender, "/checklist_stop")
    (result,) = [c for c in customs(stopped) if c.get("kind") == "checklist"]
    assert len(result["questions"]) == 1 and "IND" in result["questions"][0]
    summary = stack.say(sender, "can i have a summary for my doctor")
    assert result["questions"][0] in texts(summary)


def test_clinic_checklist_asks_every_question_of_the_file_then_starts_afresh(stack):
    from bot.checklist import get_checklist

    checklist = get_checklist()
    sender = uuid.uuid4().hex
    asked = [c["item"] for c in customs(stack.say(sender, "clinic checklist")) if c.get("type") == "checklist_question"]
    for _ in checklist.items[1:]:
        replies = stack.say(sender, "/checklist_skip")
        asked += [c["item"] for c in customs(replies) if c.get("type") == "checklist_question"]
    done = stack.say(sender, "/checklist_add")
    assert asked == [item.id for item in checklist.items]
    (result,) = [c for c in customs(done) if c.get("kind") == "checklist"]
    assert result["questions"] == [checklist.items[-1].question]
    # An old button pressed after the checklist ended records nothing.
    assert checklist.wording["no_question_open"] in texts(stack.say(sender, "/checklist_add"))
    again = stack.say(sender, "give me a checklist for the clinic")
    assert f"Question 1 of {len(checklist.items)}" in texts(again)


def test_three_claims_pasted_from_a_clinic_are_each_explained(stack):
    text = (
        'the clinic\'s leaflet says: "FDA registered lab", "uses your own cells so no FDA approval is needed" '
        'and "95% success rate". is any of that true?'
    )
    replies = stack.say(uuid.uuid4().hex, text)
    (payload,) = [c for c in customs(replies) if c.get("type") == "claims"]
    assert len(payload["claim_ids"]) == 3
    assert KB.messages["fda_caveat"].text in texts(replies)


@pytest.mark.parametrize("suffix", ["\n", "\r\n", " "])
def test_a_sender_id_with_a_trailing_newline_is_refused_and_no_conversation_is_created(stack, suffix):
    sender = uuid.uuid4().hex
    response = requests.post(stack.webhook, json={"sender": sender + suffix, "message": "hi"}, timeout=60)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_sender" and "sender" in response.json()["message"]
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        stored = db.execute("SELECT COUNT(*) FROM events WHERE sender_id LIKE ?", (sender + "%",)).fetchone()[0]
    assert stored == 0

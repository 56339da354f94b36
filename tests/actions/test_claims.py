"""The claim decoder explains quoted clinic claims, follows menu buttons, and offers the menu otherwise."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.claims import ActionDecodeClaim
from actions.sources import ActionCiteSources
from bot.claims import get_claim_book
from bot.knowledge import get_knowledge_base
from tests.actions.trackers import make_tracker

KB = get_knowledge_base()
CLAIMS = get_claim_book().claims
DECODED = [SlotSet("last_topic", "fda_registered_claims"), SlotSet("last_subject", None)]


async def test_three_claims_in_one_pasted_message_are_decoded(dispatcher):
    text = (
        "This is what their website says: \u201cOur lab is FDA registered. The treatment uses your own "
        "cells, so it doesn\u2019t need FDA approval. 95% success rate!\u201d Is that true?"
    )
    events = await ActionDecodeClaim().run(dispatcher, make_tracker("check_clinic_claim", text), {})
    assert events == DECODED
    (message,) = dispatcher.messages
    expected = ["fda_registered", "own_cells_no_approval", "success_rate"]
    assert message["custom"]["claim_ids"] == expected
    for claim_id in expected:
        assert CLAIMS[claim_id].check in message["text"]
    assert KB.messages["fda_caveat"].text in message["text"]
    assert message["buttons"] == message["custom"]["buttons"]


async def test_menu_button_names_the_claim_by_entity(dispatcher):
    entities = [{"entity": "claim", "value": "own_cells_no_approval"}]
    tracker = make_tracker("check_clinic_claim", '/check_clinic_claim{"claim":"own_cells_no_approval"}', entities)
    events = await ActionDecodeClaim().run(dispatcher, tracker, {})
    assert events == DECODED
    assert dispatcher.messages[0]["custom"]["claim_ids"] == ["own_cells_no_approval"]


async def test_entity_wins_over_words_in_the_text(dispatcher):
    entities = [{"entity": "claim", "value": "irb_approved"}]
    tracker = make_tracker("check_clinic_claim", "they say it is FDA registered", entities)
    await ActionDecodeClaim().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["claim_ids"] == ["irb_approved"]


async def test_unknown_entity_value_falls_back_to_the_text(dispatcher):
    entities = [{"entity": "claim", "value": "no_such_claim"}]
    tracker = make_tracker("check_clinic_claim", "they promise no side effects", entities)
    await ActionDecodeClaim().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["claim_ids"] == ["no_risks"]


async def test_nothing_recognised_offers_the_menu_of_claims(dispatcher):
    tracker = make_tracker("check_clinic_claim", "the clinic said something odd, what does it mean")
    events = await ActionDecodeClaim().run(dispatcher, tracker, {})
    assert events == []
    (message,) = dispatcher.messages
    assert message["custom"]["kind"] == "claims_menu"
    assert len(message["buttons"]) == len(CLAIMS)
    first = next(iter(CLAIMS))
    assert message["buttons"][0]["payload"] == f'/check_clinic_claim{{"claim":"{first}"}}'


async def test_where_is_that_from_after_a_claim_cites_the_regulatory_sources(dispatcher):
    events = await ActionDecodeClaim().run(dispatcher, make_tracker("check_clinic_claim", "fda registered?"), {})
    slots = {event["name"]: event["value"] for event in events}
    await ActionCiteSources().run(dispatcher, make_tracker("ask_source", "where is that from?", slots=slots), {})
    cited = {c["id"] for c in dispatcher.messages[-1]["custom"]["citations"]}
    assert {"ecfr_1271_10", "fda_regen_consumer", "ctgov_disclaimer"} <= cited


def _conversation_after(text: str, reply: dict, question: str) -> list[dict]:
    """The tracker events of a claim asked, the bot's reply, and the next question."""
    return [
        {"event": "user", "text": text},
        {"event": "bot", "text": reply.get("text"), "data": {"custom": reply["custom"]}},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": question},
    ]


async def test_where_is_that_from_right_after_claims_lists_those_claims_sources(dispatcher):
    text = "they said 95% success rate and it's your own cells so no approval needed"
    await ActionDecodeClaim().run(dispatcher, make_tracker("check_clinic_claim", text), {})
    reply = dispatcher.messages[-1]
    slots = {"last_topic": "fda_registered_claims"}
    events = _conversation_after(text, reply, "where is that from?")
    tracker = make_tracker("ask_source", "where is that from?", slots=slots, events=events)
    await ActionCiteSources().run(dispatcher, tracker, {})
    message = dispatcher.messages[-1]
    cited = {c["id"] for c in message["custom"]["citations"]}
    claimed = {s for claim_id in reply["custom"]["claim_ids"] for s in CLAIMS[claim_id].sources}
    assert claimed <= cited
    assert message["custom"]["type"] == "sources"
    assert message["text"].startswith("Full references for what I said about these clinic claims: ")
    for claim_id in reply["custom"]["claim_ids"]:
        assert CLAIMS[claim_id].title in message["text"]


async def test_where_is_that_from_after_another_answer_cites_that_answer(dispatcher):
    events = [
        {"event": "bot", "text": "Claims ...", "data": {"custom": {"type": "claims", "claim_ids": ["fda_registered"]}}},
        {"event": "user", "text": "what is bmac"},
        {"event": "bot", "text": "BMAC is ...", "data": {"custom": {"type": "answer", "topic_id": "bmac"}}},
        {"event": "user", "text": "sources?"},
    ]
    tracker = make_tracker("ask_source", "sources?", slots={"last_topic": "bmac"}, events=events)
    await ActionCiteSources().run(dispatcher, tracker, {})
    assert dispatcher.messages[-1]["custom"]["topic_id"] == "bmac"


async def test_doubting_the_last_answer_without_a_claim_gets_its_sources(dispatcher):
    slots = {"last_topic": "specialist_scepticism"}
    text = "is that true? or are they just protecting their income"
    events = await ActionDecodeClaim().run(dispatcher, make_tracker("check_clinic_claim", text, slots=slots), {})
    assert events == []
    (message,) = dispatcher.messages
    assert (message["custom"]["type"], message["custom"]["topic_id"]) == ("sources", "specialist_scepticism")


async def test_doubting_with_nothing_answered_yet_still_offers_the_claims(dispatcher):
    await ActionDecodeClaim().run(dispatcher, make_tracker("check_clinic_claim", "is that true?"), {})
    assert dispatcher.messages[0]["custom"]["kind"] == "claims_menu"

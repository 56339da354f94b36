"""Answer, detail and source actions send the right content and remember the topic."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.answers import ActionAnswerMore, ActionAnswerTopic
from actions.common import latest_confidence
from actions.scope import ActionExplainScope
from actions.sources import ActionCiteSources
from bot.knowledge import get_knowledge_base
from tests.actions.trackers import make_tracker

KB = get_knowledge_base()


async def test_answer_topic_sends_answer_and_sets_last_topic(dispatcher):
    tracker = make_tracker("ask_bmac", "what is bmac")
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert events == [SlotSet("last_topic", "bmac"), SlotSet("last_subject", None)]
    (message,) = dispatcher.messages
    assert KB.topics["bmac"].answer in message["text"]
    assert KB.messages["fda_caveat"].text in message["text"]
    assert message["custom"]["topic_id"] == "bmac"
    more = {"title": KB.messages["button_more"].text, "payload": '/ask_more{"topic":"bmac"}'}
    assert message["buttons"][0] == more


async def test_answer_topic_uses_study_entity(dispatcher):
    entities = [{"entity": "study", "value": "gornet_2024", "start": 0, "end": 6}]
    tracker = make_tracker("ask_stem_cell_evidence", "gornet study?", entities)
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert events == [SlotSet("last_topic", "study_gornet_2024"), SlotSet("last_subject", None)]


async def test_is_it_approved_follow_up_uses_last_topic(dispatcher):
    tracker = make_tracker("ask_fda_status", "is it approved?", slots={"last_topic": "bmac"})
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert KB.topics["bmac"].regulatory.status in dispatcher.messages[0]["text"]
    assert events == [SlotSet("last_topic", "fda_status"), SlotSet("last_subject", "bmac")]


async def test_sources_after_a_status_answer_include_the_subject(dispatcher):
    slots = {"last_topic": "fda_status", "last_subject": "bmac"}
    await ActionCiteSources().run(dispatcher, make_tracker("ask_source", "source?", slots=slots), {})
    cited = {c["id"] for c in dispatcher.messages[0]["custom"]["citations"]}
    assert set(KB.topics["bmac"].sources) | set(KB.topics["fda_status"].sources) <= cited


async def test_answer_topic_for_unanswerable_intent_falls_back_politely(dispatcher):
    events = await ActionAnswerTopic().run(dispatcher, make_tracker("greet", "hi"), {})
    assert events == []
    assert dispatcher.messages[0]["custom"]["kind"] == "fallback"


async def test_more_gives_detail_of_last_topic(dispatcher):
    tracker = make_tracker("ask_more", "tell me more", slots={"last_topic": "surgery"})
    await ActionAnswerMore().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["part"] == "more"
    assert KB.topics["surgery"].balance["risks"] in dispatcher.messages[0]["text"]


async def test_more_from_an_older_answer_gives_more_on_that_answers_topic(dispatcher):
    """"Tell me more" under the BMAC answer, pressed after a sciatica question, is about BMAC."""
    entities = [{"entity": "topic", "value": "bmac"}]
    tracker = make_tracker("ask_more", '/ask_more{"topic":"bmac"}', entities, slots={"last_topic": "sciatica"})
    events = await ActionAnswerMore().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["topic_id"] == "bmac"
    assert events == [SlotSet("last_topic", "bmac"), SlotSet("last_subject", None)]


async def test_sources_button_names_its_topic(dispatcher):
    entities = [{"entity": "topic", "value": "medicines"}]
    slots = {"last_topic": "fda_status", "last_subject": "bmac"}
    tracker = make_tracker("ask_source", '/ask_source{"topic":"medicines"}', entities, slots=slots)
    await ActionCiteSources().run(dispatcher, tracker, {})
    cited = {c["id"] for c in dispatcher.messages[0]["custom"]["citations"]}
    assert cited == set(KB.topics["medicines"].sources)


async def test_more_without_a_topic_offers_the_menu(dispatcher):
    await ActionAnswerMore().run(dispatcher, make_tracker("ask_more", "more"), {})
    assert dispatcher.messages[0]["custom"]["kind"] == "no_more_detail"
    assert dispatcher.messages[0]["buttons"]


async def test_sources_cites_full_references_of_last_answer(dispatcher):
    tracker = make_tracker("ask_source", "where is that from?", slots={"last_topic": "medicines"})
    await ActionCiteSources().run(dispatcher, tracker, {})
    message = dispatcher.messages[0]
    assert message["custom"]["type"] == "sources"
    for source in KB.sources_for(KB.topics["medicines"]):
        assert source.url in message["text"]


async def test_sources_before_any_answer_says_so(dispatcher):
    await ActionCiteSources().run(dispatcher, make_tracker("ask_source", "sources?"), {})
    assert dispatcher.messages[0]["text"] == KB.messages["no_previous_answer"].text


async def test_scope_action_picks_wording_by_intent(dispatcher):
    for intent, kind in (("help", "scope_help"), ("out_of_scope", "out_of_scope"), ("nlu_fallback", "fallback")):
        dispatcher.messages.clear()
        await ActionExplainScope().run(dispatcher, make_tracker(intent, "x"), {})
        assert dispatcher.messages[0]["custom"]["kind"] == kind
        assert len(dispatcher.messages[0]["buttons"]) == len(KB.menu)


async def test_a_question_on_changing_a_medicine_gets_the_limits_reply_naming_it(dispatcher):
    entities = [{"entity": "treatment", "value": "nsaids", "start": 12, "end": 20}]
    tracker = make_tracker("ask_nsaid_stomach", "can I swap my naproxen for ibuprofen, it gives me heartburn", entities)
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert KB.messages["limits_ask_medication_change"].text in message["text"]
    assert events == []


async def test_a_question_on_what_a_medicine_does_still_gets_its_answer(dispatcher):
    entities = [{"entity": "treatment", "value": "nsaids", "start": 10, "end": 18}]
    tracker = make_tracker("ask_nsaid_stomach", "does the naproxen cause heartburn", entities)
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert events[0] == SlotSet("last_topic", "nsaid_stomach")


async def test_a_bare_why_after_an_answer_gets_its_longer_answer(dispatcher):
    tracker = make_tracker("ask_specialist_scepticism", "why", slots={"last_topic": "back_braces"})
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert (message["custom"]["topic_id"], message["custom"]["part"]) == ("back_braces", "more")
    assert events == [SlotSet("last_topic", "back_braces"), SlotSet("last_subject", None)]


async def test_a_named_product_is_remembered_for_the_next_question(dispatcher):
    entities = [{"entity": "treatment", "value": "disc_cells"}]
    tracker = make_tracker("ask_donor_cell_therapy", "what's the DiscGenics thing", entities)
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert events == [SlotSet("last_topic", "donor_cell_therapy"), SlotSet("last_subject", "study_gornet_2024")]
    # the answer itself is the donor-cell answer, without a line about the study
    study_line = KB.messages.render("subject_context", title="Gornet 2024").split("Gornet 2024")[0]
    assert dispatcher.messages[0]["text"].startswith(KB.topics["donor_cell_therapy"].answer[:40])
    assert study_line not in dispatcher.messages[0]["text"]


async def test_how_much_of_a_named_medicine_to_take_gets_the_dose_limits(dispatcher):
    entities = [{"entity": "treatment", "value": "nsaids"}]
    tracker = make_tracker("ask_nsaid_stomach", "how many naproxen can I take a day, 2 or 3?", entities)
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert events == []
    assert dispatcher.messages[0]["custom"]["kind"] == "limits_ask_dosage"


async def test_tell_me_more_about_the_topic_just_answered_gives_its_longer_version(dispatcher):
    entities = [{"entity": "condition", "value": "cauda_equina", "start": 18, "end": 30}]
    tracker = make_tracker("ask_warning_signs", "tell me more about cauda equina", entities,
                           slots={"last_topic": "warning_signs"})
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert events == []  # the conversation stays on the warning signs
    assert dispatcher.messages[0]["custom"]["part"] == "more"
    assert dispatcher.messages[0]["custom"]["topic_id"] == "warning_signs"


async def test_tell_me_more_about_another_topic_answers_that_topic(dispatcher):
    tracker = make_tracker("ask_bmac", "tell me more about bmac", slots={"last_topic": "warning_signs"})
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert events[:2] == [SlotSet("last_topic", "bmac"), SlotSet("last_subject", None)]
    assert dispatcher.messages[0]["custom"]["part"] == "answer"


async def test_a_short_why_after_the_same_answer_gives_its_longer_version(dispatcher):
    tracker = make_tracker("ask_stem_cell_cost", "why so expensive", slots={"last_topic": "stem_cell_cost"})
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert events == []
    assert dispatcher.messages[0]["custom"]["part"] == "more"
    assert dispatcher.messages[0]["custom"]["topic_id"] == "stem_cell_cost"


async def test_a_why_question_on_another_topic_answers_that_topic(dispatcher):
    tracker = make_tracker("ask_stem_cell_cost", "why so expensive", slots={"last_topic": "bmac"})
    await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["part"] == "answer"


async def test_going_back_to_an_earlier_subject_for_more_gives_its_longer_version(dispatcher):
    text = "going back to the yoga thing, tell me more"
    tracker = make_tracker("ask_complementary_therapy", text, slots={"last_topic": "sleep_mattress"})
    await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["part"] == "more"
    assert dispatcher.messages[0]["custom"]["topic_id"] == "complementary_therapies"


async def test_the_other_one_after_one_of_two_treatments_named_answers_the_other(dispatcher):
    events = [
        {"event": "user", "text": "The surgeon says a fusion or a discectomy. What's the fusion one like?"},
        {"event": "bot", "text": "Spinal fusion is an operation ..."},
        {"event": "user", "text": "and the other one?"},
    ]
    tracker = make_tracker("ask_stem_cell_evidence", "and the other one?", slots={"last_topic": "spinal_fusion"},
                           events=events)
    await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["topic_id"] == "discectomy"


async def test_an_answer_read_for_a_condition_remembers_that_condition(dispatcher):
    # (session 22) physio read for stenosis: "and surgery?" next asks for stenosis's operation
    slots = {"last_topic": "spinal_stenosis", "last_condition": "spinal_stenosis"}
    tracker = make_tracker("ask_exercise", "does physio help with that", slots=slots)
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert SlotSet("last_condition", "spinal_stenosis") in events
    tracker = make_tracker("ask_back_braces", "what about a brace", slots={"last_topic": "staying_active"})
    events = await ActionAnswerTopic().run(dispatcher, tracker, {})
    assert not any(e.get("name") == "last_condition" for e in events)


def test_the_classifiers_confidence_is_read_politely():
    assert latest_confidence(make_tracker("ask_bmac", "what is bmac")) == 0.99
    odd = make_tracker("ask_bmac", "what is bmac")
    odd.latest_message["intent"]["confidence"] = "not a number"
    assert latest_confidence(odd) == 1.0

"""When unsure, the bot offers the likely topics ("did you mean") before the generic menu."""

from __future__ import annotations

from actions.scope import ActionExplainScope, unsure_same_topic
from bot.knowledge import get_knowledge_base
from tests.actions.trackers import make_tracker


def unsure(ranking: list[tuple[str, float]]):
    tracker = make_tracker("nlu_fallback", "stem cell disc thing")
    tracker.latest_message["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return tracker


async def test_did_you_mean_offers_up_to_three_likely_topics_then_something_else(dispatcher):
    tracker = unsure(
        [("nlu_fallback", 0.3), ("ask_stem_cell_evidence", 0.25), ("ask_stem_cell_mechanism", 0.2),
         ("ask_disc_degeneration", 0.15), ("ask_bmac", 0.1)]
    )
    await ActionExplainScope().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert message["custom"]["type"] == "clarify"
    assert message["custom"]["topics"] == ["stem_cell_human_studies", "stem_cell_mechanism", "disc_degeneration"]
    assert [b["payload"] for b in message["buttons"]][-1] == "/help"
    assert message["buttons"][0]["payload"].startswith("/ask_stem_cell_evidence")


async def test_gibberish_gets_the_menu_not_guesses(dispatcher):
    tracker = unsure([("nlu_fallback", 0.8), ("ask_medicines", 0.3)])  # the unfamiliar-words guard
    await ActionExplainScope().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["kind"] == "fallback"


async def test_nothing_likely_gets_the_menu(dispatcher):
    tracker = unsure([("nlu_fallback", 0.3), ("ask_medicines", 0.05)])
    await ActionExplainScope().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["kind"] == "fallback"


async def test_an_unsure_message_naming_one_investigational_therapy_gets_its_answer(dispatcher):
    tracker = unsure([("nlu_fallback", 0.3), ("ask_injections", 0.25), ("ask_stem_cell_basics", 0.2)])
    tracker.latest_message["text"] = "tell me about bmac injections"
    tracker.latest_message["entities"] = [
        {"entity": "treatment", "value": "bmac"}, {"entity": "treatment", "value": "injections"}
    ]
    await ActionExplainScope().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert message["custom"]["type"] == "answer" and message["custom"]["topic_id"] == "bmac"


async def test_an_unsure_message_naming_a_study_gets_the_study(dispatcher):
    tracker = unsure([("nlu_fallback", 0.3), ("ask_donor_cell_therapy", 0.25), ("ask_clinical_trials", 0.2)])
    tracker.latest_message["text"] = "what about the mesoblast trial"
    tracker.latest_message["entities"] = [{"entity": "study", "value": "amirdelfan_2021"}]
    await ActionExplainScope().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["topic_id"] == "study_amirdelfan_2021"


async def test_an_unsure_stem_cell_question_after_a_condition_gets_what_the_studies_found(dispatcher):
    tracker = unsure([("nlu_fallback", 0.3), ("ask_stem_cell_mechanism", 0.46), ("ask_stem_cell_basics", 0.41)])
    tracker.latest_message["text"] = "can stem cells fix that"
    tracker.latest_message["entities"] = [{"entity": "treatment", "value": "stem_cells"}]
    tracker.slots["last_topic"] = "disc_degeneration"
    await ActionExplainScope().run(dispatcher, tracker, {})
    custom = dispatcher.messages[0]["custom"]
    assert custom["topic_id"] == "stem_cell_human_studies" and "worn" in custom["text"].lower()


async def test_an_unsure_how_much_after_a_medicine_gets_the_dose_limits_reply(dispatcher):
    tracker = unsure([("nlu_fallback", 0.3), ("ask_stem_cell_cost", 0.37), ("ask_dosage", 0.35)])
    tracker.latest_message["text"] = "how much should I take"
    tracker.slots["last_topic"] = "gabapentinoids"
    await ActionExplainScope().run(dispatcher, tracker, {})
    custom = dispatcher.messages[0]["custom"]
    assert custom["kind"] == "limits_ask_dosage" and "pregabalin" in custom["text"].lower()


async def test_an_unsure_follow_up_read_as_the_topic_just_discussed_gets_it_again(dispatcher):
    tracker = unsure([("nlu_fallback", 0.3), ("ask_risk_factors", 0.2), ("ask_sitting_posture", 0.18)])
    tracker.latest_message["text"] = "and when driving?"
    tracker.slots["last_topic"] = "sitting_posture"
    await ActionExplainScope().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["topic_id"] == "sitting_posture"


def test_an_unsure_message_naming_a_new_subject_is_not_read_as_the_last_topic():
    tracker = unsure([("nlu_fallback", 0.3), ("ask_risk_factors", 0.2), ("ask_sitting_posture", 0.18)])
    tracker.latest_message["text"] = "and when driving with sciatica?"
    tracker.latest_message["entities"] = [{"entity": "condition", "value": "sciatica"}]
    tracker.slots["last_topic"] = "sitting_posture"
    assert unsure_same_topic(get_knowledge_base(), tracker) is None


async def test_a_new_place_after_a_trial_search_searches_again(dispatcher):
    tracker = unsure([("nlu_fallback", 0.3), ("search_trials", 0.23), ("help", 0.17)])
    tracker.latest_message["text"] = "what about Brisbane"
    tracker.slots["last_topic"] = "clinical_trials"
    events = await ActionExplainScope().run(dispatcher, tracker, {})
    assert events == [{"event": "followup", "timestamp": None, "name": "action_search_trials"}]
    assert not dispatcher.messages


async def test_a_place_is_not_searched_after_another_topic(dispatcher):
    tracker = unsure([("nlu_fallback", 0.3), ("search_trials", 0.23), ("help", 0.17)])
    tracker.latest_message["text"] = "what about Brisbane"
    tracker.slots["last_topic"] = "sitting_posture"
    assert await ActionExplainScope().run(dispatcher, tracker, {}) != [
        {"event": "followup", "timestamp": None, "name": "action_search_trials"}
    ]


async def test_an_unsure_message_naming_one_medicine_ranked_likely_gets_that_medicine(dispatcher):
    tracker = unsure([("nlu_fallback", 0.3), ("ask_injections", 0.25), ("ask_opioids", 0.24),
                      ("ask_medication_change", 0.23)])
    tracker.latest_message["text"] = "my wife was prescribed tramadol, is it a good medicine for back pain?"
    tracker.latest_message["entities"] = [
        {"entity": "treatment", "value": "opioids"}, {"entity": "treatment", "value": "medicines"}
    ]
    await ActionExplainScope().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["topic_id"] == "opioids"


async def test_an_unsure_message_naming_a_subject_nobody_ranked_gets_did_you_mean(dispatcher):
    tracker = unsure([("nlu_fallback", 0.3), ("ask_injections", 0.25), ("ask_surgery", 0.24)])
    tracker.latest_message["text"] = "my wife takes tramadol, what now"
    tracker.latest_message["entities"] = [{"entity": "treatment", "value": "opioids"}]
    await ActionExplainScope().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["type"] == "clarify"

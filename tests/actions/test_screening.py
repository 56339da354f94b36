"""The safety screening question and the crisis check-in: ask, then act on the answer."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.screening import ActionAskScreeningAnswer, ActionCheckInCrisis, ActionFinishSafetyScreening, most_severe
from tests.actions.trackers import make_tracker

SCREEN = [{"entity": "safety_screen", "value": "emergency", "extractor": "SafetyOverride"}]


def ranked(intent: str, text: str, ranking: list[tuple[str, float]], entities):
    tracker = make_tracker(intent, text, entities=entities)
    tracker.latest_message["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return tracker


def asked(text: str, ranking: list[tuple[str, float]], entities=SCREEN):
    return ranked("report_possible_red_flag", text, ranking, entities)


async def test_the_question_names_the_signs_offers_yes_and_no_and_keeps_the_question(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    tracker = asked(
        "my legs feel odd and down there is weird, is bmac approved?",
        [("report_possible_red_flag", 1.0), ("ask_fda_status", 0.8), ("ask_bmac", 0.1)],
    )
    events = await ActionAskScreeningAnswer().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert "can I check" in message["text"] and "both legs" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]
    assert message["custom"]["type"] == "screening"
    assert SlotSet("screening_level", "emergency") in events
    assert SlotSet("screening_question", "fda_status") in events


async def test_the_urgent_question_lists_the_urgent_signs(dispatcher):
    tracker = asked("hmm", [], entities=[{"entity": "safety_screen", "value": "urgent"}])
    await ActionAskScreeningAnswer().run(dispatcher, tracker, {})
    assert "worse at night" in dispatcher.messages[0]["text"]


async def test_yes_gives_the_emergency_advice_and_remembers_it(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    tracker = make_tracker(
        "affirm", "yes", slots={"screening_answer": "yes", "screening_level": "emergency", "screening_question": "bmac"}
    )
    events = await ActionFinishSafetyScreening().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["type"] == "safety"
    assert "911" in dispatcher.messages[0]["text"]
    assert SlotSet("safety_level", "emergency") in events
    assert SlotSet("screening_answer", None) in events


async def test_no_answers_the_question_that_was_kept(dispatcher, monkeypatch):
    monkeypatch.setenv("BOT_REGION", "UK")
    tracker = make_tracker(
        "deny", "no", slots={"screening_answer": "no", "screening_level": "emergency", "screening_question": "bmac"}
    )
    events = await ActionFinishSafetyScreening().run(dispatcher, tracker, {})
    assert "999" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["custom"]["topic_id"] == "bmac"
    assert SlotSet("last_topic", "bmac") in events
    assert not any(e.get("name") == "safety_level" for e in events)


async def test_no_without_a_kept_question_asks_what_they_would_like_to_know(dispatcher):
    tracker = make_tracker("deny", "no", slots={"screening_answer": "no", "screening_level": "urgent"})
    await ActionFinishSafetyScreening().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["kind"] == "safety_screen_no_question"


async def test_something_else_is_answered_as_asked(dispatcher):
    tracker = make_tracker("ask_sciatica", "what is sciatica", slots={"screening_answer": "other"})
    await ActionFinishSafetyScreening().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["custom"]["topic_id"] == "sciatica"


async def test_the_check_in_always_shows_the_crisis_line(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    await ActionCheckInCrisis().run(dispatcher, make_tracker("express_possible_crisis", "whats the point"), {})
    assert "988" in dispatcher.messages[0]["text"] and "911" in dispatcher.messages[0]["text"]



ANSWER_TOO = [{"entity": "safety_answer_too", "value": "yes", "extractor": "SafetyOverride"}]


def checked_in(text: str, ranking: list[tuple[str, float]], entities=ANSWER_TOO):
    return ranked("express_possible_crisis", text, ranking, entities)


async def test_an_unsure_check_in_on_a_clear_question_shows_the_crisis_line_then_answers(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    tracker = checked_in("thinking of going to mexico for stem cells", [("express_possible_crisis", 1.0),
                                                                        ("ask_treatment_abroad", 0.82)])
    events = await ActionCheckInCrisis().run(dispatcher, tracker, {})
    check_in, answer = dispatcher.messages
    assert "988" in check_in["text"] and check_in["text"].startswith("I'll answer your question below.")
    assert answer["custom"]["topic_id"] == "treatment_abroad"
    assert SlotSet("last_topic", "treatment_abroad") in events


async def test_an_unsure_check_in_on_a_request_the_bot_declines_says_who_can_help(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    tracker = checked_in("groggy on amitriptyline, can I just stop it on my own?",
                         [("express_possible_crisis", 1.0), ("ask_medication_change", 0.95)])
    assert await ActionCheckInCrisis().run(dispatcher, tracker, {}) == []
    check_in, limits = dispatcher.messages
    assert "988" in check_in["text"] and check_in["text"].startswith("I'll answer your question below.")
    assert limits["custom"]["type"] == "notice" and limits["custom"]["kind"] == "limits_ask_medication_change"


async def test_an_unsure_screening_question_on_a_dose_question_says_what_the_bot_cannot_do_first(dispatcher):
    tracker = asked("legs a bit odd, how many gabapentin can I take?", [("report_possible_red_flag", 1.0),
                                                                        ("ask_dosage", 0.9)], SCREEN + ANSWER_TOO)
    events = await ActionAskScreeningAnswer().run(dispatcher, tracker, {})
    limits, question = dispatcher.messages
    assert limits["custom"]["kind"] == "limits_ask_dosage" and question["custom"]["type"] == "screening"
    assert SlotSet("screening_question", None) in events


async def test_a_check_in_answers_nothing_when_the_question_or_the_signal_is_unclear(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    ranking = [("express_possible_crisis", 1.0), ("ask_flare_self_care", 0.4)]
    vague = checked_in("going to sort it all out tonight", ranking)
    assert await ActionCheckInCrisis().run(dispatcher, vague, {}) == []
    likelier = checked_in("going to mexico for good", [("express_possible_crisis", 1.0), ("ask_treatment_abroad", 0.9)],
                          entities=[])
    assert await ActionCheckInCrisis().run(dispatcher, likelier, {}) == []
    assert len(dispatcher.messages) == 2
    assert all(m["text"].startswith("I want to check in with you.") for m in dispatcher.messages)

async def test_an_unsure_screening_question_on_a_clear_question_comes_after_the_answer(dispatcher, monkeypatch):
    monkeypatch.delenv("BOT_REGION", raising=False)
    tracker = asked("can't sleep because of my back, any tips", [("report_possible_red_flag", 1.0),
                                                                   ("ask_sleep_mattress", 0.9)], SCREEN + ANSWER_TOO)
    events = await ActionAskScreeningAnswer().run(dispatcher, tracker, {})
    answer, question = dispatcher.messages
    assert answer["custom"]["topic_id"] == "sleep_mattress"
    assert question["custom"]["type"] == "screening" and [b["payload"] for b in question["buttons"]] == [
        "/affirm", "/deny"
    ]
    # Answered already: "No" will not answer it again.
    assert SlotSet("screening_question", None) in events and SlotSet("last_topic", "sleep_mattress") in events


async def test_a_screening_question_keeps_the_question_when_the_signal_or_the_question_is_unclear(dispatcher):
    sure_signal = asked("legs odd, best mattress?", [("report_possible_red_flag", 1.0), ("ask_sleep_mattress", 0.9)])
    events = await ActionAskScreeningAnswer().run(dispatcher, sure_signal, {})
    assert SlotSet("screening_question", "sleep_mattress") in events
    unclear_ranking = [("report_possible_red_flag", 1.0), ("ask_sleep_mattress", 0.4)]
    unclear = asked("legs odd, hmm", unclear_ranking, SCREEN + ANSWER_TOO)
    await ActionAskScreeningAnswer().run(dispatcher, unclear, {})
    assert [m["custom"]["type"] for m in dispatcher.messages] == ["screening", "screening"]


def test_the_most_severe_level_is_kept():
    assert most_severe("crisis", "urgent") == "crisis"
    assert most_severe("urgent", "emergency") == "emergency"
    assert most_severe(None, "urgent") == "urgent"

"""Limits replies: a dose, stopping or candidacy question names the treatment discussed, if any."""

from __future__ import annotations

from actions.limits import ActionExplainLimits
from bot.knowledge import get_knowledge_base
from tests.actions.trackers import make_tracker

KB = get_knowledge_base()


async def test_a_dose_question_after_an_answer_on_opioids_names_them(dispatcher):
    tracker = make_tracker("ask_dosage", "how much should I take", slots={"last_topic": "opioids"})
    await ActionExplainLimits().run(dispatcher, tracker, {})
    text = dispatcher.messages[0]["text"]
    assert text.startswith("You asked about codeine, tramadol")
    assert KB.messages["limits_ask_dosage"].text in text


async def test_a_limits_question_with_no_treatment_discussed_is_the_plain_message(dispatcher):
    tracker = make_tracker("ask_medication_change", "should I stop my tablets", slots={"last_topic": "sciatica"})
    await ActionExplainLimits().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == KB.messages["limits_ask_medication_change"].text


async def test_which_medicine_helps_read_as_a_recommendation_gets_the_medicines_answer(dispatcher):
    tracker = make_tracker("ask_clinic_recommendation", "which medicine is good for it?",
                           entities=[{"entity": "treatment", "value": "medicines"}], slots={"last_topic": "arthritis"})
    await ActionExplainLimits().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert message["custom"]["type"] == "answer" and message["custom"]["topic_id"] == "medicines"


async def test_a_clinic_or_doctor_to_go_to_is_still_declined(dispatcher):
    for text in ("which clinic is good for physio?", "who does the best physio near me"):
        tracker = make_tracker("ask_clinic_recommendation", text,
                               entities=[{"entity": "treatment", "value": "physiotherapy"}])
        await ActionExplainLimits().run(dispatcher, tracker, {})
    assert [m["custom"]["kind"] for m in dispatcher.messages] == ["limits_ask_clinic_recommendation"] * 2


async def _run_after(dispatcher, cases: list[tuple[str, str, str]]) -> None:
    """Run the limits action on each (intent, text, last topic) in turn, into one dispatcher."""
    for intent, text, last in cases:
        await ActionExplainLimits().run(dispatcher, make_tracker(intent, text, slots={"last_topic": last}), {})


async def test_a_follow_up_misheard_as_a_dose_or_candidacy_request_gets_the_last_answer_again(dispatcher):
    cases = [
        ("ask_dosage", "all day?", "back_braces"),
        ("ask_dosage", "how many people?", "study_pettine_2015"),
        ("ask_candidacy", "he's 78, is it safe for him?", "discectomy"),
        ("ask_medication_change", "I should stop work?", "lifting_work"),
    ]
    await _run_after(dispatcher, cases)
    assert [m["custom"]["topic_id"] for m in dispatcher.messages] == [last for _, _, last in cases]
    assert dispatcher.messages[2]["text"].startswith("What can go wrong")  # "is it safe" leads with the risks


async def test_a_dose_or_candidacy_request_in_its_own_words_is_still_declined(dispatcher):
    cases = [
        ("ask_dosage", "how many tablets can he take", "back_braces"),
        ("ask_dosage", "how much of it", "gabapentinoids"),
        ("ask_candidacy", "am I a candidate for that?", "discectomy"),
        ("ask_medication_change", "should I stop my tablets", "lifting_work"),
    ]
    await _run_after(dispatcher, cases)
    assert [m["custom"]["kind"] for m in dispatcher.messages] == [f"limits_{intent}" for intent, _, _ in cases]


async def test_an_operation_asked_about_after_a_condition_misheard_as_candidacy_is_that_operation(dispatcher):
    tracker = make_tracker("ask_candidacy", "he can get operation?", slots={"last_topic": "spinal_stenosis"},
                           entities=[{"entity": "treatment", "value": "surgery"}])
    await ActionExplainLimits().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert message["custom"]["type"] == "answer" and message["custom"]["topic_id"] == "discectomy"  # decompression


async def test_a_medicine_named_only_by_its_name_or_a_decision_asked_is_still_declined(dispatcher):
    cases = [
        ("ask_medication_change", "he should stop his metformin before it?", "injections"),
        ("ask_candidacy", "he should do surgery or not, what you think", "discectomy"),
        ("ask_dosage", "how many of them ibuprofin a day is too many", "heat_cold"),
    ]
    await _run_after(dispatcher, cases)
    assert [m["custom"]["kind"] for m in dispatcher.messages] == [f"limits_{intent}" for intent, _, _ in cases]

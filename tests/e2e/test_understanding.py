"""Understanding patients' own words over REST: composites, follow-ups, carried subjects, did-you-mean."""

from __future__ import annotations

import uuid

import pytest

from bot.knowledge import get_knowledge_base

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]
KB = get_knowledge_base()


def answers(replies: list[dict]) -> list[str]:
    return [m["custom"]["topic_id"] for m in replies if m.get("custom", {}).get("type") == "answer"]


def follow_up_replies(stack, first: str, first_topic: str, follow_up: str, expected: str) -> list[dict]:
    """Ask `first` (answered by `first_topic`), then `follow_up` (answered by `expected`); its replies."""
    sender = uuid.uuid4().hex
    assert answers(stack.say(sender, first)) == [first_topic]
    replies = stack.say(sender, follow_up)
    assert answers(replies) == [expected], replies
    return replies


def test_a_composite_question_answers_the_therapy_with_its_caveat(stack):
    replies = stack.say(uuid.uuid4().hex, "my chiro mentioned BMAC, what is it")
    assert answers(replies) == ["bmac"]
    assert any(m.get("custom", {}).get("caveat") for m in replies)


def test_a_follow_up_on_study_design_answers_the_study_behind_the_last_answer(stack):
    sender = uuid.uuid4().hex
    assert answers(stack.say(sender, "what is bmac?")) == ["bmac"]
    assert answers(stack.say(sender, "was there a control group?")) == ["study_pettine_2015"]


def test_the_subject_is_carried_over_from_the_previous_turn(stack):
    sender = uuid.uuid4().hex
    stack.say(sender, "what are exosomes")
    replies = stack.say(sender, "is it approved?")
    text = "\n".join(m.get("text", "") for m in replies)
    assert KB.topics["exosomes"].regulatory.status in text


def test_an_unsure_message_gets_did_you_mean_buttons_before_the_menu(stack):
    replies = stack.say(uuid.uuid4().hex, "stem cells disc thing")
    clarify = [m["custom"] for m in replies if m.get("custom", {}).get("type") in ("clarify", "answer")]
    assert clarify, replies
    if clarify[0]["type"] == "clarify":  # the classifier was unsure: likely topics, then "Something else"
        assert 1 <= len(clarify[0]["topics"]) <= 3
        assert clarify[0]["buttons"][-1]["payload"] == "/help"


@pytest.mark.parametrize(("first", "first_topic", "follow_up", "expected"), [
    ("what are opioids like codeine and tramadol for back pain?", "opioids", "any risks with it?", "opioids"),
    ("what is sciatica?", "sciatica", "how long does it usually last?", "sciatica_course"),
    ("what is bmac?", "bmac", "how much would it cost?", "stem_cell_cost"),
])
def test_a_follow_up_on_one_aspect_is_answered_about_the_last_subject(stack, first, first_topic, follow_up, expected):
    replies = follow_up_replies(stack, first, first_topic, follow_up, expected)
    if expected != first_topic:
        text = "\n".join(m.get("text", "") for m in replies).lower()
        assert KB.topics[first_topic].title.split(" (")[0].lower() in text


def test_how_much_after_a_medicine_gets_the_dose_limits_not_a_price(stack):
    sender = uuid.uuid4().hex
    stack.say(sender, "what are opioids like codeine and tramadol for back pain?")
    replies = stack.say(sender, "how much should I take?")
    kinds = [m.get("custom", {}).get("kind") for m in replies]
    assert "limits_ask_dosage" in kinds, replies
    text = "\n".join(m.get("text", "") for m in replies)
    assert text.startswith("You asked about codeine"), "the dose reply names the medicine discussed"


def test_a_question_pointing_back_to_a_condition_is_answered_for_it_and_the_condition_is_kept(stack):
    sender = uuid.uuid4().hex
    assert answers(stack.say(sender, "what is a pulled muscle in the back?")) == ["muscle_strain"]
    replies = stack.say(sender, "should I use heat or cold for that?")
    assert answers(replies) == ["heat_cold"], replies
    assert "You asked about this for pulled muscle" in "\n".join(m.get("text", "") for m in replies)
    replies = stack.say(sender, "and should I rest it or keep moving?")
    assert "for pulled muscle" in "\n".join(m.get("text", "") for m in replies), replies


def test_and_for_a_condition_after_a_treatment_answers_that_treatment_for_it(stack):
    sender = uuid.uuid4().hex
    assert answers(stack.say(sender, "what are spinal injections?")) == ["injections"]
    replies = stack.say(sender, "and for sciatica?")
    assert answers(replies) == ["injections"], replies
    assert "You asked about this for sciatica" in "\n".join(m.get("text", "") for m in replies)


def test_an_unsure_message_that_names_a_study_gets_that_study(stack):
    replies = stack.say(uuid.uuid4().hex, "tell me about the mesoblast trial")
    assert answers(replies) == ["study_amirdelfan_2021"], replies


@pytest.mark.parametrize(("first", "first_topic", "follow_up", "expected", "named"), [
    # an aspect asked with no "it": the last subject's own answer, led by its risks
    ("what are opioids like codeine and tramadol for back pain?", "opioids", "what are the side effects", "opioids",
     "what can go wrong"),
    # "can stem cells fix that?" after a condition: what the studies found, for that condition
    ("what is disc degeneration", "disc_degeneration", "can stem cells fix that", "stem_cell_human_studies",
     "you asked about worn"),
    # a short question after a condition is read for it
    ("I'm 31 weeks pregnant and my lower back aches, what can I do", "pregnancy_back_pain", "would a brace help?",
     "back_braces", "back pain in pregnancy"),
])
def test_a_short_follow_up_keeps_the_subject_of_the_conversation(stack, first, first_topic, follow_up, expected, named):
    replies = follow_up_replies(stack, first, first_topic, follow_up, expected)
    assert named in "\n".join(m.get("text", "") for m in replies).lower()

from __future__ import annotations

from bot.understanding.asked_question import OFF_TOPIC, question_sentences, reading_of_the_question


def fake_model(readings: dict[str, dict[str, float]]):
    """A model that reads each known sentence as given and anything else as off topic."""
    return lambda text: readings.get(text, {OFF_TOPIC: 1.0, "ask_x": 0.0})


def test_question_sentences_need_two_sentences_and_a_question_mark():
    assert question_sentences("do stem cells work?") == []
    assert question_sentences("Do they work? I'm 64. Golf is hard.") == ["Do they work?"]
    assert question_sentences("I'm 64. Golf is hard.") == []


def test_an_unsure_off_topic_message_takes_the_sure_reading_of_its_question():
    question = {"ask_stem_cell_evidence": 0.99, OFF_TOPIC: 0.01}
    model = fake_model({"Do stem cells work for worn discs?": question})
    whole = {OFF_TOPIC: 0.64, "ask_stem_cell_evidence": 0.36}
    text = "Do stem cells work for worn discs? Asking for myself, I can't get round the golf course."
    assert reading_of_the_question(model, text, whole) == question


def test_a_sure_off_topic_message_or_an_unsure_question_keeps_its_reading():
    question = {"ask_stem_cell_cost": 0.98, OFF_TOPIC: 0.02}
    model = fake_model({"How much will it cost?": question})
    text = "Backed into a pole, the bumper is cracked. How much will it cost?"
    assert reading_of_the_question(model, text, {OFF_TOPIC: 0.99, "ask_stem_cell_cost": 0.01}) is None
    unsure = fake_model({"How much will it cost?": {"ask_stem_cell_cost": 0.6, OFF_TOPIC: 0.4}})
    assert reading_of_the_question(unsure, text, {OFF_TOPIC: 0.6, "ask_stem_cell_cost": 0.4}) is None


def test_a_message_read_as_a_topic_is_left_alone():
    model = fake_model({})
    assert reading_of_the_question(model, "Is it safe? I'm 40.", {"ask_x": 0.5, OFF_TOPIC: 0.5}) is None
    assert reading_of_the_question(model, "Is it safe? I'm 40.", {}) is None

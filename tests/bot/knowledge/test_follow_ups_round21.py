"""Session 21's follow-up predicates: a short why-question, and a return to an earlier subject for more."""

from __future__ import annotations

import pytest

from bot.knowledge.follow_ups import asks_why_of_it, returns_for_more


@pytest.mark.parametrize(
    "text", ["why so expensive", "Why so expensive?", "ok but why?", "how come it costs that much", "wait why not"]
)
def test_a_short_why_question_asks_why_of_it(text):
    assert asks_why_of_it(text)


@pytest.mark.parametrize(
    "text",
    [
        "what does it cost",
        "why do stem cell clinics charge so much money when nothing is proven to work at all",
        "is it why my back hurts",
    ],
)
def test_other_questions_do_not_ask_why_of_it(text):
    assert not asks_why_of_it(text)


@pytest.mark.parametrize(
    "text",
    [
        "going back to the yoga thing, tell me more",
        "coming back to the injections - can you explain more",
        "back to the bone marrow one, more please",
    ],
)
def test_a_return_that_asks_for_more(text):
    assert returns_for_more(text)


@pytest.mark.parametrize(
    "text",
    ["going back to the injections, are they safe?", "tell me more", "I went back to work, tell me more about lifting"],
)
def test_other_messages_do_not_return_for_more(text):
    assert not returns_for_more(text)

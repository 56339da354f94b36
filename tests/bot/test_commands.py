"""Only the bot's own buttons pass as commands; every button the bot can show does."""

from __future__ import annotations

import pytest

from bot.checklist import get_checklist, no_question_reply, question_reply
from bot.claims import claims_menu_reply, claims_reply, get_claim_book
from bot.commands import START_MESSAGE, as_words, button_command, get_button_payloads
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import Reply, answer_reply, clarify_reply, more_reply, notice_reply
from bot.knowledge.resolver import Resolution
from bot.safety.replies import safety_reply
from bot.safety.screening import crisis_check_in, screening_cleared, screening_question
from bot.safety.settings import region_for

KB = get_knowledge_base()
PAYLOADS = get_button_payloads()
# Rasa's built-in intents (rasa.shared.core.constants.DEFAULT_INTENTS) and the safety intents.
NEVER_COMMANDS = {
    "restart", "back", "session_start", "out_of_scope", "nlu_fallback", "report_red_flag", "express_crisis"
}


def every_reply_with_buttons() -> list[Reply]:
    claims = get_claim_book()
    region = region_for(None)
    replies = [answer_reply(KB, Resolution(topic)) for topic in KB.topics.values()]
    replies += [more_reply(KB, topic) for topic in KB.topics.values()]
    for message in KB.messages:
        replies.append(notice_reply(KB, message.key, **{name: "x" for name in message.placeholders()}))
    replies += [claims_reply(KB, [claim]) for claim in claims.claims.values()]
    replies.append(claims_menu_reply(KB, claims.claims.values()))
    replies += [question_reply(get_checklist(), item.id) for item in get_checklist().items]
    replies += [safety_reply(KB, region, None, level, topic) for level in ("crisis", "emergency", "urgent")
                for topic in list(KB.topics.values())[:5]]
    topics = list(KB.topics.values())
    replies += [clarify_reply(KB, topics[i : i + 3]) for i in range(0, len(topics), 3)]
    replies += [screening_question(KB, level) for level in ("emergency", "urgent")]
    replies += [screening_cleared(KB, region), screening_cleared(KB, region, question_kept=False)]
    replies += [crisis_check_in(KB, region), no_question_reply(get_checklist())]
    return replies


def test_every_kind_of_button_is_among_those_checked():
    shown = {button.payload for reply in every_reply_with_buttons() for button in reply.buttons}
    for payload in ("/affirm", "/deny", "/help", "/checklist_add", "/feedback_helpful"):
        assert payload in shown
    for topic in KB.topics:  # "Tell me more" and "Show sources" name their topic
        assert f'/ask_more{{"topic":"{topic}"}}' in shown
        assert f'/ask_source{{"topic":"{topic}"}}' in shown


def test_every_button_the_bot_shows_passes_as_a_command():
    shown = {button.payload for reply in every_reply_with_buttons() for button in reply.buttons}
    assert len(shown) > 20
    assert sorted(p for p in shown if button_command(p, PAYLOADS) != p) == []


def test_no_command_resets_rewinds_or_names_a_safety_intent():
    intents = {payload[1:].split("{")[0] for payload in PAYLOADS}
    assert not intents & NEVER_COMMANDS
    assert START_MESSAGE not in PAYLOADS  # the channel decides about it, for new conversations only


@pytest.mark.parametrize(
    "text",
    [
        "/restart",
        "/back",
        "/session_start",
        "/greet",
        "/express_crisis",
        '/greet{"a":1}',
        "/ask_more@1",
        "/ask_more ",
        " /ask_more",
        "/ask_more\n",
        "/ask_more{}",
        '/ask_bmac{"topic":"bmac"}\n',
        '/ask_more{"topic":"unknown_topic"}',
        '/ask_source{"topic":"unknown_topic"}',
        '/ask_more{"claim":"bmac"}',
        '/ask_bmac{"topic":"unknown_topic"}',
        '/ask_bmac{"topic":"sciatica"}',
        '/ask_bmac{"claim":"bmac"}',
        '/ask_bmac{"topic":1}',
        '/ask_bmac{"topic":"bmac"',
        '/ask_bmac{"topic":{"a":"b"}}',
        "/ASK_MORE",
        "ask_more",
    ],
)
def test_anything_else_is_not_a_command(text):
    assert button_command(text, PAYLOADS) is None


@pytest.mark.parametrize(
    "text, words",
    [
        ("/restart", "restart"),
        ("  //  back ", "back"),
        ("/", ""),
        ("no slash", "no slash"),
        ("a /slash inside", "a /slash inside"),
    ],
)
def test_as_words_removes_leading_slashes_only(text, words):
    assert as_words(text) == words
    assert not as_words(text).strip().startswith("/")  # what Rasa checks (YAMLStoryReader.unpack_regex_message)

"""Which messages starting with "/" are the bot's own buttons, and so may reach Rasa as commands.

Rasa reads a message that starts with "/" as an intent (and entities) written out, such as
`/greet{"a":1}`: the NLU pipeline's verdict, the red-flag and crisis check included, is then
replaced by whatever the text names, and `/restart`, `/back` or `/session_start` rewind or reset
the conversation. Patients must not be able to do that by typing. So only the exact payloads
the bot's own buttons send pass as commands (and the widget's start message, which the channel
lets through for a new conversation only). Any other text has its leading slashes removed:
Rasa's tokenizer drops a leading "/" anyway, so the classifier and the safety check see the
same words, and Rasa no longer reads them as a command.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable

from bot.checklist import ADD_PAYLOAD, SKIP_PAYLOAD, STOP_PAYLOAD
from bot.claims import ClaimBook, claim_payload, get_claim_book
from bot.knowledge import KnowledgeBase, get_knowledge_base
from bot.knowledge.replies import (
    FEEDBACK_PAYLOADS,
    HELP_PAYLOAD,
    MORE_INTENT,
    MORE_PAYLOAD,
    SOURCES_INTENT,
    SOURCES_PAYLOAD,
    topic_payload,
)
from bot.payloads import topic_button_payload
from bot.safety.screening import NO_PAYLOAD, YES_PAYLOAD

# The first message of the web widget (widget/chat/chat.js): Rasa's own session start.
START_MESSAGE = "/session_start"
# What a button sends: "/" intent, then at most one flat JSON object of strings.
_COMMAND = re.compile(r"/([a-z][a-z0-9_]{0,63})(\{[^{}]{0,200}\})?")
# Buttons that carry no topic or claim: dialogue acts that neither reset nor rewind anything.
DIALOGUE_ACT_PAYLOADS = (
    MORE_PAYLOAD,
    SOURCES_PAYLOAD,
    *FEEDBACK_PAYLOADS.values(),
    ADD_PAYLOAD,
    SKIP_PAYLOAD,
    STOP_PAYLOAD,
    YES_PAYLOAD,
    NO_PAYLOAD,
    HELP_PAYLOAD,
)


def button_payloads(kb: KnowledgeBase, claims: ClaimBook) -> frozenset[str]:
    """Every payload the bot's buttons can send: topics, "more" and "sources" about a topic, claims, dialogue acts."""
    topics: Iterable[str] = (topic_payload(topic) for topic in kb.topics.values())
    # An answer's "Tell me more" and "Show sources" name their topic (bot/knowledge/replies.py).
    follow_ups: Iterable[str] = (
        topic_button_payload(intent, topic_id) for topic_id in kb.topics for intent in (MORE_INTENT, SOURCES_INTENT)
    )
    claimed: Iterable[str] = (claim_payload(claim) for claim in claims.claims.values())
    return frozenset([*topics, *follow_ups, *claimed, *DIALOGUE_ACT_PAYLOADS])


@functools.cache
def get_button_payloads() -> frozenset[str]:
    """The shipped content's button payloads, worked out once per process on first use."""
    return button_payloads(get_knowledge_base(), get_claim_book())


def button_command(text: str, payloads: frozenset[str]) -> str | None:
    """The payload `text` is, if it is one the bot's buttons send (JSON spacing aside); else None."""
    match = _COMMAND.fullmatch(text)
    if match is None:
        return None
    intent, arguments = match.groups()
    command = f"/{intent}"
    if arguments is not None:
        try:
            data = json.loads(arguments)
        except ValueError:
            return None
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            return None
        command += json.dumps(data, separators=(",", ":"))
    return command if command in payloads else None


def as_words(text: str) -> str:
    """The text without leading slashes (and the spaces around them), so Rasa reads it as words."""
    text = text.strip()
    while text.startswith("/"):
        text = text[1:].strip()
    return text

"""Every reply about a therapy carries the FDA caveat and at least one https source.

Walks all knowledge-base topics marked investigational, every clinic claim, and every kind of
trial-search reply (live results, no results, registry unreachable).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.claims import claims_reply, get_claim_book
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import Reply, answer_reply, more_reply
from bot.knowledge.resolver import Resolution
from bot.trials import fallback_reply, parse_studies, trials_reply

KB = get_knowledge_base()
CAVEAT = KB.messages["fda_caveat"].text
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ctgov_studies.json"


def therapy_replies() -> list[tuple[str, Reply]]:
    replies: list[tuple[str, Reply]] = []
    for topic in KB.topics.values():
        if topic.investigational:
            replies += [
                (f"topic {topic.id}", answer_reply(KB, Resolution(topic))),
                (f"more {topic.id}", more_reply(KB, topic)),
            ]
    for claim in get_claim_book().claims.values():
        replies.append((f"claim {claim.id}", claims_reply(KB, [claim])))
    trials = parse_studies(json.loads(FIXTURE.read_text()), "Boston")
    replies += [
        ("trials results", trials_reply(KB, trials, "Boston")),
        ("trials none found", trials_reply(KB, [], "Boston")),
        ("trials unreachable", fallback_reply(KB, None)),
    ]
    return replies


@pytest.mark.parametrize(
    ("label", "reply"), therapy_replies(), ids=lambda value: value if isinstance(value, str) else ""
)
def test_reply_has_the_fda_caveat_and_a_https_source(label, reply):
    assert CAVEAT in reply.text, label
    citations = reply.custom.get("citations") or []
    assert citations and all(c["url"].startswith("https://") for c in citations), label


def test_the_caveat_says_not_approved_offered_in_trials_and_beware_of_clinics() -> None:
    text = " ".join(CAVEAT.lower().split())
    assert "no stem cell treatment is approved" in text and "for back pain" in text
    assert "clinical trial" in text
    assert "careful with clinics that sell stem cell" in text

"""Helpers shared by the knowledge tests."""

from __future__ import annotations

from bot.knowledge.loader import KnowledgeBase


def lexicon_entities(kb: KnowledgeBase, text: str) -> dict[str, list[str]]:
    """The entities the lexicon component would set on a message."""
    found: dict[str, list[str]] = {}
    for match in kb.lexicon.extract(text):
        found.setdefault(match.entity, []).append(match.value)
    return found

"""The docs agree with the project: links resolve, make targets exist, every intent is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.knowledge import get_knowledge_base

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
MAKE_TARGET = re.compile(r"^([a-z][a-z-]*):", re.M)
MAKE_MENTION = re.compile(r"`make ([a-z][a-z-]*)")


def anchors(markdown: str) -> set[str]:
    """GitHub's anchors for the headings of a Markdown text."""
    headings = re.findall(r"^#+ (.+)$", markdown, re.M)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def relative_links(path: Path) -> list[str]:
    return [link for link in LINK.findall(path.read_text()) if not re.match(r"^[a-z]+:", link)]


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_every_relative_link_reaches_a_file_and_heading(doc: Path):
    broken = []
    for link in relative_links(doc):
        target, _, anchor = link.partition("#")
        path = (doc.parent / target).resolve() if target else doc
        if not path.exists() or (anchor and path.suffix == ".md" and anchor not in anchors(path.read_text())):
            broken.append(link)
    assert broken == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_every_make_target_named_in_the_docs_exists(doc: Path):
    targets = set(MAKE_TARGET.findall((ROOT / "Makefile").read_text()))
    assert set(MAKE_MENTION.findall(doc.read_text())) - targets == set()


def test_the_docs_keep_their_rules_inside_the_project():
    for doc in (ROOT / "README.md", ROOT / "docs" / "content-guide.md", ROOT / "docs" / "maintaining.md"):
        text = doc.read_text()
        assert "shared/reference" not in text and "medical-facts.md" not in text, doc.name
    guide = (ROOT / "docs" / "content-guide.md").read_text()
    assert all(mark in guide for mark in ("**[V]**", "**[V2]**", "**[S]**", "**[U]**"))


def intent_table() -> dict[str, str]:
    """Intent -> "answered by" cell of the content guide's intent table."""
    section = (ROOT / "docs" / "content-guide.md").read_text().split("## Intents", 1)[1]
    rows = re.findall(r"^\| (\w+) \| .*? \| (.*) \|$", section, re.M)
    return {intent: answer for intent, answer in rows if intent != "intent"}


def test_the_intent_table_lists_every_intent_of_the_domain_once():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())["intents"]
    section = (ROOT / "docs" / "content-guide.md").read_text().split("## Intents", 1)[1]
    listed = re.findall(r"^\| (\w+) \|", section, re.M)[1:]
    assert sorted(listed) == sorted(domain)


def test_the_intent_table_names_the_topic_that_answers_each_topic_intent():
    kb = get_knowledge_base()
    table = intent_table()
    for intent in kb.intents():
        topics = {topic.id for topic in kb.topics.values() if intent in topic.intents}
        named = set(re.findall(r"topic `(\w+)`", table[intent]))
        assert named and named <= topics, intent

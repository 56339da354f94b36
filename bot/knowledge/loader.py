"""Load and cross-check the whole knowledge base from bot/content/."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.content_file import ContentError, parse_entries, read_yaml
from bot.knowledge.lexicon import Lexicon
from bot.knowledge.messages import Messages
from bot.knowledge.model import Source, Topic

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
# Entities that topics may name without a lexicon entry (sent only by buttons).
PAYLOAD_ONLY_ENTITIES = ("topic",)


@dataclass(frozen=True)
class KnowledgeBase:
    """Topics, sources, messages and lexicon, checked against each other."""

    topics: dict[str, Topic]
    sources: dict[str, Source]
    messages: Messages
    lexicon: Lexicon
    menu: tuple[str, ...]
    _by_entity: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id (KeyError if unknown)."""
        return self.topics[topic_id]

    def topics_for_intent(self, intent: str) -> list[Topic]:
        """Topics that list this intent, in file order."""
        return [topic for topic in self.topics.values() if intent in topic.intents]

    def topic_for_entity(self, entity: str, value: str) -> Topic | None:
        """The topic that claims this entity value, if any."""
        topic_id = self._by_entity.get((entity, value))
        return self.topics[topic_id] if topic_id else None

    def used_for(self, condition: str, among: Collection[str]) -> list[Topic]:
        """The topics of `among` (ids, in sorted order) used specifically for this condition (a lexicon value)."""
        return [self.topics[t] for t in sorted(among) if t in self.topics and condition in self.topics[t].used_for]

    def study_of_product(self, value: str) -> Topic | None:
        """The study topic that tested this product (a treatment entity value), if one did."""
        studies = [topic for topic in self.topics.values() if value in topic.studied_products]
        return studies[0] if studies else None

    def intents(self) -> set[str]:
        """Every intent some topic answers."""
        return {intent for topic in self.topics.values() for intent in topic.intents}

    def sources_for(self, topic: Topic) -> list[Source]:
        """The topic's sources in the order the topic lists them."""
        return [self.sources[source_id] for source_id in topic.sources]


def load_knowledge_base(content_dir: Path = CONTENT_DIR) -> KnowledgeBase:
    """Read every content file, validate it and cross-check references; fail loudly."""
    sources: dict[str, Source] = {}
    for path in sorted((content_dir / "sources").glob("*.yml")):
        for source in parse_entries(Source, _list(path, "sources"), path, "sources"):
            if source.id in sources:
                raise ContentError(path, f"source id '{source.id}' is defined twice")
            sources[source.id] = source
    topics: dict[str, Topic] = {}
    for path in sorted((content_dir / "topics").glob("*.yml")):
        # The file goes with the topic, so later checks can name it.
        for topic in parse_entries(Topic, _list(path, "topics"), path, "topics", path=str(path)):
            if topic.id in topics:
                raise ContentError(path, f"topic id '{topic.id}' is defined twice")
            topics[topic.id] = topic
    if not topics:
        raise ContentError(content_dir, "no topics found")
    messages_path = content_dir / "messages.yml"
    messages_data = read_yaml(messages_path, "messages file")
    messages = Messages.from_dict(messages_data, str(messages_path))
    menu = tuple(messages_data.get("menu") or ())
    for topic_id in menu:
        if topic_id not in topics:
            raise ContentError(messages_path, f"menu names unknown topic '{topic_id}'")
    lexicon = load_lexicon(content_dir)
    by_entity = _cross_check(topics, sources, messages, lexicon)
    return KnowledgeBase(topics, sources, messages, lexicon, menu, by_entity)


def _list(path: Path, key: str) -> list[Any]:
    data = read_yaml(path, f"{key} file")
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ContentError(path, f"expected a top-level '{key}:' list")
    return list(data[key])


def _cross_check(
    topics: dict[str, Topic],
    sources: dict[str, Source],
    messages: Messages,
    lexicon: Lexicon,
) -> dict[tuple[str, str], str]:
    by_entity: dict[tuple[str, str], str] = {}
    for topic in topics.values():
        path, where = topic.path, topic.id
        for source_id in topic.sources:
            if source_id not in sources:
                raise ContentError(path, f"unknown source id '{source_id}'", where)
        for related in topic.related:
            if related not in topics or related == topic.id:
                raise ContentError(path, f"related topic '{related}' does not exist", where)
        for entity, values in topic.entities.items():
            for value in values:
                if entity not in PAYLOAD_ONLY_ENTITIES and value not in lexicon.values(entity):
                    raise ContentError(path, f"entity {entity}={value} is not in the lexicon", where)
                other = by_entity.setdefault((entity, value), topic.id)
                if other != topic.id:
                    raise ContentError(path, f"entity {entity}={value} is claimed by '{other}' too", where)
        for condition in topic.applies_to_conditions:
            if condition not in lexicon.values("condition"):
                raise ContentError(path, f"applies_to_conditions '{condition}' is not a condition", where)
        for condition in topic.used_for:
            if topic.family != "treatment" or condition not in lexicon.values("condition"):
                raise ContentError(path, f"used_for '{condition}' needs a treatment topic and a condition", where)
        for treatment in topic.covers_treatments:
            if topic.family != "condition" or treatment not in lexicon.values("treatment"):
                problem = f"covers_treatments '{treatment}' needs a condition topic and a treatment"
                raise ContentError(path, problem, where)
        for product in topic.studied_products:
            if topic.family != "study" or product not in lexicon.values("treatment"):
                raise ContentError(path, f"studied_products '{product}' needs a study topic and a treatment", where)
    for message in messages:
        for source_id in message.sources:
            if source_id not in sources:
                raise ContentError("messages.yml", f"unknown source id '{source_id}'", message.key)
        for topic_id in message.topics:
            if topic_id not in topics:
                raise ContentError("messages.yml", f"unknown topic '{topic_id}'", message.key)
    return by_entity


def unknown_intents(kb: KnowledgeBase, intents: Collection[str], domain: str) -> list[str]:
    """One `file: topic: problem` line per topic intent that is not among the domain's `intents`.

    A misspelled intent would leave its topic unreachable; the action server has no domain to
    check against, so `python -m bot.knowledge.validate` asks for this with domain.yml's intents.
    """
    return [
        f"{topic.path}: {topic.id}: intent '{intent}' is not an intent in {domain}"
        for topic in kb.topics.values()
        for intent in topic.intents
        if intent not in intents
    ]


@functools.lru_cache(maxsize=1)
def get_knowledge_base() -> KnowledgeBase:
    """The knowledge base, loaded once per process on first use."""
    return load_knowledge_base()


def load_lexicon(content_dir: Path = CONTENT_DIR) -> Lexicon:
    """Only the entity lexicon (for the NLU component, which needs nothing else)."""
    path = content_dir / "lexicon.yml"
    return Lexicon.from_dict(read_yaml(path, "lexicon file"), path)


def lexicon_fingerprint(content_dir: Path = CONTENT_DIR) -> str:
    """A hash of the lexicon file: a trained model that read it is stale when this changes."""
    return hashlib.sha256((content_dir / "lexicon.yml").read_bytes()).hexdigest()

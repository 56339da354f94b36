"""Load and cross-check the whole knowledge base from bot/content/."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.lexicon import Lexicon
from bot.knowledge.messages import Messages
from bot.knowledge.schema import ContentError, Source, Topic

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

    def intents(self) -> set[str]:
        """Every intent some topic answers."""
        return {intent for topic in self.topics.values() for intent in topic.intents}

    def sources_for(self, topic: Topic) -> list[Source]:
        """The topic's sources in the order the topic lists them."""
        return [self.sources[source_id] for source_id in topic.sources]


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML: {error}") from error


def _entries(path: Path, key: str) -> list[dict[str, Any]]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ContentError(f"{path}: expected a top-level '{key}:' list")
    for entry in data[key]:
        if not isinstance(entry, dict):
            raise ContentError(f"{path}: every item of '{key}' must be a mapping")
    return data[key]


def load_knowledge_base(content_dir: Path = CONTENT_DIR) -> KnowledgeBase:
    """Read every content file, validate it and cross-check references; fail loudly."""
    sources: dict[str, Source] = {}
    for path in sorted((content_dir / "sources").glob("*.yml")):
        for entry in _entries(path, "sources"):
            source = Source.from_dict(entry, str(path))
            if source.id in sources:
                raise ContentError(f"{path}: source id '{source.id}' is defined twice")
            sources[source.id] = source
    topics: dict[str, Topic] = {}
    topic_files: dict[str, str] = {}
    for path in sorted((content_dir / "topics").glob("*.yml")):
        for entry in _entries(path, "topics"):
            topic = Topic.from_dict(entry, str(path))
            if topic.id in topics:
                raise ContentError(f"{path}: topic id '{topic.id}' is defined twice")
            topics[topic.id] = topic
            topic_files[topic.id] = str(path)
    if not topics:
        raise ContentError(f"{content_dir}: no topics found")
    messages_path = content_dir / "messages.yml"
    messages_data = _read_yaml(messages_path)
    messages = Messages.from_dict(messages_data, str(messages_path))
    menu = tuple(messages_data.get("menu") or ())
    for topic_id in menu:
        if topic_id not in topics:
            raise ContentError(f"{messages_path}: menu names unknown topic '{topic_id}'")
    lexicon_path = content_dir / "lexicon.yml"
    lexicon = Lexicon.from_dict(_read_yaml(lexicon_path), str(lexicon_path))
    by_entity = _cross_check(topics, topic_files, sources, messages, lexicon)
    return KnowledgeBase(topics, sources, messages, lexicon, menu, by_entity)


def _cross_check(
    topics: dict[str, Topic],
    topic_files: dict[str, str],
    sources: dict[str, Source],
    messages: Messages,
    lexicon: Lexicon,
) -> dict[tuple[str, str], str]:
    by_entity: dict[tuple[str, str], str] = {}
    for topic in topics.values():
        where = f"{topic_files[topic.id]}: {topic.id}"
        for source_id in topic.sources:
            if source_id not in sources:
                raise ContentError(f"{where}: unknown source id '{source_id}'")
        for related in topic.related:
            if related not in topics or related == topic.id:
                raise ContentError(f"{where}: related topic '{related}' does not exist")
        for entity, values in topic.entities.items():
            for value in values:
                if entity not in PAYLOAD_ONLY_ENTITIES and value not in lexicon.values(entity):
                    raise ContentError(f"{where}: entity {entity}={value} is not in the lexicon")
                other = by_entity.setdefault((entity, value), topic.id)
                if other != topic.id:
                    raise ContentError(f"{where}: entity {entity}={value} is claimed by '{other}' too")
        for condition in topic.applies_to_conditions:
            if condition not in lexicon.values("condition"):
                raise ContentError(f"{where}: applies_to_conditions '{condition}' is not a condition")
    for message in messages:
        for source_id in message.sources:
            if source_id not in sources:
                raise ContentError(f"messages.yml: {message.key}: unknown source id '{source_id}'")
        for topic_id in message.topics:
            if topic_id not in topics:
                raise ContentError(f"messages.yml: {message.key}: unknown topic '{topic_id}'")
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
    return Lexicon.from_dict(_read_yaml(path), str(path))


def lexicon_fingerprint(content_dir: Path = CONTENT_DIR) -> str:
    """A hash of the lexicon file: a trained model that read it is stale when this changes."""
    return hashlib.sha256((content_dir / "lexicon.yml").read_bytes()).hexdigest()

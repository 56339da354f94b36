"""The knowledge base: reviewed topics, sources, fixed messages and the entity lexicon."""

from bot.content_file import ContentError
from bot.knowledge.loader import KnowledgeBase, get_knowledge_base, load_knowledge_base
from bot.knowledge.model import Source, Topic

__all__ = [
    "ContentError",
    "KnowledgeBase",
    "Source",
    "Topic",
    "get_knowledge_base",
    "load_knowledge_base",
]

"""CLI: validate the knowledge base and print a one-line summary (exit 1 on errors)."""

from __future__ import annotations

import sys

from bot.knowledge.loader import load_knowledge_base
from bot.knowledge.schema import ContentError


def main() -> int:
    """Load everything; report the first problem with its file and entry."""
    try:
        kb = load_knowledge_base()
    except ContentError as error:
        print(f"knowledge base invalid: {error}", file=sys.stderr)
        return 1
    investigational = sum(topic.investigational for topic in kb.topics.values())
    print(
        f"knowledge base ok: {len(kb.topics)} topics ({investigational} investigational), "
        f"{len(kb.sources)} sources, {sum(len(v) for v in kb.lexicon.entries.values())} entity values"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

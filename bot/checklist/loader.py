"""Read checklist.yml once and check it with the model (and its sources against the knowledge base)."""

from __future__ import annotations

import functools
from pathlib import Path

from bot.checklist.model import WORDING_KEYS, Checklist, Item
from bot.content_file import ContentError, parse, parse_entries, read_content_file, unique
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.model import Message

CHECKLIST_PATH = Path(__file__).resolve().parents[1] / "content" / "checklist.yml"


def load_checklist(path: Path | None = None, kb: KnowledgeBase | None = None) -> Checklist:
    """Read and check checklist.yml (CHECKLIST_PATH unless told): at least one item, ids unique."""
    path = path or CHECKLIST_PATH
    data = read_content_file(path, "checklist file")
    raw_wording = data.get("wording")
    if not isinstance(raw_wording, dict):
        raise ContentError(path, "expected a 'wording:' mapping")
    wording: dict[str, str] = {}
    for key in WORDING_KEYS:
        if key not in raw_wording:
            raise ContentError(path, f"missing '{key}'", "wording")
        wording[key] = parse(Message, raw_wording[key], path, f"wording.{key}", key=key).text
    items = tuple(parse_entries(Item, data.get("items"), path, "items", noun="item"))
    unique([item.id for item in items], path, "item")
    sources = tuple(data.get("sources") or ())
    if kb is not None and (unknown := [s for s in sources if s not in kb.sources]):
        raise ContentError(path, f"unknown source ids {', '.join(unknown)}")
    return Checklist(items, wording, sources)


@functools.lru_cache(maxsize=1)
def get_checklist() -> Checklist:
    """The checklist, loaded once per process on first use."""
    return load_checklist()

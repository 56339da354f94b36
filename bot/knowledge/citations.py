"""Citation formatting: short form in answers, full references on request, structured payloads."""

from __future__ import annotations

from bot.knowledge.model import Source
from bot.payloads import CitationPayload


def short_citation(source: Source) -> str:
    """Name and link, e.g. 'NICE NG59 (2016, updated 2020) https://…'."""
    return f"{source.short} {source.url}"


def full_reference(source: Source) -> str:
    """Authors. Title. Publisher, year. Identifiers. Link."""
    identifiers = [
        label + value
        for label, value in (("doi:", source.doi), ("PMID ", source.pmid), ("", source.nct))
        if value
    ]
    # Author lists often end in "et al." and titles in "?" or ".": never add a second full stop.
    parts = [f"{_sentence(source.authors)} {_sentence(source.title)} {source.publisher}, {source.year}."]
    if identifiers:
        parts.append("; ".join(identifiers) + ".")
    parts.append(source.url)
    return " ".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def citation_payload(source: Source) -> CitationPayload:
    """Structured citation for a widget to render."""
    return {
        "id": source.id,
        "short": source.short,
        "title": source.title,
        "authors": source.authors,
        "publisher": source.publisher,
        "year": source.year,
        "kind": source.kind,
        "url": source.url,
        "doi": source.doi,
        "pmid": source.pmid,
        "nct": source.nct,
    }

"""CLI: list patient messages the bot handled badly and draft NLU examples for a maintainer.

Reads the user events of Rasa's SQL tracker store (table `events`) and picks the messages that
fell back (intent nlu_fallback), had a low confidence, or came just before "not helpful". Texts
are redacted (emails, phone numbers, long digit runs) and grouped; sender ids and timestamps are
read only to keep conversations apart and to apply --since, and are never printed or written.
Red-flag and crisis messages are counted but never listed: safety is handled by reviewed rules.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import sqlalchemy as sa

from bot.privacy import redact_contacts

FALLBACK_INTENT = "nlu_fallback"
HELPFUL_INTENT = "feedback_helpful"
UNHELPFUL_INTENT = "feedback_unhelpful"
FEEDBACK_INTENTS = (HELPFUL_INTENT, UNHELPFUL_INTENT)
SAFETY_INTENTS = ("report_red_flag", "express_crisis")
NO_GUESS = "unknown"
CATEGORIES = {
    "fallback": "Fell back (nlu_fallback; best guess shown)",
    "low_confidence": "Low confidence (below {min_confidence:.2f})",
    "unhelpful": "Asked just before the patient said \"not helpful\"",
}

LONG_DIGITS = re.compile(r"\d{5,}")
# `[text](entity)`, `[text]{...}` and `[text][...]` are entity markup in Rasa's training data.
ENTITY_MARKUP = re.compile(r"\][(\[{]")


def redact(text: str) -> str:
    """Replace emails, phone numbers and long digit runs (ids, postcodes) with placeholders."""
    return LONG_DIGITS.sub("[number]", redact_contacts(text))


def normalise(text: str) -> str:
    """The grouping key: lower case, runs of whitespace as one space."""
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class UserMessage:
    """One patient message as the model understood it (no sender, no time)."""

    text: str
    intent: str
    confidence: float
    guess: str

    @property
    def is_payload(self) -> bool:
        """A button press ("/ask_more") rather than typed words."""
        return self.text.startswith("/")

    @property
    def is_safety(self) -> bool:
        """Red flag or crisis, by the safety rules or by the classifier's guess."""
        return self.intent in SAFETY_INTENTS or self.guess in SAFETY_INTENTS


def parse_user_event(data: str | None) -> UserMessage | None:
    """Build a message from the JSON `data` column of a user event; None if it has no text."""
    try:
        event = json.loads(data or "")
    except ValueError:
        return None
    if not isinstance(event, dict) or not isinstance(event.get("text"), str) or not event["text"].strip():
        return None
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    name = str(intent.get("name") or NO_GUESS)
    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") not in (None, FALLBACK_INTENT)]
    guess = str(ranking[0]["name"]) if name == FALLBACK_INTENT and ranking else name
    if guess == FALLBACK_INTENT:
        guess = NO_GUESS
    return UserMessage(event["text"], name, float(intent.get("confidence") or 0.0), guess)


@dataclass
class Group:
    """Identical texts (ignoring case and spacing) in one category."""

    text: str
    intents: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        """How many times the text came."""
        return sum(self.intents.values())

    @property
    def intent(self) -> str:
        """The intent the model guessed most often for this text."""
        return self.intents.most_common(1)[0][0]


@dataclass
class Review:
    """Counts and grouped candidates; holds no sender ids or timestamps."""

    min_confidence: float
    messages: int = 0
    conversations: int = 0
    helpful: int = 0
    unhelpful: int = 0
    safety: int = 0
    groups: dict[str, dict[str, Group]] = field(default_factory=lambda: {c: {} for c in CATEGORIES})

    def add(self, category: str, message: UserMessage) -> None:
        """Count one candidate message under a category (safety messages only in `safety`)."""
        if message.is_safety:
            return
        text = redact(message.text)
        group = self.groups[category].setdefault(normalise(text), Group(" ".join(text.split())))
        group.intents[message.guess] += 1

    def sorted_groups(self, category: str) -> list[Group]:
        """Groups of a category, most frequent first."""
        return sorted(self.groups[category].values(), key=lambda g: (-g.count, g.text.lower()))


def category_of(message: UserMessage, min_confidence: float) -> str | None:
    """fallback or low_confidence for a typed message, else None."""
    if message.is_payload:
        return None
    if message.intent == FALLBACK_INTENT:
        return "fallback"
    return "low_confidence" if message.confidence < min_confidence else None


def review_conversation(messages: list[UserMessage], review: Review) -> None:
    """Add one conversation's messages, in order, to the review."""
    review.conversations += 1
    question: UserMessage | None = None
    for message in messages:
        typed = not message.is_payload
        review.messages += int(typed)
        review.safety += int(typed and message.is_safety)
        category = category_of(message, review.min_confidence)
        if category:
            review.add(category, message)
        if message.intent in FEEDBACK_INTENTS:
            review.helpful += message.intent == HELPFUL_INTENT
            review.unhelpful += message.intent == UNHELPFUL_INTENT
            if message.intent == UNHELPFUL_INTENT and question is not None:
                review.add("unhelpful", question)
            question = None  # each answer is rated once
        elif typed:
            question = message  # button presses ("tell me more") keep the question they follow


def build_review(conversations: Iterable[list[UserMessage]], min_confidence: float) -> Review:
    """Review every conversation."""
    review = Review(min_confidence)
    for messages in conversations:
        review_conversation(messages, review)
    return review


def read_conversations(engine: sa.engine.Engine, since_days: float | None = None) -> Iterator[list[UserMessage]]:
    """Each conversation's user messages in order; the sender id stays inside this function."""
    events = sa.table("events", *(sa.column(c) for c in ("id", "sender_id", "type_name", "timestamp", "data")))
    query = sa.select(events.c.sender_id, events.c.data).where(events.c.type_name == "user")
    if since_days is not None:
        query = query.where(events.c.timestamp >= time.time() - since_days * 86400)
    query = query.order_by(events.c.sender_id, events.c.id)
    with engine.connect() as connection:
        rows = connection.execute(query)
        for _, conversation in groupby(rows, key=lambda row: row[0]):
            messages = [parse_user_event(row[1]) for row in conversation]
            yield [message for message in messages if message is not None]


def format_report(review: Review) -> str:
    """The printed summary: counts, then each category grouped and counted."""
    lines = [
        f"Reviewed {review.messages} typed patient messages in {review.conversations} conversation(s).",
        f"Feedback: {review.helpful} helpful, {review.unhelpful} not helpful.",
        f"Red-flag or crisis messages (handled by the safety rules, never listed): {review.safety}",
    ]
    for category, title in CATEGORIES.items():
        groups = review.sorted_groups(category)
        total = sum(g.count for g in groups)
        lines += ["", f"{title.format(min_confidence=review.min_confidence)}: {total} messages, {len(groups)} distinct"]
        lines += [f"  {g.count:4d}  {g.text}   [{g.intent}]" for g in groups] or ["  (none)"]
    return "\n".join(lines)


def as_example(text: str) -> str:
    """The text as one line of an `examples: |` block that Rasa reads literally (no entity markup)."""
    one_line = " ".join(text.split())
    return ENTITY_MARKUP.sub(lambda match: match.group(0)[0] + " " + match.group(0)[1], one_line)


def render_draft(review: Review) -> str:
    """A Rasa NLU file (version 3.1) of the candidates by guessed intent, for a maintainer to correct.

    The same format as data/nlu/<topic>.yml (`- intent:` with an `examples: |` block), so a
    corrected block can be moved there as it is. Counts and categories are comments above each block.
    """
    examples: dict[str, dict[str, tuple[str, Counter[str]]]] = {}
    for category in CATEGORIES:
        for key, group in review.groups[category].items():
            text, counts = examples.setdefault(group.intent, {}).setdefault(key, (group.text, Counter()))
            counts[category] += group.count
    lines = [
        "# Draft NLU examples from patient conversations (make review). NOT training data yet:",
        "# correct each intent (it is the model's guess), drop what does not belong, then move the",
        "# lines into the examples of data/nlu/<topic>.yml and retrain. Comments: count and category.",
        'version: "3.1"',
        "nlu:" if examples else "nlu: []",
    ]
    for intent in sorted(examples):
        ranked = sorted(examples[intent].values(), key=lambda item: (-sum(item[1].values()), item[0]))
        lines.append(f"  - intent: {intent}")
        for text, counts in ranked:
            why = ", ".join(f"{n}x {category}" for category, n in counts.most_common())
            lines.append(f"    # {why}: {as_example(text)}")
        lines.append("    examples: |")
        lines += [f"      - {as_example(text)}" for text, _ in ranked]
    return "\n".join(lines) + "\n"


def default_db_url() -> str:
    """sqlite:/// URL of $TRACKER_DB (var/conversations.db by default)."""
    return f"sqlite:///{os.environ.get('TRACKER_DB') or 'var/conversations.db'}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", default=default_db_url(), help="SQLAlchemy URL of the tracker store")
    parser.add_argument("--min-confidence", type=float, default=0.5, help="below this a message is listed")
    parser.add_argument("--out", type=Path, default=Path("reports/review/candidates.yml"), help="draft NLU file")
    parser.add_argument("--since", type=float, metavar="DAYS", help="only messages of the last DAYS days")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Read the tracker store, print the review and write the draft NLU file."""
    args = parse_args(argv)
    url = sa.engine.make_url(args.db_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
        print(f"no tracker database at {url.database} (set --db-url or TRACKER_DB)", file=sys.stderr)
        return 2
    engine = sa.create_engine(url)
    try:
        if not sa.inspect(engine).has_table("events"):
            print("no 'events' table: is this a Rasa SQL tracker store?", file=sys.stderr)
            return 2
        review = build_review(read_conversations(engine, args.since), args.min_confidence)
    finally:
        engine.dispose()
    print(format_report(review))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_draft(review), encoding="utf-8")
    print(f"\nDraft NLU examples: {args.out} (correct the intents, then move them into data/nlu/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

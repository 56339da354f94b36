"""CLI: delete conversations whose latest event is older than N days from Rasa's SQL tracker store.

Usage: python -m scripts.retention [--db-url URL] [--days N] [--dry-run]
A conversation (all events of one sender id in table `events`) is deleted only when its LATEST
event is older than --days (default $RETENTION_DAYS, else 30): a conversation that started long ago
but is still going on is kept whole. Everything is deleted in one transaction, in batches of sender
ids; each batch checks again that the conversation has no recent event, so a patient who comes back
while the purge runs keeps their conversation. --dry-run only counts. Only counts are printed, never
sender ids or message texts. Exit 0 on success (also when there is no `events` table yet), 2 on a
bad argument or when the database cannot be reached (then nothing is deleted).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from scripts.review import default_db_url

DEFAULT_DAYS = 30.0
DAY = 86400.0
# Sender ids per DELETE statement: well below SQLite's oldest limit of 999 bound parameters.
BATCH = 500

EVENTS = sa.table("events", *(sa.column(c) for c in ("id", "sender_id", "timestamp")))


@dataclass(frozen=True)
class Purge:
    """What a purge found or deleted: counts only, no sender ids."""

    conversations: int
    events: int


def positive_days(raw: str) -> float:
    """Argparse type for --days (and $RETENTION_DAYS): a finite number greater than 0."""
    try:
        days = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number of days") from None
    if not math.isfinite(days) or days <= 0:
        raise argparse.ArgumentTypeError(f"{raw!r} must be a number of days greater than 0")
    return days


def batches(items: Sequence[str], size: int = BATCH) -> Iterator[Sequence[str]]:
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def expired_conversations(connection: sa.engine.Connection, cutoff: float) -> list[tuple[str, int]]:
    """(sender id, number of events) of each conversation whose latest event is before `cutoff`."""
    query = (
        sa.select(EVENTS.c.sender_id, sa.func.count())
        .group_by(EVENTS.c.sender_id)
        .having(sa.func.max(EVENTS.c.timestamp) < cutoff)
        .order_by(EVENTS.c.sender_id)
    )
    return [(str(sender), int(count)) for sender, count in connection.execute(query)]


def delete_conversations(connection: sa.engine.Connection, senders: Sequence[str], cutoff: float) -> Purge:
    """Delete all events of these senders, except conversations that got an event since `cutoff`."""
    recent = EVENTS.alias("recent")
    conversations = events = 0
    for batch in batches(senders):
        still_expired = ~sa.exists().where(recent.c.sender_id == EVENTS.c.sender_id, recent.c.timestamp >= cutoff)
        result = connection.execute(sa.delete(EVENTS).where(EVENTS.c.sender_id.in_(batch), still_expired))
        events += result.rowcount
        kept = connection.execute(
            sa.select(sa.func.count(sa.distinct(EVENTS.c.sender_id))).where(EVENTS.c.sender_id.in_(batch))
        ).scalar_one()
        conversations += len(batch) - int(kept)
    return Purge(conversations, events)


def purge(engine: sa.engine.Engine, days: float, dry_run: bool = False, now: float | None = None) -> Purge | None:
    """Delete (or with dry_run only count) expired conversations; None if there is no `events` table."""
    if not sa.inspect(engine).has_table("events"):
        return None
    cutoff = (time.time() if now is None else now) - days * DAY
    if dry_run:
        with engine.connect() as connection:
            expired = expired_conversations(connection, cutoff)
        return Purge(len(expired), sum(count for _, count in expired))
    with engine.begin() as connection:  # one transaction: all or nothing
        expired = expired_conversations(connection, cutoff)
        return delete_conversations(connection, [sender for sender, _ in expired], cutoff)


def summary(result: Purge, days: float, dry_run: bool) -> str:
    """The printed line: counts and the retention period only."""
    what = f"{result.conversations} conversations ({result.events} events) older than {days:g} days"
    return f"would delete {what} (dry run: nothing deleted)" if dry_run else f"deleted {what}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", default=default_db_url(), help="SQLAlchemy URL of the tracker store")
    parser.add_argument(
        "--days", type=positive_days, default=os.environ.get("RETENTION_DAYS") or str(DEFAULT_DAYS),
        help=f"delete conversations whose latest event is older than this (default $RETENTION_DAYS, else "
        f"{DEFAULT_DAYS:g})",
    )
    parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Purge the tracker store and print the counts."""
    args = parse_args(argv)  # a bad --days or $RETENTION_DAYS exits with 2 and argparse's message
    try:
        url = sa.engine.make_url(args.db_url)
    except sa.exc.ArgumentError:
        print("--db-url is not a valid SQLAlchemy URL", file=sys.stderr)
        return 2
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
        # Not "nothing to delete": a mistyped path would otherwise keep old conversations forever.
        print(f"no tracker database at {url.database} (set --db-url or TRACKER_DB)", file=sys.stderr)
        return 2
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as error:
        print(f"cannot use {shown}: {error}", file=sys.stderr)
        return 2
    try:
        result = purge(engine, args.days, args.dry_run)
    except sa.exc.SQLAlchemyError as error:
        # The driver's message names the host or file, not the rows; the transaction was rolled back.
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"tracker store {shown} failed, nothing was deleted: {reason}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    if result is None:
        print("no 'events' table: no conversations stored yet, nothing to delete")
        return 0
    print(summary(result, args.days, args.dry_run))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Rasa's SQL tracker store, with less work per turn and SQLite tuned for a chat server.

Two changes, measured in docs/performance.md; what is stored is exactly what Rasa stores:

* SQLite in write-ahead-log mode with `synchronous=NORMAL`, on a kept connection. Rasa commits every turn; in the
  default rollback-journal mode each commit waits for the disk several times while the event
  loop, and so every other patient, waits too. In WAL mode a commit is an append: a crash of the
  process loses nothing, a power cut at most the last turns, and the file is never corrupted
  (https://www.sqlite.org/wal.html). PostgreSQL is left as it is.
* Fewer queries per turn. Before each save (Rasa saves twice a turn) Rasa counts the stored
  events of the conversation's latest session again, to know which events are new. A turn reads
  the tracker and saves that same object, under the conversation's lock, so no other process or
  replica adds events meanwhile: the count is known from the read, and after a save it is the
  tracker's own events counted by the same rule as Rasa's query (those at or after the latest
  session start). When the tracker saved is not the one last read or saved, Rasa's own count is
  used. The read also fetches only the column it needs.
"""

from __future__ import annotations

import itertools
import json
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000")
# Conversations whose read count we remember at once (one entry per conversation in a turn).
MAX_REMEMBERED = 10_000


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


class PatientTrackerStore(SQLTrackerStore):
    """SQLTrackerStore without the per-save recount; on SQLite, WAL and `synchronous=NORMAL`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Create the store as Rasa does, then tune SQLite connections."""
        super().__init__(*args, **kwargs)
        # sender id -> (the tracker handed out, how many stored events it was built from)
        self._read: OrderedDict[str, tuple[weakref.ref, int]] = OrderedDict()
        engine: sa.engine.Engine = self.engine  # type: ignore[has-type]
        if engine.dialect.name == "sqlite":
            # Rasa's engine opens a new SQLite connection for every read and save (NullPool); keep
            # one per thread instead (the server uses the store from its event-loop thread).
            engine.dispose()
            self.engine = sa.create_engine(engine.url, poolclass=sa.pool.SingletonThreadPool)
            sa.event.listen(self.engine, "connect", _tune_sqlite)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        """Rasa's query for the latest session's events, fetching only their JSON."""
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions)
            rows = query.with_entities(self.SQLEvent.data).all()
        events = [json.loads(data) for (data,) in rows]
        if not events or not self.domain:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            self._remember(sender_id, tracker, len(events))
        return tracker

    def _remember(self, sender_id: str, tracker: DialogueStateTracker, stored: int) -> None:
        self._read.pop(sender_id, None)
        self._read[sender_id] = (weakref.ref(tracker), stored)
        while len(self._read) > MAX_REMEMBERED:
            self._read.popitem(last=False)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """The events not stored yet: after the count read with this very tracker, else Rasa's recount."""
        read = self._read.pop(tracker.sender_id, None)
        if read is None or id(read[0]()) != id(tracker):  # that very object, still alive
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, read[1], len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save as Rasa does, then remember how many events of the latest session are stored."""
        await super().save(tracker)
        self._remember(tracker.sender_id, tracker, latest_session_count(tracker))


def latest_session_count(tracker: DialogueStateTracker) -> int:
    """Events at or after the latest session start: what Rasa's `_event_query` counts once saved."""
    starts = [event.timestamp for event in tracker.events if isinstance(event, SessionStarted)]
    if not starts:
        return len(tracker.events)
    latest = max(starts)
    return sum(1 for event in tracker.events if event.timestamp >= latest)

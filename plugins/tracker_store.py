"""Rasa's SQL tracker store, with less work per turn and SQLite tuned for a chat server.

What is stored is exactly what Rasa's `SQLTrackerStore` stores (tested row for row); what changes
is how much work a turn costs (measured in docs/performance.md):

* SQLite in write-ahead-log mode with `synchronous=NORMAL`, on a kept connection. Rasa commits every turn; in the
  default rollback-journal mode each commit waits for the disk several times while the event
  loop, and so every other patient, waits too. In WAL mode a commit is an append: a crash of the
  process loses nothing, a power cut at most the last turns, and the file is never corrupted
  (https://www.sqlite.org/wal.html). PostgreSQL is left as it is.
* No recount before a save. Before each save Rasa counts the stored events of the conversation's
  latest session again, to know which events are new. A turn reads the tracker and saves that
  same object, under the conversation's lock, so no other process or replica adds events
  meanwhile: the count is known from the read, and after a save it is the tracker's own events
  counted by the same rule as Rasa's query (those at or after the latest session start). When the
  tracker saved is not the one last read or saved, Rasa's own count is used. New events are
  inserted in one statement rather than through the ORM's unit of work. With SQLite the insert,
  the check query below and the commit go straight to the kept connection: the same SQL,
  without the ORM session around it, which cost ten times the query itself.
* No rebuild of the tracker every turn. After a save the store keeps that tracker object, and
  the next read of the conversation hands it back instead of loading and replaying every event
  of the session again, if two things hold: the object has not changed since it was saved (same
  number of events, same last event: a turn that failed before saving is not trusted), and the
  conversation's newest event id in the database is still the one this save wrote (one indexed
  query: another replica or worker that took a turn, or `make purge`, makes it differ). When the
  object also holds events from before its latest session start, which Rasa's read leaves out,
  the read replays only the latest session's events. Handing
  the object out takes it out of the store, so only one holder ever has it; any other read goes
  to the database as before. At most `KEPT_TRACKERS` conversations are kept, least recently
  used first out.
"""

from __future__ import annotations

import contextlib
import json
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000")
# Conversations whose read count we remember at once (one entry per conversation in a turn).
MAX_REMEMBERED = 10_000
# Conversations whose tracker is kept between turns (a 20-turn conversation is some tens of kB).
KEPT_TRACKERS = 2_000
# The columns Rasa's SQLTrackerStore fills for an event (`id` is the table's own).
EVENT_COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


@dataclass
class _Kept:
    """A tracker as it was saved, and what is needed to tell whether it is still the stored state."""

    tracker: DialogueStateTracker
    length: int  # its number of events when saved
    last: Event | None  # its last event (the object) when saved
    stored: int  # events of its latest session in the database
    newest_id: int | None  # the conversation's newest event id in the database after the save

    def unchanged(self) -> bool:
        """Nothing was added to the object since it was saved."""
        events = self.tracker.events
        return len(events) == self.length and (events[-1] if events else None) is self.last

    def latest_session(self, slots: Any) -> DialogueStateTracker:
        """What Rasa's read would rebuild: the tracker itself, or only its latest session's events."""
        if self.stored == self.length:
            return self.tracker
        events = list(self.tracker.events)
        return DialogueStateTracker.from_events(self.tracker.sender_id, latest_session(events), slots)


class PatientTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that keeps saved trackers and skips the per-save recount; SQLite in WAL mode."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Create the store as Rasa does, then tune SQLite connections."""
        super().__init__(*args, **kwargs)
        # sender id -> (the tracker handed out, how many stored events it was built from)
        self._read: OrderedDict[str, tuple[weakref.ref, int]] = OrderedDict()
        # sender id -> the tracker last saved, until it is read again
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        engine: sa.engine.Engine = self.engine  # type: ignore[has-type]
        if engine.dialect.name == "sqlite":
            # Rasa's engine opens a new SQLite connection for every read and save (NullPool); keep
            # one per thread instead (the server uses the store from its event-loop thread).
            engine.dispose()
            self.engine = sa.create_engine(engine.url, poolclass=sa.pool.SingletonThreadPool)
            sa.event.listen(self.engine, "connect", _tune_sqlite)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._sqlite = self.engine.dialect.name == "sqlite"
        table = self.SQLEvent.__table__.name
        placeholders = ", ".join("?" * len(EVENT_COLUMNS))
        self._insert_sql = f"INSERT INTO {table} ({', '.join(EVENT_COLUMNS)}) VALUES ({placeholders})"
        self._newest_sql = f"SELECT max(id) FROM {table} WHERE sender_id = ?"

    @contextlib.contextmanager
    def _sqlite_connection(self) -> Iterator[Any]:
        """The kept SQLite connection of this thread; what is not committed is rolled back when it is handed back."""
        connection = self.engine.raw_connection()
        try:
            yield connection
        finally:
            connection.close()

    def _newest_id(self, sender_id: str) -> int | None:
        """The conversation's newest event id in the database (one indexed query)."""
        if self._sqlite:
            with self._sqlite_connection() as connection:
                return connection.execute(self._newest_sql, (sender_id,)).fetchone()[0]
        with self.session_scope() as session:
            return self._newest_id_in(session, sender_id)

    def _newest_id_in(self, session: Any, sender_id: str) -> int | None:
        query = sa.select(sa.func.max(self.SQLEvent.id)).where(self.SQLEvent.sender_id == sender_id)
        return session.execute(query).scalar()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session: the tracker kept from the last save if it is still current, else Rasa's read."""
        kept = self._kept.pop(sender_id, None)
        if kept is not None and self.domain and kept.unchanged() and self._newest_id(sender_id) == kept.newest_id:
            tracker = kept.latest_session(self.domain.slots)
            self._remember(sender_id, tracker, kept.stored)
            return tracker
        return await self._retrieve(sender_id, fetch_events_from_all_sessions=False)

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

    def _unsaved_events(self, tracker: DialogueStateTracker) -> list[Event]:
        """The events not stored yet: after the count read with this very tracker, else Rasa's recount."""
        read = self._read.pop(tracker.sender_id, None)
        if read is None or id(read[0]()) != id(tracker):  # that very object, still alive
            with self.session_scope() as session:
                return list(self._additional_events(session, tracker))
        return list(tracker.events)[read[1]:]

    def _insert(self, sender_id: str, rows: list[dict[str, Any]]) -> int | None:
        """Insert the rows and commit, in one transaction; return the conversation's newest event id."""
        if self._sqlite:
            with self._sqlite_connection() as connection:
                connection.executemany(self._insert_sql, [tuple(row[c] for c in EVENT_COLUMNS) for row in rows])
                newest_id = connection.execute(self._newest_sql, (sender_id,)).fetchone()[0]
                connection.commit()
            return newest_id
        with self.session_scope() as session:
            if rows:
                session.execute(sa.insert(self.SQLEvent.__table__), rows)
            newest_id = self._newest_id_in(session, sender_id)
            session.commit()
        return newest_id

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the new events as Rasa does (same rows), then keep the tracker for the next read."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        self._kept.pop(sender_id, None)
        newest_id = self._insert(sender_id, [self._row(sender_id, event) for event in self._unsaved_events(tracker)])
        stored = latest_session_count(tracker)
        self._remember(sender_id, tracker, stored)
        events = tracker.events
        self._kept[sender_id] = _Kept(tracker, len(events), events[-1] if events else None, stored, newest_id)
        while len(self._kept) > KEPT_TRACKERS:
            self._kept.popitem(last=False)

    @staticmethod
    def _row(sender_id: str, event: Event) -> dict[str, Any]:
        """The row Rasa's SQLTrackerStore.save writes for an event."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }


def latest_session(events: list[Event]) -> list[Event]:
    """Events at or after the latest session start, in order: what Rasa's `_event_query` selects once saved."""
    starts = [event.timestamp for event in events if isinstance(event, SessionStarted)]
    if not starts:
        return events
    latest = max(starts)
    return [event for event in events if event.timestamp >= latest]


def latest_session_count(tracker: DialogueStateTracker) -> int:
    """How many events of the tracker Rasa's `_event_query` counts once it is saved."""
    return len(latest_session(list(tracker.events)))

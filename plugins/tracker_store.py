"""Rasa's SQL tracker store, with the embedded SQLite file tuned for a chat server.

Rasa's SQLTrackerStore commits every turn; on SQLite in its default rollback-journal mode with
full sync, each commit waits for the disk several times while the event loop, and so every
other patient, waits too. In write-ahead-log mode with `synchronous=NORMAL` a commit is an
append: a crash of the process loses nothing, and a power cut can lose at most the last turns,
never corrupting the file (https://www.sqlite.org/wal.html). PostgreSQL is left as it is.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000")


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


class PatientTrackerStore(SQLTrackerStore):
    """SQLTrackerStore; on SQLite every connection uses WAL and `synchronous=NORMAL`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Create the store as Rasa does, then tune SQLite connections."""
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _tune_sqlite)
            self.engine.dispose()  # connections made while creating tables reconnect with the pragmas

"""A lock store in the conversations' SQLite file, so `make run` can use more than one Rasa worker.

Rasa processes one message per conversation at a time by taking a ticket lock per conversation.
Its default lock store lives in one process's memory, so Rasa refuses more than one worker
without Redis. This store keeps the same ticket locks (Rasa's `TicketLock`, same JSON) in a
table of the SQLite file the conversations are in, and does each read-change-write of a lock
(issuing a ticket, finishing, dropping expired tickets, cleaning up) in one `BEGIN IMMEDIATE`
transaction, so two workers can never both get the same ticket. (Rasa's Redis store does these
as separate reads and writes.) For several hosts or containers use Redis (`deploy/endpoints.yml`).

endpoints.yml:
    lock_store:
      type: plugins.lock_store.SQLiteLockStore
      db: ${TRACKER_DB}
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

TABLE = "conversation_locks"


class SQLiteLockStore(LockStore):
    """Rasa's ticket locks, kept in a SQLite table shared by the worker processes."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, db: str | None = None) -> None:
        """`db` (or the endpoint's `db`) is the SQLite file; the table is created if missing."""
        path = db or (endpoint_config.kwargs.get("db") if endpoint_config else None)
        if not path:
            raise ValueError("SQLiteLockStore needs `db`: the SQLite file to keep locks in")
        self.path = str(path)
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._in_transaction = False
        with self._transaction() as connection:
            connection.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (conversation_id TEXT PRIMARY KEY, data TEXT)")
        super().__init__()

    def _connect(self) -> sqlite3.Connection:
        """One connection per process (Sanic forks its workers after the store is created)."""
        if self._connection is None or self._pid != os.getpid():
            self._connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=NORMAL")
            self._pid, self._in_transaction = os.getpid(), False
        return self._connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken before reading, so a read-change-write is atomic across processes."""
        connection = self._connect()
        if self._in_transaction:  # an outer call already holds it
            yield connection
            return
        connection.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        else:
            connection.execute("COMMIT")
        finally:
            self._in_transaction = False

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """The stored lock of a conversation, if any."""
        row = self._connect().execute(
            f"SELECT data FROM {TABLE} WHERE conversation_id = ?", (conversation_id,)
        ).fetchone()
        return TicketLock.from_dict(json.loads(row[0])) if row else None

    def delete_lock(self, conversation_id: str) -> None:
        """Forget a conversation's lock."""
        with self._transaction() as connection:
            deleted = connection.execute(f"DELETE FROM {TABLE} WHERE conversation_id = ?", (conversation_id,))
        self._log_deletion(conversation_id, deleted.rowcount > 0)

    def save_lock(self, lock: TicketLock) -> None:
        """Store a lock (replacing the conversation's previous one)."""
        with self._transaction() as connection:
            connection.execute(
                f"INSERT OR REPLACE INTO {TABLE} (conversation_id, data) VALUES (?, ?)",
                (lock.conversation_id, lock.dumps()),
            )

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Rasa's issue_ticket, in one transaction."""
        try:
            with self._transaction():
                return super().issue_ticket(conversation_id, lock_lifetime)
        except sqlite3.Error as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        """Rasa's update_lock (drop expired tickets), in one transaction."""
        with self._transaction():
            super().update_lock(conversation_id)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        """Rasa's finish_serving, in one transaction."""
        with self._transaction():
            super().finish_serving(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Rasa's cleanup (finish, and delete the lock if nobody waits), in one transaction."""
        with self._transaction():
            super().cleanup(conversation_id, ticket_number)

    def __getstate__(self) -> dict[str, Any]:
        """Picklable without its connection (a new one is opened where it is used)."""
        return {**self.__dict__, "_connection": None, "_pid": 0, "_in_transaction": False}

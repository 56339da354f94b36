"""`make purge`: conversations whose latest event is older than the retention period go, whole; others stay."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from scripts import retention
from scripts.retention import main
from scripts.stack import ROOT

# The table Rasa 3.6's SQLTrackerStore creates (as in test_review.py).
SCHEMA = """
CREATE TABLE events (
    id INTEGER NOT NULL, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT, PRIMARY KEY (id)
)
"""
DAY = 86400.0


class FakeStore:
    """A temporary SQLite tracker store with conversations of chosen ages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with sqlite3.connect(path) as db:
            db.execute(SCHEMA)
            db.execute("CREATE INDEX ix_events_sender_id ON events (sender_id)")

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def conversation(self, *ages_days: float, text: str = "my back hurts") -> str:
        """A new conversation with a user and a bot event at each age (days ago); returns its sender id."""
        sender = uuid.uuid4().hex
        now = time.time()
        with sqlite3.connect(self.path) as db:
            for age in ages_days:
                stamp = now - age * DAY
                rows = [
                    ("user", "greet", None, {"event": "user", "text": text}),
                    ("bot", None, "utter_greet", {"event": "bot", "text": "an answer"}),
                ]
                db.executemany(
                    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [(sender, kind, stamp, intent, action, json.dumps(data)) for kind, intent, action, data in rows],
                )
        return sender

    def events(self) -> dict[str, int]:
        """Number of events per sender id."""
        with sqlite3.connect(self.path) as db:
            return dict(db.execute("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id").fetchall())


@pytest.fixture
def store(tmp_path: Path) -> FakeStore:
    return FakeStore(tmp_path / "conversations.db")


@pytest.fixture(autouse=True)
def no_retention_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RETENTION_DAYS", raising=False)


@pytest.fixture
def mixed(store: FakeStore) -> dict[str, str]:
    """Two expired conversations and three to keep, one of them old but still going on."""
    return {
        "old": store.conversation(90, 89, 60),
        "just_old": store.conversation(31),
        "recent": store.conversation(2, 1),
        "old_start_recent_end": store.conversation(100, 50, 0.5),
        "today": store.conversation(0),
    }


def test_dry_run_counts_and_deletes_nothing(store: FakeStore, mixed: dict[str, str], capsys) -> None:
    before = store.events()
    assert main(["--db-url", store.url, "--dry-run"]) == 0
    assert store.events() == before
    assert capsys.readouterr().out.strip() == (
        "would delete 2 conversations (8 events) older than 30 days (dry run: nothing deleted)"
    )


def test_deletes_exactly_the_conversations_whose_latest_event_is_old(store: FakeStore, mixed, capsys) -> None:
    assert main(["--db-url", store.url]) == 0
    assert capsys.readouterr().out.strip() == "deleted 2 conversations (8 events) older than 30 days"
    remaining = store.events()
    assert set(remaining) == {mixed["recent"], mixed["old_start_recent_end"], mixed["today"]}
    # kept whole, including its events of 100 and 50 days ago
    assert remaining[mixed["old_start_recent_end"]] == 6
    assert main(["--db-url", store.url]) == 0
    assert capsys.readouterr().out.strip() == "deleted 0 conversations (0 events) older than 30 days"
    assert store.events() == remaining


def test_output_names_no_sender_ids_or_texts(store: FakeStore, capsys) -> None:
    senders = [store.conversation(40, text="call me on 07700 900123"), store.conversation(1)]
    for argv in (["--dry-run"], []):
        assert main(["--db-url", store.url, *argv]) == 0
        captured = capsys.readouterr()
        printed = captured.out + captured.err
        assert not [s for s in senders if s in printed or s[:8] in printed]
        assert "900123" not in printed and "07700" not in printed


def test_days_option_and_retention_days_env(store: FakeStore, mixed, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "0.75")
    assert main(["--db-url", store.url, "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("would delete 3 conversations (12 events) older than 0.75 days")
    # the option wins over the environment
    assert main(["--db-url", store.url, "--days", "95", "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("would delete 0 conversations (0 events) older than 95 days")
    assert main(["--db-url", store.url]) == 0
    assert capsys.readouterr().out.strip() == "deleted 3 conversations (12 events) older than 0.75 days"
    assert set(store.events()) == {mixed["old_start_recent_end"], mixed["today"]}


@pytest.mark.parametrize("days", ["0", "-3", "abc", "nan", "inf", ""])
def test_bad_days_exit_2_and_delete_nothing(store: FakeStore, mixed, days: str, capsys) -> None:
    before = store.events()
    with pytest.raises(SystemExit) as stop:
        main(["--db-url", store.url, "--days", days])
    assert stop.value.code == 2
    assert "--days" in capsys.readouterr().err
    assert store.events() == before


def test_bad_retention_days_env_exits_2(store: FakeStore, mixed, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "0")
    with pytest.raises(SystemExit) as stop:
        main(["--db-url", store.url])
    assert stop.value.code == 2
    assert "must be a number of days greater than 0" in capsys.readouterr().err


def test_cli_exit_codes(store: FakeStore, mixed, tmp_path: Path) -> None:
    def run(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "scripts.retention", *argv], cwd=ROOT, capture_output=True, text=True, timeout=60,
            env={"PATH": "/usr/bin:/bin", "RETENTION_DAYS": "30"},
        )

    bad = run("--db-url", store.url, "--days", "0")
    assert bad.returncode == 2 and "greater than 0" in bad.stderr
    ok = run("--db-url", store.url)
    assert ok.returncode == 0 and ok.stdout.strip() == "deleted 2 conversations (8 events) older than 30 days"
    missing = run("--db-url", f"sqlite:///{tmp_path / 'nothing.db'}")
    assert missing.returncode == 2 and "no tracker database" in missing.stderr
    assert not (tmp_path / "nothing.db").exists()


def test_unreachable_or_invalid_database_exits_2(capsys) -> None:
    assert main(["--db-url", "not a url"]) == 2
    assert "not a valid SQLAlchemy URL" in capsys.readouterr().err
    # nothing listens on port 1 of the loopback; the password is not printed
    assert main(["--db-url", "postgresql://rasa:s3cret@127.0.0.1:1/rasa"]) == 2
    err = capsys.readouterr().err
    assert "nothing was deleted" in err and "s3cret" not in err


def test_missing_events_table_is_nothing_to_delete(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert main(["--db-url", f"sqlite:///{empty}"]) == 0
    assert "nothing to delete" in capsys.readouterr().out


def test_many_conversations_are_deleted_in_batches(store: FakeStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "BATCH", 7)
    old = {store.conversation(40) for _ in range(30)}
    kept = {store.conversation(1) for _ in range(3)}
    engine = sa.create_engine(store.url)
    try:
        assert retention.purge(engine, 30, dry_run=True) == retention.Purge(30, 60)
        assert retention.purge(engine, 30) == retention.Purge(30, 60)
    finally:
        engine.dispose()
    assert set(store.events()) == kept and not old & set(store.events())


def test_a_conversation_that_comes_back_during_the_purge_is_kept(store: FakeStore) -> None:
    back = store.conversation(40)
    gone = store.conversation(40)
    cutoff = time.time() - 30 * DAY
    store_engine = sa.create_engine(store.url)
    try:
        with store_engine.begin() as connection:
            expired = retention.expired_conversations(connection, cutoff)
            assert sorted(sender for sender, _ in expired) == sorted([back, gone])
            # the patient writes again between the listing and the delete
            connection.execute(sa.text(
                "INSERT INTO events (sender_id, type_name, timestamp) VALUES (:s, 'user', :t)"
            ), {"s": back, "t": time.time()})
            result = retention.delete_conversations(connection, [sender for sender, _ in expired], cutoff)
    finally:
        store_engine.dispose()
    assert result == retention.Purge(1, 2)
    assert store.events() == {back: 3}

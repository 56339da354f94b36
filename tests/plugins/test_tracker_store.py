import sqlite3

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from plugins.tracker_store import PatientTrackerStore

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet]
slots:
  last_topic:
    type: text
    mappings: [{type: custom}]
"""
)


def turn(text: str, topic: str) -> list:
    return [UserUttered(text, {"name": "greet", "confidence": 1.0}), ActionExecuted("action_answer"),
            BotUttered(f"about {topic}"), SlotSet("last_topic", topic), ActionExecuted("action_listen")]


async def conversation(store, sender: str) -> DialogueStateTracker:
    """Three turns, each read from the store, extended and saved, as Rasa's processor does."""
    tracker = DialogueStateTracker.from_events(sender, [ActionExecuted("action_session_start"), SessionStarted(),
                                                        ActionExecuted("action_listen")], DOMAIN.slots)
    await store.save(tracker)
    for index, topic in enumerate(["bmac", "sciatica", "stenosis"]):
        tracker = await store.retrieve(sender)
        for event in turn(f"question {index}", topic):
            tracker.update(event)
        await store.save(tracker)
    return await store.retrieve(sender)


def rows(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT sender_id, type_name, intent_name, action_name FROM events ORDER BY id").fetchall()


async def test_stores_exactly_what_rasas_sql_store_stores(tmp_path):
    ours = PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db"))
    rasas = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    mine, theirs = await conversation(ours, "abc"), await conversation(rasas, "abc")
    assert rows(tmp_path / "ours.db") == rows(tmp_path / "rasa.db")
    assert len(rows(tmp_path / "ours.db")) == 3 + 3 * 5
    assert mine.get_slot("last_topic") == theirs.get_slot("last_topic") == "stenosis"
    assert [e.as_dict()["event"] for e in mine.events] == [e.as_dict()["event"] for e in theirs.events]


async def stale_save(store, sender: str) -> None:
    """Save a tracker that is not the one last read: the store must not trust its remembered count."""
    await conversation(store, sender)
    stale = await store.retrieve(sender)
    fresh = await store.retrieve(sender)
    stale.update(UserUttered("late", {"name": "greet", "confidence": 1.0}))
    await store.save(stale)
    fresh.update(UserUttered("later", {"name": "greet", "confidence": 1.0}))
    fresh.update(ActionExecuted("action_listen"))
    await store.save(fresh)


async def test_a_tracker_not_read_last_falls_back_to_rasas_recount(tmp_path):
    ours = PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db"))
    rasas = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    await stale_save(ours, "abc")
    await stale_save(rasas, "abc")
    assert rows(tmp_path / "ours.db") == rows(tmp_path / "rasa.db")


async def test_sqlite_runs_in_write_ahead_log_mode(tmp_path):
    store = PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "w.db"))
    assert await store.retrieve("nobody") is None
    with sqlite3.connect(tmp_path / "w.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

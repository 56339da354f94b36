import sqlite3

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from plugins.tracker_store import PatientTrackerStore, latest_session_count

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
    """Turns read from the store, extended and saved twice, as Rasa's processor does; then a new session."""
    tracker = DialogueStateTracker.from_events(sender, [ActionExecuted("action_session_start"), SessionStarted(),
                                                        ActionExecuted("action_listen")], DOMAIN.slots)
    await store.save(tracker)
    for index, topic in enumerate(["bmac", "sciatica", "stenosis", "restart", "scoliosis"]):
        tracker = await store.retrieve(sender)
        events = turn(f"question {index}", topic)
        tracker.update(events[0])
        await store.save(tracker)  # after logging the user message
        if topic == "restart":  # the session expired: Rasa starts a new one within the turn
            events[1:1] = [ActionExecuted("action_session_start"), SessionStarted(), SlotSet("last_topic", None)]
        for event in events[1:]:
            tracker.update(event)
        await store.save(tracker)  # at the end of the turn
    return await store.retrieve(sender)


def rows(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT sender_id, type_name, intent_name, action_name FROM events ORDER BY id").fetchall()


async def test_stores_exactly_what_rasas_sql_store_stores(tmp_path):
    ours = PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db"))
    rasas = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    mine, theirs = await conversation(ours, "abc"), await conversation(rasas, "abc")
    assert rows(tmp_path / "ours.db") == rows(tmp_path / "rasa.db")
    assert len(rows(tmp_path / "ours.db")) == 3 + 5 * 5 + 3
    assert mine.get_slot("last_topic") == theirs.get_slot("last_topic") == "scoliosis"
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


async def test_the_count_after_a_save_is_what_rasas_query_would_count(tmp_path):
    ours = PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "c.db"))
    tracker = await conversation(ours, "abc")
    with ours.session_scope() as session:
        counted = ours._event_query(session, "abc", fetch_events_from_all_sessions=False).count()
    assert latest_session_count(tracker) == counted == len(tracker.events)
    assert ours._read["abc"][1] == counted

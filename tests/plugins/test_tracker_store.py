import json
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
    """Every stored column but the id; the event's time, the same in its column and its JSON, left out."""
    with sqlite3.connect(path) as db:
        stored = db.execute(
            "SELECT sender_id, type_name, intent_name, action_name, timestamp, data FROM events ORDER BY id"
        ).fetchall()
    found = []
    for *columns, timestamp, data in stored:
        event = json.loads(data)
        assert event.pop("timestamp") == timestamp
        found.append((*columns, json.dumps(event, sort_keys=True)))
    return found


def columns(path) -> list[tuple]:
    """The sender, type, intent and action columns of the stored events."""
    return [row[:4] for row in rows(path)]


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


def as_dicts(tracker: DialogueStateTracker) -> list[dict]:
    return [event.as_dict() for event in tracker.events]


async def test_the_kept_tracker_is_what_a_fresh_read_of_the_database_gives(tmp_path):
    db = str(tmp_path / "k.db")
    ours = PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    await conversation(ours, "abc")  # ends with a read, so the tracker is no longer kept
    tracker = await ours.retrieve("abc")
    tracker.update(UserUttered("one more", {"name": "greet", "confidence": 1.0}))
    await ours.save(tracker)
    kept = await ours.retrieve("abc")
    fresh = await PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=db).retrieve("abc")
    assert kept is tracker  # handed back, not rebuilt
    assert as_dicts(kept) == as_dicts(fresh)
    assert kept.current_slot_values() == fresh.current_slot_values()


async def test_after_a_new_session_the_read_holds_only_the_latest_session_as_rasas_does(tmp_path):
    db = str(tmp_path / "s.db")
    ours = PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    tracker = DialogueStateTracker.from_events("abc", turn("before", "bmac"), DOMAIN.slots)
    for event in [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]:
        tracker.update(event)
    await ours.save(tracker)
    kept = await ours.retrieve("abc")
    rasas = await SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db).retrieve("abc")
    assert as_dicts(kept) == as_dicts(rasas)
    assert [e["event"] for e in as_dicts(kept)] == ["session_started", "action"]


async def test_a_turn_taken_by_another_replica_is_read_from_the_database(tmp_path):
    db = str(tmp_path / "r.db")
    first, second = (PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=db) for _ in range(2))
    await conversation(first, "abc")
    tracker = await first.retrieve("abc")
    await first.save(tracker)  # kept by the first replica
    elsewhere = await second.retrieve("abc")
    for event in turn("on the other replica", "stenosis"):
        elsewhere.update(event)
    await second.save(elsewhere)
    back = await first.retrieve("abc")
    assert back is not tracker
    assert back.get_slot("last_topic") == "stenosis"
    assert as_dicts(back) == as_dicts(elsewhere)


async def test_events_added_after_the_last_save_are_not_trusted(tmp_path):
    db = str(tmp_path / "f.db")
    ours = PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    await conversation(ours, "abc")
    tracker = await ours.retrieve("abc")
    await ours.save(tracker)
    tracker.update(UserUttered("a turn that failed before saving", {"name": "greet", "confidence": 1.0}))
    again = await ours.retrieve("abc")
    assert again is not tracker
    assert "a turn that failed before saving" not in [e.get("text") for e in as_dicts(again)]
    await ours.save(again)  # stores nothing new, duplicates nothing
    assert [r for r in columns(tmp_path / "f.db") if r[1] == "user"] == [("abc", "user", "greet", None)] * 5


async def test_a_purged_conversation_is_gone_for_the_store_too(tmp_path):
    db = tmp_path / "p.db"
    ours = PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db))
    await conversation(ours, "abc")
    await ours.save(await ours.retrieve("abc"))
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM events WHERE sender_id = 'abc'")
    assert await ours.retrieve("abc") is None


async def test_kept_trackers_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr("plugins.tracker_store.KEPT_TRACKERS", 2)
    ours = PatientTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "b.db"))
    for sender in ["a", "b", "c"]:
        await ours.save(DialogueStateTracker.from_events(sender, turn("hi", sender), DOMAIN.slots))
    assert list(ours._kept) == ["b", "c"]

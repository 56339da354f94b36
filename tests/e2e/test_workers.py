"""`make run`'s set-up with two Rasa worker processes (SANIC_WORKERS=2): the SQLite lock store.

Turns of one conversation land on either worker; the conversation stays coherent, and two
messages of one conversation sent at once are processed one after the other, never interleaved.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bot.knowledge import get_knowledge_base
from scripts.stack import MODEL, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]
KB = get_knowledge_base()


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    running = Stack(tmp_path_factory.mktemp("workers"))
    running.env["SANIC_WORKERS"] = "2"
    try:
        yield running.start()
    finally:
        running.stop()


def say(stack: Stack, sender: str, text: str) -> list[dict]:
    # A new connection per message, so turns are spread over the workers.
    response = requests.post(stack.webhook, json={"sender": sender, "message": text}, timeout=60,
                             headers={"Connection": "close"})
    assert response.status_code == 200, response.text
    return list(response.json())


def text_of(replies: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in replies)


def test_rasa_runs_two_worker_processes(two_workers):
    assert two_workers.rasa is not None
    children = subprocess.run(["pgrep", "-P", str(two_workers.rasa.pid)], capture_output=True, text=True).stdout
    assert len(children.split()) >= 2


def test_a_conversation_spread_over_the_workers_keeps_its_context(two_workers):
    sender = uuid.uuid4().hex
    for topic, question in [("bmac", "what is bmac"), ("surgery", "what about surgery"),
                            ("bmac", "what is bmac")]:
        say(two_workers, sender, question)
        follow_up = say(two_workers, sender, "is it approved?")
        assert KB.topics[topic].regulatory.status in text_of(follow_up)


def test_two_messages_of_one_conversation_at_once_are_processed_one_after_the_other(two_workers):
    sender = uuid.uuid4().hex
    say(two_workers, sender, "hello")
    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(lambda text: say(two_workers, sender, text), ["what is bmac", "what is sciatica"]))
    assert all(replies)
    with sqlite3.connect(two_workers.env["TRACKER_DB"]) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    events = [json.loads(data) for (data,) in rows]
    turns = "".join("U" if event["event"] == "user" else "L" if event.get("name") == "action_listen" else ""
                    for event in events)
    # Each user message is followed by the bot's turn ending in action_listen before the next one.
    assert turns.endswith("ULULUL") and turns.count("U") == 3, turns

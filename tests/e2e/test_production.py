"""Production safeguards over HTTP: API token, input caps, rate limits, redaction, outages, fuzzing.

A stack of its own, with small limits, the HTTP API on behind a token, and Sanic told that one
proxy sits in front (as nginx does in deploy/), so X-Forwarded-For names the client.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from bot.knowledge import get_knowledge_base
from scripts.stack import MODEL, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]
KB = get_knowledge_base()
TOKEN = "test-token-" + uuid.uuid4().hex
PER_CONVERSATION = 10
PER_CLIENT = 60
TROUBLE = KB.messages.render("trouble_answering", emergency_number="911")


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    running = Stack(tmp_path_factory.mktemp("guarded"), api_token=TOKEN)
    running.env.update(
        {
            "RATE_LIMIT_PER_CONVERSATION": str(PER_CONVERSATION),
            "RATE_LIMIT_PER_CLIENT": str(PER_CLIENT),
            "REPLY_TIMEOUT_SECONDS": "8",
            "SANIC_PROXIES_COUNT": "1",
        }
    )
    try:
        yield running.start()
    finally:
        running.stop()


def post(stack: Stack, body: object, client: str, raw: bytes | None = None, **kwargs) -> requests.Response:
    data = raw if raw is not None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "X-Forwarded-For": client, **kwargs.pop("headers", {})}
    return requests.post(stack.webhook, data=data, headers=headers, timeout=60, **kwargs)


def say(stack: Stack, sender: str, text: str, client: str, metadata: dict | None = None) -> list[dict]:
    body: dict = {"sender": sender, "message": text}
    if metadata is not None:
        body["metadata"] = metadata
    response = post(stack, body, client)
    assert response.status_code == 200, response.text
    return list(response.json())


def answers(replies: list[dict]) -> list[str]:
    return [m["custom"]["topic_id"] for m in replies if m.get("custom", {}).get("type") == "answer"]


def text_of(replies: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in replies)


def stored_events(stack: Stack, sender: str) -> list[dict]:
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    return [json.loads(row[0]) for row in rows]


# --- the HTTP API -------------------------------------------------------------------------------


def test_conversations_cannot_be_read_without_the_token(guarded):
    sender = uuid.uuid4().hex
    say(guarded, sender, "what is sciatica", "10.1.0.1")
    tracker = f"{guarded.base_url}/conversations/{sender}/tracker"
    assert requests.get(tracker, timeout=30).status_code == 401
    assert requests.get(tracker, params={"token": "wrong"}, timeout=30).status_code == 401
    assert requests.post(f"{guarded.base_url}/model/parse", json={"text": "hi"}, timeout=30).status_code == 401
    allowed = requests.get(tracker, params={"token": TOKEN}, timeout=30)
    assert allowed.status_code == 200 and allowed.json()["sender_id"] == sender


def test_without_enable_api_the_tracker_endpoints_do_not_exist(stack):
    sender = uuid.uuid4().hex
    stack.say(sender, "hello")
    assert requests.get(f"{stack.base_url}/conversations/{sender}/tracker", timeout=30).status_code == 404
    assert requests.post(f"{stack.base_url}/model/parse", json={"text": "hi"}, timeout=30).status_code == 404


# --- input limits, metadata, redaction ----------------------------------------------------------


def test_a_message_over_the_cap_gets_a_polite_refusal_and_is_not_stored(guarded):
    sender = uuid.uuid4().hex
    response = post(guarded, {"sender": sender, "message": "pain " * 201}, "10.2.0.1")
    assert response.status_code == 413
    polite = KB.messages.render("input_too_long", limit="1,000")
    assert response.json() == {"error": "message_too_long", "message": polite}
    huge = post(guarded, {"sender": sender, "message": "x" * 100_000}, "10.2.0.1")
    assert huge.status_code == 413 and huge.json()["error"] == "body_too_large"
    assert stored_events(guarded, sender) == []
    assert answers(say(guarded, sender, "what is sciatica", "10.2.0.1")) == ["sciatica"]


def test_client_metadata_is_cut_to_the_clinic_and_contacts_are_redacted_before_storage(guarded):
    sender = uuid.uuid4().hex
    metadata = {"clinic": "demo_uk", "is_admin": True, "region": "US", "user_id": "patient-42"}
    say(guarded, sender, "hello", "10.3.0.1", metadata=metadata)
    replies = say(guarded, sender, "what is bmac? my email is jane.doe@example.com, phone 07700 900123", "10.3.0.1")
    assert replies and text_of(replies) != TROUBLE
    stored = json.dumps(stored_events(guarded, sender))
    assert "jane.doe@example.com" not in stored and "07700 900123" not in stored
    assert "[email]" in stored and "[phone]" in stored
    assert "is_admin" not in stored and "patient-42" not in stored
    user_metadata = [e["metadata"] for e in stored_events(guarded, sender) if e["event"] == "user"]
    assert user_metadata[0]["clinic"] == "demo_uk"
    assert all(set(m) <= {"clinic", "assistant_id", "model_id"} for m in user_metadata)  # the last two are Rasa's


def test_logs_hold_no_message_text(guarded):
    marker = "zebracorn" + uuid.uuid4().hex[:8]
    say(guarded, uuid.uuid4().hex, f"does {marker} help back pain", "10.4.0.1")
    for log in Path(guarded.workdir).glob("*.log"):
        assert marker not in log.read_text(errors="replace"), log.name


# --- rate limits --------------------------------------------------------------------------------


def test_a_conversation_sending_too_fast_is_asked_to_slow_down_and_others_are_not(guarded):
    sender = uuid.uuid4().hex
    statuses = [post(guarded, {"sender": sender, "message": "hello"}, "10.5.0.1").status_code for _ in range(12)]
    assert statuses[:PER_CONVERSATION] == [200] * PER_CONVERSATION and statuses[PER_CONVERSATION:] == [429, 429]
    refused = post(guarded, {"sender": sender, "message": "hello"}, "10.5.0.1")
    assert refused.json() == {"error": "rate_limited", "message": KB.messages.render("slow_down")}
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert answers(say(guarded, uuid.uuid4().hex, "what is sciatica", "10.5.0.1")) == ["sciatica"]


def test_one_client_rotating_sender_ids_is_limited_per_client(guarded):
    statuses = [
        post(guarded, {"sender": uuid.uuid4().hex, "message": "/greet"}, "10.6.0.1").status_code
        for _ in range(PER_CLIENT + 5)
    ]
    assert statuses.count(200) == PER_CLIENT and statuses[-5:] == [429] * 5
    assert answers(say(guarded, uuid.uuid4().hex, "what is sciatica", "10.6.0.2")) == ["sciatica"]


# --- reliability --------------------------------------------------------------------------------


def test_action_server_outage_gets_a_polite_reply_and_the_conversation_resumes(guarded):
    sender = uuid.uuid4().hex
    assert answers(say(guarded, sender, "what is spinal stenosis", "10.7.0.1")) == ["spinal_stenosis"]
    guarded.stop_actions()
    try:
        replies = say(guarded, sender, "tell me more", "10.7.0.1")
        assert text_of(replies) == TROUBLE
    finally:
        guarded.start_actions()
    more = say(guarded, sender, "tell me more", "10.7.0.1")
    assert [m["custom"]["topic_id"] for m in more if m.get("custom", {}).get("part") == "more"] == ["spinal_stenosis"]


def test_rasa_restart_keeps_the_conversation(guarded):
    sender = uuid.uuid4().hex
    say(guarded, sender, "what is bmac", "10.8.0.1")
    guarded.stop_rasa()
    guarded.start_rasa()
    replies = say(guarded, sender, "is it approved?", "10.8.0.1")
    assert KB.topics["bmac"].regulatory.status in text_of(replies)


# --- fuzzing ------------------------------------------------------------------------------------

FUZZ_BODIES: list[bytes] = [
    b"",
    b"{",
    b"null",
    b"[]",
    b'"just a string"',
    b"{}",
    b'{"sender": "abc"}',
    b'{"message": "hello"}',
    b'{"sender": null, "message": null}',
    b'{"sender": 12, "message": ["a"]}',
    b'{"sender": "abc", "message": ""}',
    b'{"sender": "abc", "message": {"$ne": null}}',
    b'{"sender": "../../etc/passwd", "message": "hi"}',
    b"\x00\x01\x02\xff\xfe" * 50,
    b'{"sender": "abc", "message": "\xff\xfe"}',
    b"[" * 5000 + b"]" * 5000,
    json.dumps({"sender": "a" * 5000, "message": "hi"}).encode(),
    json.dumps({"sender": "abc", "message": "x" * 100_000}).encode(),
    json.dumps({"sender": "abc", "message": "hi", "metadata": {"deep": [[[[[[[[["x"]]]]]]]]]}}).encode(),
]
FUZZ_TEXTS = [
    "😀😀😀 🦴💉 back pain?",
    "ألم أسفل الظهر والخلايا الجذعية",
    "כאב גב תחתון",
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "'; DROP TABLE events; --",
    "1' OR '1'='1",
    "\u202eevil\u202c text with bidi overrides",
    "\u0000\u0001 nul bytes \u0000",
    "/restart",
    "/session_start",
    '/ask_topic{"topic": "../../secrets"}',
    "/nonexistent_intent",
    "{{7*7}} ${jndi:ldap://x}",
    "a" * 1000,
    " ",
]


def test_fuzzing_never_gets_a_5xx_and_a_parallel_patient_is_unaffected(guarded):
    client = "10.9.0.1"
    results: list[int] = []
    failures: list[bytes] = []

    def send(body: bytes) -> None:
        status = post(guarded, None, client, raw=body).status_code
        results.append(status)
        if status >= 500:
            failures.append(body[:80])

    normal_replies: list[list[dict]] = []
    stop = threading.Event()

    def normal_patient() -> None:
        questions = ["what is sciatica", "what is bmac", "is it approved?", "what is spinal stenosis", "tell me more"]
        sender = uuid.uuid4().hex
        for question in questions * 2:
            if stop.is_set():
                break
            normal_replies.append(say(guarded, sender, question, "10.9.9.9"))

    patient = threading.Thread(target=normal_patient)
    patient.start()
    bodies = list(FUZZ_BODIES)
    bodies += [json.dumps({"sender": uuid.uuid4().hex, "message": text}).encode() for text in FUZZ_TEXTS]
    rapid = json.dumps({"sender": "flooder", "message": "hello"}).encode()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(send, bodies + [rapid] * 1000))
    for method in (requests.get, requests.put, requests.delete):
        results.append(method(guarded.webhook, timeout=30).status_code)
    form = post(guarded, None, client, raw=b"sender=a&message=b", headers={"Content-Type": "text/plain"})
    results.append(form.status_code)
    patient.join(timeout=300)
    stop.set()

    assert all(status < 500 for status in results), (sorted(set(results)), failures)
    assert results.count(429) >= 900  # the flood is slowed down…
    assert len(normal_replies) == 10  # …the patient on another connection is not
    assert all(text_of(replies) != TROUBLE and replies for replies in normal_replies)
    assert [answers(r) for r in normal_replies[:2]] == [["sciatica"], ["bmac"]]
    assert guarded.rasa is not None and guarded.rasa.poll() is None
    assert answers(say(guarded, uuid.uuid4().hex, "what is sciatica", "10.9.0.2")) == ["sciatica"]

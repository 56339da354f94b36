"""The production stack on this machine: two Rasa replicas behind nginx, PostgreSQL and Redis.

One conversation whose turns alternate between the replicas must stay coherent (follow-ups
and slots work whichever replica answers), and its tracker must be in PostgreSQL afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import requests
import sqlalchemy as sa

from bot.knowledge import get_knowledge_base
from scripts import services
from scripts.cluster import Cluster
from scripts.stack import MODEL

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]
KB = get_knowledge_base()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    missing = services.available()
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: `make services` installs them (make test does it)")
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    running = Cluster(tmp_path_factory.mktemp("cluster"), replicas=2)
    try:
        yield running.start()
    finally:
        running.stop()


def say(cluster: Cluster, sender: str, text: str, metadata: dict | None = None) -> tuple[list[dict], str]:
    body: dict = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    response = requests.post(cluster.webhook, json=body, timeout=60)
    assert response.status_code == 200, response.text
    return list(response.json()), response.headers["X-Upstream"]


def customs(replies: list[dict]) -> list[dict]:
    return [m["custom"] for m in replies if "custom" in m]


def text_of(replies: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in replies)


def test_a_conversation_alternating_between_replicas_stays_coherent_and_lands_in_postgres(cluster):
    sender = uuid.uuid4().hex
    upstreams = []

    replies, upstream = say(cluster, sender, "hello", metadata={"clinic": "demo_uk"})
    upstreams.append(upstream)
    assert "999" in text_of(replies)  # the clinic's country, kept in a slot

    replies, upstream = say(cluster, sender, "what is bmac")
    upstreams.append(upstream)
    assert [c["topic_id"] for c in customs(replies) if c.get("type") == "answer"] == ["bmac"]

    replies, upstream = say(cluster, sender, "is it approved?")  # a follow-up on the last topic
    upstreams.append(upstream)
    assert KB.topics["bmac"].regulatory.status in text_of(replies)

    replies, upstream = say(cluster, sender, "where is that from?")
    upstreams.append(upstream)
    (sources,) = [c for c in customs(replies) if c.get("type") == "sources"]
    assert set(KB.topics["bmac"].sources) <= {c["id"] for c in sources["citations"]}

    replies, upstream = say(cluster, sender, "can i talk to someone")
    upstreams.append(upstream)
    (contact,) = [c for c in customs(replies) if c.get("type") == "contact"]
    # the clinic slot, set on the other replica
    assert "https://example.org/demo-uk/book" in [link["url"] for link in contact["links"]]

    assert len(set(upstreams)) == 2
    assert all(a != b for a, b in zip(upstreams, upstreams[1:], strict=False)), upstreams

    engine = sa.create_engine(cluster.postgres.url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT type_name, data FROM events WHERE sender_id = :sender ORDER BY id"), {"sender": sender}
        ).fetchall()
    engine.dispose()
    user_texts = [__import__("json").loads(data)["text"] for kind, data in rows if kind == "user"]
    assert user_texts == ["hello", "what is bmac", "is it approved?", "where is that from?", "can i talk to someone"]


def test_the_proxy_answers_even_when_one_replica_is_down(cluster):
    first = cluster.replicas[0]
    sender = uuid.uuid4().hex
    say(cluster, sender, "what is spinal stenosis")
    first.stop_rasa()
    try:
        for _ in range(3):
            replies, upstream = say(cluster, sender, "tell me more")
            assert [c["topic_id"] for c in customs(replies) if c.get("part") == "more"] == ["spinal_stenosis"]
    finally:
        first.start_rasa()

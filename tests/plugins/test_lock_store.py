import asyncio
import multiprocessing

import pytest
from rasa.core.lock_store import LockStore
from rasa.core.utils import number_of_sanic_workers
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

from plugins.lock_store import SQLiteLockStore


def test_tickets_are_issued_in_order_and_the_lock_is_dropped_when_nobody_waits(tmp_path):
    store = SQLiteLockStore(db=str(tmp_path / "l.db"))
    assert [store.issue_ticket("abc") for _ in range(3)] == [0, 1, 2]
    lock = store.get_lock("abc")
    assert lock.now_serving == 0 and lock.is_locked(1) and not lock.is_locked(0)
    store.cleanup("abc", 0)
    store.cleanup("abc", 1)
    assert store.get_lock("abc").now_serving == 2
    store.cleanup("abc", 2)
    assert store.get_lock("abc") is None


async def test_a_second_message_of_a_conversation_waits_for_the_first(tmp_path):
    store = SQLiteLockStore(db=str(tmp_path / "l.db"))
    order: list[str] = []

    async def turn(name: str, hold: float) -> None:
        async with store.lock("abc", wait_time_in_seconds=0.01):
            order.append(f"{name} starts")
            await asyncio.sleep(hold)
            order.append(f"{name} ends")

    first = asyncio.create_task(turn("first", 0.2))
    await asyncio.sleep(0.05)
    await asyncio.gather(first, turn("second", 0))
    assert order == ["first starts", "first ends", "second starts", "second ends"]
    assert store.get_lock("abc") is None


def issue_many(path: str, count: int, results) -> None:
    store = SQLiteLockStore(db=path)
    results.extend([store.issue_ticket("shared") for _ in range(count)])


def test_two_processes_never_get_the_same_ticket(tmp_path):
    path = str(tmp_path / "l.db")
    SQLiteLockStore(db=path)
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager:
        results = manager.list()
        workers = [context.Process(target=issue_many, args=(path, 150, results)) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        tickets = list(results)
    assert sorted(tickets) == list(range(300))


def test_rasa_builds_it_from_endpoints_yml_and_then_allows_several_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "conversations.db"))
    monkeypatch.setenv("ACTION_SERVER_URL", "http://localhost:5055/webhook")
    config = read_endpoint_config("endpoints.yml", "lock_store")
    store = LockStore.create(config)
    assert isinstance(store, SQLiteLockStore) and store.path == str(tmp_path / "conversations.db")
    monkeypatch.setenv("SANIC_WORKERS", "2")
    assert number_of_sanic_workers(config) == 2


def test_without_a_file_it_says_what_it_needs():
    with pytest.raises(ValueError, match="needs `db`"):
        SQLiteLockStore(EndpointConfig(type="plugins.lock_store.SQLiteLockStore"))

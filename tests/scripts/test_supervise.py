"""The `make run` supervisor: restarts with back-off, stops whole process groups, binds actions locally."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from scripts import supervise
from scripts.supervise import Child, children, reachable_host


def test_the_action_server_listens_on_this_machine_unless_told_otherwise():
    actions, rasa = children({"PATH": "/bin"})
    assert actions.env["SANIC_HOST"] == "127.0.0.1"
    assert "SANIC_HOST" not in rasa.env  # rasa-sdk's setting only
    assert rasa.env["ACTION_SERVER_URL"] == "http://127.0.0.1:5055/webhook"
    assert actions.args[-4:] == ["--port", "5055", "--actions", "actions"]
    assert "--enable-api" not in rasa.args


def test_settings_come_from_the_environment():
    env = {
        "ACTION_HOST": "0.0.0.0", "ACTION_PORT": "6000", "RASA_PORT": "6001", "RASA_API_TOKEN": "t", "MODEL": "m.tgz"
    }
    actions, rasa = children(env)
    assert actions.env["SANIC_HOST"] == "0.0.0.0"
    assert rasa.env["ACTION_SERVER_URL"] == "http://127.0.0.1:6000/webhook"
    assert rasa.args[rasa.args.index("--model") + 1] == "m.tgz" and rasa.args[rasa.args.index("--port") + 1] == "6001"
    assert rasa.args[-3:] == ["--enable-api", "--auth-token", "t"]
    explicit = children({"ACTION_SERVER_URL": "http://actions:5055/webhook"})[1]
    assert explicit.env["ACTION_SERVER_URL"] == "http://actions:5055/webhook"


@pytest.mark.parametrize(
    "host, reach", [("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "127.0.0.1"), ("::", "127.0.0.1"), ("10.0.0.5", "10.0.0.5"),
                    ("::1", "[::1]")]
)
def test_reachable_host(host, reach):
    assert reachable_host(host) == reach


def run_in_background(servers: list[Child]) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(target=supervise.supervise, args=(servers, stop))
    thread.start()
    return thread, stop


def test_a_server_that_exits_is_restarted_with_a_growing_back_off(monkeypatch, caplog):
    monkeypatch.setattr(supervise, "MAX_BACKOFF", 0.4)
    caplog.set_level("INFO", logger="supervise")
    failing = Child("failing", [sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ), backoff=0.1)
    thread, stop = run_in_background([failing])
    time.sleep(2.5)
    stop.set()
    thread.join(timeout=30)
    exits = [r.getMessage() for r in caplog.records if "exited with code 3" in r.getMessage()]
    assert len(exits) >= 3 and failing.restarts >= 2
    waits = [float(message.split("restarting it in ")[1].split(" s")[0]) for message in exits[:4]]
    assert waits[:4] == [0.1, 0.2, 0.4, 0.4]  # doubling, capped


def test_stopping_ends_every_server_and_what_it_started(tmp_path):
    pids = tmp_path / "pids"
    script = f"sleep 300 & echo $! > {pids}; echo $$ >> {pids}; wait"
    server = Child("sleeper", ["bash", "-c", script], dict(os.environ))
    thread, stop = run_in_background([server])
    deadline = time.monotonic() + 10
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    grandchild, child = map(int, pids.read_text().split())
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive()
    # SIGKILL is delivered, not waited for: give the kernel a moment to end the grandchild.
    deadline = time.monotonic() + 5
    while not (gone(grandchild) and gone(child)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(grandchild) and gone(child)


def gone(pid: int) -> bool:
    """No such process, or only its exit status left (a zombie, if nobody reaps orphans here)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True

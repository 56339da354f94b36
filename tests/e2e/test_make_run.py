"""`make run`: scripts/run.sh and its supervisor keep both servers up, the action server private.

Started as `make run` starts it (scripts/run.sh, same environment variables), on free ports.
The action server is killed and must come back on its own while the conversation goes on;
Ctrl-C (SIGINT to the foreground process group) must stop everything.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from bot.knowledge import get_knowledge_base
from scripts.stack import MODEL, ROOT, free_port, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]
KB = get_knowledge_base()
TROUBLE = KB.messages.render("trouble_answering", emergency_number="911")


@dataclass
class Running:
    """`bash scripts/run.sh` and where it listens and logs."""

    process: subprocess.Popen
    rasa_port: int
    action_port: int
    log: Path

    def say(self, sender: str, text: str) -> list[dict]:
        body = {"sender": sender, "message": text}
        response = requests.post(f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return list(response.json())

    def pids(self, name: str) -> list[int]:
        """Process ids the supervisor logged for `name`, oldest first."""
        return [int(p) for p in re.findall(rf"started {name} \(pid (\d+)\)", self.log.read_text(errors="replace"))]

    def action_server_up(self) -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{self.action_port}/health", timeout=2).status_code == 200
        except requests.RequestException:
            return False


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    workdir = tmp_path_factory.mktemp("make_run")
    rasa_port, action_port = free_port(), free_port()
    env = {
        **os.environ,
        # what the Makefile exports for `make run` (ACTION_HOST left to its default)
        "RASA_TELEMETRY_ENABLED": "false",
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "TRACKER_DB": str(workdir / "conversations.db"),
        "MODEL": str(MODEL),
        "RATE_LIMIT_PER_CLIENT": "0",
    }
    for variable in ("ACTION_HOST", "ACTION_SERVER_URL", "SANIC_HOST", "RASA_API_TOKEN"):
        env.pop(variable, None)
    log = workdir / "run.log"
    with log.open("wb") as output:
        # A session of its own, as a terminal's foreground job: SIGINT to the group is Ctrl-C.
        process = subprocess.Popen(
            ["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Running(process, rasa_port, action_port, log)
    try:
        wait_for(f"http://127.0.0.1:{action_port}/health", process)
        wait_for(f"http://127.0.0.1:{rasa_port}/", process)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                # The supervisor hung, so its servers are not reaped yet: their ids are still theirs.
                for pgid in running.pids("actions")[-1:] + running.pids("rasa")[-1:] + [process.pid]:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(pgid, signal.SIGKILL)


def listening(port: int) -> list[str]:
    """The local addresses `ss` shows listening on `port`."""
    output = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout
    return [line.split()[3] for line in output.splitlines() if line.strip()]


def test_the_action_server_listens_on_this_machine_only(made):
    assert listening(made.action_port) == [f"127.0.0.1:{made.action_port}"]
    assert listening(made.rasa_port) == [f"0.0.0.0:{made.rasa_port}"]  # patients reach Rasa


def test_a_killed_action_server_is_restarted_and_the_conversation_goes_on(made):
    sender = uuid.uuid4().hex
    first = made.say(sender, "what is bmac?")
    assert [m["custom"]["topic_id"] for m in first if m.get("custom", {}).get("type") == "answer"] == ["bmac"]
    (old_pid,) = made.pids("actions")
    os.kill(old_pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while made.action_server_up() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not made.action_server_up()
    trouble = made.say(sender, "is it approved?")
    assert [m.get("text") for m in trouble] == [TROUBLE]
    deadline = time.monotonic() + 120
    while not made.action_server_up() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert made.action_server_up(), "the action server was not restarted"
    assert len(made.pids("actions")) == 2 and made.pids("actions")[1] != old_pid
    approved = made.say(sender, "is it approved?")
    assert KB.topics["bmac"].regulatory.status in "\n".join(m.get("text", "") for m in approved)
    log = made.log.read_text(errors="replace")
    assert re.search(rf"actions \(pid {old_pid}\) exited with code -?\d+ after \d+ s; restarting it in 1 s", log)
    assert listening(made.action_port) == [f"127.0.0.1:{made.action_port}"]  # restarted, still private
    assert made.process.poll() is None and len(made.pids("rasa")) == 1


def test_ctrl_c_stops_both_servers_and_everything_they_started(made):
    children = [made.pids("actions")[-1], made.pids("rasa")[-1]]
    os.killpg(made.process.pid, signal.SIGINT)
    assert made.process.wait(timeout=60) == 0
    for pgid in children:
        with pytest.raises(ProcessLookupError):
            os.killpg(pgid, 0)  # no process left in the server's group
    assert listening(made.rasa_port) == [] and listening(made.action_port) == []
    log = made.log.read_text(errors="replace")
    assert "SIGINT received: stopping both servers" in log and "restarting" not in log.split("SIGINT received")[1]

"""Run the action server and Rasa for `make run`; restart either one that exits; Ctrl-C stops both.

Started by scripts/run.sh (which validates the content first). Settings come from the
environment, as the README's table says: RASA_PORT, ACTION_PORT, ACTION_HOST (the action
server's address, 127.0.0.1 unless set), ACTION_SERVER_URL, MODEL and RASA_API_TOKEN. Both
servers start through the server entry point (`python -m plugins.server`, which honours
RASA_SPEEDUPS).

Each server runs in a process group of its own, so that Ctrl-C (SIGINT) or SIGTERM reaches
this supervisor only; it then stops both servers and everything they started (SIGTERM, then
SIGKILL after `STOP_TIMEOUT` seconds). A server that exits otherwise is started again after a
back-off: 1 s, doubling up to 10 s while it keeps failing, back to 1 s once it has stayed up
for a minute. Only process names, exit codes and times are logged: never what patients wrote.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from plugins.server import command as rasa_command

ROOT = Path(__file__).resolve().parent.parent
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 10.0
STABLE_AFTER = 60.0
STOP_TIMEOUT = 20.0
POLL = 0.2

logger = logging.getLogger("supervise")


@dataclass
class Child:
    """One supervised server: how to start it, and its current process and back-off."""

    name: str
    args: list[str]
    env: dict[str, str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float = 0.0
    backoff: float = FIRST_BACKOFF
    restarts: int = 0

    def start(self) -> None:
        """Start the server in a new session (its own process group)."""
        self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env, start_new_session=True)
        self.started_at = time.monotonic()
        logger.info("started %s (pid %d)", self.name, self.process.pid)

    def check(self, now: float) -> None:
        """Restart the server if it has exited and its back-off has passed."""
        if self.process is None:
            if now >= self.restart_at:
                self.restarts += 1
                self.start()
            return
        code = self.process.poll()
        if code is None:
            return
        uptime = now - self.started_at
        if uptime >= STABLE_AFTER:
            self.backoff = FIRST_BACKOFF
        logger.warning(
            "%s (pid %d) exited with code %d after %.0f s; restarting it in %g s",
            self.name, self.process.pid, code, uptime, self.backoff,
        )
        self.process = None
        self.restart_at = now + self.backoff
        self.backoff = min(self.backoff * 2, MAX_BACKOFF)

    def signal_group(self, signum: int) -> None:
        """Send a signal to the server and the processes it started."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):  # the group has already gone
                os.killpg(self.process.pid, signum)


def reachable_host(host: str) -> str:
    """The address to call a server bound to `host` on (a wildcard address means this machine)."""
    if host in ("", "0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def children(environ: Mapping[str, str]) -> list[Child]:
    """The action server and Rasa, configured from the environment."""
    rasa_port = environ.get("RASA_PORT") or "5005"
    action_port = environ.get("ACTION_PORT") or "5055"
    action_host = environ.get("ACTION_HOST") or "127.0.0.1"
    url = environ.get("ACTION_SERVER_URL") or f"http://{reachable_host(action_host)}:{action_port}/webhook"
    model = environ.get("MODEL") or "models/back_pain.tar.gz"
    env = {**environ, "ACTION_SERVER_URL": url}
    env.pop("SANIC_HOST", None)  # rasa-sdk's setting, and only the action server's
    # rasa-sdk binds to SANIC_HOST (0.0.0.0 by default); `rasa run actions` has no option for it.
    actions = Child(
        "actions", rasa_command("run", "actions", "--port", action_port, "--actions", "actions"),
        {**env, "SANIC_HOST": action_host},
    )
    # Rasa's HTTP API (trackers, model swap, /model/parse) stays off unless RASA_API_TOKEN is set;
    # then every API call needs ?token=… . It is never turned on without a token.
    token = environ.get("RASA_API_TOKEN")
    api = ["--enable-api", "--auth-token", token] if token else []
    rasa = Child(
        "rasa",
        rasa_command(
            "run", "--model", model, "--port", rasa_port, "--endpoints", "endpoints.yml",
            "--credentials", "credentials.yml", *api,
        ),
        env,
    )
    return [actions, rasa]


def supervise(servers: Sequence[Child], stop: threading.Event) -> None:
    """Keep the servers running until `stop` is set, then stop them all."""
    for server in servers:
        server.start()
    try:
        while not stop.is_set():
            now = time.monotonic()
            for server in servers:
                server.check(now)
            stop.wait(POLL)
    finally:
        shut_down(servers)


def shut_down(servers: Sequence[Child]) -> None:
    """SIGTERM every server's process group; SIGKILL what is left after STOP_TIMEOUT seconds."""
    for server in servers:
        server.signal_group(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for server in servers:
        if server.process is None:
            continue
        try:
            server.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("%s did not stop in %.0f s; killing it", server.name, STOP_TIMEOUT)
        server.signal_group(signal.SIGKILL)  # and whatever it started that is still running
        server.process.wait()
        logger.info("stopped %s", server.name)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        logger.info("%s received: stopping both servers", signal.Signals(signum).name)
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, request_stop)
    servers = children(os.environ)
    logger.info(
        "Rasa on http://localhost:%s (REST: /webhooks/rest/webhook); actions on %s:%s",
        os.environ.get("RASA_PORT") or "5005", os.environ.get("ACTION_HOST") or "127.0.0.1",
        os.environ.get("ACTION_PORT") or "5055",
    )
    supervise(servers, stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())

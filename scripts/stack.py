"""Start and stop the action server and a Rasa server on free local ports (tests, benchmarks).

Both start as `make run` starts them, through the server entry point (`python -m plugins.server`):
set RASA_SPEEDUPS=0 in `Stack.env` for Rasa without the speed-ups.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import requests

from plugins.server import command as rasa_command

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "back_pain.tar.gz"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen, timeout: float = 240) -> None:
    """Poll a URL until it answers 200; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            command = process.args if isinstance(process.args, list | tuple) else [process.args]
            raise RuntimeError(f"{' '.join(map(str, command))[:200]} exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {timeout} s")


def stop_process(process: subprocess.Popen | None, timeout: float = 60) -> None:
    """Ask a started server to stop and wait for it (nothing if it never started)."""
    if process is not None:
        process.terminate()
        process.wait(timeout=timeout)


class Stack:
    """The action server and one Rasa server, logging into `workdir`."""

    def __init__(
        self,
        workdir: Path,
        model: Path = MODEL,
        api_token: str | None = None,
        endpoints: str = "endpoints.yml",
        credentials: str = "credentials.yml",
        action_port: int | None = None,
        debug: bool = False,
    ) -> None:
        """Pick ports and the environment; start nothing yet (`action_port`: share another stack's actions).

        `debug` starts both servers with `--debug` (everything logged, for the log privacy test).
        """
        self.workdir = workdir
        self.debug = debug
        self.model = model
        self.api_token = api_token
        self.endpoints = endpoints
        self.credentials = credentials
        self.rasa_port = free_port()
        self.action_port = action_port or free_port()
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            "TRACKER_DB": str(workdir / "conversations.db"),
            # rasa-sdk's listening address (0.0.0.0 unless set): this machine only, as under `make run`.
            "SANIC_HOST": "127.0.0.1",
        }
        self.actions: subprocess.Popen | None = None
        self.rasa: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        """Root URL of the Rasa server."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def webhook(self) -> str:
        """The REST channel's webhook."""
        return f"{self.base_url}/webhooks/rest/webhook"

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("ab")
        return subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def start_actions(self) -> None:
        """Start the action server and wait for /health."""
        args = rasa_command("run", "actions", "--port", str(self.action_port))
        self.actions = self._spawn("actions", args + (["--debug"] if self.debug else []))
        wait_for(f"http://127.0.0.1:{self.action_port}/health", self.actions)

    def start_rasa(self) -> None:
        """Start Rasa with the REST channel (and the token-protected API if a token is set)."""
        args = rasa_command(
            "run", "--model", str(self.model), "--port", str(self.rasa_port),
            "--endpoints", self.endpoints, "--credentials", self.credentials,
        )
        if self.api_token:
            args += ["--enable-api", "--auth-token", self.api_token]
        if self.debug:
            args.append("--debug")
        self.rasa = self._spawn("rasa", args)
        wait_for(f"{self.base_url}/", self.rasa)

    def start(self) -> Stack:
        """Start both servers."""
        self.start_actions()
        self.start_rasa()
        return self

    def stop_rasa(self) -> None:
        """Stop the Rasa server (the action server keeps running)."""
        stop_process(self.rasa)
        self.rasa = None

    def stop_actions(self) -> None:
        """Stop the action server (Rasa keeps running)."""
        stop_process(self.actions)
        self.actions = None

    def stop(self) -> None:
        """Stop both servers."""
        self.stop_rasa()
        self.stop_actions()

    def say(
        self, sender: str, text: str, session: requests.Session | None = None, metadata: dict | None = None
    ) -> list[dict]:
        """Send one patient message over REST (with the widget's metadata, if any); return the replies."""
        post = (session or requests).post
        body: dict = {"sender": sender, "message": text}
        if metadata is not None:
            body["metadata"] = metadata
        response = post(self.webhook, json=body, timeout=60)
        response.raise_for_status()
        return list(response.json())

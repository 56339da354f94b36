"""Throwaway PostgreSQL, Redis and nginx on loopback, for the multi-replica test and benchmark.

Each runs from Debian's packages (`make services` installs them) in a folder of its own, on a
free port, and stops with `stop()`. PostgreSQL refuses to run as root, so as root it runs as
the `postgres` user the package creates.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from scripts.stack import free_port, stop_process


def pg_bin() -> Path:
    """Debian's layout, /usr/lib/postgresql/<major>/bin: the newest installed major version."""
    found = [path for path in Path("/usr/lib/postgresql").glob("*/bin") if path.parent.name.isdigit()]
    return max(found, key=lambda path: int(path.parent.name), default=Path("/usr/lib/postgresql/none/bin"))


class ServiceError(RuntimeError):
    """A service could not be found or started."""


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _wait(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise ServiceError(f"{what} did not start in {timeout} s")


def available() -> list[str]:
    """Names of the programs that are missing (empty when all are there)."""
    needed = {
        "postgres": pg_bin() / "initdb", "redis-server": shutil.which("redis-server"), "nginx": shutil.which("nginx")
    }
    return [name for name, path in needed.items() if not path or not Path(path).exists()]


class Postgres:
    """A PostgreSQL cluster in `workdir`, password login over TCP on 127.0.0.1."""

    user = "rasa"
    password = "rasa-test-password"
    database = "rasa"

    def __init__(self, workdir: Path) -> None:
        """Pick a port and folders; start nothing yet.

        The cluster lives in a folder of its own under /tmp, not in `workdir`: the `postgres`
        user must be able to reach it, and pytest's folders are private to root.
        """
        self.root = Path(tempfile.mkdtemp(prefix="bot-postgres-"))
        self.data = self.root / "data"
        self.port = free_port()

    def start(self) -> Postgres:
        """initdb, start, create the login role; wait until it accepts connections."""
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(pwfile, "postgres")
        subprocess.run(
            _as_postgres([str(pg_bin() / "initdb"), "-D", str(self.data), "-U", self.user, "--pwfile", str(pwfile),
                          "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8"]),
            check=True, capture_output=True,
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_postgres([str(pg_bin() / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                          str(self.root / "postgres.log"), "-w", "start"]),
            check=True, capture_output=True,
        )
        subprocess.run(
            _as_postgres([str(pg_bin() / "createdb"), "-h", str(self.root), "-p", str(self.port), "-U", self.user,
                          self.database]),
            check=True, capture_output=True,
        )
        return self

    @property
    def env(self) -> dict[str, str]:
        """The DB_* variables deploy/endpoints.yml reads."""
        return {"DB_HOST": "127.0.0.1", "DB_PORT": str(self.port), "DB_NAME": self.database,
                "DB_USER": self.user, "DB_PASSWORD": self.password}

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the database (created by `start`; Rasa creates its tables)."""
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    def stop(self) -> None:
        """Stop the cluster (fast shutdown)."""
        subprocess.run(_as_postgres([str(pg_bin() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


class Redis:
    """A Redis server with a password, no persistence, on 127.0.0.1."""

    password = "redis-test-password"

    def __init__(self, workdir: Path) -> None:
        """Pick a port; start nothing yet."""
        self.root = workdir / "redis"
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> Redis:
        """Start and wait for PONG."""
        self.root.mkdir(parents=True, exist_ok=True)
        log = (self.root / "redis.log").open("ab")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--requirepass", self.password, "--dir", str(self.root)],
            stdout=log, stderr=subprocess.STDOUT,
        )

        def pong() -> bool:
            done = subprocess.run(["redis-cli", "-p", str(self.port), "-a", self.password, "--no-auth-warning", "ping"],
                                  capture_output=True, text=True)
            return done.stdout.strip() == "PONG"

        _wait(pong, "redis")
        return self

    @property
    def env(self) -> dict[str, str]:
        """The REDIS_* variables deploy/endpoints.yml reads."""
        return {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.port), "REDIS_PASSWORD": self.password,
                "REDIS_DB": "1"}

    def stop(self) -> None:
        """Stop the server."""
        stop_process(self.process, timeout=30)
        self.process = None


NGINX_CONF = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream rasa {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 32k;
        location / {{
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_read_timeout 60s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


class Nginx:
    """nginx as a round-robin load balancer in front of several local Rasa servers."""

    def __init__(self, workdir: Path, upstream_ports: list[int]) -> None:
        """Pick a port; start nothing yet."""
        self.root = workdir / "nginx"
        self.port = free_port()
        self.upstream_ports = upstream_ports
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        """Root URL of the load balancer."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Nginx:
        """Write the config and run nginx in the foreground."""
        self.root.mkdir(parents=True, exist_ok=True)
        servers = "\n".join(f"        server 127.0.0.1:{port};" for port in self.upstream_ports)
        conf = self.root / "nginx.conf"
        conf.write_text(NGINX_CONF.format(root=self.root, servers=servers, port=self.port))
        os.chmod(self.root, 0o755)
        self.process = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(self.root), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=(self.root / "stderr.log").open("ab"),
        )

        def listening() -> bool:
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", self.port)) == 0

        _wait(listening, "nginx")
        return self

    def stop(self) -> None:
        """Stop nginx."""
        stop_process(self.process, timeout=30)
        self.process = None

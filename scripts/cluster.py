"""The production stack on one machine: PostgreSQL, Redis, one action server, N Rasa replicas, nginx.

Rasa runs with deploy/endpoints.yml, as in deploy/, so what the test and the benchmark measure
is the configuration we ship. Used by tests/deploy/test_replicas.py and `scripts.benchmark --replicas`.
"""

from __future__ import annotations

from pathlib import Path

from scripts.services import Nginx, Postgres, Redis
from scripts.stack import MODEL, Stack, free_port


class Cluster:
    """Start with `start()`, stop everything with `stop()`; `base_url` is the load balancer."""

    def __init__(
        self, workdir: Path, replicas: int = 2, model: Path = MODEL, env: dict[str, str] | None = None,
        api_token: str | None = None,
    ) -> None:
        """Plan the services and replicas; start nothing yet."""
        self.postgres = Postgres(workdir)
        self.redis = Redis(workdir)
        action_port = free_port()  # one action server, shared by the replicas
        self.replicas = [
            Stack(workdir / f"replica-{index + 1}", model=model, api_token=api_token,
                  endpoints="deploy/endpoints.yml", action_port=action_port)
            for index in range(replicas)
        ]
        for replica in self.replicas:
            replica.workdir.mkdir(parents=True, exist_ok=True)
            replica.env.update(env or {})
        self.nginx = Nginx(workdir, [replica.rasa_port for replica in self.replicas])

    @property
    def base_url(self) -> str:
        """The load balancer."""
        return self.nginx.base_url

    @property
    def webhook(self) -> str:
        """The REST webhook behind the load balancer."""
        return f"{self.base_url}/webhooks/rest/webhook"

    def start(self) -> Cluster:
        """Databases first, then the action server, the replicas one by one, and nginx."""
        self.postgres.start()
        self.redis.start()
        for replica in self.replicas:
            replica.env.update({**self.postgres.env, **self.redis.env, "SANIC_PROXIES_COUNT": "1"})
        self.replicas[0].start_actions()
        for replica in self.replicas:
            replica.start_rasa()
        self.nginx.start()
        return self

    def stop(self) -> None:
        """Stop everything that started, in reverse order."""
        self.nginx.stop()
        for replica in self.replicas:
            replica.stop()
        self.redis.stop()
        self.postgres.stop()

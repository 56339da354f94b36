"""Test harness shared by the tests and the load scripts (benchmark, soak): a fake ClinicalTrials.gov.

Lives in scripts/ because scripts must not import from tests/; the tests import it from here.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent
# The documented response shape the client tests use too (`make check-trials-fixture` compares it
# with the live API).
FIXTURE = ROOT / "tests" / "bot" / "fixtures" / "ctgov_studies.json"


class FakeRegistry:
    """A local ClinicalTrials.gov: the studies fixture at /api/v2/studies, or HTTP 503 while `down` is set."""

    def __init__(self) -> None:
        """Bind to a free loopback port; requests received are kept for inspection."""
        self.down = False
        self.requests: list[dict[str, list[str]]] = []
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                registry.requests.append(parse_qs(urlparse(self.path).query))
                if registry.down:
                    self.send_response(503)
                    self.end_headers()
                    return
                body = FIXTURE.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v2/studies"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeRegistry:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()

    def studies(self) -> list[dict]:
        """The fixture's studies, for assertions."""
        return list(json.loads(FIXTURE.read_text())["studies"])

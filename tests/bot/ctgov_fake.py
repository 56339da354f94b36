"""A stand-in for requests.Session that answers like ClinicalTrials.gov from the fixtures, offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture(name: str) -> Any:
    """A decoded fixture (they are constructed from the documented schema, not recorded)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def response(
    status: int = 200, body: bytes | str | Any = b"", content_type: str = "application/json"
) -> requests.Response:
    """A real requests.Response with this status and body (objects are JSON-encoded)."""
    if not isinstance(body, bytes | str):
        body = json.dumps(body)
    reply = requests.Response()
    reply.status_code = status
    reply._content = body.encode("utf-8") if isinstance(body, str) else body
    reply.encoding = "utf-8"
    reply.headers["Content-Type"] = content_type
    return reply


class FakeSession:
    """Answers each GET with the next queued response, or raises the next queued exception."""

    def __init__(self, *answers: requests.Response | Exception) -> None:
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        self.calls.append({"url": url, **kwargs})
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def studies_session(name: str = "ctgov_studies.json") -> FakeSession:
    """A session that always answers 200 with this fixture."""
    return FakeSession(response(200, fixture(name)))

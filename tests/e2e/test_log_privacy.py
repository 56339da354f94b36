"""Both servers, logging everything (--debug), never write what a patient typed.

A stack of its own started with `--debug`; each message carries a marker word, then both
servers' logs are searched for it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
import requests

from scripts.harness import FakeRegistry
from scripts.stack import MODEL, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]
MARKER = "Quixotl" + uuid.uuid4().hex[:6]
SLASHED = [
    f"/{MARKER}",
    f'/greet{{"a":1}} {MARKER} i want to kill myself',
    f"/greet@1 {MARKER}",
    f"/thanks{{}} {MARKER} since this morning i can't pee and both legs feel numb",
    f"/ask_bmac{{{MARKER}",
    f'/ask_bmac{{"topic":"{MARKER}"}}',
    f"//{MARKER}",
    f"/restart {MARKER}",
    f"   /session_start {MARKER}",
]
ORDINARY = [
    f"what is {MARKER} bmac?",
    f"is {MARKER} approved?",
    f"find stem cell trials recruiting near {MARKER}ville",  # the reply repeats the place
    f"the clinic says {MARKER} is FDA registered, is that true?",
    f"{MARKER}",
    f"my email is {MARKER}@example.com and i feel {MARKER}",
    f"can i have a summary for my doctor {MARKER}",  # the summary quotes the questions
]


@pytest.fixture(scope="module")
def loud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    registry = FakeRegistry().start()
    running = Stack(tmp_path_factory.mktemp("loud"), debug=True)
    running.env.update({"CTGOV_API_URL": registry.url, "RATE_LIMIT_PER_CLIENT": "0", "REPLY_TIMEOUT_SECONDS": "30"})
    try:
        yield running.start()
    finally:
        running.stop()
        registry.stop()


def test_no_log_line_of_either_server_holds_the_patients_words(loud):
    sender = uuid.uuid4().hex
    for text in ORDINARY[:2] + SLASHED + ORDINARY[2:]:
        assert loud.say(sender, text), text
    # malformed requests, with the marker where a careless server would echo it
    for body in [
        f'{{"sender": "abc", "message": "{MARKER}'.encode(),
        json.dumps({"sender": f"bad id {MARKER}", "message": MARKER}).encode(),
        json.dumps({"sender": "abc", "message": {"text": MARKER}}).encode(),
        json.dumps({"sender": "abc", "message": MARKER * 200}).encode(),
    ]:
        status = requests.post(loud.webhook, data=body, headers={"Content-Type": "application/json"}, timeout=60)
        assert 400 <= status.status_code < 500
    assert loud.say(sender, f"\u0000{MARKER}\u202e\u200b")  # control and format characters dropped
    # a turn whose action fails: Rasa logs the failure with a traceback
    loud.stop_actions()
    try:
        loud.say(sender, f"tell me more about {MARKER}")
    finally:
        loud.start_actions()
    loud.say(sender, f"what is sciatica {MARKER}")
    loud.stop()  # flush and close the logs
    rasa_log = (loud.workdir / "rasa.log").read_text(encoding="utf-8", errors="replace")
    actions_log = (loud.workdir / "actions.log").read_text(encoding="utf-8", errors="replace")
    assert "processor.message.parse" in rasa_log  # debug logging really was on…
    assert "[withheld" in rasa_log  # …and text-bearing events were there, withheld
    assert "Received request to run" in actions_log
    for name, log in (("rasa", rasa_log), ("actions", actions_log)):
        lines = [line for line in log.splitlines() if MARKER.lower() in line.lower()]
        assert not lines, f"{name}.log holds patient text: {lines[:3]}"

"""The trial-search action: live results, the curated fallback, and only the named place sent out."""

from __future__ import annotations

import pytest
import requests
from rasa_sdk.events import SlotSet

import actions.trials
from actions.trials import ActionSearchTrials
from bot.knowledge import get_knowledge_base
from bot.trials import ClinicalTrialsClient
from tests.actions.trackers import make_tracker
from tests.bot.ctgov_fake import FakeSession, response, studies_session

KB = get_knowledge_base()
EVENTS = [SlotSet("last_topic", "clinical_trials"), SlotSet("last_subject", None)]


@pytest.fixture()
def use_session(monkeypatch):
    """Make the action use a client on this fake session; returns the session."""

    def install(session: FakeSession) -> FakeSession:
        client = ClinicalTrialsClient(session)
        monkeypatch.setattr(actions.trials, "trials_client", lambda: client)
        return session

    return install


async def run(dispatcher, text: str, slots: dict | None = None) -> list:
    tracker = make_tracker("search_trials", text, slots=slots)
    return await ActionSearchTrials().run(dispatcher, tracker, {})


async def test_found_trials_are_listed_and_the_topic_remembered(dispatcher, use_session):
    use_session(studies_session())
    events = await run(dispatcher, "find stem cell trials near Boston", {"last_subject": "bmac"})
    assert events == EVENTS  # "where is that from?" now cites the trials topic, not an older subject
    (message,) = dispatcher.messages
    custom = message["custom"]
    assert custom["type"] == "trials" and custom["kind"] == "results" and custom["place"] == "Boston"
    assert len(custom["trials"]) == 5
    assert message["text"] == custom["text"]
    assert "https://clinicaltrials.gov/study/NCT99990001" in message["text"]
    assert KB.messages["fda_caveat"].text in message["text"]


@pytest.mark.parametrize(
    "failure",
    [
        requests.ConnectionError("no route to host"),
        requests.Timeout("read timed out"),
        response(500, "Internal Server Error", "text/plain"),
        response(200, "<html>maintenance</html>", "text/html"),
        response(200, {"studies": {"not": "a list"}}),
    ],
)
async def test_registry_down_sends_the_curated_list(dispatcher, use_session, failure):
    use_session(FakeSession(failure))
    events = await run(dispatcher, "any trials in Texas?")
    assert events == EVENTS
    custom = dispatcher.messages[0]["custom"]
    assert custom["kind"] == "unreachable" and custom["place"] == "Texas"
    assert dispatcher.messages[0]["text"].startswith("I couldn't reach ClinicalTrials.gov just now")
    assert [t["nct_id"] for t in custom["trials"]] == ["NCT06325566", "NCT07254806", "NCT04042844"]


async def test_no_trials_found_says_so_with_the_curated_list(dispatcher, use_session):
    use_session(studies_session("ctgov_empty.json"))
    await run(dispatcher, "stem cell trials around Reykjavik")
    custom = dispatcher.messages[0]["custom"]
    assert custom["kind"] == "no_results" and len(custom["trials"]) == 3
    assert '"Reykjavik"' in custom["text"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("are there any recruiting studies in Texas", "Texas"),
        ("any clinical trials in London for back pain stem cells", "London"),
        ("trials for disc degeneration near me", None),
        ("show me current stem cell trials for back pain", None),
    ],
)
async def test_only_the_named_place_is_sent_to_the_registry(dispatcher, use_session, text, place):
    session = use_session(studies_session())
    await run(dispatcher, text)
    (call,) = session.calls
    assert call["params"].get("query.locn") == place
    assert dispatcher.messages[0]["custom"]["place"] == place


async def test_nothing_else_the_patient_wrote_leaves_the_server(dispatcher, use_session):
    session = use_session(studies_session())
    text = "I'm Ann Smith, 52, with sciatica after surgery - any stem cell trials near Boston?"
    await run(dispatcher, text)
    sent = " ".join(str(v) for v in session.calls[0]["params"].values()) + str(session.calls[0]["headers"])
    for detail in ("Ann", "Smith", "52", "sciatica", "surgery"):
        assert detail not in sent
    assert session.calls[0]["params"]["query.locn"] == "Boston"


def test_the_client_is_created_on_first_use_and_shared():
    actions.trials.trials_client.cache_clear()
    try:
        assert actions.trials.trials_client.cache_info().currsize == 0
        client = actions.trials.trials_client()
        assert isinstance(client, ClinicalTrialsClient) and actions.trials.trials_client() is client
    finally:
        actions.trials.trials_client.cache_clear()

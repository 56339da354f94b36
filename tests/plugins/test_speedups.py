import copy
from datetime import datetime

import pytest
from aiohttp import web
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core import events as rasa_events
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from plugins import speedups

GOOD = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]}
BAD = {"events": [{"no_event_key": True}], "responses": []}

# Every kind of event an action can return, as Rasa serialises it.
EVENTS = [
    rasa_events.UserUttered("hi", {"name": "greet", "confidence": 0.9}, [{"entity": "a", "value": "b"}]).as_dict(),
    rasa_events.ActionExecuted("action_x", policy="RulePolicy", confidence=1.0).as_dict(),
    rasa_events.BotUttered("hello", {"buttons": []}, {"m": 1}).as_dict(),
    rasa_events.SlotSet("last_topic", "bmac").as_dict(),
    rasa_events.SlotSet("n", None).as_dict(),
    rasa_events.EntitiesAdded([{"entity": "a", "value": "b"}]).as_dict(),
    rasa_events.Restarted().as_dict(),
    rasa_events.AllSlotsReset().as_dict(),
    rasa_events.ConversationPaused().as_dict(),
    rasa_events.ConversationResumed().as_dict(),
    rasa_events.StoryExported().as_dict(),
    rasa_events.FollowupAction("action_y").as_dict(),
    rasa_events.ActiveLoop("checklist_form").as_dict(),
    rasa_events.ActiveLoop(None).as_dict(),
    rasa_events.LoopInterrupted(True).as_dict(),
    rasa_events.ActionReverted().as_dict(),
    rasa_events.UserUtteranceReverted().as_dict(),
    rasa_events.SessionStarted().as_dict(),
    rasa_events.ActionExecutionRejected("action_z").as_dict(),
    rasa_events.ReminderScheduled("remind", datetime(2026, 11, 21, 12, 0), name="r").as_dict(),
    rasa_events.ReminderCancelled(name="r").as_dict(),
]


def broken(event: dict) -> list[dict]:
    """Ways to spoil an event: wrong types for each field, unknown or missing name."""
    spoiled = [{**event, "event": "no_such_event"}, {k: v for k, v in event.items() if k != "event"},
               {**event, "event": 3}, {**event, "timestamp": "yesterday"}, {**event, "metadata": []}]
    for key in event:
        if key not in ("event",):
            spoiled.append({**event, key: {"not": "this"}})
            spoiled.append({**event, key: 12})
    return spoiled


def responses() -> list:
    good = [GOOD, {"events": [], "responses": []}, {"events": EVENTS, "responses": [{"text": "x"}]},
            *({"events": [event]} for event in EVENTS)]
    bad = [BAD, [], "text", {"events": "nope"}, {"events": [None]}, {"events": [[]]}, {"responses": "x"}]
    bad += [{"events": [event]} for base in EVENTS for event in broken(base)]
    return good + bad


@pytest.fixture
def original():
    saved = (RemoteAction._validate_action_result, EndpointConfig.session, Event.resolve_by_type)
    yield saved[0]
    RemoteAction._validate_action_result, EndpointConfig.session = saved[0], saved[1]
    Event.resolve_by_type = staticmethod(saved[2])


def outcome(validate, action, result) -> str:
    try:
        return f"ok {validate(action, copy.deepcopy(result))}"
    except ValidationError as error:
        return f"rejected: {error.message}"


def test_validation_accepts_and_rejects_exactly_what_rasa_does_with_the_same_errors(original):
    action = RemoteAction("action_x", None)
    cases = responses()
    expected = [outcome(original, action, result) for result in cases]
    assert expected.count("ok True") >= len(EVENTS) + 3 and sum(e.startswith("rejected") for e in expected) > 50
    speedups.install()
    speedups.install()  # idempotent
    assert RemoteAction._validate_action_result is speedups.validate_action_result
    assert [outcome(RemoteAction._validate_action_result, action, result) for result in cases] == expected


def test_the_quick_check_is_taken_for_valid_responses_and_never_passes_an_invalid_one(original):
    action = RemoteAction("action_x", None)
    assert speedups.quick_validators() is not None
    for result in responses():
        valid = outcome(original, action, result) == "ok True"
        if speedups.passes_quick_check(result):
            assert valid, result
        elif valid:
            pytest.fail(f"a valid response missed the quick check: {result}")


def test_event_classes_are_found_by_name_as_rasa_finds_them(original):
    names = {cls.type_name for cls in all_subclasses(Event)}
    expected = {name: Event.resolve_by_type(name) for name in names}
    speedups.install()
    assert {name: Event.resolve_by_type(name) for name in names} == expected
    assert {name: Event.resolve_by_type(name) for name in names} == expected  # remembered
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", rasa_events.SlotSet) is rasa_events.SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.from_parameters({"event": "slot", "name": "x", "value": 2}) == rasa_events.SlotSet("x", 2)


async def test_calls_to_an_endpoint_share_a_kept_alive_connection(original):
    peers: list[tuple] = []

    async def handle(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"events": [], "responses": []})

    async def serve(port: int) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/webhook", handle)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        return runner

    runner = await serve(0)
    port = runner.addresses[0][1]
    speedups.install()
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    for _ in range(3):
        assert await endpoint.request(json={"next_action": "x"}) == {"events": [], "responses": []}
    assert len(set(peers)) == 1  # one connection for the three calls
    async with endpoint.session() as first, EndpointConfig(endpoint.url, headers={"X-A": "1"}).session() as other:
        assert first is not other
        assert first is (await endpoint.session().__aenter__())
    assert not first.closed
    await other.close()

    # The action server restarts: the next call gets a new connection, not an error.
    await runner.cleanup()
    runner = await serve(port)
    try:
        assert await endpoint.request(json={"next_action": "x"}) == {"events": [], "responses": []}
        assert len(set(peers)) == 2
    finally:
        await runner.cleanup()
        await first.close()


def test_objects_alive_after_the_model_loads_are_left_out_of_later_collections():
    import gc

    try:
        speedups.freeze_loaded_objects()
        assert gc.get_freeze_count() > 10_000  # Rasa and its libraries are imported here
    finally:
        gc.unfreeze()

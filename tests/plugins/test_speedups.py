import copy
import json
import random
from datetime import datetime
from pathlib import Path

import pytest
from aiohttp import web
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.runner.dask import DaskGraphRunner
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


MODEL = Path(__file__).resolve().parents[2] / "models" / "back_pain.tar.gz"


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


async def test_the_shared_sessions_close_when_the_server_stops(original):
    speedups.install()
    endpoint = EndpointConfig("http://127.0.0.1:9/webhook")
    async with endpoint.session() as first, EndpointConfig(endpoint.url, headers={"X-A": "1"}).session() as other:
        assert not first.closed and not other.closed
    await speedups.close_sessions()
    assert first.closed and other.closed
    async with endpoint.session() as again:  # a later call opens a new one
        assert again is not first and not again.closed
    await speedups.close_sessions()


def test_objects_alive_after_the_model_loads_are_left_out_of_later_collections():
    import gc

    try:
        speedups.freeze_loaded_objects()
        assert gc.get_freeze_count() > 10_000  # Rasa and its libraries are imported here
    finally:
        gc.unfreeze()


def test_action_calls_are_written_as_the_same_json_as_json_dumps():
    tracker_state = {
        "sender_id": "a1", "slots": {"last_topic": "bmac", "score": 1.0, "flag": True, "none": None},
        "latest_message": {"text": "é ü / <script> \u2028 👋 שלום", "intent": {"name": "greet", "confidence": 0.98765},
                           "entities": [], "intent_ranking": [{"name": "greet", "confidence": 0.98765}]},
        "events": [{"event": "user", "timestamp": 1763755823.1234567, "text": "hi"}, {"event": "action", "n": 10**20}],
        "numbers": [0, -1, 2.5e-08, 1e300, 123456789.125], "keys": {1: "int key"}, "tuple": (1, 2),
    }
    written = speedups.dumps(tracker_state)
    assert json.loads(written) == json.loads(json.dumps(tracker_state))
    assert written.isascii() and "\\/" not in written
    # What ujson refuses or writes differently goes to json.dumps, errors included.
    assert speedups.dumps({"nan": float("nan")}) in (json.dumps({"nan": float("nan")}), '{"nan":NaN}')
    with pytest.raises(TypeError):
        speedups.dumps({"a set": {1}})


def test_rule_matches_depend_on_as_many_states_as_the_longest_rule_has(original):
    """Random conversations against rules of 1-3 states, conversation-start rules among them."""
    start = {}
    said = [{"prev_action": {"action_name": "action_listen"}, "user": {"intent": name}} for name in ("hi", "ask")]
    done = [{"prev_action": {"action_name": name}} for name in ("utter_a", "utter_b")]
    alphabet = [start, *said, *done]
    rules = [[said[0]], [done[0], said[1]], [said[0], done[1], said[1]], [start, said[0]], [start, said[1], done[0]],
             [{"user": {"intent": "ask"}}], [done[1], done[0]]]
    lookup = {json.dumps(rule, sort_keys=True): f"action_{n}" for n, rule in enumerate(rules)}
    policy = object.__new__(RulePolicy)
    rng = random.Random(3)
    conversations = [[rng.choice(alphabet) for _ in range(rng.randint(1, 6))] for _ in range(3000)]
    expected = [RulePolicy._get_possible_keys(policy, lookup, states) for states in conversations]
    assert len({frozenset(keys) for keys in expected}) >= 6  # many different answers
    for attempt in ("first", "remembered"):
        assert [speedups.possible_keys(policy, lookup, states) for states in conversations] == expected, attempt


def simulated(policy: RulePolicy, domain, count: int) -> list:
    """Conversations of random intents, each step answered as the policy predicts (forms opened and closed)."""
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    rng = random.Random(7)
    intents = sorted(domain.intents)
    conversations = []
    for number in range(count):
        tracker = DialogueStateTracker.from_events(
            f"s{number}", [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")],
            domain.slots,
        )
        for _ in range(rng.randint(2, 9)):
            intent = rng.choice(intents)
            tracker.update(UserUttered(f"/{intent}", {"name": intent, "confidence": 1.0}))
            for _ in range(4):
                prediction = policy.predict_action_probabilities(tracker, domain)
                action = domain.action_names_or_texts[prediction.max_confidence_index]
                tracker.update(ActionExecuted(action))
                if action in domain.form_names:
                    tracker.update(ActiveLoop(action if rng.random() < 0.7 else None))
                if action == "action_listen":
                    break
        conversations.append(tracker)
    return conversations


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    return Agent.load(str(MODEL))


def steps_of(agent, policy: RulePolicy) -> list:
    """Every step of the rules, the conversation tests and 80 random conversations, as trackers."""
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.importers.importer import TrainingDataImporter

    domain = agent.domain
    root = MODEL.parents[1]
    rules = TrainingDataImporter.load_from_dict(training_data_paths=[str(root / "data" / "rules")]).get_stories()
    tests = TrainingDataImporter.load_from_dict(
        training_data_paths=[str(root / "tests" / "conversations")]
    ).get_conversation_tests()
    trackers = [
        tracker for graph in (rules, tests)
        for tracker in TrainingDataGenerator(graph, domain, remove_duplicates=False, use_story_concatenation=False,
                                             augmentation_factor=0, tracker_limit=None).generate()
    ] + simulated(policy, domain, 80)
    return [
        DialogueStateTracker.from_events(tracker.sender_id, list(tracker.events)[:end], domain.slots)
        for tracker in trackers
        for end in range(1, len(tracker.events) + 1)
    ]


def rule_policy(agent) -> RulePolicy:
    return agent.processor.graph_runner._instantiated_nodes["run_RulePolicy0"]._component


@pytest.mark.rasa
def test_rule_matches_remembered_give_the_very_predictions_rasa_gives(original, agent):
    """Every step of the rules, the conversation tests and 80 random conversations, predicted with and without."""
    domain, policy = agent.domain, rule_policy(agent)
    steps = steps_of(agent, policy)
    assert len(steps) > 1500
    expected = [policy.predict_action_probabilities(step, domain) for step in steps]
    assert sum(max(p.probabilities) == 1.0 for p in expected) > 500  # rules did apply

    speedups.install()
    calls = 0
    memo = RulePolicy._get_possible_keys

    def counted(*args):
        nonlocal calls
        calls += 1
        return memo(*args)

    RulePolicy._get_possible_keys = counted
    for attempt in ("first", "remembered"):
        assert [policy.predict_action_probabilities(step, domain) for step in steps] == expected, attempt
    remembered = sum(len(matches.found) for matches in speedups._rule_matches[policy].values())
    # Tails repeat: most calls were answered from memory (about three in four with ~100 intents).
    assert 0 < remembered < calls / 3


MESSAGES = ["hello", "what causes lower back pain", "is it approved?", "wat r stem cels", "", "👋🏽", "x" * 1000,
            "ما هي الخلايا الجذعية", "<script>alert(1)</script>", "I can't feel my legs and wet myself", "/ask_more"]


@pytest.mark.rasa
async def test_the_model_graph_run_in_order_gives_what_dask_gives(original, agent):
    from rasa.core.channels.channel import UserMessage

    processor, policy = agent.processor, rule_policy(agent)
    steps = steps_of(agent, policy)[::7]
    expected_parses = [await processor.parse_message(UserMessage(text)) for text in MESSAGES]
    # a prediction consumes a follow-up action set on the tracker: each one gets a fresh copy
    expected_predictions = [processor._predict_next_with_tracker(step.copy()) for step in steps]
    speedups.install()
    assert processor.graph_runner.run is not None and type(processor.graph_runner).run is speedups.run_graph
    assert [await processor.parse_message(UserMessage(text)) for text in MESSAGES] == expected_parses
    assert [processor._predict_next_with_tracker(step.copy()) for step in steps] == expected_predictions


def test_graph_errors_are_raised_as_dask_raises_them(original):
    from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    class Adder(GraphComponent):
        @classmethod
        def create(cls, config, model_storage, resource, execution_context):
            return cls()

        def add(self, number: int) -> int:
            if number < 0:
                raise RuntimeError("negative")
            return number + 1

    schema = GraphSchema({
        "first": SchemaNode(needs={"number": "__number__"}, uses=Adder, fn="add", constructor_name="create", config={}),
        "second": SchemaNode(needs={"number": "first"}, uses=Adder, fn="add", constructor_name="create", config={},
                             is_target=True),
    })

    def outcomes():
        runner = DaskGraphRunner(schema, LocalModelStorage(Path("/nonexistent")), ExecutionContext(schema), hooks=[])
        found = [runner.run({"__number__": 1}), runner.run({"__number__": 1}, targets=["first"])]
        for inputs in ({"__number__": -1}, {"__number__": "first"}):
            with pytest.raises(Exception) as raised:
                runner.run(inputs)
            found.append((type(raised.value), str(raised.value), type(raised.value.__cause__)))
        return found

    expected = outcomes()
    assert expected[:2] == [{"second": 3}, {"first": 2}]
    speedups.install()
    assert outcomes() == expected

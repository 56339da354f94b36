"""Speed-ups for Rasa 3.6's hot path, installed by the server entry point (see docs/performance.md).

`plugins/server.py` installs them for the commands that load a model, unless `RASA_SPEEDUPS=0`.

Each one keeps Rasa's behaviour (what is accepted, rejected, sent and built stays the same, and
a test checks it against Rasa's own code) and removes work Rasa repeats on every turn:

* Action-response validation. Rasa checks every action-server response against its JSON schema
  with `jsonschema.validate`, which first re-validates the *schema itself* against the
  meta-schema, on every call (61 % of the server's CPU under load). Here the validator is built
  once. And since each event's `oneOf` alternative is picked by its `"event"` name, a response is
  first checked against just the alternative its name picks; a response that passes that is
  valid under the full schema. Anything else goes through the full check, so a bad response
  still raises the very error Rasa raises.
* One HTTP client session per endpoint. Rasa opens a new aiohttp session, and so a new
  connection, for every call to the action server. Here calls share a session (per event loop)
  that keeps connections alive for a short time, less than the action server's own keep-alive,
  so a connection the server is about to close is not reused. The tracker sent with each call
  is turned into JSON by ujson (a Rasa dependency) instead of the standard library: the same
  JSON for the same data, 2.4 times as fast for a 24-event conversation; anything ujson refuses
  goes to `json.dumps`.
* The garbage collector. The loaded model, Rasa and TensorFlow are millions of Python objects
  that live as long as the server; each full collection walked them all again (230-290 ms,
  every patient waiting, several times a minute under load). Once the model is loaded they are
  moved out of the collector's way (`gc.freeze`); what turns create is still collected.
* Event classes by name. Rebuilding an event from its JSON (every stored event, every event an
  action returns) walks the whole class tree of `Event` to find the class with that name. Here
  the answer is remembered; a name not seen yet is looked up the old way.
* Rule matching. For every prediction RulePolicy filters all its rules against the conversation's
  states, newest first, in Python. Only the last states matter (as many as the longest rule
  has: further back every rule is applicable), and those repeat from conversation to
  conversation, so the set of matching rules is remembered for them. The first time a tail of
  states is seen, Rasa's own code computes the set; later it is that same set.
* The model graph. Every parse and every prediction runs part of the model's graph through
  dask's scheduler, which for each call works out again which nodes are needed, orders them
  and keeps its books (7 % of the server's CPU). Here the order of the nodes needed for a set
  of targets is worked out once, and the nodes are called in it, each with its inputs, as
  dask calls them; errors are wrapped as Rasa wraps them.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import json
import weakref
from collections import OrderedDict
from typing import Any

import aiohttp
import ujson
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

# The message Rasa appends to a validation error (rasa/core/actions/action.py).
HINT = (
    ". Failed to validate Action server response from API, make sure your response from the Action endpoint "
    f"is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
)
# Seconds an idle connection to the action server is kept; the Sanic server behind rasa-sdk
# closes idle ones after 5 s.
KEEPALIVE_SECONDS = 2.0
# Tails of conversation states whose matching rules are remembered, per rule lookup.
REMEMBERED_TAILS = 20_000


@functools.lru_cache(maxsize=1)
def response_validator() -> Validator:
    """A validator for Rasa's action-response schema, with the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@functools.lru_cache(maxsize=1)
def quick_validators() -> tuple[Validator, dict[str, Validator]] | None:
    """The schema without the per-event `oneOf`, and one validator per event name for its alternative.

    None if the alternatives are not told apart by a distinct `"event"` constant each (then only
    the full check is used).
    """
    schema = RemoteAction.action_response_format_spec()
    item = schema["properties"]["events"]["items"]
    by_name: dict[str, Validator] = {}
    cls = validator_for(schema)
    for alternative in item.get("oneOf", []):
        name = alternative.get("properties", {}).get("event", {}).get("const")
        if not isinstance(name, str) or name in by_name:
            return None
        by_name[name] = cls(alternative)
    if not by_name or "event" not in item.get("required", []):
        return None
    base_item = {key: value for key, value in item.items() if key != "oneOf"}
    base = {**schema, "properties": {**schema["properties"], "events": {**schema["properties"]["events"],
                                                                        "items": base_item}}}
    return cls(base), by_name


def passes_quick_check(result: Any) -> bool:
    """True only if `result` is valid under the full schema (False says nothing either way).

    An event passes the per-event `oneOf` exactly when its own alternative accepts it: every
    alternative requires a different constant `"event"`, which the base item schema requires.
    """
    quick = quick_validators()
    if quick is None or not isinstance(result, dict):
        return False
    base, by_name = quick
    if not base.is_valid(result):
        return False
    for event in result.get("events") or []:
        alternative = by_name.get(event.get("event")) if isinstance(event.get("event"), str) else None
        if alternative is None or not alternative.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Same contract as RemoteAction._validate_action_result, without re-checking the schema."""
    if passes_quick_check(result):
        return True
    error = best_match(response_validator().iter_errors(result))
    if error is not None:
        error.message += HINT
        raise error
    return True


_sessions: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple, aiohttp.ClientSession]] = (
    weakref.WeakKeyDictionary()
)
_new_session = EndpointConfig.session


def shared_session(self: EndpointConfig) -> Any:
    """The session `EndpointConfig.session` would create, shared by calls with the same headers and auth."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return _new_session(self)
    key = (tuple(sorted(self.headers.items())), tuple(sorted(self.basic_auth.items())))
    sessions = _sessions.setdefault(loop, {})
    session = sessions.get(key)
    if session is None or session.closed:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        session = aiohttp.ClientSession(
            headers=self.headers, auth=auth, timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS), json_serialize=dumps,
        )
        sessions[key] = session
    return contextlib.nullcontext(session)  # `async with` gives it and leaves it open


async def close_sessions() -> None:
    """Close the sessions shared on the running event loop (when the server stops)."""
    loop = asyncio.get_running_loop()
    for session in _sessions.pop(loop, {}).values():
        await session.close()


def dumps(data: Any) -> str:
    """JSON of `data` as `json.dumps` writes it (bar spaces), by ujson; what ujson refuses, by `json.dumps`."""
    try:
        return ujson.dumps(data, ensure_ascii=True, escape_forward_slashes=False)
    except (TypeError, OverflowError, ValueError):
        return json.dumps(data)


_resolve_by_type = Event.resolve_by_type
_event_classes: dict[str, type[Event] | None] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Event.resolve_by_type, remembering the class found for each name."""
    if type_name not in _event_classes:
        try:
            _event_classes[type_name] = _resolve_by_type(type_name)
        except ValueError:
            if default is not None:
                return default
            raise
    return _event_classes[type_name]


_possible_keys = RulePolicy._get_possible_keys


class _RuleMatches:
    """For one rule lookup: how far back its rules reach, and the matching keys found per tail of states."""

    def __init__(self, lookup: dict[str, str]) -> None:
        self.lookup = lookup
        self.size = len(lookup)
        self.reach = max((len(RulePolicy._rule_key_to_state(key)) for key in lookup), default=0)
        self.found: OrderedDict[str, set[str]] = OrderedDict()

    def fits(self, lookup: dict[str, str]) -> bool:
        return lookup is self.lookup and len(lookup) == self.size


_rule_matches: weakref.WeakKeyDictionary[RulePolicy, dict[int, _RuleMatches]] = weakref.WeakKeyDictionary()


def possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[dict[str, Any]]) -> set[str]:
    """RulePolicy._get_possible_keys, remembered per tail of states as long as its longest rule.

    The set returned for a tail is the one Rasa's code built the first time (callers only read it).
    """
    per_lookup = _rule_matches.setdefault(self, {})
    matches = per_lookup.get(id(lookup))
    if matches is None or not matches.fits(lookup):
        matches = per_lookup[id(lookup)] = _RuleMatches(lookup)
    if matches.reach == 0:
        return _possible_keys(self, lookup, states)
    # States hold only str, int, float, bool, None, tuples and dicts: equal reprs, equal states.
    tail = repr(states[-matches.reach:])
    found = matches.found.get(tail)
    if found is None:
        found = matches.found[tail] = _possible_keys(self, lookup, states)
        if len(matches.found) > REMEMBERED_TAILS:
            matches.found.popitem(last=False)
    return found


_Plan = list[tuple[str, GraphNode, list[str]]]
_plans: weakref.WeakKeyDictionary[DaskGraphRunner, dict[tuple[str, ...], _Plan]] = weakref.WeakKeyDictionary()


def _plan(runner: DaskGraphRunner, targets: tuple[str, ...]) -> _Plan:
    """The nodes the targets need, each after the nodes it needs, with the names of its inputs."""
    per_runner = _plans.setdefault(runner, {})
    if targets not in per_runner:
        schema = runner._graph_schema.minimal_graph_schema(list(targets))
        ordered: list[str] = []

        def visit(name: str) -> None:
            if name in ordered or name not in schema.nodes:  # done, or an input
                return
            for needed in schema.nodes[name].needs.values():
                visit(needed)
            ordered.append(name)

        for target in targets:
            visit(target)
        per_runner[targets] = [
            (name, runner._instantiated_nodes[name], list(schema.nodes[name].needs.values())) for name in ordered
        ]
    return per_runner[targets]


def run_graph(self: DaskGraphRunner, inputs: dict[str, Any] | None = None,
              targets: list[str] | None = None) -> dict[str, Any]:
    """DaskGraphRunner.run: the same nodes called with the same inputs, in an order worked out once."""
    run_targets = targets if targets else self._graph_schema.target_names
    plan = _plan(self, tuple(run_targets))
    # As in dask's graph: Rasa's own check and (name, value) pair for each input; a node's
    # output is a (name, value) pair too; an input named like a node takes its place.
    values: dict[str, Any] = dict.fromkeys(name for name, _, _ in plan)
    self._add_inputs_to_graph(inputs, values)
    try:
        for name, node, needs in plan:
            if not inputs or name not in inputs:
                values[name] = node(*(values[needed] for needed in needs))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(values[target] for target in run_targets)


def freeze_loaded_objects() -> None:
    """Leave the objects alive now (the loaded model and libraries) out of later collections."""
    gc.collect()
    gc.freeze()


def install() -> None:
    """Install the speed-ups (idempotent). Called by the server entry point, `plugins/server.py`."""
    RemoteAction._validate_action_result = validate_action_result
    EndpointConfig.session = shared_session
    Event.resolve_by_type = staticmethod(resolve_by_type)
    RulePolicy._get_possible_keys = possible_keys
    DaskGraphRunner.run = run_graph


def installed() -> bool:
    """Whether `install` has replaced Rasa's methods in this process."""
    return RemoteAction._validate_action_result is validate_action_result


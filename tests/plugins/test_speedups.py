import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from plugins import speedups

GOOD = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]}
BAD = {"events": [{"no_event_key": True}], "responses": []}


@pytest.fixture
def original():
    saved = RemoteAction._validate_action_result
    yield saved
    RemoteAction._validate_action_result = saved


def test_the_cached_validator_accepts_and_rejects_exactly_what_rasa_does(original):
    action = RemoteAction("action_x", None)
    assert original(action, GOOD) is True
    with pytest.raises(ValidationError) as rasa_error:
        original(action, BAD)
    speedups.install()
    speedups.install()  # idempotent
    assert RemoteAction._validate_action_result is speedups.validate_action_result
    assert action._validate_action_result(GOOD) is True
    with pytest.raises(ValidationError) as ours:
        action._validate_action_result(BAD)
    assert ours.value.message == rasa_error.value.message

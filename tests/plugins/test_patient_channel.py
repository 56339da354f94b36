import asyncio
import json
from types import SimpleNamespace

import pytest
from rasa.core.actions.action import RemoteAction

from bot.intake import IntakeSettings, PatientMessage, Refusal
from bot.knowledge import get_knowledge_base
from plugins.patient_channel import PatientRestInput, PatientShellInput

KB = get_knowledge_base()
US_TROUBLE = KB.messages.render("trouble_answering", emergency_number="911")
UK_TROUBLE = KB.messages.render("trouble_answering", emergency_number="999")


def channel(**settings) -> PatientRestInput:
    return PatientRestInput(IntakeSettings(**settings))


def incoming(clinic: str | None = None) -> PatientMessage:
    return PatientMessage(sender="abc", text="what is bmac", metadata={"clinic": clinic} if clinic else {})


async def test_a_normal_turn_returns_what_the_bot_said():
    async def handle(message):
        await message.output_channel.send_text_message(message.sender_id, "an answer")

    replies = await channel().answer(handle, incoming())
    assert [r["text"] for r in replies] == ["an answer"]


async def test_silence_from_a_failed_action_becomes_the_trouble_reply_with_the_clinics_number():
    async def handle(message):
        return None

    assert [r["text"] for r in await channel().answer(handle, incoming())] == [US_TROUBLE]
    assert [r["text"] for r in await channel().answer(handle, incoming("demo_uk"))] == [UK_TROUBLE]


async def test_without_a_clinic_the_trouble_reply_uses_the_deployments_region(monkeypatch):
    async def handle(message):
        return None

    monkeypatch.setenv("BOT_REGION", "UK")
    assert [r["text"] for r in await channel().answer(handle, incoming())] == [UK_TROUBLE]


async def test_an_exception_becomes_the_trouble_reply():
    async def handle(message):
        raise RuntimeError("tracker store down")

    assert [r["text"] for r in await channel().answer(handle, incoming())] == [US_TROUBLE]


async def test_a_slow_turn_gets_the_trouble_reply_and_finishes_in_the_background():
    finished = asyncio.Event()

    async def handle(message):
        await asyncio.sleep(0.3)
        finished.set()

    gate = channel(reply_timeout_seconds=0.05)
    replies = await gate.answer(handle, incoming())
    assert [r["text"] for r in replies] == [US_TROUBLE]
    assert not finished.is_set() and gate._background
    await asyncio.wait_for(finished.wait(), timeout=5)
    await asyncio.sleep(0)
    assert not gate._background


def test_refusals_a_patient_can_meet_use_the_reviewed_wording():
    gate = channel(max_chars=1000)
    too_long = gate.refusal_body(Refusal(413, "message_too_long", "technical"))
    assert too_long == {"error": "message_too_long", "message": KB.messages.render("input_too_long", limit="1,000")}
    assert gate.refusal_body(Refusal(429, "rate_limited", "x"))["message"] == KB.messages.render("slow_down")
    assert gate.refusal_body(Refusal(400, "bad_sender", "bad sender id")) == {
        "error": "bad_sender",
        "message": "bad sender id",
    }


@pytest.mark.parametrize("limit_kind", ["conversation", "client"])
def test_admit_applies_both_rate_limits(limit_kind):
    gate = channel(per_conversation_per_minute=2, per_client_per_minute=3)
    if limit_kind == "conversation":
        outcomes = [gate.admit(incoming(), "1.1.1.1") for _ in range(3)]
    else:
        outcomes = [gate.admit(PatientMessage(f"s{i}", "hi", {}), "1.1.1.1") for i in range(4)]
    assert outcomes[:-1] == [None] * (len(outcomes) - 1)
    refusal = outcomes[-1]
    assert refusal is not None and refusal.status == 429 and refusal.retry_after >= 1


@pytest.mark.parametrize("speedups_on", [True, False])
def test_once_the_server_has_started_the_loaded_model_is_left_out_of_garbage_collection(monkeypatch, speedups_on):
    frozen = []
    monkeypatch.setattr("plugins.speedups.freeze_loaded_objects", lambda: frozen.append(True))
    monkeypatch.setattr("plugins.speedups.installed", lambda: speedups_on)  # RASA_SPEEDUPS=0: not frozen
    blueprint = channel().blueprint(lambda message: None)
    listeners = [listener for listener in blueprint._future_listeners if listener.event == "after_server_start"]
    assert len(listeners) == 1
    asyncio.run(listeners[0].listener(None, None))
    assert frozen == ([True] if speedups_on else [])


@pytest.mark.parametrize("speedups_on", [True, False])
def test_when_the_server_stops_the_shared_connections_are_closed(monkeypatch, speedups_on):
    closed = []

    async def close_sessions() -> None:
        closed.append(True)

    monkeypatch.setattr("plugins.speedups.close_sessions", close_sessions)
    monkeypatch.setattr("plugins.speedups.installed", lambda: speedups_on)
    blueprint = channel().blueprint(lambda message: None)
    listeners = [listener for listener in blueprint._future_listeners if listener.event == "after_server_stop"]
    asyncio.run(listeners[0].listener(None, None))
    assert closed == ([True] if speedups_on else [])


def test_building_the_channel_installs_no_speedups(original):
    PatientRestInput.from_credentials(None)
    assert RemoteAction._validate_action_result is original


class Store:
    def __init__(self, known: set[str], broken: bool = False) -> None:
        self.known = known
        self.broken = broken

    async def exists(self, sender: str) -> bool:
        if self.broken:
            raise ConnectionError("database down")
        return sender in self.known


def request_with(store: Store | None):
    agent = SimpleNamespace(tracker_store=store) if store is not None else None
    return SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)))


START = PatientMessage(sender="abc", text="/session_start", metadata={}, starts_session=True)


async def test_the_start_message_starts_a_session_only_for_a_new_conversation():
    gate = channel()
    assert await gate.opens_session(request_with(Store(set())), START) == START
    mid_conversation = await gate.opens_session(request_with(Store({"abc"})), START)
    assert mid_conversation.text == "session_start" and not mid_conversation.starts_session


@pytest.mark.parametrize("store", [None, Store(set(), broken=True)])
async def test_when_unsure_whether_the_conversation_is_new_the_start_message_is_words(store):
    assert (await channel().opens_session(request_with(store), START)).text == "session_start"


async def test_other_messages_pass_unchanged():
    message = incoming()
    assert await channel().opens_session(request_with(Store({"abc"})), message) is message


def webhook_handler(gate: PatientRestInput, handle):
    blueprint = gate.blueprint(handle)
    return next(route.handler for route in blueprint._future_routes if route.uri == "/webhook")


def post(text: str, stream: bool) -> SimpleNamespace:
    body = json.dumps({"sender": "abc", "message": text}).encode()
    return SimpleNamespace(
        body=body, args={"stream": "true"} if stream else {}, remote_addr="127.0.0.1", ip="127.0.0.1",
        app=SimpleNamespace(ctx=SimpleNamespace(agent=None)),
    )


async def echo(message):
    await message.output_channel.send_text_message(message.sender_id, f"heard: {message.text}")
    await message.output_channel.send_text_message(message.sender_id, "second")


@pytest.mark.parametrize("gate", [channel(), PatientShellInput(IntakeSettings())], ids=["rest", "shell"])
async def test_with_stream_true_each_reply_is_one_json_line_as_rasas_channel_sends_them(gate):
    streamed = await webhook_handler(gate, echo)(post("what is bmac", stream=True))
    assert streamed.status == 200 and streamed.content_type == "text/event-stream"
    lines = streamed.body.decode().splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["heard: what is bmac", "second"]
    listed = await webhook_handler(gate, echo)(post("what is bmac", stream=False))
    assert [reply["text"] for reply in json.loads(listed.body)] == ["heard: what is bmac", "second"]


async def test_the_shell_gets_the_same_intake_and_redaction_as_rest():
    shell = PatientShellInput(IntakeSettings(max_chars=100))
    assert (shell.name(), shell.url_prefix()) == ("cmdline", "rest")
    handler = webhook_handler(shell, echo)
    redacted = await handler(post("mail me at jane.doe@example.com or call 0207 946 0000", stream=True))
    first = json.loads(redacted.body.decode().splitlines()[0])["text"]
    assert "jane" not in first and "[email]" in first and "[phone]" in first
    assert json.loads((await handler(post("/restart", stream=True))).body.decode().splitlines()[0])["text"] == (
        "heard: restart"
    )
    # Rasa's terminal client stops on an HTTP error: a refusal is shown as the bot's reply.
    refused = await handler(post("x" * 101, stream=True))
    assert refused.status == 200
    assert json.loads(refused.body.decode())["text"] == KB.messages.render("input_too_long", limit="100")


async def test_over_rest_a_refusal_stays_an_http_error():
    refused = await webhook_handler(channel(max_chars=100), echo)(post("x" * 101, stream=False))
    assert refused.status == 413 and json.loads(refused.body)["error"] == "message_too_long"

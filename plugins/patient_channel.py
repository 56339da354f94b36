"""The REST channel patients talk to, with limits inside the bot and not only at a proxy.

Replaces Rasa's `rest` channel at the same address (`POST /webhooks/rest/webhook`, same
request and reply shapes, `?stream=true` included); `PatientShellInput` is the same channel
under `make shell`. Before a message reaches Rasa it is checked by `bot.intake`:
body size, JSON shape, sender id format, message length, a rate limit per conversation and
per client, control characters dropped, text normalised and emails and phone numbers redacted
(so they are never stored), client metadata cut down to the clinic id, and text starting with
"/" read as words unless it is one of the bot's own buttons (so typing `/restart` or
`/greet{...}` cannot skip the safety check or reset the conversation). The widget's start
message, `/session_start`, starts a session only for a new conversation. Refusals are 4xx with
`{"error": code, "message": sentence}`. If the assistant fails or is slow to answer (the
action server down, say), the patient gets a polite reply with the emergency number instead
of silence, and the turn goes on in the background so the conversation stays consistent.
Message text is never logged, by this channel or by Rasa (`bot.log_privacy`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.clinics import region_of
from bot.intake import IntakeSettings, PatientMessage, RateLimiter, Refusal, read_request
from bot.knowledge import get_knowledge_base
from bot.log_privacy import install as keep_patient_text_out_of_logs
from plugins import speedups

logger = logging.getLogger(__name__)


class PatientRestInput(InputChannel):
    """`rest` channel with input limits, rate limits, redaction and a reply when Rasa can't answer."""

    def __init__(self, settings: IntakeSettings | None = None) -> None:
        """Limits from the environment unless given."""
        self.settings = settings or IntakeSettings.from_env()
        self.per_conversation = RateLimiter(self.settings.per_conversation_per_minute)
        self.per_client = RateLimiter(self.settings.per_client_per_minute)
        # Turns still running after their reply timed out; kept so they are not garbage-collected.
        self._background: set[asyncio.Future] = set()

    @classmethod
    def name(cls) -> str:
        """Same name and so the same URL as Rasa's REST channel."""
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> PatientRestInput:
        """Settings come from the environment (see the README's table), not credentials.yml.

        Rasa builds its channels once, when the server starts: the moment to install the log
        filters. (The speed-ups are the server entry point's business: `plugins/server.py`.)
        """
        keep_patient_text_out_of_logs()
        return cls()

    def refusal_body(self, refusal: Refusal) -> dict[str, str]:
        """The JSON body of a refusal, in the patient's words where a patient can meet it."""
        messages = get_knowledge_base().messages
        if refusal.code == "message_too_long":
            text = messages.render("input_too_long", limit=f"{self.settings.max_chars:,}")
        elif refusal.code == "rate_limited":
            text = messages.render("slow_down")
        else:
            text = refusal.detail
        return {"error": refusal.code, "message": text}

    def trouble_reply(self, incoming: PatientMessage) -> dict[str, Any]:
        """"I'm having trouble answering", with the emergency number of the clinic's country."""
        number = region_of(incoming.metadata.get("clinic")).emergency_number
        text = get_knowledge_base().messages.render("trouble_answering", emergency_number=number)
        return {"recipient_id": incoming.sender, "text": text}

    def admit(self, incoming: PatientMessage, client: str) -> Refusal | None:
        """Apply the per-conversation and per-client rate limits."""
        if not self.per_conversation.allow(incoming.sender):
            wait = self.per_conversation.retry_after(incoming.sender)
        elif not self.per_client.allow(client):
            wait = self.per_client.retry_after(client)
        else:
            return None
        return Refusal(429, "rate_limited", "Too many messages; wait before sending more.", retry_after=wait)

    async def answer(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]], incoming: PatientMessage
    ) -> list[dict[str, Any]]:
        """Run the turn; on failure or timeout reply politely and let the turn finish in the background."""
        collector = CollectingOutputChannel()
        message = UserMessage(
            incoming.text, collector, incoming.sender, input_channel=self.name(), metadata=incoming.metadata
        )
        turn = asyncio.ensure_future(on_new_message(message))
        try:
            await asyncio.wait_for(asyncio.shield(turn), timeout=self.settings.reply_timeout_seconds)
        except asyncio.TimeoutError:
            logger.warning(
                "a turn took over %.0f s; replied that we are having trouble", self.settings.reply_timeout_seconds
            )
            self._background.add(turn)
            turn.add_done_callback(self._finished_late)
            return [*collector.messages, self.trouble_reply(incoming)]
        except Exception as error:  # noqa: BLE001 - the patient must get an answer whatever broke
            logger.error("a turn failed (%s); replied that we are having trouble", type(error).__name__)
            return [*collector.messages, self.trouble_reply(incoming)]
        # Rasa swallows a failed custom action (the action server down or erroring) and says
        # nothing: every turn of this assistant answers, so silence means something broke.
        return collector.messages or [self.trouble_reply(incoming)]

    async def opens_session(self, request: Request, incoming: PatientMessage) -> PatientMessage:
        """The message as it goes to Rasa: a start message counts only for a new conversation."""
        if not incoming.starts_session:
            return incoming
        agent = getattr(request.app.ctx, "agent", None)
        store = getattr(agent, "tracker_store", None)
        try:
            new = store is not None and not await store.exists(incoming.sender)
        except Exception as error:  # noqa: BLE001 - unsure means no reset
            logger.error("could not check whether a conversation exists (%s)", type(error).__name__)
            new = False
        return incoming if new else incoming.as_words()

    def _finished_late(self, turn: asyncio.Future) -> None:
        self._background.discard(turn)
        if not turn.cancelled() and turn.exception() is not None:
            logger.error("a late turn failed (%s)", type(turn.exception()).__name__)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """GET / (health) and POST /webhook, as Rasa's REST channel has."""
        webhook = Blueprint("patient_rest", __name__)

        @webhook.listener("after_server_start")
        async def model_loaded(*_args: Any) -> None:  # Rasa loads the model before the server starts
            if speedups.installed():
                speedups.freeze_loaded_objects()

        @webhook.listener("after_server_stop")
        async def stopped(*_args: Any) -> None:  # connections to the action server close cleanly
            if speedups.installed():
                await speedups.close_sessions()

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            outcome = read_request(request.body or b"", self.settings)
            if isinstance(outcome, PatientMessage):
                refusal = self.admit(outcome, request.remote_addr or request.ip or "unknown")
                if refusal is None:
                    message = await self.opens_session(request, outcome)
                    return self.reply(request, await self.answer(on_new_message, message))
                outcome = refusal
            return self.refuse(request, outcome)

        return webhook

    def reply(self, request: Request, messages: list[dict[str, Any]]) -> HTTPResponse:
        """The bot's messages: a JSON list, or with `?stream=true` one JSON object a line, as Rasa's channel."""
        if request.args.get("stream", "false").lower() == "true":
            lines = "".join(json.dumps(message) + "\n" for message in messages)
            return response.text(lines, content_type="text/event-stream")
        return response.json(messages)

    def refuse(self, request: Request, refusal: Refusal) -> HTTPResponse:
        """A refusal: its 4xx status with `{"error": code, "message": sentence}`."""
        headers = {"Retry-After": str(refusal.retry_after)} if refusal.retry_after else {}
        return response.json(self.refusal_body(refusal), status=refusal.status, headers=headers)


class PatientShellInput(PatientRestInput):
    """The patient channel under `rasa shell`: the terminal gets the same intake, limits and redaction.

    `rasa shell` always builds the channel named "cmdline" and posts what is typed to
    /webhooks/rest/webhook?stream=true; `plugins/server.py` makes this class that channel.
    A refusal is shown as the bot's reply (Rasa's terminal client stops on an HTTP error).
    """

    @classmethod
    def name(cls) -> str:
        """The name `rasa shell` asks for; it starts the terminal client only for a channel of that name."""
        return "cmdline"

    def url_prefix(self) -> str:
        """Served where Rasa's terminal client posts: /webhooks/rest/."""
        return PatientRestInput.name()

    def refuse(self, request: Request, refusal: Refusal) -> HTTPResponse:
        """The refusal's sentence as a bot message."""
        return self.reply(request, [{"recipient_id": "shell", "text": self.refusal_body(refusal)["message"]}])

"""Check what arrives from the web before it reaches the assistant: size, shape, pace.

The REST channel (plugins/patient_channel.py) runs every request through `read_request` and
the two `RateLimiter`s; only a clean `PatientMessage` goes on to Rasa: its text normalised,
contacts redacted, and never a command unless it is one of the bot's own buttons
(`bot.commands`). Nothing here logs or keeps message text.
"""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.commands import START_MESSAGE, as_words, button_command, get_button_payloads
from bot.privacy import normalise, redact_contacts

# Sender ids: the widget sends a UUID or 32 hex digits; other clients anything in this alphabet.
# Always matched whole (`fullmatch`): with `re.match` a "$" also accepts a trailing newline.
SENDER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")
CLINIC_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# Metadata a client may send, and the one key we keep: the clinic whose widget is talking.
# Anything else (user ids, roles, "is_admin", a region…) is dropped, never stored.
KEPT_METADATA = ("clinic",)
# Keep newlines and tabs; drop other control characters (NUL cannot even be stored in PostgreSQL).
_KEEP_CONTROL = {"\n", "\t"}


class SettingsError(ValueError):
    """An intake setting in the environment is not a usable number."""


@dataclass(frozen=True)
class IntakeSettings:
    """Limits on incoming messages; each can be set by an environment variable."""

    max_chars: int = 1000
    max_body_bytes: int = 32_768
    per_conversation_per_minute: int = 30
    per_client_per_minute: int = 300
    reply_timeout_seconds: float = 20.0

    ENV = {
        "max_chars": "INPUT_MAX_CHARS",
        "max_body_bytes": "INPUT_MAX_BODY_BYTES",
        "per_conversation_per_minute": "RATE_LIMIT_PER_CONVERSATION",
        "per_client_per_minute": "RATE_LIMIT_PER_CLIENT",
        "reply_timeout_seconds": "REPLY_TIMEOUT_SECONDS",
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> IntakeSettings:
        """Defaults, overridden by the environment; a bad value is an error that names the variable."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field_name, variable in cls.ENV.items():
            raw = environ.get(variable, "").strip()
            if not raw:
                continue
            kind = float if field_name == "reply_timeout_seconds" else int
            try:
                value = kind(raw)
            except ValueError:
                raise SettingsError(f"{variable}={raw!r} is not a number") from None
            if value < 0 or (value == 0 and field_name in {"max_chars", "max_body_bytes", "reply_timeout_seconds"}):
                raise SettingsError(f"{variable}={raw!r} must be positive (rate limits may be 0 to turn them off)")
            values[field_name] = value
        return cls(**values)


@dataclass(frozen=True)
class PatientMessage:
    """A checked message: sender id, cleaned text with contacts redacted, and the kept metadata.

    The text is either words or one of the bot's own button payloads; `starts_session` marks the
    widget's start message, which the channel lets through only for a new conversation.
    """

    sender: str
    text: str
    metadata: dict[str, str]
    starts_session: bool = False

    def as_words(self) -> PatientMessage:
        """The same message for Rasa to read as words, not as a command."""
        return replace(self, text=as_words(self.text), starts_session=False)


@dataclass(frozen=True)
class Refusal:
    """Why a request was not passed on: HTTP status, a machine code and a sentence for people."""

    status: int
    code: str
    detail: str
    retry_after: int = 0


def read_request(
    body: bytes, settings: IntakeSettings, payloads: frozenset[str] | None = None
) -> PatientMessage | Refusal:
    """Turn a raw REST request body into a PatientMessage, or say why not (`payloads`: the buttons')."""
    if len(body) > settings.max_body_bytes:
        return Refusal(413, "body_too_large", f"The request body is over {settings.max_body_bytes} bytes.")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Refusal(400, "bad_json", 'Send a JSON object: {"sender": "...", "message": "..."}.')
    if not isinstance(data, dict):
        return Refusal(400, "bad_json", 'Send a JSON object: {"sender": "...", "message": "..."}.')
    sender = data.get("sender")
    if not isinstance(sender, str) or not SENDER_ID.fullmatch(sender):
        return Refusal(400, "bad_sender", "'sender' must be 1-128 letters, digits, '_', '-', '.' or ':'.")
    message = data.get("message")
    if not isinstance(message, str):
        return Refusal(400, "bad_message", "'message' must be a string.")
    text = normalise(clean_text(message)).strip()
    if len(text) > settings.max_chars:
        return Refusal(413, "message_too_long", f"'message' is longer than {settings.max_chars} characters.")
    metadata = kept_metadata(data.get("metadata"))
    if text == START_MESSAGE:
        return PatientMessage(sender=sender, text=text, metadata=metadata, starts_session=True)
    command = button_command(text, get_button_payloads() if payloads is None else payloads)
    if command is not None:
        return PatientMessage(sender=sender, text=command, metadata=metadata)
    text = as_words(redact_contacts(text))
    if not text:
        return Refusal(400, "empty_message", "'message' is empty.")
    return PatientMessage(sender=sender, text=text, metadata=metadata)


def clean_text(text: str) -> str:
    """Drop control characters (keeping newlines and tabs) and surrounding whitespace."""
    kept = "".join(c for c in text if c in _KEEP_CONTROL or unicodedata.category(c) not in {"Cc", "Cs"})
    return kept.strip()


def kept_metadata(metadata: Any) -> dict[str, str]:
    """The metadata we keep from a client: a well-formed clinic id, nothing else."""
    if not isinstance(metadata, dict):
        return {}
    clinic = metadata.get("clinic")
    return {"clinic": clinic} if isinstance(clinic, str) and CLINIC_ID.fullmatch(clinic) else {}


class RateLimiter:
    """At most `limit` events per key in any `window` seconds (a sliding window, in memory).

    One per Rasa process: with several replicas each keeps its own count, so the proxy in
    front (deploy/nginx) also limits per client. Remembers at most `max_keys` keys, forgetting
    the least recently seen, so a flood of new ids cannot exhaust memory.
    """

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """A limit of 0 turns the limiter off."""
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Count one event for `key` if it is within the limit; say whether it was."""
        if self.limit <= 0:
            return True
        now = self.clock()
        times = self._seen.pop(key, None) or deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        allowed = len(times) < self.limit
        if allowed:
            times.append(now)
        self._seen[key] = times
        while len(self._seen) > self.max_keys:
            self._seen.popitem(last=False)
        return allowed

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` may send again (0 if it may now)."""
        times = self._seen.get(key)
        if self.limit <= 0 or not times or len(times) < self.limit:
            return 0
        return max(1, int(times[0] + self.window - self.clock() + 0.999))

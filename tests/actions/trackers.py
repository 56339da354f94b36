"""Build trackers at a given point of a conversation, for action tests."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def make_tracker(
    intent: str,
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": entities or []}
    return Tracker("patient-1", slots or {}, latest, events or [], False, None, {}, "action_listen")

"""Training examples shared by the intent model's tests and its Rasa component's tests."""

from __future__ import annotations

# Written for these tests: three small intents with a few examples each.
EXAMPLES: dict[str, list[str]] = {
    "ask_sleep": [
        "what mattress is best for back pain",
        "how should i sleep with a bad back",
        "best sleeping position",
    ],
    "ask_opioids": ["is tramadol safe for back pain", "are opioids addictive", "codeine for my back"],
    "ask_exercise": ["what exercises help my back", "is walking good for back pain", "stretches for lower back"],
}
TEXTS = [text for texts in EXAMPLES.values() for text in texts]
INTENTS = [intent for intent, texts in EXAMPLES.items() for _ in texts]

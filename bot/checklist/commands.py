"""Whether a message heard as a checklist command ("skip", "add that one") is a question instead."""

from __future__ import annotations

import re

# A question, not a command to the checklist: it opens with a question word or ends with "?", and
# has words beyond the commands ("skip", "add that one", "stop").
QUESTION_OPENINGS = re.compile(
    r"^(?:(?:so|and|but|ok|okay|then)\s+)*(?:should|shall|can|could|would|will|is|are|do|does|what|how|when|why|"
    r"which|who|where|if|may|must)\b"
)
COMMAND_WORDS = frozenset((
    "skip", "skipping", "next", "pass", "no", "nope", "stop", "add", "it", "that", "this", "one", "please", "pls",
    "ok", "okay", "thanks", "the", "a", "question", "for", "now", "i", "want", "to", "dont", "don't", "do", "not",
    "yes", "yeah", "sure", "done", "finish", "finished", "end", "quit",
))
MIN_QUESTION_WORDS = 3


def is_a_question(text: str) -> bool:
    """Whether a message asks something beyond a checklist command ("should I skip practice?")."""
    lowered = text.strip().lower()
    words = re.findall(r"[a-z']+", lowered)
    if len(words) < MIN_QUESTION_WORDS or set(words) <= COMMAND_WORDS:
        return False
    return lowered.endswith("?") or QUESTION_OPENINGS.match(lowered) is not None

"""The question inside a long message that the intent model, unsure, reads as off topic.

"Do stem cells actually work for worn discs? Asking for myself, 64, can't get round the golf
course without stopping": the story after the question pulls the whole message towards
out_of_scope (0.64), while the question alone is read with certainty (ask_stem_cell_evidence,
1.00). When the whole message is off topic but the model is unsure of it, and one of its
question sentences is read as a topic with near certainty, that sentence's reading is used.
A message the model is sure is off topic ("Backed into a pole at the Walmart, my bumper is
cracked... how much will it cost?") stays so, whatever its question says alone.

Session 19, on the development answer sets (round 14's singles and the first turns of D1, D2 and
round 14: 1,104 messages, 43 read as off topic): 2 of those 43 change, both to the expected
answer ("do stem cells actually work for worn discs? ...", a Spanish-English story ending in a
question on treatments). The only other off-topic message with a sure question inside was a
car-park story asking a price, which the model was sure of as a whole (it stays off topic).
"""

from __future__ import annotations

import re
from collections.abc import Callable

OFF_TOPIC = "out_of_scope"
# The whole message read as off topic below this: the model is unsure of it.
UNSURE_OFF_TOPIC_BELOW = 0.8
# A question sentence read as one topic at or above this: the model is sure of it.
SURE_QUESTION_AT = 0.95
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

Probabilities = dict[str, float]


def question_sentences(text: str) -> list[str]:
    """The sentences of a message of two or more that ask something (they hold a question mark)."""
    sentences = [s.strip() for s in SENTENCE_END.split(text.strip()) if s.strip()]
    if len(sentences) < 2:
        return []
    return [s for s in sentences if "?" in s]


def reading_of_the_question(
    probabilities: Callable[[str], Probabilities], text: str, whole: Probabilities
) -> Probabilities | None:
    """The reading of the question inside `text` to use instead of `whole`, or None to keep `whole`."""
    if not whole:
        return None
    top = max(whole, key=lambda intent: whole[intent])
    if top != OFF_TOPIC or whole[top] >= UNSURE_OFF_TOPIC_BELOW:
        return None
    best: Probabilities | None = None
    best_confidence = 0.0
    for sentence in question_sentences(text):
        reading = probabilities(sentence)
        intent = max(reading, key=lambda name: reading[name])
        if intent != OFF_TOPIC and reading[intent] >= SURE_QUESTION_AT and reading[intent] > best_confidence:
            best, best_confidence = reading, reading[intent]
    return best

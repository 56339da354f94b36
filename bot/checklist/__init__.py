"""Questions to ask a clinic offering stem cell treatment, walked through one at a time.

The questions are data: checklist.yml lists them in the order they are asked, and nothing else
names them. A patient's answers are one mapping, item id to "add" or "skip", so adding, removing
or reordering a question is an edit of checklist.yml alone. model: the items and the answers;
loader: reads checklist.yml; replies: the question, the result and the "no question open" note.
"""

from bot.checklist.loader import CHECKLIST_PATH, get_checklist, load_checklist
from bot.checklist.model import ADD, SKIP, Checklist, Item
from bot.checklist.replies import (
    ADD_PAYLOAD,
    SKIP_PAYLOAD,
    STOP_PAYLOAD,
    no_question_reply,
    question_reply,
    result_reply,
)

__all__ = [
    "ADD",
    "ADD_PAYLOAD",
    "CHECKLIST_PATH",
    "SKIP",
    "SKIP_PAYLOAD",
    "STOP_PAYLOAD",
    "Checklist",
    "Item",
    "get_checklist",
    "load_checklist",
    "no_question_reply",
    "question_reply",
    "result_reply",
]

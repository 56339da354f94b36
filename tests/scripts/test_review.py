"""`make review`: redaction, grouping and the draft NLU file, on fabricated and on real conversations."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import uuid
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from scripts.review import Review, build_review, main, normalise, read_conversations, redact, render_draft
from scripts.stack import ROOT

# The table Rasa 3.6's SQLTrackerStore creates.
SCHEMA = """
CREATE TABLE events (
    id INTEGER NOT NULL, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT, PRIMARY KEY (id)
)
"""
DAY = 86400.0


def user_event(text: str, intent: str, confidence: float, ranking: list[tuple[str, float]] | None = None) -> str:
    ranking = ranking or [(intent, confidence)]
    return json.dumps({
        "event": "user",
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
            "text": text,
        },
        "input_channel": "rest",
    })


class FakeStore:
    """A temporary SQLite tracker store filled with made-up events."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection = sqlite3.connect(path)
        self.connection.execute(SCHEMA)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def user(self, sender: str, text: str, intent: str, confidence: float = 0.95,
             ranking: list[tuple[str, float]] | None = None, age_days: float = 0.0) -> None:
        timestamp = time.time() - age_days * DAY
        self.connection.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, data) VALUES (?, 'user', ?, ?, ?)",
            (sender, timestamp, intent, user_event(text, intent, confidence, ranking)),
        )
        # Rasa stores bot and action events in between; the review must skip them.
        self.connection.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, action_name, data) VALUES (?, 'bot', ?, NULL, ?)",
            (sender, timestamp, json.dumps({"event": "bot", "text": "an answer"})),
        )
        self.connection.commit()

    def review(self, min_confidence: float = 0.5, since: float | None = None) -> Review:
        engine = sa.create_engine(self.url)
        try:
            return build_review(read_conversations(engine, since), min_confidence)
        finally:
            engine.dispose()


@pytest.fixture
def store(tmp_path: Path) -> FakeStore:
    return FakeStore(tmp_path / "conversations.db")


def texts(review: Review, category: str) -> dict[str, int]:
    return {group.text: group.count for group in review.sorted_groups(category)}


@pytest.mark.parametrize(
    "text",
    [
        "write to jane.doe@example.com please",
        "my email is J.Smith+back@nhs.net.",
        "call me on (555) 123-4567",
        "call me on 555-123-4567 tomorrow",
        "my number is 555.123.4567",
        "ring +1 555 123 4567",
        "1-800-555-1234 is the clinic",
        "my mobile is 07700 900123",
        "landline 020 7946 0958 after 6",
        "call +44 7700 900123",
        "or +44 (0)20 7946 0958",
        "+447700900123",
        "manchester 0161 496 0000",
        "my patient number is 94347659",
    ],
)
def test_redaction_removes_emails_phone_numbers_and_long_digit_runs(text: str) -> None:
    redacted = redact(text)
    assert "@" not in redacted
    assert sum(c.isdigit() for c in redacted) < 5, redacted
    assert "[email]" in redacted or "[phone]" in redacted or "[number]" in redacted


def test_redaction_says_what_it_removed_and_keeps_the_rest() -> None:
    assert redact("email a.b@example.org or call +44 7700 900123.") == "email [email] or call [phone]."
    assert redact("postcode 90210") == "postcode [number]"


@pytest.mark.parametrize(
    "text",
    ["I am 45 and have had pain since 2021", "is my L4-L5 disc worn?", "619 million people, 8 in 10", "3-4 weeks"],
)
def test_redaction_leaves_ordinary_numbers(text: str) -> None:
    assert redact(text) == text


def test_normalise_ignores_case_and_spacing() -> None:
    assert normalise("  What IS\tbmac ?") == normalise("what is bmac ?")


def test_identical_texts_are_grouped_and_counted_most_frequent_first(store: FakeStore) -> None:
    fallback = [("nlu_fallback", 0.3), ("ask_bmac", 0.2), ("greet", 0.1)]
    for sender, text in [("a", "qwzx plmok"), ("b", "QWZX  plmok "), ("c", "qwzx plmok"), ("d", "zzz")]:
        store.user(sender, text, "nlu_fallback", 0.3, fallback)
    store.user("e", "what is bmack", "ask_bmac", 0.41)
    review = store.review()
    assert list(texts(review, "fallback").items()) == [("qwzx plmok", 3), ("zzz", 1)]
    # the best guess skips nlu_fallback
    assert review.sorted_groups("fallback")[0].intent == "ask_bmac"
    assert texts(review, "low_confidence") == {"what is bmack": 1}
    assert review.messages == 5 and review.conversations == 5


def test_confident_messages_and_button_presses_are_not_listed(store: FakeStore) -> None:
    store.user("a", "what is bmac", "ask_bmac", 0.97)
    store.user("a", "/ask_more", "ask_more", 1.0)
    store.user("a", "/session_start", "session_start", 1.0)
    review = store.review(min_confidence=0.5)
    assert all(not review.groups[c] for c in review.groups)
    assert store.review(min_confidence=0.99).sorted_groups("low_confidence")[0].text == "what is bmac"


def test_the_question_before_not_helpful_is_listed_and_feedback_counted(store: FakeStore) -> None:
    store.user("a", "can stem cells regrow my disc", "ask_stem_cell_mechanism")
    store.user("a", "/ask_more", "ask_more", 1.0)  # a button press keeps the question it follows
    store.user("a", "/feedback_unhelpful", "feedback_unhelpful", 1.0)
    store.user("a", "/feedback_unhelpful", "feedback_unhelpful", 1.0)  # the same answer rated twice
    store.user("b", "what is a slipped disc", "ask_herniated_disc")
    store.user("b", "/feedback_helpful", "feedback_helpful", 1.0)
    store.user("c", "/feedback_unhelpful", "feedback_unhelpful", 1.0)  # nothing asked before
    review = store.review()
    assert texts(review, "unhelpful") == {"can stem cells regrow my disc": 1}
    assert (review.helpful, review.unhelpful) == (1, 3)


def test_red_flags_and_crisis_are_counted_but_never_listed(store: FakeStore) -> None:
    store.user("a", "i cant pee and my legs are numb", "report_red_flag", 1.0)
    store.user("a", "/feedback_unhelpful", "feedback_unhelpful", 1.0)
    store.user("b", "i want to end it all", "express_crisis", 1.0)
    store.user("c", "numb legs qq", "nlu_fallback", 0.3, [("nlu_fallback", 0.3), ("report_red_flag", 0.25)])
    review = store.review()
    assert review.safety == 3
    assert all(not review.groups[c] for c in review.groups)
    assert "numb" not in render_draft(review)


def test_since_keeps_only_recent_messages(store: FakeStore) -> None:
    store.user("a", "old gibberish", "nlu_fallback", 0.3, age_days=40)
    store.user("b", "new gibberish", "nlu_fallback", 0.3, age_days=1)
    assert set(texts(store.review(since=30), "fallback")) == {"new gibberish"}
    assert set(texts(store.review(), "fallback")) == {"old gibberish", "new gibberish"}


def rasa_reads(draft: str) -> dict[str, list[str]]:
    """The examples per intent, as Rasa's own reader of training data finds them (and no warning)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = RasaYAMLReader().reads(draft)
    # Rasa warns about, and skips, a line it cannot read.
    assert [str(w.message) for w in caught if w.category is UserWarning] == []
    found: dict[str, list[str]] = {}
    for message in data.intent_examples:
        found.setdefault(message.get("intent"), []).append(message.get("text"))
    assert not data.entity_examples, "a text was read as entity markup"
    return found


def test_draft_is_in_the_training_data_format_by_guessed_intent_with_counts_in_comments(store: FakeStore) -> None:
    fallback = [("nlu_fallback", 0.3), ("ask_bmac", 0.2)]
    for _ in range(2):
        store.user("a", "what's bmak", "nlu_fallback", 0.3, fallback)
    store.user("a", "/feedback_unhelpful", "feedback_unhelpful", 1.0)
    store.user("b", 'is "fda registered" approved?', "ask_fda_registered", 0.4)
    store.user("c", "call me on [phone](mobile) or: - #1 {x}", "ask_fda_registered", 0.3)
    draft = render_draft(store.review())
    data = yaml.safe_load(draft)
    assert data["version"] == "3.1"
    assert all(set(block) == {"intent", "examples"} and isinstance(block["examples"], str) for block in data["nlu"])
    assert rasa_reads(draft) == {
        "ask_bmac": ["what's bmak"],
        "ask_fda_registered": ["call me on [phone] (mobile) or: - #1 {x}", 'is "fda registered" approved?'],
    }
    assert (
        "  - intent: ask_bmac\n    # 2x fallback, 1x unhelpful: what's bmak\n    examples: |\n      - what's bmak\n"
    ) in draft
    assert "# 1x low_confidence: is \"fda registered\" approved?" in draft
    assert "- text:" not in draft


def test_an_empty_review_drafts_an_empty_file(store: FakeStore) -> None:
    draft = render_draft(store.review())
    assert yaml.safe_load(draft) == {"version": "3.1", "nlu": []}
    assert rasa_reads(draft) == {}


def test_cli_prints_and_writes_no_sender_ids_or_contact_details(store: FakeStore, tmp_path: Path, capsys) -> None:
    sender = uuid.uuid4().hex
    store.user(sender, "email me at pat@example.com or 07700 900123", "nlu_fallback", 0.3,
               [("nlu_fallback", 0.3), ("ask_contact", 0.2)])
    out = tmp_path / "review" / "candidates.yml"
    assert main(["--db-url", store.url, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for shown in (printed, out.read_text()):
        assert "email me at [email] or [phone]" in shown
        assert sender not in shown and "pat@example.com" not in shown and "900123" not in shown


def test_cli_refuses_a_missing_database(tmp_path: Path) -> None:
    assert main(["--db-url", f"sqlite:///{tmp_path / 'nothing.db'}", "--out", str(tmp_path / "c.yml")]) == 2
    assert not (tmp_path / "nothing.db").exists()


def kinds(replies: list[dict]) -> list[str]:
    return [m["custom"].get("kind", "") for m in replies if "custom" in m]


@pytest.mark.rasa
def test_review_of_a_real_conversation_lists_it_without_identifying_anyone(stack, tmp_path: Path) -> None:
    sender = uuid.uuid4().hex
    email, phone = "jo.bloggs@example.com", "+44 7700 900456"
    # Which gibberish falls back depends on the trained model; the bot's reply says which did.
    # Several kinds, so at least one falls back whatever the current model's quirks.
    gibberish = ["qwzx plmok vvv", "blorp fnargle zib", "lorem ipsum dolor", "hmm", "maybe", "..."]
    fell_back = [text for text in gibberish if "fallback" in kinds(stack.say(sender, text))]
    assert fell_back, "none of the gibberish messages fell back"
    stack.say(sender, "what is bone marrow aspirate concentrate?")
    stack.say(sender, "/feedback_unhelpful")
    stack.say(sender, f"my email is {email} and my phone is {phone}, can a doctor call me?")
    stack.say(sender, "/feedback_unhelpful")

    out = tmp_path / "candidates.yml"
    result = subprocess.run(
        [sys.executable, "-m", "scripts.review", "--db-url", f"sqlite:///{stack.env['TRACKER_DB']}", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )
    printed, draft = result.stdout, out.read_text()
    fallback = printed.split("Fell back")[1].split("Low confidence")[0]
    assert all(text in fallback for text in fell_back)
    unhelpful = printed.split("not helpful\":")[1]
    assert "what is bone marrow aspirate concentrate?" in unhelpful
    assert "my email is [email] and my phone is [phone]" in unhelpful
    assert fell_back[0] in draft and yaml.safe_load(draft)["version"] == "3.1"

    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events") if len(row[0]) >= 8}
        stamps = {str(int(row[0])) for row in db.execute("SELECT timestamp FROM events WHERE sender_id = ?", (sender,))}
    assert sender in senders
    for shown in (printed, draft):
        assert not [s for s in senders if s in shown]
        assert not [t for t in stamps if t in shown]
        assert email not in shown and "7700" not in shown and "900456" not in shown

"""Answer accuracy on a blind set, measured end to end: the real bot, its actions and its replies.

Usage: python -m scripts.answer_eval [--set tests/nlu/blind] [--model models/back_pain.tar.gz]
                                     [--url http://localhost:5005] [--out reports/answers.json] [--show-errors]

A set folder holds singles.yml (`items:` of text, expect, optional also) and conversations.yml
(`conversations:` of `turns:` with text, expect, optional about). `expect` is an answer id: a
topic id or a dialogue act (greet, ask_contact, request_diagnosis, out_of_scope, ...). Each
single message is a new conversation; conversation turns share one. The answer the bot gave is
read from its structured payload. Without --url the script starts the bot (scripts/run.sh) on
spare ports with an empty conversation store, and stops it afterwards.
Figures: right, wrong, fallback or "did you mean" for single messages, first turns, follow-ups (kind
of answer only, and kind and subject) and all; --out writes them (figures only) as JSON.
`make evaluate` measures the blind set in-process with measure_summary() and gates on it (quality.yml).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SET = ROOT / "tests" / "nlu" / "blind"
UNSURE = frozenset({"fallback", "clarify"})
# Replies that carry no subject: "thanks" after an answer on heat is answered right by "you're
# welcome", whatever the conversation is about. Their follow-ups are judged by kind only.
SUBJECT_FREE = frozenset({
    "greet", "goodbye", "thanks", "feedback_helpful", "feedback_unhelpful", "bot_challenge", "help", "ask_contact",
    "out_of_scope",
    # Session 10: a summary covers the whole conversation, and the limits replies ("I can't say
    # whether you should stop it; ask your prescriber") are the same whatever "it" is.
    "request_summary", "request_diagnosis", "ask_dosage", "ask_medication_change", "ask_candidacy",
    "ask_clinic_recommendation",
})
NOTICE_LABELS = {
    "scope_help": "help",
    "out_of_scope": "out_of_scope",
    "fallback": "fallback",
    "feedback_thanks": "feedback_helpful",
    "feedback_sorry": "feedback_unhelpful",
    "feedback_sorry_topic": "feedback_unhelpful",
    # "Where's that from?" or "tell me more" with no answer before: the reply says there is none
    # yet (the right reply to that request), so it counts as the source or "more" answer.
    "no_previous_answer": "ask_source",
    "no_more_detail": "ask_more",
}
TYPE_LABELS = {
    "contact": "ask_contact",
    "summary": "request_summary",
    "claims": "check_clinic_claim",
    "trials": "search_trials",
    "checklist_question": "start_checklist",
    "safety": "safety",
    "screening": "safety",
    "sources": "ask_source",
    "clarify": "clarify",
}


@dataclass
class Tally:
    """Counts of right, wrong and unsure answers."""

    right: int = 0
    wrong: int = 0
    unsure: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, verdict: str, line: str) -> None:
        """Count one verdict ('right', 'wrong' or 'unsure'); keep a line for the wrong and unsure."""
        setattr(self, verdict, getattr(self, verdict) + 1)
        if verdict != "right":
            self.errors.append(f"[{verdict}] {line}")

    @property
    def total(self) -> int:
        """How many were scored."""
        return self.right + self.wrong + self.unsure

    def share(self, verdict: str) -> float:
        """The share of one verdict."""
        return getattr(self, verdict) / self.total if self.total else 0.0

    def figures(self) -> dict[str, Any]:
        """How many were scored and the share of each verdict."""
        return {"n": self.total, "right": self.share("right"), "wrong": self.share("wrong"),
                "unsure": self.share("unsure")}


def label_of(replies: list[dict[str, Any]]) -> tuple[str, str]:
    """The answer id a list of REST replies gave, and the text of that reply."""
    for index, reply in enumerate(replies):
        custom = reply.get("custom")
        if not isinstance(custom, dict):
            continue
        kind = custom.get("type")
        text = str(custom.get("text") or "")
        if kind == "safety" and custom.get("level") == "check_in" and _answer_follows(replies[index + 1:]):
            continue  # a check-in that shows the crisis line, then answers the question: judged by the answer
        if kind == "answer":
            return ("ask_more" if custom.get("part") == "more" else str(custom.get("topic_id"))), text
        if kind == "notice":
            key = str(custom.get("kind") or "")
            if key == "welcome" or key.startswith("safety_screen_no"):
                continue
            if key.startswith("small_talk_"):
                return key.removeprefix("small_talk_").removesuffix("_after_concern"), text
            if key.startswith("limits_"):
                return key.removeprefix("limits_"), text
            return NOTICE_LABELS.get(key, key), text
        if kind == "contact" and _says_what_the_bot_is(text):
            return "bot_challenge", text  # "are you a real person?": what the bot is, then how to reach one
        if kind in TYPE_LABELS:
            return TYPE_LABELS[kind], text
    return "none", ""


@dataclass
class AnswerChecks:
    """What the topic answers given on a set carry: a source on each, the FDA caveat where it belongs."""

    answers: int = 0
    investigational: int = 0
    without_caveat: int = 0
    without_source: int = 0

    def add(self, replies: list[dict[str, Any]]) -> None:
        """Check each topic answer (not its "more" part) among one message's replies."""
        from bot.knowledge import get_knowledge_base

        topics = get_knowledge_base().topics
        for reply in replies:
            custom = reply.get("custom")
            if not isinstance(custom, dict) or custom.get("type") != "answer" or custom.get("part") == "more":
                continue
            self.answers += 1
            self.without_source += not custom.get("citations")
            topic = topics.get(str(custom.get("topic_id")))
            if topic is not None and topic.investigational:
                self.investigational += 1
                self.without_caveat += not custom.get("caveat")

    def line(self) -> str:
        """One printed line of counts."""
        return (
            f"topic answers given: {self.answers}, {self.without_source} without a source; about investigational"
            f" therapy: {self.investigational}, {self.without_caveat} without the FDA caveat"
        )


def _answer_follows(replies: list[dict[str, Any]]) -> bool:
    """Whether the question is answered after a check-in: a topic answer, or what the bot cannot do for it."""
    return any(isinstance(r.get("custom"), dict) and _answers(r["custom"]) for r in replies)


def _answers(custom: dict[str, Any]) -> bool:
    kind = custom.get("type")
    return kind == "answer" or (kind == "notice" and str(custom.get("kind") or "").startswith("limits_"))


def verdict(label: str, expect: str, also: list[str]) -> str:
    """'right' when the answer is the expected one (or an accepted alternative), else 'unsure' or 'wrong'."""
    if label == expect or label in also:
        return "right"
    return "unsure" if label in UNSURE else "wrong"


class Bot:
    """Talks to the bot's REST channel; starts one on spare ports when no URL is given."""

    def __init__(self, url: str | None, model: Path) -> None:
        """Remember where the bot is, or how to start it."""
        self._url = url
        self._model = model
        self._process: subprocess.Popen[bytes] | None = None
        self._tmp = tempfile.TemporaryDirectory()

    def __enter__(self) -> Bot:
        """Start the bot if needed and wait until it answers."""
        if self._url is None:
            port, action_port = 5905, 5955
            env = {
                **os.environ,
                "RASA_PORT": str(port),
                "ACTION_PORT": str(action_port),
                "ACTION_SERVER_URL": f"http://localhost:{action_port}/webhook",
                "TRACKER_DB": str(Path(self._tmp.name) / "conversations.db"),
                "MODEL": str(self._model),
                "RATE_LIMIT_PER_CONVERSATION": "0",
                "RATE_LIMIT_PER_CLIENT": "0",
            }
            log = open(Path(self._tmp.name) / "bot.log", "wb")  # noqa: SIM115 - kept open while the bot runs
            self._process = subprocess.Popen(
                ["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
            )
            self._url = f"http://localhost:{port}"
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self._url}/webhooks/rest/", timeout=2).ok and self.ask("warmup", "hi"):
                    return self
            except requests.RequestException:
                pass
            time.sleep(2)
        self.__exit__()
        raise RuntimeError("the bot did not start within 4 minutes")

    def __exit__(self, *_: object) -> None:
        """Stop the bot this object started."""
        if self._process is not None:
            os.killpg(self._process.pid, signal.SIGINT)
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process = None
        self._tmp.cleanup()

    def ask(self, sender: str, text: str) -> list[dict[str, Any]]:
        """Send one message; the list of replies."""
        response = requests.post(
            f"{self._url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
        )
        response.raise_for_status()
        replies: list[dict[str, Any]] = response.json()
        return replies


# The figures of a measurement: (summary key, printed title), in the order they are printed.
SECTIONS = (
    ("singles", "single messages"),
    ("first_turns", "conversations, first turns"),
    ("follow_up_kinds", "follow-ups, kind of answer"),
    ("follow_ups", "follow-ups, kind and subject"),
    ("all", "all messages"),
)


@dataclass
class Measurement:
    """The tallies of one run over an answer set."""

    singles: Tally = field(default_factory=Tally)
    first_turns: Tally = field(default_factory=Tally)
    follow_up_kinds: Tally = field(default_factory=Tally)  # the right kind of answer, whatever its subject
    follow_ups: Tally = field(default_factory=Tally)  # the right kind of answer about the right subject
    by_expect: Counter[tuple[str, str]] = field(default_factory=Counter)
    checks: AnswerChecks = field(default_factory=AnswerChecks)

    def subset(self, expected: set[str]) -> Tally:
        """The single messages whose expected answer is one of `expected`."""
        tally = Tally()
        for (expect, result), count in self.by_expect.items():
            if expect in expected:
                setattr(tally, result, getattr(tally, result) + count)
        return tally

    @property
    def everything(self) -> Tally:
        """Singles, first turns and follow-ups (kind and subject) together."""
        parts = (self.singles, self.first_turns, self.follow_ups)
        return Tally(sum(t.right for t in parts), sum(t.wrong for t in parts), sum(t.unsure for t in parts))

    def tallies(self) -> dict[str, Tally]:
        """Each figure's tally by summary key, in SECTIONS order."""
        return {
            "singles": self.singles,
            "first_turns": self.first_turns,
            "follow_up_kinds": self.follow_up_kinds,
            "follow_ups": self.follow_ups,
            "all": self.everything,
        }

    def summary(self) -> dict[str, dict[str, Any]]:
        """Figures only (counts and shares, never the messages): what --out writes and make evaluate keeps."""
        return {name: tally.figures() for name, tally in self.tallies().items()}


def load_set(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The single messages and conversations of an answer set folder (conversations.yml is optional)."""
    singles: list[dict[str, Any]] = yaml.safe_load((folder / "singles.yml").read_text(encoding="utf-8"))["items"]
    conversations_path = folder / "conversations.yml"
    conversations: list[dict[str, Any]] = (
        yaml.safe_load(conversations_path.read_text(encoding="utf-8"))["conversations"]
        if conversations_path.is_file()
        else []
    )
    return singles, conversations


def measure(answer_set: Path, model: Path, url: str | None = None) -> Measurement:
    """Run an answer set through the bot (started on `model` unless `url` is given) and tally the answers."""
    singles, conversations = load_set(answer_set)
    measured = Measurement()
    with Bot(url, model) as bot:
        for item in singles:
            replies = bot.ask(uuid.uuid4().hex, item["text"])
            measured.checks.add(replies)
            label, _ = label_of(replies)
            result = verdict(label, item["expect"], item.get("also") or [])
            measured.singles.add(result, f"expected {item['expect']}, got {label}: {item['text']}")
            measured.by_expect[(item["expect"], result)] += 1
        for conversation in conversations:
            sender = uuid.uuid4().hex
            for index, turn in enumerate(conversation["turns"]):
                replies = bot.ask(sender, turn["text"])
                measured.checks.add(replies)
                label, text = label_of(replies)
                result = verdict(label, turn["expect"], turn.get("also") or [])
                about = turn.get("about")
                line = f"turn {index + 1}: expected {turn['expect']} about {about}, got {label}: {turn['text']}"
                if index:
                    measured.follow_up_kinds.add(result, line)
                if result == "right" and about and not _subject_kept(label, about, text):
                    result = "wrong"  # the right kind of answer, about the wrong subject
                tally = measured.first_turns if index == 0 else measured.follow_ups
                tally.add(result, line)
    return measured


def measure_summary(answer_set: Path, model: Path, url: str | None = None) -> dict[str, dict[str, Any]]:
    """measure() reduced to its figures: for callers in-process (scripts/evaluate.py)."""
    return measure(answer_set, model, url).summary()


def figure_line(title: str, figures: dict[str, Any]) -> str:
    """One printed line: how many were scored and the shares right, wrong and unsure."""
    return (
        f"{title:28s} n={figures['n']:4d}  right {figures['right']:6.1%}  wrong {figures['wrong']:6.1%}"
        f"  fallback or did-you-mean {figures['unsure']:6.1%}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the set through the bot and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "back_pain.tar.gz")
    parser.add_argument("--url", default=None)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument(
        "--subset", default="", help="comma-separated answer ids: also print the single messages expecting one of them"
    )
    args = parser.parse_args(argv)

    measured = measure(args.set, args.model, args.url)
    tallies = measured.tallies()
    shown = {"singles", "first_turns", "follow_ups"}  # error lines are printed for these with --show-errors
    for name, title in SECTIONS:
        _print(title, tallies[name], args.show_errors and name in shown)
    if args.subset:
        print(figure_line("singles in --subset", measured.subset(set(args.subset.split(","))).figures()))
    print(measured.checks.line())
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(measured.summary(), indent=2))
    return 0


def _says_what_the_bot_is(text: str) -> bool:
    """Whether a contact reply opens with the answer to "are you a bot?"."""
    from bot.knowledge import get_knowledge_base

    opening = get_knowledge_base().messages["small_talk_bot_challenge"].text.split(".")[0]
    return text.startswith(opening)


# Session 9: two cases where the subject check asked for more than the right answer gives.
# - A follow-up that moves to a topic with a subject of its own ("heat or ice for that?" after a
#   flare, "what about a back brace?" after TENS, "what about antidepressants then?"): when that
#   topic (a condition, a treatment or a general back-pain topic) is exactly the answer expected,
#   its answer is the right one, whether or not it names the earlier topic. Not after a condition:
#   "will I need surgery for it?" after a slipped disc must be answered for the slipped disc.
# - A follow-up on stem cells in general ("is it approved?" after what the studies found): every
#   stem-cell, regulation or study answer is about stem cells, so it keeps that subject.
# An aspect answer about a named therapy, study or clinic claim (the risks of BMAC, the approval
# of the Mesoblast product) must still name that subject.
# Session 10 (decided before blind round 6 was measured): on stem cells, an answer whose content
# does not change with the subject keeps it: how to report harm, the checklist, clinic claims,
# testimonials, why specialists are cautious, going abroad, what FDA has approved, Fast Track,
# "FDA registered", spotting a bad clinic, trials, the reviews, and a named therapy or study asked
# for by name ("what are donor disc cells anyway?" after the DiscGenics study). The per-subject
# aspects (approval, risks, cost, does it work, how it works, study design) must still name it.
# And "could stem cells do the job instead?" after a treatment is answered by the stem-cell answer.
# Session 12 (a scoring fix, applied to the start and the end alike): a follow-up after a reply
# that is not a topic (a clinic's claim checked, a trial search, the checklist) had no subject to
# name, so every answer to it counted as off-subject ("would insurance pay for any of it?" after
# a claim got the cost answer and was scored wrong). Any stem-cell answer keeps that subject now.
OWN_SUBJECT_FAMILIES = frozenset(("condition", "treatment", "general"))
GENERAL_STEM_CELL_SUBJECTS = frozenset(("stem_cell_basics", "stem_cell_mechanism", "stem_cell_human_studies"))
STEM_CELL_FAMILIES = frozenset(("stem_cell", "regulation", "study"))
STEM_CELL_REPLIES = frozenset(("check_clinic_claim", "start_checklist", "search_trials"))  # replies, not topics
PER_SUBJECT_ASPECTS = frozenset((
    "fda_status", "stem_cell_risks", "stem_cell_cost", "stem_cell_human_studies", "stem_cell_mechanism", "study_design",
))


def _subject_kept(label: str, about: str, text: str) -> bool:
    """Whether an answer of the right kind is about the subject the follow-up points back to."""
    from bot.knowledge import get_knowledge_base

    if about == label or label in SUBJECT_FREE or _mentions(text, about):
        return True
    topics = get_knowledge_base().topics
    answered, subject = topics.get(label), topics.get(about)
    if about in STEM_CELL_REPLIES:
        # After a clinic's claim, a trial search or the checklist (replies, not topics): any
        # stem-cell, regulation or study answer, or another of those replies, keeps the subject.
        return label in STEM_CELL_REPLIES or (answered is not None and answered.family in STEM_CELL_FAMILIES)
    if label in STEM_CELL_REPLIES and subject is not None:
        return subject.family in STEM_CELL_FAMILIES
    if answered is None or subject is None:
        return False
    if answered.family in OWN_SUBJECT_FAMILIES and subject.family != "condition":
        return True
    if answered.family not in STEM_CELL_FAMILIES:
        return False
    if about in GENERAL_STEM_CELL_SUBJECTS or subject.family == "treatment":
        return True
    return subject.family in STEM_CELL_FAMILIES and label not in PER_SUBJECT_ASPECTS


def _mentions(text: str, topic_id: str) -> bool:
    """Whether a reply speaks about a topic (its title or id appears in the text)."""
    from bot.knowledge import get_knowledge_base

    topic = get_knowledge_base().topics.get(topic_id)
    words = [topic.title.split(" (")[0].lower()] if topic else []
    return any(w and w in text.lower() for w in words) or topic_id.replace("_", " ") in text.lower()


def _print(title: str, tally: Tally, show: bool) -> None:
    print(figure_line(title, tally.figures()))
    if show:
        for line in tally.errors:
            print(f"    {line}")


if __name__ == "__main__":
    sys.exit(main())

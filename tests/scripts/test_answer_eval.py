"""scripts/answer_eval.py: scoring an answer set, in-process and from the command line, with a canned bot.

The set here is a tiny made-up one; the real sets (tests/nlu/blind/, tests/nlu/dev_answers/) are not read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import answer_eval


def answer(topic: str, text: str = "") -> list[dict[str, Any]]:
    return [{"custom": {"type": "answer", "topic_id": topic, "text": text}}]


FALLBACK = [{"custom": {"type": "notice", "kind": "fallback", "text": "Could you say that another way?"}}]
# What the canned bot replies to each message.
REPLIES = {
    "q right": answer("sciatica"),
    "q also": answer("herniated_disc"),
    "q wrong": answer("imaging"),
    "q unsure": FALLBACK,
    "c1 first": answer("herniated_disc", "A herniated disc is ..."),
    "c1 about it": answer("surgery", "Surgery for a herniated disc is ..."),  # right kind, right subject
    "c1 cost": answer("surgery", "Surgery in general is ..."),  # right kind, subject not mentioned
    "c2 first": FALLBACK,
    "c2 thanks": [{"custom": {"type": "notice", "kind": "small_talk_thanks", "text": "You're welcome."}}],
}


def write_set(folder: Path, with_conversations: bool = True) -> Path:
    folder.mkdir()
    singles = [
        {"text": "q right", "expect": "sciatica"},
        {"text": "q also", "expect": "sciatica", "also": ["herniated_disc"]},
        {"text": "q wrong", "expect": "sciatica"},
        {"text": "q unsure", "expect": "sciatica"},
    ]
    conversations = [
        {"turns": [
            {"text": "c1 first", "expect": "herniated_disc"},
            {"text": "c1 about it", "expect": "surgery", "about": "herniated_disc"},
            {"text": "c1 cost", "expect": "surgery", "about": "herniated_disc"},
        ]},
        {"turns": [
            {"text": "c2 first", "expect": "sciatica"},
            {"text": "c2 thanks", "expect": "thanks", "about": "sciatica"},  # no subject to speak of: kind only
        ]},
    ]
    (folder / "singles.yml").write_text(yaml.safe_dump({"items": singles}))
    if with_conversations:
        (folder / "conversations.yml").write_text(yaml.safe_dump({"conversations": conversations}))
    return folder


class CannedBot:
    """Stands in for answer_eval.Bot: replies from REPLIES, remembers who asked what."""

    started: list[tuple[str | None, Path]] = []

    def __init__(self, url: str | None, model: Path) -> None:
        CannedBot.started.append((url, model))
        self.asked: list[tuple[str, str]] = []

    def __enter__(self) -> CannedBot:
        return self

    def __exit__(self, *_: object) -> None:
        pass

    def ask(self, sender: str, text: str) -> list[dict[str, Any]]:
        self.asked.append((sender, text))
        return REPLIES[text]


@pytest.fixture
def canned_bot(monkeypatch):
    CannedBot.started = []
    monkeypatch.setattr(answer_eval, "Bot", CannedBot)
    return CannedBot


def test_measure_tallies_singles_first_turns_and_follow_ups(tmp_path, canned_bot):
    measured = answer_eval.measure(write_set(tmp_path / "set"), tmp_path / "m.tar.gz")
    assert canned_bot.started == [(None, tmp_path / "m.tar.gz")]
    tallies = measured.tallies()
    counts = {name: (t.right, t.wrong, t.unsure) for name, t in tallies.items()}
    assert counts == {
        "singles": (2, 1, 1),
        "first_turns": (1, 0, 1),
        "follow_up_kinds": (3, 0, 0),  # all follow-ups got the right kind of answer
        "follow_ups": (2, 1, 0),  # one of them not about the subject of the conversation; "thanks" has none
        "all": (5, 2, 2),
    }
    assert measured.singles.errors == [
        "[wrong] expected sciatica, got imaging: q wrong", "[unsure] expected sciatica, got fallback: q unsure"
    ]


def test_the_summary_holds_figures_only(tmp_path, canned_bot):
    summary = answer_eval.measure_summary(write_set(tmp_path / "set"), tmp_path / "m.tar.gz")
    assert [name for name, _ in answer_eval.SECTIONS] == list(summary)
    assert summary["singles"] == {"n": 4, "right": 0.5, "wrong": 0.25, "unsure": 0.25}
    assert summary["follow_ups"] == {"n": 3, "right": 2 / 3, "wrong": 1 / 3, "unsure": 0.0}
    assert "q wrong" not in json.dumps(summary)  # no message of the set


def test_a_set_without_conversations_measures_singles_only(tmp_path, canned_bot):
    summary = answer_eval.measure_summary(write_set(tmp_path / "set", with_conversations=False), tmp_path / "m")
    assert summary["singles"]["n"] == 4
    assert summary["follow_ups"] == {"n": 0, "right": 0.0, "wrong": 0.0, "unsure": 0.0}


def test_the_command_prints_the_same_figures_and_writes_them(tmp_path, canned_bot, capsys):
    out = tmp_path / "reports" / "answers.json"
    options = ["--set", str(write_set(tmp_path / "set")), "--url", "http://localhost:1", "--out", str(out)]
    assert answer_eval.main([*options, "--show-errors"]) == 0
    assert canned_bot.started[0][0] == "http://localhost:1"
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "single messages              n=   4  right  50.0%  wrong  25.0%  fallback or did-you-mean  25.0%"
    )
    assert lines[1:3] == [
        "    [wrong] expected sciatica, got imaging: q wrong", "    [unsure] expected sciatica, got fallback: q unsure"
    ]
    assert [line.split(" n=")[0].strip() for line in lines if " n=" in line] == [
        title for _, title in answer_eval.SECTIONS
    ]
    assert json.loads(out.read_text()) == answer_eval.measure_summary(tmp_path / "set", tmp_path / "m")
    assert answer_eval.main(options) == 0
    assert not any(line.startswith("    [") for line in capsys.readouterr().out.splitlines())  # no --show-errors


def test_the_contact_card_that_answers_are_you_a_bot_counts_as_that_answer():
    from bot.knowledge import get_knowledge_base

    opening = get_knowledge_base().messages["small_talk_bot_challenge"].text
    card = [{"custom": {"type": "contact", "text": f"{opening} To talk to a person, please call the clinic."}}]
    assert answer_eval.label_of(card)[0] == "bot_challenge"
    plain = [{"custom": {"type": "contact", "text": "You can reach the clinic on 555 0100."}}]
    assert answer_eval.label_of(plain)[0] == "ask_contact"


def test_subset_tallies_only_the_singles_expecting_those_answers(tmp_path, canned_bot):
    measured = answer_eval.measure(write_set(tmp_path / "set"), Path("model.tar.gz"))
    subset = measured.subset({"sciatica"})
    assert (subset.right, subset.wrong, subset.unsure) == (2, 1, 1)
    assert measured.subset({"opioids"}).total == 0


def test_a_plain_contact_card_without_a_clinic_stays_ask_contact():
    from bot.knowledge import get_knowledge_base

    text = get_knowledge_base().messages["contact_no_clinic"].text
    assert answer_eval.label_of([{"custom": {"type": "contact", "text": text}}])[0] == "ask_contact"


def test_a_check_in_followed_by_an_answer_is_judged_by_the_answer():
    check_in = {"custom": {"type": "safety", "level": "check_in", "text": "I'll answer your question below."}}
    assert answer_eval.label_of([check_in, *answer("treatment_abroad")])[0] == "treatment_abroad"
    assert answer_eval.label_of([check_in])[0] == "safety"
    limits = {"custom": {"type": "notice", "kind": "limits_ask_medication_change", "text": "I can't advise on that."}}
    assert answer_eval.label_of([check_in, limits])[0] == "ask_medication_change"


@pytest.mark.parametrize(
    ("label", "about", "text", "kept"),
    [
        ("heat_cold", "flare_self_care", "Heat may ease new back pain.", True),  # moved on to a topic of its own
        ("back_braces", "tens", "Belts and braces ...", True),
        ("surgery", "herniated_disc", "Surgery in general ...", False),  # after a condition: must be read for it
        ("surgery", "herniated_disc", "You asked about this for herniated (slipped) disc ...", True),
        # stem cells in general
        ("fda_status", "stem_cell_human_studies", "No stem cell product is approved ...", True),
        ("stem_cell_risks", "bmac", "Safety is not fully known ...", False),  # a named therapy must be named
        ("stem_cell_risks", "bmac", "You asked about bone marrow concentrate (BMAC) ...", True),
        ("thanks", "sciatica", "You're welcome.", True),
        ("request_summary", "herniated_disc", "Here is a summary ...", True),  # the whole conversation
        ("ask_medication_change", "opioids", "I can't say whether to stop ...", True),
        # stem-cell answers that read the same whatever the subject
        ("report_harm", "stem_cell_risks", "Report it to MedWatch ...", True),
        ("check_clinic_claim", "exosomes", "That claim is not true ...", True),
        ("donor_cell_therapy", "study_gornet_2024", "Donor cells come from ...", True),
        ("stem_cell_human_studies", "spinal_fusion", "Small studies ...", True),  # stem cells instead
        ("stem_cell_human_studies", "herniated_disc", "Small studies ...", False),  # for a condition: name it
        ("stem_cell_cost", "bmac", "Clinics charge ...", False),  # a per-subject aspect must name it
        ("report_harm", "sciatica", "Report it to MedWatch ...", False),
        # after a reply that is not a topic (a claim checked, a trial search): any stem-cell answer
        ("stem_cell_cost", "check_clinic_claim", "Clinics charge ...", True),
        ("clinical_trials", "search_trials", "Trials are ...", True),
        ("start_checklist", "check_clinic_claim", "Questions to ask ...", True),
        ("sciatica", "check_clinic_claim", "Sciatica is ...", False),
    ],
)
def test_a_follow_up_answer_keeps_its_subject_when_it_names_it_or_needs_none(label, about, text, kept):
    assert answer_eval._subject_kept(label, about, text) is kept


def test_answers_are_checked_for_a_source_and_the_caveat_where_it_belongs():
    checks = answer_eval.AnswerChecks()
    sourced = {"type": "answer", "topic_id": "sciatica", "citations": [{"title": "NICE"}], "caveat": None}
    therapy = {"type": "answer", "topic_id": "bmac", "citations": [{"title": "FDA"}], "caveat": {"text": "..."}}
    bare_therapy = {"type": "answer", "topic_id": "bmac", "citations": [], "caveat": None}
    more = {"type": "answer", "part": "more", "topic_id": "bmac", "citations": [], "caveat": None}
    for custom in (sourced, therapy, bare_therapy, more):
        checks.add([{"custom": custom}, {"text": "plain text is not an answer"}])
    assert (checks.answers, checks.investigational, checks.without_caveat, checks.without_source) == (3, 2, 1, 1)
    assert "3" in checks.line() and "1 without the FDA caveat" in checks.line()

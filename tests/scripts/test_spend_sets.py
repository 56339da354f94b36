"""scripts/spend_sets.py: spent evaluation sets become training data (tiny made-up sets; the real ones are not read)."""

from __future__ import annotations

import yaml

from bot.safety.corpus import load_corpus
from scripts import spend_sets


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_answer_rounds_give_singles_first_turns_and_new_kinds_of_follow_up_under_their_intents(tmp_path):
    round_dir = tmp_path / "round_x"
    _write(round_dir / "singles.yml", {"items": [
        {"text": "what  even is a slipped disc", "expect": "herniated_disc"},
        {"text": "cheers mate", "expect": "thanks"},
        {"text": "blue thing ok", "expect": "fallback"},
        {"text": "since this morning i cant pee", "expect": "herniated_disc"},
        {"text": "What even is a slipped disc", "expect": "herniated_disc"},
        {"text": "already in the data", "expect": "thanks"},
    ]})
    _write(round_dir / "conversations.yml", {"conversations": [{"turns": [
        {"text": "tell me about bmac", "expect": "bmac"},
        {"text": "is it safe", "expect": "stem_cell_risks", "about": "bmac"},
        {"text": "how long does it last", "expect": "bmac", "about": "bmac"},
    ]}]})
    pairs = spend_sets.labelled_messages(round_dir)
    intent_of = {"herniated_disc": "ask_herniated_disc", "thanks": "thanks", "bmac": "ask_bmac",
                 "stem_cell_risks": "ask_stem_cell_risks", "fallback": "fallback"}
    examples = spend_sets.answer_examples(
        pairs, intent_of, flagged=lambda text: "pee" in text, existing={"already in the data"}
    )
    # the follow-up on the same subject (answered from context), the fallback, the red flag and both
    # duplicates are left out; the follow-up that asks a new kind of answer keeps that kind's intent
    assert examples == {
        "ask_herniated_disc": ["what even is a slipped disc"],
        "thanks": ["cheers mate"],
        "ask_bmac": ["tell me about bmac"],
        "ask_stem_cell_risks": ["is it safe"],
    }
    out = tmp_path / "spent.yml"
    assert spend_sets.write_answers(examples, ["round_x"], out) == 4
    written = yaml.safe_load(out.read_text())
    assert {block["intent"] for block in written["nlu"]} == {
        "ask_herniated_disc", "thanks", "ask_bmac", "ask_stem_cell_risks",
    }


def test_safety_batches_become_corpus_files_the_corpus_loads(tmp_path):
    batch = _write(tmp_path / "batch_1.yml", {"items": [
        {"text": "cant feel my bum since monday", "level": "emergency", "kind": "a"},
        {"text": "what does saddle numbness mean", "level": "info", "kind": "b"},
        {"text": "asking for me", "previous": "how many would be too many", "level": "crisis", "kind": "c"},
        {"text": "no fever, just stiff", "level": "none", "kind": "d"},
    ]})
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    counts = spend_sets.write_safety(spend_sets.safety_messages([batch]), ["batch_1"], corpus_dir)
    assert counts == {"crisis": 1, "emergency": 1, "none": 2}
    examples = {(e.text, e.level, e.previous) for e in load_corpus(corpus_dir).examples}
    assert ("what does saddle numbness mean", "none", "") in examples
    assert ("asking for me", "crisis", "how many would be too many") in examples


def test_safety_batches_are_added_to_what_is_spent_once_each(tmp_path):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    first = _write(tmp_path / "batch_1.yml", {"items": [
        {"text": "cant feel my bum since monday", "level": "emergency", "kind": "a"},
        {"text": "no fever, just stiff", "level": "none", "kind": "d"},
    ]})
    second = _write(tmp_path / "batch_2.yml", {"items": [
        {"text": "legs went floppy an hour ago", "level": "emergency", "kind": "a"},
        {"text": "what is cauda equina", "level": "info", "kind": "b"},
    ]})
    assert spend_sets.add_safety_batches([first], corpus_dir) == (["batch_1"], {"emergency": 1, "none": 1})
    # the first batch's file is gone from the development folder: its messages stay in the corpus
    first.unlink()
    added, counts = spend_sets.add_safety_batches([second], corpus_dir)
    assert (added, counts) == (["batch_2"], {"emergency": 2, "none": 2})
    # naming a batch again adds nothing
    assert spend_sets.add_safety_batches([second], corpus_dir) == ([], {"emergency": 2, "none": 2})
    batches, by_level = spend_sets.spent_safety(corpus_dir)
    assert batches == ["batch_1", "batch_2"]
    assert by_level["emergency"] == ["cant feel my bum since monday", "legs went floppy an hour ago"]
    assert len(load_corpus(corpus_dir).examples) == 4


def test_training_texts_reads_every_example_but_the_output_file(tmp_path):
    data = tmp_path / "nlu"
    _write(data / "a.yml", {"nlu": [{"intent": "greet", "examples": "- Hi  there\n- hello\n"}]})
    out = _write(data / "spent.yml", {"nlu": [{"intent": "greet", "examples": "- yo\n"}]})
    assert spend_sets.training_texts(data, leave_out=out) == {"hi there", "hello"}


def test_follow_ups_with_the_turn_before_them_become_ordinary_second_turns(tmp_path):
    round_dir = tmp_path / "round_x"
    _write(round_dir / "conversations.yml", {"conversations": [
        {"turns": [
            {"text": "how much does bmac cost", "expect": "stem_cell_cost"},
            {"text": "medicare pay any of it?", "expect": "stem_cell_cost", "about": "stem_cell_cost"},
            {"text": "and since this morning i cant pee", "expect": "fallback"},
        ]},
        {"turns": [
            {"text": "how much does bmac cost", "expect": "stem_cell_cost"},
            {"text": "medicare  pay any of it?", "expect": "stem_cell_cost", "about": "stem_cell_cost"},
        ]},
    ]})
    pairs = spend_sets.follow_up_pairs(round_dir)
    assert len(pairs) == 3
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    out = corpus_dir / "none_spent_answer_followups.yml"
    # a pair the rules flag (the red flag, even when only the joined text would) and the repeat are left out
    assert spend_sets.write_follow_ups(pairs, ["round_x"], lambda text: "pee" in text, out) == 1
    examples = {(e.text, e.level, e.previous) for e in load_corpus(corpus_dir).examples}
    assert examples == {("medicare pay any of it?", "none", "how much does bmac cost")}

"""The clinic checklist: reviewed items in file order, questions with buttons, answers, the chosen list."""

from __future__ import annotations

import pytest
import yaml

from bot.checklist import CHECKLIST_PATH, load_checklist, no_question_reply, question_reply, result_reply
from bot.checklist.commands import is_a_question
from bot.knowledge import ContentError, get_knowledge_base

KB = get_knowledge_base()
CHECKLIST = load_checklist(kb=KB)


def test_items_are_asked_in_file_order_and_ask_for_ind_and_nct():
    in_file = [entry["id"] for entry in yaml.safe_load(CHECKLIST_PATH.read_text())["items"]]
    assert [item.id for item in CHECKLIST.items] == in_file
    assert "IND" in CHECKLIST.item("approval").question and "NCT" in CHECKLIST.item("approval").question


def test_first_question_has_the_intro_and_add_skip_stop_buttons():
    reply = question_reply(CHECKLIST, "approval")
    assert reply.text.startswith(CHECKLIST.wording["intro"])
    assert [b.payload for b in reply.buttons] == ["/checklist_add", "/checklist_skip", "/checklist_stop"]
    assert f"Question 2 of {len(CHECKLIST.items)}" in question_reply(CHECKLIST, CHECKLIST.items[1].id).text


def test_result_lists_only_added_questions_with_sources():
    answers = {"approval": "add", "evidence": "skip", "cost": "add"}
    reply = result_reply(KB, CHECKLIST, answers, stopped=False)
    assert reply.custom["questions"] == [CHECKLIST.item("approval").question, CHECKLIST.item("cost").question]
    assert CHECKLIST.item("evidence").question not in reply.text
    assert "Sources:" in reply.text and reply.custom["type"] == "summary"


def test_stopping_early_says_so_and_nothing_added_says_so():
    assert result_reply(KB, CHECKLIST, {"approval": "add"}, stopped=True).text.startswith(
        CHECKLIST.wording["result_stopped"]
    )
    assert result_reply(KB, CHECKLIST, {}, stopped=True).text.startswith(CHECKLIST.wording["result_empty"])


def test_answers_go_to_the_first_open_item_in_file_order():
    first, second, *_ = (item.id for item in CHECKLIST.items)
    assert CHECKLIST.open_item({}).id == first
    answers = CHECKLIST.answer({}, "add")
    assert answers == {first: "add"} and CHECKLIST.answer(answers, "skip") == {first: "add", second: "skip"}
    everything = {item.id: "skip" for item in CHECKLIST.items}
    assert CHECKLIST.open_item(everything) is None and CHECKLIST.answer(everything, "add") == everything
    with pytest.raises(ValueError, match="'add' or 'skip'"):
        CHECKLIST.answer({}, "maybe")


def test_stored_answers_to_items_no_longer_in_the_file_are_ignored():
    stored = {"approval": "add", "removed_question": "add", "cost": "perhaps"}
    assert CHECKLIST.known_answers(stored) == {"approval": "add"}
    assert CHECKLIST.known_answers(None) == {} and CHECKLIST.known_answers("add") == {}


def test_no_question_open_says_so_without_buttons():
    reply = no_question_reply(CHECKLIST)
    assert reply.text == CHECKLIST.wording["no_question_open"] and reply.buttons == ()


def test_reordering_items_in_the_file_reorders_the_questions(tmp_path):
    data = yaml.safe_load(CHECKLIST_PATH.read_text())
    data["items"].reverse()
    reordered = tmp_path / "checklist.yml"
    reordered.write_text(yaml.safe_dump(data))
    checklist = load_checklist(reordered)
    assert [item.id for item in checklist.items] == [item.id for item in reversed(CHECKLIST.items)]
    assert "Question 1 of" in question_reply(checklist, CHECKLIST.items[-1].id).text


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda items: items.append(dict(items[0])), "item id 'approval' is defined twice"),
        (lambda items: items[1].pop("id"), "item without a snake_case 'id'"),
        (lambda items: items[1].update(id="Bad-Id"), "item without a snake_case 'id'"),
        (lambda items: items.clear(), "expected a non-empty 'items:' list"),
        (lambda items: items[2].pop("why"), "product: missing 'why'"),
    ],
)
def test_broken_items_are_rejected_naming_the_file(tmp_path, edit, problem):
    data = yaml.safe_load(CHECKLIST_PATH.read_text())
    edit(data["items"])
    broken = tmp_path / "checklist.yml"
    broken.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError, match=rf"checklist.yml: {problem}"):
        load_checklist(broken)


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("should I skip practice?", True),
        ("can I skip physio this week", True),
        ("skip", False),
        ("skip that one please", False),
        ("add it", False),
        ("i want to stop now", False),
    ],
)
def test_a_question_is_told_from_a_checklist_command(text, question):
    assert is_a_question(text) is question

"""The clinic checklist: reviewed items in form order, questions with buttons, the chosen list."""

from __future__ import annotations

import pytest
import yaml

from bot.checklist import CHECKLIST_PATH, ITEM_IDS, load_checklist, question_reply, result_reply
from bot.knowledge import ContentError, get_knowledge_base

KB = get_knowledge_base()
CHECKLIST = load_checklist(kb=KB)


def test_items_are_the_form_slots_in_order_and_ask_for_ind_and_nct():
    assert tuple(item.id for item in CHECKLIST.items) == ITEM_IDS
    assert "IND" in CHECKLIST.item("approval").question and "NCT" in CHECKLIST.item("approval").question


def test_first_question_has_the_intro_and_add_skip_stop_buttons():
    reply = question_reply(CHECKLIST, "approval")
    assert reply.text.startswith(CHECKLIST.wording["intro"])
    assert [b.payload for b in reply.buttons] == ["/checklist_add", "/checklist_skip", "/checklist_stop"]
    assert "Question 2 of 7" in question_reply(CHECKLIST, "evidence").text


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


def test_items_out_of_form_order_are_rejected(tmp_path):
    data = yaml.safe_load(CHECKLIST_PATH.read_text())
    data["items"].reverse()
    broken = tmp_path / "checklist.yml"
    broken.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError, match="in this order"):
        load_checklist(broken)

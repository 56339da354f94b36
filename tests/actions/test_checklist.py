"""The checklist form's ask actions and its result; the summary includes the chosen questions."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.checklist import ActionChecklistResult, AskApproval, AskCost
from actions.summary import ActionVisitSummary
from bot.checklist import get_checklist
from tests.actions.trackers import make_tracker

CHECKLIST = get_checklist()


@pytest.mark.parametrize(("action", "item"), [(AskApproval, "approval"), (AskCost, "cost")])
async def test_ask_actions_are_named_for_their_slot_and_ask_their_question(dispatcher, action, item):
    assert action().name() == f"action_ask_checklist_{item}"
    await action().run(dispatcher, make_tracker("start_checklist"), {})
    assert CHECKLIST.item(item).question in dispatcher.messages[0]["text"]


async def test_result_after_completing_lists_added_questions(dispatcher):
    slots = {"checklist_approval": "add", "checklist_risks": "add", "checklist_cost": "skip"}
    events = await ActionChecklistResult().run(dispatcher, make_tracker("checklist_skip", slots=slots), {})
    assert events == [SlotSet("requested_slot", None)]
    assert dispatcher.messages[0]["custom"]["questions"] == [
        CHECKLIST.item("approval").question,
        CHECKLIST.item("risks").question,
    ]


async def test_result_after_stopping_says_it_was_stopped(dispatcher):
    tracker = make_tracker("checklist_stop", "stop", slots={"checklist_approval": "add"})
    await ActionChecklistResult().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith(CHECKLIST.wording["result_stopped"])


async def test_summary_includes_the_checklist(dispatcher):
    tracker = make_tracker("request_summary", "summary", slots={"checklist_cost": "add"})
    await ActionVisitSummary().run(dispatcher, tracker, {})
    assert CHECKLIST.item("cost").question in dispatcher.messages[0]["text"]

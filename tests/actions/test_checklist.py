"""The checklist form: its validation and ask actions, the result, and a question added in YAML only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import bot.checklist.loader
from actions.checklist import (
    ANSWERS_SLOT,
    FORM,
    ActionAskChecklistAnswers,
    ActionChecklistResult,
    ActionExplainNoChecklistQuestion,
    ValidateClinicChecklistForm,
)
from actions.summary import ActionVisitSummary
from bot.checklist import get_checklist
from tests.actions.trackers import make_tracker

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_TEXT = (ROOT / "domain.yml").read_text()
DOMAIN = yaml.safe_load(DOMAIN_TEXT)
CHECKLIST = get_checklist()
IDS = [item.id for item in CHECKLIST.items]


def form_tracker(intent: str, answers: dict[str, str] | None, requested: str | None) -> Tracker:
    """The tracker Rasa sends validate_<form>: the requested slot, then the form's own action."""
    slots = {ANSWERS_SLOT: answers, "requested_slot": requested}
    return make_tracker(intent, slots=slots, events=[{"event": "action", "name": FORM}])


async def validate(intent: str, answers: dict[str, str] | None, requested: str | None) -> list[dict[str, Any]]:
    tracker = form_tracker(intent, answers, requested)
    return await ValidateClinicChecklistForm().run(CollectingDispatcher(), tracker, DOMAIN)


def test_the_form_actions_are_the_domains():
    assert ValidateClinicChecklistForm().name() == f"validate_{FORM}"
    assert ActionAskChecklistAnswers().name() == f"action_ask_{ANSWERS_SLOT}"
    assert DOMAIN["forms"][FORM]["required_slots"] == [ANSWERS_SLOT]
    assert {f"validate_{FORM}", f"action_ask_{ANSWERS_SLOT}"} <= set(DOMAIN["actions"])


async def test_a_new_checklist_starts_empty_even_after_an_earlier_one():
    # At activation Rasa sends no requested slot; the answers of an earlier checklist are dropped.
    earlier = {item_id: "add" for item_id in IDS}
    events = await validate("start_checklist", earlier, None)
    assert events == [SlotSet(ANSWERS_SLOT, {}), SlotSet("requested_slot", ANSWERS_SLOT)]


@pytest.mark.parametrize(("intent", "choice"), [("checklist_add", "add"), ("checklist_skip", "skip")])
async def test_add_or_skip_answers_the_open_question_and_asks_on(intent, choice):
    events = await validate(intent, {IDS[0]: "add"}, ANSWERS_SLOT)
    assert events == [SlotSet(ANSWERS_SLOT, {IDS[0]: "add", IDS[1]: choice}), SlotSet("requested_slot", ANSWERS_SLOT)]


async def test_the_last_answer_ends_the_form():
    almost = {item_id: "skip" for item_id in IDS[:-1]}
    events = await validate("checklist_add", almost, ANSWERS_SLOT)
    assert events == [SlotSet(ANSWERS_SLOT, {**almost, IDS[-1]: "add"}), SlotSet("requested_slot", None)]


async def test_anything_else_records_nothing_so_rasa_lets_other_policies_reply():
    events = await validate("ask_bmac", {IDS[0]: "add"}, ANSWERS_SLOT)
    assert events == [SlotSet("requested_slot", ANSWERS_SLOT)]


@pytest.mark.parametrize(("answered", "number"), [({}, 1), ({IDS[0]: "add", IDS[1]: "skip"}, 3)])
async def test_the_ask_action_asks_the_first_open_question(dispatcher, answered, number):
    tracker = make_tracker("checklist_skip", slots={ANSWERS_SLOT: answered})
    assert await ActionAskChecklistAnswers().run(dispatcher, tracker, DOMAIN) == []
    (message,) = dispatcher.messages
    assert CHECKLIST.items[number - 1].question in message["text"]
    assert message["custom"]["number"] == number and message["custom"]["total"] == len(IDS)


async def test_result_after_completing_lists_added_questions(dispatcher):
    slots = {ANSWERS_SLOT: {"approval": "add", "risks": "add", "cost": "skip"}}
    events = await ActionChecklistResult().run(dispatcher, make_tracker("checklist_skip", slots=slots), {})
    assert events == [SlotSet("requested_slot", None)]
    assert dispatcher.messages[0]["custom"]["questions"] == [
        CHECKLIST.item("approval").question,
        CHECKLIST.item("risks").question,
    ]


async def test_result_after_stopping_says_it_was_stopped(dispatcher):
    tracker = make_tracker("checklist_stop", "stop", slots={ANSWERS_SLOT: {"approval": "add"}})
    await ActionChecklistResult().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith(CHECKLIST.wording["result_stopped"])


async def test_summary_includes_the_checklist(dispatcher):
    tracker = make_tracker("request_summary", "summary", slots={ANSWERS_SLOT: {"cost": "add"}})
    await ActionVisitSummary().run(dispatcher, tracker, {})
    assert CHECKLIST.item("cost").question in dispatcher.messages[0]["text"]


async def test_add_with_no_checklist_open_says_so_and_records_nothing(dispatcher):
    events = await ActionExplainNoChecklistQuestion().run(dispatcher, make_tracker("checklist_add"), DOMAIN)
    assert events == []
    assert dispatcher.messages[0]["text"] == CHECKLIST.wording["no_question_open"]


NEW_ITEM = {"id": "aftercare", "question": "Who will follow me up after the injection, and for how long?"}
# What an editor appends to the end of checklist.yml (its `items:` list comes last).
NEW_ITEM_YAML = f"""
  - id: {NEW_ITEM["id"]}
    question: {NEW_ITEM["question"]}
    why: Problems can show up weeks later.
    last_reviewed: 2026-12-05
"""


@pytest.fixture()
def checklist_with_a_new_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of checklist.yml with one more question, used by every action in place of the real one."""
    copy = tmp_path / "checklist.yml"
    copy.write_text(bot.checklist.CHECKLIST_PATH.read_text().rstrip("\n") + "\n" + NEW_ITEM_YAML)
    monkeypatch.setattr(bot.checklist.loader, "CHECKLIST_PATH", copy)
    get_checklist.cache_clear()
    yield get_checklist()
    get_checklist.cache_clear()


async def test_a_question_added_to_checklist_yml_alone_is_asked_and_listed(checklist_with_a_new_question):
    checklist = checklist_with_a_new_question
    assert len(checklist.items) == len(IDS) + 1
    assert NEW_ITEM["id"] not in DOMAIN_TEXT  # the domain is the shipped one, untouched
    # Play Rasa's part: activate, then ask while requested_slot is set, answering "add" each time.
    slots: dict[str, Any] = {ANSWERS_SLOT: None, "requested_slot": None}
    intent = "start_checklist"
    asked: list[dict[str, Any]] = []
    for _ in range(len(checklist.items) + 1):
        events = await validate(intent, slots[ANSWERS_SLOT], slots["requested_slot"])
        slots.update({event["name"]: event["value"] for event in events})
        if slots["requested_slot"] is None:
            break
        dispatcher = CollectingDispatcher()
        await ActionAskChecklistAnswers().run(dispatcher, make_tracker(intent, slots=slots), DOMAIN)
        asked += [message["custom"] for message in dispatcher.messages]
        intent = "checklist_add"
    assert slots["requested_slot"] is None
    assert [m["item"] for m in asked] == [*IDS, NEW_ITEM["id"]]
    assert asked[-1]["number"] == asked[-1]["total"] == len(IDS) + 1
    assert slots[ANSWERS_SLOT] == {item.id: "add" for item in checklist.items}

    dispatcher = CollectingDispatcher()
    await ActionChecklistResult().run(dispatcher, make_tracker(intent, slots=slots), DOMAIN)
    assert dispatcher.messages[0]["custom"]["questions"][-1] == NEW_ITEM["question"]


def _ranked(intent: str, text: str, ranking: list[tuple[str, float]]):
    tracker = make_tracker(intent, text)
    tracker.latest_message["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return tracker


async def test_a_question_heard_as_a_checklist_command_outside_the_checklist_is_answered(dispatcher):
    ranking = [("checklist_skip", 0.99), ("ask_staying_active", 0.01)]
    tracker = _ranked("checklist_skip", "should I skip practice?", ranking)
    await ActionExplainNoChecklistQuestion().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert message["custom"]["type"] == "answer" and message["custom"]["topic_id"] == "staying_active"


@pytest.mark.parametrize("text", ["skip", "skip that one", "add it please", "stop"])
async def test_a_bare_checklist_command_outside_the_checklist_gets_the_notice(dispatcher, text):
    ranking = [("checklist_skip", 0.99), ("ask_staying_active", 0.01)]
    await ActionExplainNoChecklistQuestion().run(dispatcher, _ranked("checklist_skip", text, ranking), {})
    (message,) = dispatcher.messages
    assert message["custom"]["type"] != "answer"

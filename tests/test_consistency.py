"""Domain, training data, actions and knowledge base agree with each other."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Action

import actions
from actions.checklist import ANSWERS_SLOT, FORM
from actions.common import LAST_CONDITION_SLOT, LAST_SUBJECT_SLOT, LAST_TOPIC_SLOT, SAFETY_LEVEL_SLOT
from actions.screening import ANSWER_SLOT, LEVEL_SLOT, QUESTION_SLOT, SCREEN_ENTITY
from bot.checklist import get_checklist
from bot.knowledge import get_knowledge_base
from bot.safety.triage import ANSWER_TOO_ENTITY, CRISIS_LINE_ENTITY

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
KB = get_knowledge_base()


def _load_all(folder: str, key: str) -> list[dict]:
    items: list[dict] = []
    for path in sorted((ROOT / folder).glob("*.yml")):
        data = yaml.safe_load(path.read_text())
        assert data.get("version") == "3.1", f"{path} must start with version: \"3.1\""
        items += data.get(key) or []
    return items


NLU = _load_all("data/nlu", "nlu")
RULES = _load_all("data/rules", "rules")
RULE_STEPS = [step for rule in RULES for step in rule["steps"]]


def _examples(block: dict) -> list[str]:
    return [line[2:].strip() for line in block["examples"].splitlines() if line.strip().startswith("- ")]


def _custom_actions() -> dict[str, type]:
    found = {}
    for module in pkgutil.iter_modules(actions.__path__):
        loaded = importlib.import_module(f"actions.{module.name}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if (
                issubclass(cls, Action)
                and cls is not Action
                and cls.__module__ == loaded.__name__
                and not inspect.isabstract(cls)
            ):
                found[cls().name()] = cls
    return found


def test_training_data_intents_match_the_domain():
    trained = {block["intent"] for block in NLU if "intent" in block}
    assert trained == set(DOMAIN["intents"])


@pytest.mark.parametrize("intent", DOMAIN["intents"])
def test_every_intent_has_enough_varied_examples(intent):
    examples = [e for block in NLU if block.get("intent") == intent for e in _examples(block)]
    assert len(examples) >= 15
    assert len({e.lower() for e in examples}) == len(examples), "duplicate examples"


def test_no_example_is_given_two_intents():
    seen: dict[str, str] = {}
    for block in NLU:
        for example in _examples(block) if "intent" in block else []:
            other = seen.setdefault(example.lower(), block["intent"])
            assert other == block["intent"], f"'{example}' is under {other} and {block['intent']}"


def test_every_intent_leads_somewhere():
    handled = {step["intent"] for step in RULE_STEPS if "intent" in step}
    # Answers inside a form fill its slots instead of triggering a rule.
    handled |= {
        mapping["intent"]
        for slot in DOMAIN["slots"].values()
        for mapping in slot.get("mappings", [])
        if mapping.get("type") == "from_intent" and "intent" in mapping
    }
    assert set(DOMAIN["intents"]) | {"nlu_fallback"} == handled


def test_topic_intents_are_answered_by_the_topic_action_and_only_they():
    answered = set()
    for rule in RULES:
        intents = [s["intent"] for s in rule["steps"] if "intent" in s]
        if {"action": "action_answer_topic"} in rule["steps"]:
            answered.update(intents)
    assert answered == KB.intents()


def test_every_topic_is_reachable_from_a_domain_intent():
    for topic in KB.topics.values():
        assert set(topic.intents) <= set(DOMAIN["intents"]), topic.id
        for entity in topic.entities:
            assert entity in DOMAIN["entities"], topic.id


def test_every_action_in_rules_and_domain_exists():
    custom = _custom_actions()
    domain_actions = set(DOMAIN["actions"])
    assert set(custom) == domain_actions
    responses = set(DOMAIN.get("responses") or {}) | set(DOMAIN.get("forms") or {}) | {"action_deactivate_loop"}
    for step in RULE_STEPS:
        name = step.get("action")
        if name:
            assert name in domain_actions or name in responses, name


def test_every_response_is_used():
    used = {step.get("action") for step in RULE_STEPS}
    assert set(DOMAIN.get("responses") or {}) <= used


def test_every_fixed_message_an_action_can_pick_exists():
    from actions.limits import LIMIT_INTENTS
    from actions.small_talk import SMALL_TALK_INTENTS

    keys = [f"limits_{intent}" for intent in LIMIT_INTENTS]
    keys += [f"small_talk_{i}{suffix}" for i in SMALL_TALK_INTENTS for suffix in ("", "_after_concern")]
    assert [key for key in keys if key not in KB.messages] == []
    assert set(LIMIT_INTENTS) | set(SMALL_TALK_INTENTS) <= set(DOMAIN["intents"])


def test_safety_intents_set_by_the_component_are_in_the_domain():
    from plugins.safety_override import CRISIS_INTENT, RED_FLAG_INTENT

    assert {CRISIS_INTENT, RED_FLAG_INTENT} <= set(DOMAIN["intents"])


def test_every_red_flag_source_is_in_the_bibliography():
    from bot.safety.replies import get_detector

    cited = {source for trigger in get_detector().triggers for source in trigger.sources}
    assert cited <= set(KB.sources)


def test_slots_and_entities_named_in_code_and_content_exist():
    screening = {ANSWER_SLOT, LEVEL_SLOT, QUESTION_SLOT}
    expected = {LAST_TOPIC_SLOT, LAST_SUBJECT_SLOT, LAST_CONDITION_SLOT, SAFETY_LEVEL_SLOT, ANSWERS_SLOT} | screening
    assert expected == set(DOMAIN["slots"])
    # One slot holds every checklist answer: checklist.yml, not the domain, names the questions.
    assert DOMAIN["forms"][FORM]["required_slots"] == [ANSWERS_SLOT]
    assert not {item.id for item in get_checklist().items} & set(DOMAIN["slots"])
    # topic, claim: sent by buttons; safety_level, safety_screen, safety_crisis_line, safety_answer_too: set by
    # the safety NLU component.
    set_by_safety = {"safety_level", SCREEN_ENTITY, CRISIS_LINE_ENTITY, ANSWER_TOO_ENTITY}
    assert set(KB.lexicon.entries) | {"topic", "claim"} | set_by_safety == set(DOMAIN["entities"])


@pytest.mark.parametrize("name", ["heldout.yml", "dev.yml"])
def test_held_out_sets_use_domain_intents_and_share_no_example_with_training(name):
    heldout = yaml.safe_load((ROOT / "tests/nlu" / name).read_text())["nlu"]
    assert {block["intent"] for block in heldout} <= set(DOMAIN["intents"])
    training = {e.lower() for block in NLU if "intent" in block for e in _examples(block)}
    overlap = [e for block in heldout for e in _examples(block) if e.lower() in training]
    assert not overlap

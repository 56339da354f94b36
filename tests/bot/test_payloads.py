"""The payload contract: real replies, built from the real content, validate against bot/payloads.schema.json."""

from __future__ import annotations

import copy
import json
import typing
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from bot.checklist import get_checklist, no_question_reply, question_reply, result_reply
from bot.claims import claims_menu_reply, claims_reply, get_claim_book
from bot.clinics import clinic_for, contact_reply, known_clinic
from bot.knowledge import get_knowledge_base
from bot.knowledge.replies import (
    MENU_NOTICES,
    Reply,
    answer_reply,
    clarify_reply,
    more_reply,
    notice_reply,
    sources_reply,
)
from bot.knowledge.resolver import Resolution, resolve_topic
from bot.payloads import BUTTON_PAYLOAD, MAX_SUGGESTIONS, PAYLOAD_TYPES, PAYLOAD_VERSION, load_schema
from bot.safety.replies import get_detector, region_phones, safety_reply
from bot.safety.rules import LEVELS
from bot.safety.screening import SCREEN_LEVELS, crisis_check_in, screening_cleared, screening_question
from bot.safety.settings import load_regions
from bot.summary import conversation_from_events, summary_reply
from bot.trials import fallback_reply, parse_studies, trials_reply

KB = get_knowledge_base()
SCHEMA = load_schema()
VALIDATOR = Draft202012Validator(SCHEMA)
REGIONS = load_regions()
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ctgov_studies.json"
RED_FLAG_MESSAGES = {
    "emergency": "i cant feel when i need to pee and my legs are numb",
    "urgent": "i have a fever and i have lost weight without trying",
    "crisis": "i want to end my life",
}


def _bot(reply: Reply) -> dict:
    return {"event": "bot", "text": reply.text, "data": {"custom": reply.custom}}


def real_replies() -> list[tuple[str, Reply]]:
    """Every kind of reply the bot sends, from the shipped content."""
    replies: list[tuple[str, Reply]] = []
    for topic in KB.topics.values():
        replies += [
            (f"answer {topic.id}", answer_reply(KB, Resolution(topic))),
            (f"more {topic.id}", more_reply(KB, topic)),
            (f"sources {topic.id}", sources_reply(KB, topic)),
        ]
    replies.append(("status of bmac", answer_reply(KB, resolve_topic(KB, "ask_fda_status", {}, last_topic="bmac"))))
    replies.append(("sources with subject", sources_reply(KB, KB.topics["fda_status"], KB.topics["bmac"])))
    replies.append(("condition context", answer_reply(KB, resolve_topic(KB, "ask_stem_cell_basics", {}, "scoliosis"))))
    for region in REGIONS.values():
        welcome = notice_reply(KB, "welcome", region_phones(region), emergency_number=region.emergency_number)
        replies.append((f"welcome {region.code}", welcome))
        for level in LEVELS:
            finding = get_detector().detect(RED_FLAG_MESSAGES[level])
            replies.append((f"safety {region.code} {level}", safety_reply(KB, region, finding, level)))
            unsure = safety_reply(KB, region, None, level, KB.topics["bmac"])
            replies.append((f"safety {region.code} {level} unsure", unsure))
            phones = region_phones(region, level)
            reminder = region.message_for(level)
            after = notice_reply(KB, "small_talk_greet_after_concern", phones, safety_reminder=reminder)
            replies.append((f"small talk after {level} {region.code}", after))
        replies.append((f"crisis check-in {region.code}", crisis_check_in(KB, region)))
        replies.append((f"screening no {region.code}", screening_cleared(KB, region)))
        replies.append((f"screening no question {region.code}", screening_cleared(KB, region, question_kept=False)))
        about_other = get_detector().detect("my dad cant feel when he needs to pee and wants to end his life")
        replies.append((f"safety about someone else {region.code}", safety_reply(KB, region, about_other, "crisis")))
        overdose = get_detector().detect("i took an overdose")
        replies.append((f"safety overdose {region.code}", safety_reply(KB, region, overdose, "crisis")))
    replies += [(f"screening {level}", screening_question(KB, level)) for level in SCREEN_LEVELS]
    topics = list(KB.topics.values())
    for i in range(0, len(topics), 3):
        replies.append((f"did you mean {topics[i].id}", clarify_reply(KB, topics[i : i + 3])))
    for key in (*MENU_NOTICES, "no_previous_answer", "feedback_thanks", "small_talk_greet", "small_talk_thanks"):
        values = {"title": KB.topics["heat_cold"].title} if key == "feedback_sorry_topic" else {}
        replies.append((f"notice {key}", notice_reply(KB, key, **values)))
    for message in KB.messages:
        if message.key.startswith("limits_"):
            replies.append((f"notice {message.key}", notice_reply(KB, message.key)))
    for clinic_id in ("demo", "demo_uk", "default"):
        clinic = known_clinic(clinic_id)
        region = REGIONS[clinic_for(clinic_id).country]
        for level in (None, "crisis", "emergency"):
            replies.append((f"contact {clinic_id} {level}", contact_reply(KB, clinic, region, level)))
        opening = KB.messages["small_talk_bot_challenge"].text
        replies.append((f"real person {clinic_id}", contact_reply(KB, clinic, region, None, opening=opening)))
    finding = get_detector().detect(RED_FLAG_MESSAGES["emergency"])
    events = [
        {"event": "user", "text": "what is bmac?"},
        _bot(answer_reply(KB, Resolution(KB.topics["bmac"]))),
        {"event": "user", "text": RED_FLAG_MESSAGES["emergency"]},
        _bot(safety_reply(KB, REGIONS["US"], finding, "emergency")),
        {"event": "user", "text": "what is sciatica"},
        _bot(answer_reply(KB, Resolution(KB.topics["sciatica"]))),
    ]
    conversation = conversation_from_events(events)
    replies.append(("summary", summary_reply(KB, conversation, REGIONS["US"], "Demo Spine Clinic")))
    replies.append(("empty summary", summary_reply(KB, conversation_from_events([]))))
    checklist = get_checklist()
    replies += [(f"checklist {item.id}", question_reply(checklist, item.id)) for item in checklist.items]
    replies.append(("checklist no question open", no_question_reply(checklist)))
    replies.append(("checklist result", result_reply(KB, checklist, {"approval": "add", "cost": "add"}, False)))
    replies.append(("checklist stopped empty", result_reply(KB, checklist, {}, True)))
    book = get_claim_book()
    replies += [(f"claim {claim.id}", claims_reply(KB, [claim])) for claim in book.claims.values()]
    replies.append(("claims several", claims_reply(KB, list(book.claims.values())[:5])))
    replies.append(("claims menu", claims_menu_reply(KB, book.claims.values())))
    trials = parse_studies(json.loads(FIXTURE.read_text()), "Boston")
    replies += [
        ("trials results", trials_reply(KB, trials, "Boston")),
        ("trials none", trials_reply(KB, [], None)),
        ("trials unreachable", fallback_reply(KB, "Leeds")),
    ]
    return replies


REPLIES = real_replies()


def _ids(value: object) -> str:
    return value if isinstance(value, str) else ""


@pytest.mark.parametrize(("label", "reply"), REPLIES, ids=_ids)
def test_real_reply_validates_against_the_schema(label: str, reply: Reply) -> None:
    errors = sorted(VALIDATOR.iter_errors(reply.custom), key=lambda e: list(e.absolute_path))
    assert not errors, f"{label}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    assert reply.custom["version"] == PAYLOAD_VERSION
    assert reply.custom["text"] == reply.text  # the plain-text copy is the same reply, never other content


def test_every_payload_type_is_covered_by_real_replies() -> None:
    seen = {r.custom["type"] + (f"_{r.custom['kind']}" if r.custom["type"] == "summary" else "") for _, r in REPLIES}
    assert seen == set(PAYLOAD_TYPES)


@pytest.mark.parametrize("name", sorted(PAYLOAD_TYPES))
def test_typed_dicts_and_schema_name_the_same_keys(name: str) -> None:
    keys = set(typing.get_type_hints(PAYLOAD_TYPES[name]))
    definition = SCHEMA["$defs"][name]
    assert set(definition["properties"]) == keys
    assert set(definition["required"]) == keys, "every key is always present"
    assert definition["additionalProperties"] is False


@pytest.mark.parametrize(("label", "reply"), REPLIES, ids=_ids)
def test_buttons_are_few_and_in_the_strict_payload_form(label: str, reply: Reply) -> None:
    buttons = reply.custom["buttons"]
    if reply.custom.get("kind") != "claims_menu":
        assert len(buttons) <= MAX_SUGGESTIONS, label
        assert all(BUTTON_PAYLOAD.match(b["payload"]) for b in buttons), label
    sent = [(b.title, b.payload) for b in reply.buttons]
    assert sent[: len(buttons)] == [(b["title"], b["payload"]) for b in buttons]


@pytest.mark.parametrize(("label", "reply"), REPLIES, ids=_ids)
def test_every_phone_number_named_is_in_the_wording_with_a_tel_link(label: str, reply: Reply) -> None:
    for entry in reply.custom.get("phones", []):
        assert entry["number"] in reply.text, label
        assert entry["tel"] == "tel:" + "".join(c for c in entry["number"] if c.isdigit() or c == "+")


def test_safety_payload_leads_with_the_regions_action_and_numbers() -> None:
    for region in REGIONS.values():
        reply = safety_reply(KB, region, get_detector().detect(RED_FLAG_MESSAGES["emergency"]), "emergency")
        assert reply.custom["headline"] == region.headlines["emergency"]
        assert region.emergency_number in reply.custom["headline"]
        assert reply.custom["phones"][0]["number"] == region.emergency_number
        crisis = safety_reply(KB, region, None, "crisis")
        assert crisis.custom["phones"][0]["number"] == (region.crisis_line or region.emergency_number)


@pytest.mark.parametrize(
    ("break_it", "where"),
    [
        (lambda p: p.pop("caveat"), "caveat"),
        (lambda p: p.update(version=2), "version"),
        (lambda p: p["buttons"].append({"title": "x", "payload": "/ask_more{\"topic\": \"bmac\"}"}), "payload"),
        (lambda p: p["buttons"].extend([{"title": "x", "payload": "/greet"}] * 4), "buttons"),
        (lambda p: p["citations"][0].update(url="javascript:alert(1)"), "url"),
        (lambda p: p.update(extra=1), "extra"),
    ],
)
def test_schema_rejects_a_broken_payload(break_it, where: str) -> None:
    payload = copy.deepcopy(answer_reply(KB, Resolution(KB.topics["bmac"])).custom)
    break_it(payload)
    assert not VALIDATOR.is_valid(payload), where


def test_schema_file_is_versioned() -> None:
    assert SCHEMA["x-version"] == PAYLOAD_VERSION
    assert SCHEMA["properties"]["version"] == {"const": PAYLOAD_VERSION}
    assert SCHEMA["$id"].endswith(f"v{PAYLOAD_VERSION}")


def test_crisis_check_in_is_a_safety_panel_that_leads_with_the_crisis_line() -> None:
    for region in REGIONS.values():
        custom = crisis_check_in(KB, region).custom
        assert custom["type"] == "safety" and custom["level"] == "check_in" and custom["levels"] == []
        assert custom["headline"] == region.headlines["crisis"]
        assert region.crisis_message in custom["advice"]
        assert custom["phones"][0]["number"] == (region.crisis_line or region.emergency_number)
        assert region.emergency_number in {p["number"] for p in custom["phones"]}


def test_crisis_with_an_emergency_sign_keeps_both_in_view_emergency_first() -> None:
    for region in REGIONS.values():
        finding = get_detector().detect("i took an overdose")
        custom = safety_reply(KB, region, finding, "crisis").custom
        assert custom["levels"] == ["crisis", "emergency"]
        assert custom["headline"] == region.headlines["emergency"]
        advice = custom["advice"]
        assert advice.index(region.emergency_message) < advice.index(region.crisis_message)
        assert KB.messages["overdose_taken_reason"].text in advice  # a sign's own wording is never collapsed


def test_screening_question_offers_yes_and_no_and_names_its_sources() -> None:
    for level in SCREEN_LEVELS:
        custom = screening_question(KB, level).custom
        assert custom["level"] == level
        assert [b["payload"] for b in custom["buttons"]] == ["/affirm", "/deny"]
        assert custom["text"].startswith(custom["question"]) and custom["citations"]


def test_did_you_mean_offers_the_topics_then_something_else() -> None:
    topics = [KB.topics["bmac"], KB.topics["sciatica"], KB.topics["fda_status"]]
    custom = clarify_reply(KB, topics).custom
    assert custom["topics"] == ["bmac", "sciatica", "fda_status"]
    something_else = KB.messages["button_something_else"].text
    assert [b["title"] for b in custom["buttons"]] == [t.title for t in topics] + [something_else]
    assert custom["buttons"][-1]["payload"] == "/help"

"""Safety replies: region wording first, the symptom named, sources cited."""

from __future__ import annotations

import pytest

from bot.knowledge import get_knowledge_base
from bot.safety.replies import MESSAGE_KEYS, get_detector, safety_reply
from bot.safety.settings import region_for

KB = get_knowledge_base()


def test_emergency_reply_starts_with_the_region_advice_and_names_the_symptom():
    finding = get_detector().detect("my back hurts and i have numbness between my legs")
    reply = safety_reply(KB, region_for("UK"), finding, finding.level)
    assert reply.text.startswith(region_for("UK").emergency_message)
    assert finding.labels[0] in reply.text
    assert "Sources:" in reply.text


def test_crisis_reply_is_only_the_kind_crisis_message():
    finding = get_detector().detect("i want to end my life")
    reply = safety_reply(KB, region_for("US"), finding, "crisis", KB.topics["bmac"])
    assert reply.text == region_for("US").crisis_message
    assert reply.buttons == ()


@pytest.mark.parametrize(("code", "url"), [("US", "https://988lifeline.org/"), ("UK", "https://www.samaritans.org/")])
def test_a_crisis_reply_cites_where_the_crisis_line_publishes_its_number(code, url):
    finding = get_detector().detect("i want to end my life")
    reply = safety_reply(KB, region_for(code), finding, "crisis")
    assert url in [c["url"] for c in reply.custom["citations"]]
    emergency = safety_reply(KB, region_for(code), get_detector().detect("i cant pee since yesterday"), "emergency")
    assert url not in [c["url"] for c in emergency.custom["citations"]]


def test_every_crisis_source_of_a_region_is_a_known_source():
    from bot.safety.settings import load_regions

    for region in load_regions().values():
        assert set(region.crisis_sources) <= set(KB.sources), region.code


def test_several_symptoms_are_all_named():
    finding = get_detector().detect("i have a fever and i have lost weight without trying")
    reply = safety_reply(KB, region_for("US"), finding, finding.level)
    assert all(label in reply.text for label in finding.labels) and len(finding.labels) >= 2


# --- emergencies with crisis talk, overdoses -----------------------------------------------------


@pytest.mark.parametrize("code", ["UK", "US", "EU"])
@pytest.mark.parametrize(
    "text",
    ["I took an overdose of my tramadol an hour ago", "I took an overdose of my tramadol an hour ago, I feel fine"],
)
def test_an_overdose_taken_gets_the_emergency_number_first_then_the_crisis_line(code, text):
    region = region_for(code)
    finding = get_detector().detect(text)
    reply = safety_reply(KB, region, finding, finding.level)
    assert reply.text.startswith(region.emergency_message)
    assert KB.messages["overdose_taken_reason"].text in reply.text
    assert "even if you feel fine" in reply.text
    assert reply.text.index(region.emergency_message) < reply.text.index(region.crisis_message)
    assert reply.custom["levels"] == ["crisis", "emergency"]


def test_an_accidental_overdose_gets_the_emergency_number_without_crisis_talk():
    region = region_for("UK")
    finding = get_detector().detect("I accidentally took too much paracetamol")
    reply = safety_reply(KB, region, finding, finding.level)
    assert reply.text.startswith(region.emergency_message)
    assert region.crisis_message not in reply.text and "999" in reply.text


@pytest.mark.parametrize("code", ["UK", "US"])
def test_an_emergency_with_crisis_talk_says_both_emergency_first(code):
    region = region_for(code)
    finding = get_detector().detect("I can't feel my bum and I want to die")
    assert finding.level == "crisis"
    reply = safety_reply(KB, region, finding, finding.level, KB.topics["bmac"])
    assert reply.text.startswith(region.emergency_message)
    assert "numbness between the legs or around the bottom" in reply.text
    assert reply.text.index(region.emergency_message) < reply.text.index(region.crisis_message)
    assert region.crisis_line in reply.text
    assert reply.buttons == (), "no topic question is offered back in a crisis"


def test_crisis_talk_with_an_urgent_sign_gives_the_crisis_line_first_then_same_day_care():
    region = region_for("UK")
    finding = get_detector().detect("I have a fever and I want to die")
    reply = safety_reply(KB, region, finding, finding.level)
    assert reply.text.startswith(region.crisis_message)
    assert region.urgent_message in reply.text and "a fever" in reply.text


# --- the reply when a sign is unclear ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "urgent_words"),
    [("UK", "Contact NHS 111 or a GP today"), ("US", "Contact a doctor or an urgent care center today")],
)
def test_unclear_sign_lists_every_warning_sign_and_where_to_go_in_the_region(code, urgent_words):
    region = region_for(code)
    reply = safety_reply(KB, region, None, "urgent")
    text = " ".join(reply.text.split())
    for sign in (
        "new problems with erections or feeling in your genitals",
        "pain, tingling, weakness or numbness in both legs",
        "a lump or a change in the shape of your back",
        "gets worse when you cough, sneeze or strain",
        "pain in your upper back",
        "doesn't ease with rest",
    ):
        assert sign in text
    assert f"Call {region.emergency_number} or go to {region.emergency_service} now" in text
    assert urgent_words in text
    assert "see a doctor today" not in text


# --- a concern about someone else ----------------------------------------------------------------


@pytest.mark.parametrize("code", ["UK", "US", "EU"])
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("my dad can't pee since yesterday", "safety_other_emergency"),
        ("my mum has a fever and back pain", "safety_other_urgent"),
        ("my dad says he'd be better off dead", "safety_other_crisis"),
    ],
)
def test_a_concern_about_someone_else_gets_advice_for_them_and_for_the_patient(code, text, key):
    region = region_for(code)
    finding = get_detector().detect(text)
    assert finding.about_other
    reply = safety_reply(KB, region, finding, finding.level)
    assert reply.text.startswith("If this is about someone else")
    assert "yourself" in reply.text or "for you too" in reply.text
    if key == "safety_other_urgent":
        assert region.urgent_service in reply.text
    else:
        assert region.emergency_number in reply.text
    if key == "safety_other_crisis":
        assert region.crisis_message in reply.text
    assert "your legs" not in reply.text and "your bladder" not in reply.text
    assert reply.custom["about_other"] is True


def test_an_overdose_taken_by_someone_else_is_worded_for_them():
    finding = get_detector().detect("my son took an overdose")
    reply = safety_reply(KB, region_for("UK"), finding, finding.level)
    assert reply.text.startswith(KB.messages.render("safety_other_emergency", **_values("UK")))
    assert KB.messages["overdose_taken_reason_other"].text in reply.text
    assert reply.text.index("call 999 for them") < reply.text.index(region_for("UK").crisis_message)


def _values(code: str) -> dict[str, str]:
    region = region_for(code)
    return {
        "emergency_number": region.emergency_number,
        "emergency_service": region.emergency_service,
        "urgent_service": region.urgent_service,
        "crisis_service": region.crisis_service,
    }


# --- the wording lives in content ----------------------------------------------------------------


def test_every_message_the_replies_use_exists_with_known_placeholders():
    keys = set(MESSAGE_KEYS)
    for trigger in get_detector().triggers:
        if trigger.reply:
            keys |= {trigger.reply, trigger.reply + "_other"}
    allowed = set(_values("UK")) | {"symptoms", "sources", "title"}
    for key in keys:
        assert key in KB.messages, key
        assert KB.messages[key].placeholders() <= allowed, key


@pytest.mark.parametrize("topic_id", ["staying_active", "report_harm", "unapproved_clinics"])
def test_topic_safety_wording_names_no_region_number(topic_id):
    topic = KB.topics[topic_id]
    text = f"{topic.answer} {topic.more}"
    for number in ("999", "911", "112", "111"):
        assert number not in text.replace("1-800-FDA-1088", "")


def test_staying_active_sends_very_bad_pain_to_a_doctor_and_warning_signs_to_emergency_care():
    more = " ".join(KB.topics["staying_active"].more.split())
    assert "can't sleep, contact your doctor or urgent care the same day" in more
    assert "stops you moving at all" not in more
    assert "call the emergency number or go to the emergency department" in more.lower()


@pytest.mark.parametrize(("topic_id", "part"), [("report_harm", "answer"), ("unapproved_clinics", "more")])
def test_harm_advice_says_get_care_first_then_report(topic_id, part):
    text = " ".join(getattr(KB.topics[topic_id], part).split())
    care = text.index("get medical care first")
    assert "urgent care" in text and "emergency number if it is severe" in text
    assert care < text.index("report it to FDA MedWatch")


@pytest.mark.parametrize("code", ["UK", "US"])
def test_a_symptom_alarm_with_likely_crisis_talk_adds_the_crisis_line(code):
    region = region_for(code)
    finding = get_detector().detect("since this morning i can't pee and both legs feel numb")
    plain = safety_reply(KB, region, finding, finding.level)
    assert region.crisis_line not in plain.text
    reply = safety_reply(KB, region, finding, finding.level, with_crisis=True)
    assert reply.text.startswith(region.emergency_message)
    assert reply.text.index(region.emergency_message) < reply.text.index(region.crisis_message)
    assert "crisis" in reply.custom["levels"]

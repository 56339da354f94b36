import json

import pytest

from bot.intake import IntakeSettings, PatientMessage, RateLimiter, Refusal, SettingsError, read_request

SETTINGS = IntakeSettings(max_chars=20, max_body_bytes=400)


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def test_a_good_message_passes_with_contacts_redacted_and_only_the_clinic_kept():
    outcome = read_request(
        body(sender="abc-123", message=" call 555 123 4567 ", metadata={"clinic": "demo", "role": "admin"}), SETTINGS
    )
    assert outcome == PatientMessage(sender="abc-123", text="call [phone]", metadata={"clinic": "demo"})


@pytest.mark.parametrize(
    "raw, code",
    [
        (b"{not json", "bad_json"),
        (b"\xff\xfe\x00binary", "bad_json"),
        (b"[1, 2]", "bad_json"),
        (body(message="hi"), "bad_sender"),
        (body(sender="a b", message="hi"), "bad_sender"),
        (body(sender="x" * 200, message="hi"), "bad_sender"),
        (body(sender="<script>", message="hi"), "bad_sender"),
        (body(sender="abc"), "bad_message"),
        (body(sender="abc", message=42), "bad_message"),
        (body(sender="abc", message="  \u0000\u0007 "), "empty_message"),
        (body(sender="abc", message="x" * 21), "message_too_long"),
        (b" " * 401, "body_too_large"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(raw, code):
    outcome = read_request(raw, SETTINGS)
    assert isinstance(outcome, Refusal)
    assert outcome.code == code
    assert 400 <= outcome.status < 500
    assert outcome.detail


def test_deeply_nested_json_is_refused_not_a_crash():
    outcome = read_request(b"[" * 5000 + b"]" * 5000, IntakeSettings())
    assert isinstance(outcome, Refusal) and outcome.code == "bad_json"


def test_control_characters_go_but_newlines_emoji_and_right_to_left_text_stay():
    outcome = read_request(body(sender="abc", message="a\u0000b\nc 😀 ألم"), IntakeSettings())
    assert isinstance(outcome, PatientMessage)
    assert outcome.text == "ab\nc 😀 ألم"


def test_malformed_clinic_ids_and_non_dict_metadata_are_dropped():
    for metadata in ({"clinic": "../etc"}, {"clinic": 3}, ["clinic"], "demo"):
        outcome = read_request(body(sender="abc", message="hi", metadata=metadata), SETTINGS)
        assert isinstance(outcome, PatientMessage) and outcome.metadata == {}


def test_settings_come_from_the_environment_and_bad_values_name_the_variable():
    settings = IntakeSettings.from_env({"INPUT_MAX_CHARS": "500", "RATE_LIMIT_PER_CLIENT": "0"})
    assert settings.max_chars == 500 and settings.per_client_per_minute == 0
    assert IntakeSettings.from_env({}) == IntakeSettings()
    with pytest.raises(SettingsError, match="INPUT_MAX_CHARS"):
        IntakeSettings.from_env({"INPUT_MAX_CHARS": "lots"})
    with pytest.raises(SettingsError, match="REPLY_TIMEOUT_SECONDS"):
        IntakeSettings.from_env({"REPLY_TIMEOUT_SECONDS": "0"})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_allows_the_limit_per_window_then_recovers():
    clock = Clock()
    limiter = RateLimiter(3, window=60, clock=clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # other keys are unaffected
    assert 1 <= limiter.retry_after("a") <= 60
    clock.now += 61
    assert limiter.allow("a") and limiter.retry_after("a") == 0


def test_rate_limiter_zero_is_off_and_memory_is_bounded():
    assert all(RateLimiter(0).allow("a") for _ in range(1000))
    limiter = RateLimiter(1, max_keys=10)
    for index in range(100):
        limiter.allow(f"sender-{index}")
    assert len(limiter._seen) == 10

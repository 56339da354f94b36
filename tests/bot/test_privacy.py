import pytest

from bot.privacy import normalise, redact_contacts


def test_emails_and_phone_numbers_are_replaced():
    text = "mail me at jane.doe+back@example.co.uk or call (555) 123-4567 / +44 20 7946 0958"
    assert redact_contacts(text) == "mail me at [email] or call [phone] / [phone]"


def test_ordinary_numbers_ids_and_postcodes_stay():
    text = "pain for 3 weeks, 2 discs, trial NCT04849429 near 10001, aged 45, 10/10 pain"
    assert redact_contacts(text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        # hidden by zero-width and other invisible format characters
        ("555\u200b123\u200b4567", "[phone]"),
        ("call 555\u2060123\u00ad4567 today", "call [phone] today"),
        ("\ufeff+44\u200d20 7946 0958", "[phone]"),
        # fullwidth and other compatibility forms
        ("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "[email]"),
        ("５５５ １２３ ４５６７", "[phone]"),
        # digits separated by dots, spaces or dashes
        ("555.123.4567", "[phone]"),
        ("555 123 4567", "[phone]"),
        ("555-123-4567", "[phone]"),
        ("5 5 5 1 2 3 4 5 6 7", "[phone]"),
        ("555 - 123 - 4567", "[phone]"),
        # spelled-out addresses
        ("jane at example dot com", "[email]"),
        ("write to jane.doe at example dot co dot uk", "write to [email]"),
        ("jane(at)example.com", "[email]"),
        ("jane [at] example [dot] org please", "[email] please"),
        ("jane@example dot com", "[email]"),
        # international numbers
        ("+44 20 7946 0958", "[phone]"),
        ("+1 (415) 555-0132", "[phone]"),
        ("0049 30 1234567", "[phone]"),
        ("ring +49 (0)30 1234567 now", "ring [phone] now"),
        ("+33 1 23 45 67 89", "[phone]"),
        # plain ones
        ("jane.doe@example.com, thanks", "[email], thanks"),
        ("my number is 07700 900123.", "my number is [phone]."),
    ],
)
def test_contacts_are_redacted_however_they_are_written(text, expected):
    assert redact_contacts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "rasa 3.6.21",
        "python 3.10.12 and rasa-sdk 3.6.2",
        "2024-07-16",
        "16/07/2024",
        "16.07.2024",
        "07-16-2024",
        "since 2024-07-16 the pain is worse",
        "NCT02412735",
        "trial NCT04849429 near 10001",
        "1.5 mg",
        "400mg",
        "ibuprofen 400 mg three times a day, 1.5 mg at night",
        "/ask_fda_status@9.9",
        "/ask_bmac{\"topic\":\"bmac\"}",
        "pain 7/10, 3 weeks, aged 45",
        "I read it at webmd.com",
        "I was at work dot dot dot",
        "back pain at night",
    ],
)
def test_ordinary_text_is_never_redacted(text):
    assert redact_contacts(text) == text


def test_normalising_keeps_ordinary_text_and_drops_invisible_characters():
    assert normalise("what is bmac?") == "what is bmac?"
    assert normalise("a\u200bb\u200cc\u200dd\u2060e\ufeff\u202ef\u00adg") == "abcdefg"
    assert normalise("ｂｍａｃ ＋ ①") == "bmac + 1"
    assert normalise("ألم أسفل الظهر 😀") == "ألم أسفل الظهر 😀"


def test_redaction_is_quick_on_long_gibberish():
    import time

    text = ("a" * 40 + " at " + "b" * 40 + " dot ") * 12 + "1." * 200
    start = time.perf_counter()
    redact_contacts(text)
    assert time.perf_counter() - start < 0.2

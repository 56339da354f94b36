"""Remove contact details from what patients type before it is stored or reported."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: optional +country code, optional "(0)" or "(555)", then digits with spaces,
# dots or dashes; redacted when it holds 7 or more digits in all (US, UK and +44 forms).
# Not inside a word, so trial ids like NCT04849429 and postcodes stay as they are.
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d[\d\s.-]{4,}\d(?!\w)")
EMAIL_MARK = "[email]"
PHONE_MARK = "[phone]"


def redact_contacts(text: str) -> str:
    """Replace email addresses and phone numbers with [email] and [phone]."""
    text = EMAIL.sub(EMAIL_MARK, text)
    return PHONE.sub(lambda m: PHONE_MARK if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), text)

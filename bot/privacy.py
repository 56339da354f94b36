"""Privacy: contact details removed from what patients type, and how long conversations are kept."""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
# Addresses spelled out to get past filters: "jane at example dot com", "jane(at)example.com".
# A plain " at " needs every dot spelled too, so "I read it at webmd.com" keeps the website.
_TLD = r"(?:com|org|net|edu|gov|info|io|co|uk|us|ca|au|nz|ie|de|fr|nl|es|it|ch|be|at|in)\b"
_BRACKETED_AT = r"\s*[(\[]\s*at\s*[)\]]\s*"
_BRACKETED_DOT = r"\s*[(\[]\s*dot\s*[)\]]\s*"
_SPELLED_DOT = rf"(?:\s+dot\s+|{_BRACKETED_DOT})"
SPELLED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+(?:"
    rf"{_BRACKETED_AT}[\w-]+(?:(?:\.|{_SPELLED_DOT})[\w-]+)*(?:\.|{_SPELLED_DOT}){_TLD}"
    rf"|(?:@|\s+at\s+)[\w-]+(?:{_SPELLED_DOT}[\w-]+)*{_SPELLED_DOT}{_TLD})",
    re.IGNORECASE,
)
# A phone number: optional +country code, optional "(0)" or "(555)", then digits with spaces,
# dots or dashes; redacted when it holds 7 or more digits in all (US, UK, German and +44 forms).
# Not inside a word, so trial ids like NCT04849429 and postcodes stay as they are.
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d[\d\s.-]{4,}\d(?!\w)")
# Dates have as many digits as short phone numbers: 2024-07-16, 16.07.2024, 07-16-2024.
_DATE = re.compile(r"(\d{4})([-./])(\d{1,2})\2(\d{1,2})|(\d{1,2})([-./])(\d{1,2})\6(\d{2}|\d{4})")
MIN_PHONE_DIGITS = 7
EMAIL_MARK = "[email]"
PHONE_MARK = "[phone]"


def normalise(text: str) -> str:
    """Unicode NFKC (fullwidth letters, digits and '＠' become plain ones), then format characters dropped.

    Format characters (category Cf: zero-width spaces and joiners, soft hyphens, direction
    marks, byte-order marks) are invisible; inside "555\u200b123\u200b4567" they would hide a
    number from redaction.
    """
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def redact_contacts(text: str) -> str:
    """Normalise, then replace email addresses and phone numbers with [email] and [phone]."""
    text = normalise(text)
    text = EMAIL.sub(EMAIL_MARK, text)
    text = SPELLED_EMAIL.sub(EMAIL_MARK, text)
    return PHONE.sub(_phone_or_not, text)


def _phone_or_not(match: re.Match[str]) -> str:
    found = match.group()
    if sum(c.isdigit() for c in found) < MIN_PHONE_DIGITS or _is_date(found):
        return found
    return PHONE_MARK


def _is_date(found: str) -> bool:
    """Whether the digits are a calendar date (year, month and day in range) rather than a number."""
    match = _DATE.fullmatch(found)
    if match is None:
        return False
    if match.group(1):
        year, first, second = match.group(1), match.group(3), match.group(4)
    else:
        first, second, year = match.group(5), match.group(7), match.group(8)
    day_month = sorted((int(first), int(second)))  # 16/07 and 07/16 alike
    year_ok = len(year) == 2 or 1900 <= int(year) <= 2100
    return year_ok and 1 <= day_month[0] <= 12 and 1 <= day_month[1] <= 31


RETENTION_ENV = "RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30.0


@dataclass(frozen=True)
class Retention:
    """How long the tracker store keeps a conversation after its last message ($RETENTION_DAYS, else 30).

    The same setting `scripts/retention.py` (`make purge`, the deployments' daily job) deletes by,
    so what the visit summary tells patients is what happens.
    """

    days: float = DEFAULT_RETENTION_DAYS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Retention:
        """Read $RETENTION_DAYS; an empty, unparsable or non-positive value keeps the default."""
        raw = (os.environ if environ is None else environ).get(RETENTION_ENV, "").strip()
        try:
            days = float(raw)
        except ValueError:
            return cls()
        return cls(days) if math.isfinite(days) and days > 0 else cls()

    @property
    def days_text(self) -> str:
        """The number of days as a patient reads it: "30", or "7.5" for a part day."""
        return str(int(self.days)) if self.days == int(self.days) else f"{self.days:g}"

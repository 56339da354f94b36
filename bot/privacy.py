"""Privacy: contact details removed from what patients type, and how long conversations are kept."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

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

"""Per-clinic display settings for the web widget, read from bot/content/clinics.yml.

model: one clinic's settings and their checks; loader: reads the file and finds a clinic; replies:
the hand-off reply, what a clinic's patients read about reaching it (phone, booking link).
"""

from bot.clinics.loader import (
    DEFAULT_CLINIC,
    DEFAULT_CLINICS_PATH,
    clinic_for,
    get_clinics,
    known_clinic,
    load_clinics,
    region_of,
)
from bot.clinics.model import MIN_CONTRAST, Clinic, contrast_ratio
from bot.clinics.replies import contact_reply

__all__ = [
    "DEFAULT_CLINIC",
    "DEFAULT_CLINICS_PATH",
    "MIN_CONTRAST",
    "Clinic",
    "clinic_for",
    "contact_reply",
    "contrast_ratio",
    "get_clinics",
    "known_clinic",
    "load_clinics",
    "region_of",
]

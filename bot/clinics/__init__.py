"""Per-clinic display settings for the web widget, read from bot/content/clinics.yml.

model: one clinic's settings and their checks; loader: reads the file and finds a clinic. What a
clinic's patients read about it (phone, booking link) is built in bot/contact.py.
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

__all__ = [
    "DEFAULT_CLINIC",
    "DEFAULT_CLINICS_PATH",
    "MIN_CONTRAST",
    "Clinic",
    "clinic_for",
    "contrast_ratio",
    "get_clinics",
    "known_clinic",
    "load_clinics",
    "region_of",
]

"""One clinic's widget settings as clinics.yml declares them, checked when built."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from pydantic import StrictStr, root_validator, validator
from pydantic.dataclasses import dataclass

from bot.content_file import ReviewDate, Text

MIN_CONTRAST = 4.5
MAX_NAME_LENGTH = 80
ID_PATTERN = re.compile(r"^[a-z0-9_]{1,40}$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{2,24}$")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})


@dataclass(frozen=True)
class Clinic:
    """What the widget shows for one clinic, and which sites may embed it."""

    id: str
    name: Text
    primary: str
    on_primary: str
    logo_url: str | None
    phone: str | None
    booking_url: str | None
    contact_url: str | None
    country: StrictStr
    allowed_origins: tuple[str, ...]
    last_reviewed: ReviewDate

    def public(self) -> dict[str, Any]:
        """The display settings the chat page may read (served as /clinics/<id>.json)."""
        return {
            "id": self.id,
            "name": self.name,
            "colors": {"primary": self.primary, "on_primary": self.on_primary},
            "logo_url": self.logo_url,
            "phone": self.phone,
            "booking_url": self.booking_url,
            "contact_url": self.contact_url,
            "country": self.country,
        }

    @validator("id")
    def _id(cls, clinic_id: str) -> str:
        if not ID_PATTERN.match(clinic_id):
            raise ValueError("id must be 1-40 lower-case letters, digits or underscores")
        return clinic_id

    @validator("name")
    def _name(cls, name: str) -> str:
        if len(name) > MAX_NAME_LENGTH:
            raise ValueError(f"name must be non-empty text of at most {MAX_NAME_LENGTH} characters")
        return name

    @validator("primary", "on_primary", pre=True)
    def _colour(cls, value: Any, field: Any) -> str:
        if not isinstance(value, str) or not _COLOUR.match(value):
            raise ValueError(f'{field.name}: expected a quoted colour "#RRGGBB", got {value!r}')
        return value.upper()

    @validator("logo_url", "booking_url", "contact_url", pre=True)
    def _https_url(cls, value: Any, field: Any) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme != "https" or not parts.hostname:
            raise ValueError(f"{field.name}: expected an https:// URL or null, got {value!r}")
        return str(value)

    @validator("phone", pre=True)
    def _phone(cls, phone: Any) -> str | None:
        if phone is not None and (not isinstance(phone, str) or not _PHONE.match(phone)):
            raise ValueError(f'phone must be a quoted number such as "+1 555 0100", got {phone!r}')
        return phone

    @validator("allowed_origins", pre=True)
    def _origins(cls, origins: Any) -> tuple[str, ...]:
        if not isinstance(origins, list):
            raise ValueError("allowed_origins must be a list of origins")
        return tuple(_origin(origin) for origin in origins)

    @root_validator(skip_on_failure=True)
    def _contrast(cls, values: dict[str, Any]) -> dict[str, Any]:
        primary, on_primary = values["primary"], values["on_primary"]
        ratio = contrast_ratio(primary, on_primary)
        if ratio < MIN_CONTRAST:
            raise ValueError(
                f"contrast between primary {primary} and on_primary {on_primary} is {ratio:.2f}:1,"
                f" below {MIN_CONTRAST}:1"
            )
        return values


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio between two #RRGGBB colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _origin(value: Any) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if (
        parts is None
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or not (parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS))
    ):
        raise ValueError(f"allowed_origins: {value!r} is not an https origin (http is allowed only for localhost)")
    return f"{parts.scheme}://{parts.netloc}"

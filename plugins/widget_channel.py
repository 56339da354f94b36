"""Input channel that serves the web widget, its chat page, a demo page and clinic settings.

It receives no messages itself: the chat page talks to the REST channel
(`POST /webhooks/rest/webhook`). Named in credentials.yml; `url_prefix()` is "/" so Rasa
mounts the files at the root of its port (Rasa joins "/webhooks/" with the prefix).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.clinics import Clinic, clinic_for, region_of
from bot.intake import IntakeSettings
from bot.knowledge import get_knowledge_base
from bot.payloads import phone

logger = logging.getLogger(__name__)

WIDGET_DIR = Path(__file__).resolve().parent.parent / "widget"
JS = "application/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"
HTML = "text/html; charset=utf-8"
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}


def chat_page_csp(clinic: Clinic) -> str:
    """Strict Content-Security-Policy for the chat page; only the clinic's origins may frame it."""
    ancestors = " ".join(["'self'", *clinic.allowed_origins])
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'; "
        f"frame-ancestors {ancestors}; base-uri 'none'; form-action 'none'; object-src 'none'"
    )


PRINT_PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'"
)


def chat_settings(clinic: Clinic, intake: IntakeSettings) -> dict[str, Any]:
    """What the chat page needs before any reply, served as /clinics/<id>.json.

    The clinic's display settings; its region's emergency number (for the line that stays in the
    header, and for the message shown when the service cannot be reached); and the longest message
    the REST channel accepts. The wording comes from messages.yml.
    """
    messages = get_knowledge_base().messages
    number = region_of(clinic.id).emergency_number
    return {
        **clinic.public(),
        "emergency": {
            "text": messages.render("emergency_line", emergency_number=number),
            "phone": phone("emergency", number),
        },
        "offline": messages.render("trouble_answering", emergency_number=number),
        "max_message_chars": intake.max_chars,
    }


def _file(relative: str, content_type: str, headers: dict[str, str] | None = None) -> HTTPResponse:
    body = (WIDGET_DIR / relative).read_bytes()
    return response.raw(body, content_type=content_type, headers={**COMMON_HEADERS, **(headers or {})})


class WidgetInput(InputChannel):
    """Serves /widget.js, /chat/ (with its print page), /demo/ and /clinics/<id>.json from the Rasa port."""

    @classmethod
    def name(cls) -> str:
        """Channel name used in logs; the routes do not depend on it."""
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WidgetInput:
        """No settings: clinic settings come from bot/content/clinics.yml."""
        return cls()

    def url_prefix(self) -> str:
        """Mount at the root, not under /webhooks/widget/."""
        return "/"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Routes for the widget's static files and the public clinic settings."""
        widget = Blueprint("widget_files", __name__)
        intake = IntakeSettings.from_env()

        @widget.route("/widget.js", methods=["GET"])
        async def loader(request: Request) -> HTTPResponse:
            return _file("widget.js", JS, {"Access-Control-Allow-Origin": "*"})

        @widget.route("/chat/", methods=["GET"])
        async def chat_page(request: Request) -> HTTPResponse:
            clinic = clinic_for(request.args.get("clinic"))
            return _file("chat/index.html", HTML, {"Content-Security-Policy": chat_page_csp(clinic)})

        @widget.route("/chat/chat.js", methods=["GET"])
        async def chat_script(request: Request) -> HTTPResponse:
            return _file("chat/chat.js", JS)

        @widget.route("/chat/chat.css", methods=["GET"])
        async def chat_style(request: Request) -> HTTPResponse:
            return _file("chat/chat.css", CSS)

        @widget.route("/chat/print.html", methods=["GET"])
        async def print_page(request: Request) -> HTTPResponse:
            return _file("chat/print.html", HTML, {"Content-Security-Policy": PRINT_PAGE_CSP})

        @widget.route("/chat/print.js", methods=["GET"])
        async def print_script(request: Request) -> HTTPResponse:
            return _file("chat/print.js", JS)

        @widget.route("/chat/summary-doc.js", methods=["GET"])
        async def summary_document_script(request: Request) -> HTTPResponse:
            return _file("chat/summary-doc.js", JS)

        @widget.route("/demo/", methods=["GET"])
        async def demo_page(request: Request) -> HTTPResponse:
            return _file("demo/index.html", HTML)

        @widget.route("/clinics/<filename:str>", methods=["GET"])
        async def clinic_settings(request: Request, filename: str) -> HTTPResponse:
            if not filename.endswith(".json"):
                return response.json({"error": "not found"}, status=404)
            clinic = clinic_for(filename.removesuffix(".json"))
            settings = chat_settings(clinic, intake)
            return response.json(settings, headers={**COMMON_HEADERS, "Access-Control-Allow-Origin": "*"})

        return widget

"""The widget files, demo page and clinic settings served from the Rasa port (plugins/widget_channel.py)."""

from __future__ import annotations

import pytest
import requests

from bot.clinics import get_clinics
from bot.intake import IntakeSettings
from bot.knowledge import get_knowledge_base

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/widget.js", "application/javascript"),
        ("/chat/", "text/html"),
        ("/chat/chat.js", "application/javascript"),
        ("/chat/chat.css", "text/css"),
        ("/chat/summary-doc.js", "application/javascript"),
        ("/chat/print.html", "text/html"),
        ("/chat/print.js", "application/javascript"),
        ("/demo/", "text/html"),
        ("/clinics/demo.json", "application/json"),
    ],
)
def test_widget_files_are_served_from_the_rasa_port(stack, path, content_type):
    response = requests.get(stack.base_url + path, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(content_type)
    assert response.headers.get("X-Content-Type-Options") == "nosniff" or path.endswith(".json")


def test_chat_page_has_a_strict_csp_naming_the_clinic_origins(stack):
    response = requests.get(f"{stack.base_url}/chat/?clinic=demo", timeout=10)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'self' " + " ".join(get_clinics()["demo"].allowed_origins) in csp
    html = response.text
    assert "<script>" not in html and "<style" not in html and " style=" not in html


def test_demo_page_embeds_the_widget_with_one_tag(stack):
    html = requests.get(f"{stack.base_url}/demo/", timeout=10).text
    assert html.count("<script") == 1 and 'src="/widget.js" data-clinic="demo" async' in html


def test_unknown_clinic_gets_the_default_settings_not_an_error(stack):
    response = requests.get(f"{stack.base_url}/clinics/no_such_clinic.json", timeout=10)
    assert response.status_code == 200
    settings = response.json()
    assert {key: settings[key] for key in get_clinics()["default"].public()} == get_clinics()["default"].public()
    page = requests.get(f"{stack.base_url}/chat/?clinic=no_such_clinic", timeout=10)
    assert page.status_code == 200 and "frame-ancestors 'self';" in page.headers["Content-Security-Policy"]


def test_clinic_settings_are_public_display_settings_only(stack):
    settings = requests.get(f"{stack.base_url}/clinics/demo.json", timeout=10).json()
    assert settings["name"] == get_clinics()["demo"].name
    assert "allowed_origins" not in settings and "last_reviewed" not in settings


@pytest.mark.parametrize(("clinic", "number"), [("demo", "911"), ("demo_uk", "999"), ("default", "911")])
def test_chat_settings_give_the_clinics_emergency_number_and_the_message_limit(stack, clinic, number):
    settings = requests.get(f"{stack.base_url}/clinics/{clinic}.json", timeout=10).json()
    kb = get_knowledge_base()
    assert settings["emergency"] == {
        "text": kb.messages.render("emergency_line", emergency_number=number),
        "phone": {"role": "emergency", "number": number, "tel": f"tel:{number}"},
    }
    assert settings["offline"] == kb.messages.render("trouble_answering", emergency_number=number)
    assert settings["max_message_chars"] == IntakeSettings.from_env().max_chars == 1000


def test_print_page_has_a_strict_csp_and_no_inline_code(stack):
    response = requests.get(f"{stack.base_url}/chat/print.html", timeout=10)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in response.text and "<style" not in response.text


def test_rest_channel_still_answers(stack):
    assert stack.say("widgettest0000000000000000000001", "what is sciatica")

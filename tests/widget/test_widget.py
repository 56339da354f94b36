"""The web widget in headless Chromium against the real bot: embedding, answers, session, keyboard, safety."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import requests
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bot.intake import IntakeSettings
from bot.knowledge import get_knowledge_base
from tests.widget.pages import (
    ROOT,
    bot_rows,
    click,
    enter_chat,
    launcher,
    open_demo,
    panel_hidden,
    screenshot,
    type_and_send,
    wait,
    wait_for_bot_rows,
)

pytestmark = [pytest.mark.e2e, pytest.mark.rasa, pytest.mark.widget]
KB = get_knowledge_base()
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def patient_texts(driver) -> list[str]:
    return [e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, "#log .bubble-patient")]


def safe_href(href: str) -> bool:
    """Links in the chat go to https pages, or call a number (tel: and digits only)."""
    return href.startswith("https://") or re.fullmatch(r"tel:\+?[0-9]+", href) is not None


def no_alert(driver) -> bool:
    try:
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False


def test_demo_page_shows_welcome_then_a_sourced_answer_with_caveat(stack, browser):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}
    )
    open_demo(browser, stack.base_url)
    (welcome,) = bot_rows(browser)
    assert "automated assistant" in welcome.text
    type_and_send(browser, "what is bmac?")
    answer = wait_for_bot_rows(browser, 2)[-1]
    assert KB.topics["bmac"].answer[:60] in answer.get_attribute("textContent")
    caveat = answer.find_element(By.CSS_SELECTOR, ".caveat")
    assert KB.messages["fda_caveat"].text[:60] in caveat.text
    # the caveat is shown once, in its box, not repeated in the body
    assert answer.get_attribute("textContent").count(KB.messages["fda_caveat"].text[:60]) == 1
    browser.switch_to.default_content()
    screenshot(browser, "widget-desktop-1280x800.png")
    enter_chat(browser)
    sources = answer.find_element(By.CSS_SELECTOR, "details.sources")
    click(browser, sources.find_element(By.TAG_NAME, "summary"))
    assert sources.find_element(By.CSS_SELECTOR, ".small-print").text.startswith("Evidence:")
    links = sources.find_elements(By.CSS_SELECTOR, "a")
    assert links and all(a.get_attribute("href").startswith("https://") for a in links)
    assert all(a.get_attribute("rel") == "noopener noreferrer" and a.get_attribute("target") == "_blank" for a in links)
    assert "https://doi.org/10.1002/stem.1845" in {a.get_attribute("href") for a in links}
    assert no_alert(browser)


def test_quick_reply_sends_its_payload_and_shows_its_title(stack, browser):
    open_demo(browser, stack.base_url)
    type_and_send(browser, "what is bmac?")
    wait_for_bot_rows(browser, 2)
    related = KB.topics[KB.topics["bmac"].related[0]]
    button = next(b for b in browser.find_elements(By.CSS_SELECTOR, ".quick-reply") if b.text == related.title)
    click(browser, button)
    reply = wait_for_bot_rows(browser, 3)[-1]
    assert patient_texts(browser)[-1].endswith(related.title)
    assert related.answer[:60] in reply.get_attribute("textContent")


def test_reload_keeps_the_history_and_start_over_forgets_it(stack, browser):
    open_demo(browser, stack.base_url)
    type_and_send(browser, "what is sciatica?")
    wait_for_bot_rows(browser, 2)
    before = browser.find_element(By.ID, "log").get_attribute("textContent")
    sender = browser.execute_script("return sessionStorage.getItem('bpchat.sender')")
    assert sender and len(sender) >= 32
    assert browser.execute_script("return localStorage.length") == 0

    browser.refresh()
    launcher(browser).click()
    enter_chat(browser)
    wait_for_bot_rows(browser, 2)
    assert browser.find_element(By.ID, "log").get_attribute("textContent") == before
    assert len(bot_rows(browser)) == 2  # no second welcome after a reload

    browser.find_element(By.ID, "restart").click()
    browser.find_element(By.ID, "confirm-yes").click()
    wait(browser).until(lambda d: len(bot_rows(d)) == 1 and not patient_texts(d))
    wait_for_bot_rows(browser, 1)
    assert "automated assistant" in bot_rows(browser)[0].text
    new_sender = browser.execute_script("return sessionStorage.getItem('bpchat.sender')")
    assert new_sender and new_sender != sender
    assert "sciatica" not in browser.execute_script("return sessionStorage.getItem('bpchat.transcript')")
    assert browser.execute_script("return localStorage.length") == 0


def test_keyboard_only_open_ask_and_close(stack, browser):
    browser.get(f"{stack.base_url}/demo/")
    target = launcher(browser)
    keys = ActionChains(browser)
    for _ in range(6):
        keys.send_keys(Keys.TAB).perform()
        if browser.execute_script("return document.activeElement.shadowRoot?.activeElement?.className") == "launcher":
            break
    assert browser.execute_script("return document.activeElement.shadowRoot.activeElement") == target
    keys.send_keys(Keys.ENTER).perform()
    enter_chat(browser)
    focused = "return document.hasFocus() && document.activeElement.id"
    wait(browser).until(lambda d: d.execute_script(focused) == "input")
    wait_for_bot_rows(browser, 1)
    ActionChains(browser).send_keys("what is sciatica").send_keys(Keys.ENTER).perform()
    reply = wait_for_bot_rows(browser, 2)[-1]
    assert KB.topics["sciatica"].answer[:40] in reply.get_attribute("textContent")
    assert patient_texts(browser)[-1].endswith("what is sciatica")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    browser.switch_to.default_content()
    wait(browser).until(lambda d: panel_hidden(d))
    assert browser.execute_script("return document.activeElement.shadowRoot.activeElement") == target
    assert target.get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("hostile", ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1))"])
def test_hostile_patient_text_stays_inert(stack, browser, hostile):
    open_demo(browser, stack.base_url)
    type_and_send(browser, hostile)
    wait_for_bot_rows(browser, 2)
    assert patient_texts(browser)[-1].endswith(hostile)
    log = browser.find_element(By.ID, "log")
    assert not log.find_elements(By.CSS_SELECTOR, "img, script, svg, iframe")
    assert all(safe_href(a.get_attribute("href")) for a in log.find_elements(By.TAG_NAME, "a"))
    assert no_alert(browser)


HOSTILE_TEXT = (
    "<script>alert(2)</script>\n\n[x](javascript:alert(3)) javascript:alert(4) **<svg onload=alert(5)>** https://example.org/ok."
)
HOSTILE_REPLY = [
    {"text": "<img src=x onerror=alert(1)> first", "buttons": [{"title": "<b>bold</b>", "payload": "/x"}]},
    {
        "custom": {
            "version": 1,
            "type": "answer",
            "part": "answer",
            "text": HOSTILE_TEXT,
            "body": HOSTILE_TEXT,
            "clinician_prompt": "<a href=javascript:alert(11)>x</a>",
            "citations": [
                {"title": "<img src=x onerror=alert(6)>", "url": "javascript:alert(7)"},
                {"title": "fine", "url": "https://example.org/"},
            ],
            "caveat": {"text": "<iframe src=javascript:alert(8)>", "reminder": "<b>r</b>", "citations": []},
            "evidence": {"level": "low", "note": "<i onmouseover=alert(9)>n</i>"},
            "last_reviewed": "<b>d</b>",
            "buttons": [{"title": "<img src=x onerror=alert(10)>", "payload": "/y"}],
            "feedback": [{"title": "<b>yes</b>", "payload": "/feedback_helpful"}],
        }
    },
    {
        "custom": {
            "version": 1,
            "type": "safety",
            "level": "emergency",
            "text": "<svg onload=alert(12)>",
            "headline": "Call 911 <img src=x onerror=alert(13)>",
            "advice": "<script>alert(14)</script> 911",
            "phones": [{"role": "emergency", "number": "911", "tel": "javascript:alert(15)"}],
            "citations": [],
            "buttons": [],
        }
    },
    {
        "custom": {
            "version": 1,
            "type": "contact",
            "text": "contact",
            "intro": "<b>intro</b>",
            "links": [
                {"kind": "call", "title": "<i>call</i>", "url": "javascript:alert(16)"},
                {"kind": "booking", "title": "Book", "url": "https://example.org/book"},
            ],
            "phones": [],
            "emergency_note": "x",
            "buttons": [],
        }
    },
]


def test_hostile_bot_payload_is_rendered_as_text(stack, browser):
    open_demo(browser, stack.base_url)
    browser.execute_script(
        "const body = arguments[0];"
        "window.fetch = () => Promise.resolve(new Response(body, {status: 200,"
        " headers: {'Content-Type': 'application/json'}}));",
        json.dumps(HOSTILE_REPLY),
    )
    type_and_send(browser, "hello")
    wait_for_bot_rows(browser, 5)
    log = browser.find_element(By.ID, "log")
    for summary in log.find_elements(By.TAG_NAME, "summary"):
        click(browser, summary)
    assert not log.find_elements(By.CSS_SELECTOR, "img, script, svg, iframe, b, i")
    hrefs = [a.get_attribute("href") for a in log.find_elements(By.TAG_NAME, "a")]
    assert hrefs and all(safe_href(h) for h in hrefs)  # no javascript: link, not even as tel
    assert "tel:911" in hrefs  # the welcome's emergency number, from the real server
    assert "https://example.org/ok" in hrefs  # the trailing full stop is not part of the link
    handlers = browser.execute_script(
        "return [...document.querySelectorAll('#log *')].flatMap(e => [...e.attributes].map(a => a.name))"
        ".filter(n => n.startsWith('on'))"
    )
    assert handlers == []
    text = log.get_attribute("textContent")
    for literal in ("<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "[x](javascript:alert(3))"):
        assert literal in text
    assert no_alert(browser)


def test_unreachable_server_shows_an_error_and_retry_recovers(stack, browser):
    open_demo(browser, stack.base_url)
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/webhooks/rest/webhook*"]})
    type_and_send(browser, "what is spinal stenosis?")
    error = browser.find_element(By.ID, "error")
    wait(browser).until(lambda d: error.is_displayed())
    assert browser.find_element(By.ID, "retry").is_displayed()
    assert browser.find_element(By.ID, "send").is_enabled()
    assert patient_texts(browser)[-1].endswith("what is spinal stenosis?")  # nothing typed is lost
    assert len(bot_rows(browser)) == 1

    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    browser.find_element(By.ID, "retry").click()
    reply = wait_for_bot_rows(browser, 2)[-1]
    assert not error.is_displayed()
    assert KB.topics["spinal_stenosis"].answer[:40] in reply.get_attribute("textContent")
    assert len(patient_texts(browser)) == 1  # the retry did not duplicate the patient's message


def test_real_server_outage_shows_the_error_and_the_conversation_resumes_after_restart(stack, browser):
    open_demo(browser, stack.base_url)
    type_and_send(browser, "what is sciatica?")
    wait_for_bot_rows(browser, 2)
    stack.stop_rasa()
    try:
        type_and_send(browser, "tell me more")
        error = browser.find_element(By.ID, "error")
        wait(browser).until(lambda d: error.is_displayed())
        assert patient_texts(browser)[-1].endswith("tell me more")  # nothing typed is lost
    finally:
        stack.start_rasa()
    browser.find_element(By.ID, "retry").click()
    reply = wait_for_bot_rows(browser, 3)[-1]
    assert not error.is_displayed()
    first_line = KB.topics["sciatica"].more.splitlines()[0].removeprefix("- ")
    assert first_line[:40] in reply.get_attribute("textContent")  # the context survived the restart


def test_a_patient_over_the_rate_limit_sees_slow_down_and_retry_sends_the_kept_message(stack, browser):
    open_demo(browser, stack.base_url)
    sender = browser.execute_script("return sessionStorage.getItem('bpchat.sender')")
    assert sender
    # Use up this conversation's allowance (30 a minute) straight over REST, as a fast clicker would.
    statuses = []
    with requests.Session() as session:
        for _ in range(40):
            response = session.post(stack.webhook, json={"sender": sender, "message": "/greet"}, timeout=60)
            statuses.append(response.status_code)
            if statuses[-1] == 429:
                break
    assert statuses[-1] == 429
    type_and_send(browser, "what is sciatica?")
    error = browser.find_element(By.ID, "error")
    wait(browser).until(lambda d: error.is_displayed())
    assert browser.find_element(By.ID, "error-text").text == KB.messages.render("slow_down")
    assert patient_texts(browser)[-1].endswith("what is sciatica?")  # nothing typed is lost
    assert browser.find_element(By.ID, "retry").is_displayed()


def test_message_box_warns_near_the_servers_limit_and_never_cuts_what_was_typed(stack, browser):
    open_demo(browser, stack.base_url)
    limit = IntakeSettings.from_env().max_chars
    box = browser.find_element(By.ID, "input")
    assert box.get_attribute("maxlength") is None  # typing past the limit is kept, not silently dropped
    assert browser.find_element(By.CSS_SELECTOR, "label[for=input]").get_attribute("textContent")
    wait(browser).until(lambda d: d.find_element(By.ID, "counter").text == f"0 / {limit:,}")
    note = browser.find_element(By.ID, "limit-note")
    box.send_keys("x" * 700)
    assert not note.text
    box.send_keys("x" * 200)
    assert note.text == f"{limit - 900} characters left."
    box.send_keys("y" * (limit - 900 + 20))
    assert len(box.get_attribute("value")) == limit + 20
    assert note.text.startswith("Your message is 20 characters too long")
    assert box.get_attribute("aria-invalid") == "true"
    assert not browser.find_element(By.ID, "send").is_enabled()
    box.send_keys(Keys.ENTER)
    assert len(box.get_attribute("value")) == limit + 20 and not patient_texts(browser)


@pytest.mark.parametrize(("width", "height", "name"), [(320, 640, "widget-mobile-320.png"), (640, 400, None)])
def test_narrow_screens_and_200_percent_zoom_fit_without_sideways_scrolling(stack, browser, width, height, name):
    """320 px phones, and 1280x800 at 200% zoom (a 640x400 CSS-pixel viewport)."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 400},
    )
    open_demo(browser, stack.base_url)
    type_and_send(browser, "what is bmac?")
    wait_for_bot_rows(browser, 2)
    overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert browser.execute_script(overflow) <= 0
    for element_id in ("input", "send", "restart", "close"):
        assert browser.find_element(By.ID, element_id).is_displayed()
    browser.switch_to.default_content()
    frame = browser.execute_script("return document.querySelector('[data-bpchat]').shadowRoot.querySelector('iframe')"
                                   ".getBoundingClientRect().toJSON()")
    assert frame["left"] >= 0 and frame["right"] <= width + 0.5
    if name:
        screenshot(browser, name)


def axe_violations(browser, levels: tuple[str, ...] = ("minor", "moderate", "serious", "critical")) -> list[dict]:
    """axe-core's violations on the current document (every rule axe runs by default), at these impacts."""
    if not AXE.exists():
        if shutil.which("npm") is None:
            pytest.skip("axe-core not installed and npm missing")
        pytest.fail(f"axe-core missing at {AXE}: run `make axe` (make test does it)")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    violations = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {iframes: false, resultTypes: ['violations']})"
        ".then(r => done(r.violations), e => done([{id: 'axe-error', impact: 'critical', help: String(e)}]));"
    )
    return [
        {"id": v["id"], "impact": v.get("impact"), "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in violations
        if v.get("impact") in levels
    ]


def test_axe_finds_no_serious_or_critical_violations_on_the_clinic_page(stack, browser):
    browser.get(f"{stack.base_url}/demo/")
    launcher(browser).click()
    assert axe_violations(browser, ("serious", "critical")) == []


def test_red_flag_reply_is_shown_as_an_alert(stack, browser):
    open_demo(browser, stack.base_url)
    type_and_send(browser, "since this morning i cant pee and both legs feel numb")
    reply = wait_for_bot_rows(browser, 2)[-1]
    bubble = reply.find_element(By.CSS_SELECTOR, ".bubble.type-safety")
    assert bubble.get_attribute("role") == "alert"
    assert "911" in bubble.text


def test_visit_summary_lists_the_question_and_can_be_downloaded(stack, browser):
    open_demo(browser, stack.base_url)
    type_and_send(browser, "what is sciatica?")
    wait_for_bot_rows(browser, 2)
    type_and_send(browser, "can i get a summary to take to my doctor")
    summary = wait_for_bot_rows(browser, 3)[-1]
    text = summary.get_attribute("textContent")
    assert KB.topics["sciatica"].title in text and KB.topics["sciatica"].answer[:50] in text
    buttons = [b.text for b in summary.find_elements(By.CSS_SELECTOR, ".summary-actions button")]
    assert buttons == ["Download", "Print"]

"""How replies look and behave in the widget (issue 16), in headless Chromium against the real bot.

Emergencies as one red panel in view, each reply shown once, short answers first, old buttons,
long messages, reaching a person, Start over, focus, the summary card and its printable page,
and axe at every impact level. Screenshots go to reports/widget/ (375 px wide unless named).
"""

from __future__ import annotations

import json

import pytest
import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from bot.clinics import clinic_for
from bot.knowledge import get_knowledge_base
from bot.safety.settings import region_for
from tests.widget.pages import (
    WIDGET_REPORTS,
    click,
    enter_chat,
    launcher,
    open_demo,
    page_screenshot,
    recorded_payloads,
    screenshot,
    set_viewport,
    type_and_send,
    wait,
    wait_for_bot_rows,
)
from tests.widget.test_widget import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.rasa, pytest.mark.widget]
KB = get_knowledge_base()
DEMO = clinic_for("demo")
US = region_for("US")
EMERGENCY = "I can't feel when I need to pee and my legs are numb"
SIZES = [(320, 640), (375, 740), (1280, 800)]

LATEST_ROWS = """
const rows = [...document.querySelectorAll('#log .row-bot')];
const turn = Math.max(0, ...rows.map(r => Number(r.dataset.turn) || 0));
return rows.filter(r => Number(r.dataset.turn) === turn);
"""
LATEST_TURN = (
    "return Math.max(0, ...[...document.querySelectorAll('#log .row-bot')].map(r => Number(r.dataset.turn) || 0))"
)


def latest_rows(driver: WebDriver) -> list[WebElement]:
    return driver.execute_script(LATEST_ROWS)


def ask(driver: WebDriver, text: str) -> list[WebElement]:
    """Type a message, send it, and return the rows of the reply (one per unit)."""
    before = driver.execute_script(LATEST_TURN)
    type_and_send(driver, text)
    return await_reply(driver, before)


def await_reply(driver: WebDriver, before: int) -> list[WebElement]:
    wait(driver).until(
        lambda d: d.execute_script(LATEST_TURN) > before and d.find_element(By.ID, "typing").get_attribute("hidden")
    )
    return latest_rows(driver)


def press(driver: WebDriver, button: WebElement) -> list[WebElement]:
    before = driver.execute_script(LATEST_TURN)
    click(driver, button)
    return await_reply(driver, before)


def log_text(driver: WebDriver) -> str:
    return driver.find_element(By.ID, "log").get_attribute("textContent")


def open_at(driver: WebDriver, base_url: str, width: int, height: int) -> None:
    set_viewport(driver, width, height)
    open_demo(driver, base_url)


def rect(driver: WebDriver, element: WebElement) -> dict:
    return driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", element)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_an_emergency_is_one_red_panel_first_and_in_view_with_tel_links(stack, browser, width, height):
    open_at(browser, stack.base_url, width, height)
    ask(browser, "what is bmac?")  # something above it, as in the patient's test
    rows = ask(browser, EMERGENCY)
    assert len(rows) == 1, "one reply, one panel: no grey bubbles before or after it"
    panel = rows[0].find_element(By.CSS_SELECTOR, ".bubble.type-safety")
    assert panel.get_attribute("role") == "alert"

    headline = panel.find_element(By.CSS_SELECTOR, ".alert-headline")
    assert headline.text == US.headlines["emergency"] == "Call 911 now"
    call = headline.find_element(By.CSS_SELECTOR, "a.tel")
    assert call.get_attribute("href") == "tel:911" and call.text == "911"
    # every number the panel shows is a tel: link, the explanation and sources wait behind a disclosure
    numbers = {a.text: a.get_attribute("href") for a in panel.find_elements(By.CSS_SELECTOR, "a.tel")}
    assert numbers == {"911": "tel:911"}
    details = panel.find_element(By.CSS_SELECTOR, "details.alert-details")
    assert details.get_attribute("open") is None
    assert "You mentioned" in details.get_attribute("textContent") and details.find_elements(By.CSS_SELECTOR, "a")

    # first and in view: the panel starts the visible conversation and all of it is on screen
    geometry = browser.execute_script(
        """
        const log = document.getElementById('log').getBoundingClientRect();
        const panel = arguments[0].getBoundingClientRect();
        const call = arguments[1].getBoundingClientRect();
        const visible = [...document.querySelectorAll('#log .bubble')].filter(b => {
          const r = b.getBoundingClientRect(); return r.bottom > log.top + 1 && r.top < log.bottom - 1; });
        const hit = document.elementFromPoint(call.left + call.width / 2, call.top + call.height / 2);
        return {log: log.toJSON(), panel: panel.toJSON(), first: visible[0] === arguments[0],
                height: window.innerHeight, callIsOnTop: hit === arguments[1]};
        """,
        panel,
        call,
    )
    assert geometry["first"], "the red panel is the first thing in view"
    assert geometry["log"]["top"] <= geometry["panel"]["top"] <= geometry["log"]["top"] + 24
    assert geometry["panel"]["bottom"] <= min(geometry["log"]["bottom"], geometry["height"])
    assert geometry["callIsOnTop"], "the tel: link can be tapped"
    browser.switch_to.default_content()
    frame = browser.execute_script(
        "return document.querySelector('[data-bpchat]').shadowRoot.querySelector('iframe')"
        ".getBoundingClientRect().toJSON()"
    )
    assert frame["top"] >= 0 and frame["bottom"] <= height + 0.5
    enter_chat(browser)

    # shown once: the advice appears once, and no raw "Sources: https://" line
    text = log_text(browser)
    assert text.count(US.emergency_message) == 1
    assert "Sources: https://" not in text
    # the emergency number stays in the header whatever scrolls
    line = browser.find_element(By.ID, "emergency")
    assert line.text == "Emergency? Call 911"
    assert line.find_element(By.TAG_NAME, "a").get_attribute("href") == "tel:911"
    assert rect(browser, line)["bottom"] <= 130
    page_screenshot(browser, f"emergency-{width}.png")


def test_each_reply_is_shown_once_answer_contact_emergency_and_summary(stack, browser):
    open_at(browser, stack.base_url, 375, 740)
    bmac = KB.topics["bmac"]
    (answer,) = ask(browser, "what is bmac?")
    text = log_text(browser)
    for sentence in (bmac.answer[:80], KB.messages["fda_caveat"].text[:80], KB.messages["clinician_prompt"].text):
        assert text.count(sentence) == 1, sentence
    assert "Sources: https://" not in text
    assert len(answer.find_elements(By.CSS_SELECTOR, ".quick-replies .quick-reply")) <= 4
    page_screenshot(browser, "answer-375.png")

    (contact,) = ask(browser, "Can I talk to a real person?")
    assert contact.get_attribute("textContent").count(DEMO.phone) == 1
    assert DEMO.booking_url not in log_text(browser), "booking is a button, not a raw address"

    (emergency,) = ask(browser, EMERGENCY)
    assert log_text(browser).count(US.emergency_message) == 1

    (summary,) = ask(browser, "can i get a summary to take to my doctor")
    card = summary.find_element(By.CSS_SELECTOR, ".bubble.type-summary")
    assert log_text(browser).count(KB.messages["summary_heading"].text) == 1
    buttons = card.find_elements(By.CSS_SELECTOR, ".summary-actions button")
    assert [b.text for b in buttons] == ["Download", "Print"]
    lists = card.find_elements(By.CSS_SELECTOR, "ul")
    assert rect(browser, buttons[0])["bottom"] < rect(browser, lists[0])["top"], "Download and Print come first"
    assert rect(browser, card)["height"] <= 740, "a short card, not a 6,774 px wall"
    assert US.headlines["emergency"] in card.text and bmac.title in card.text
    page_screenshot(browser, "summary-375.png")


def test_fda_caveat_in_full_once_then_a_one_line_reminder_that_opens_to_it(stack, browser):
    open_at(browser, stack.base_url, 375, 740)
    ask(browser, "what is bmac?")
    (second,) = ask(browser, "what are the risks of stem cells?")
    assert not second.find_elements(By.CSS_SELECTOR, ".caveat")
    reminder = second.find_element(By.CSS_SELECTOR, "details.caveat-reminder")
    assert reminder.find_element(By.TAG_NAME, "summary").text == KB.messages["fda_caveat_reminder"].text
    words = len(second.find_element(By.CSS_SELECTOR, ".bubble").text.split())
    assert words <= 120, f"the visible answer is short ({words} words)"
    page_screenshot(browser, "caveat-reminder-375.png")
    click(browser, reminder.find_element(By.TAG_NAME, "summary"))
    assert KB.messages["fda_caveat"].text[:60] in reminder.text
    answers = [p for p in recorded_payloads(browser) if p["type"] == "answer"]
    assert all(p["caveat"]["text"] == KB.messages["fda_caveat"].text for p in answers), "every answer still carries it"


def test_an_older_button_is_disabled_and_buttons_name_their_topic(stack, browser):
    open_at(browser, stack.base_url, 375, 740)
    (bmac,) = ask(browser, "what is bmac?")
    (sciatica,) = ask(browser, "what is sciatica?")
    more = KB.messages["button_more"].text
    old = next(b for b in bmac.find_elements(By.CSS_SELECTOR, ".quick-reply") if b.text == more)
    current = next(b for b in sciatica.find_elements(By.CSS_SELECTOR, ".quick-reply") if b.text == more)
    assert not old.is_enabled() and current.is_enabled()
    assert all(not b.is_enabled() for b in bmac.find_elements(By.CSS_SELECTOR, ".quick-reply"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", old)
    page_screenshot(browser, "old-buttons-375.png")
    # and the payload behind the old button answers what it says, whatever was asked last
    sent = [p for p in recorded_payloads(browser) if p["type"] == "answer" and p["topic_id"] == "bmac"]
    enter_chat(browser)
    payload = next(b["payload"] for b in sent[0]["buttons"] if b["title"] == more)
    assert payload == '/ask_more{"topic":"bmac"}'
    sender = browser.execute_script("return sessionStorage.getItem('bpchat.sender')")
    reply = requests.post(stack.webhook, json={"sender": sender, "message": payload}, timeout=60).json()
    custom = next(m["custom"] for m in reply if "custom" in m)
    assert custom["type"] == "answer" and custom["part"] == "more" and custom["topic_id"] == "bmac"


def test_a_900_character_story_is_sent_whole(stack, browser):
    open_at(browser, stack.base_url, 375, 740)
    story = (
        "My lower back started hurting after I moved house, and it has not really settled since then. "
        "Some days it spreads into my left buttock and the back of my thigh, and sitting for long makes it worse. "
    )
    story = (story * 10)[:899] + "?"
    assert len(story) == 900
    box = browser.find_element(By.ID, "input")
    box.send_keys(story)
    note = browser.find_element(By.ID, "limit-note")
    assert note.text == "100 characters left."
    page_screenshot(browser, "long-message-375.png")
    before = browser.execute_script(LATEST_TURN)
    browser.find_element(By.ID, "send").click()
    await_reply(browser, before)
    bubbles = browser.find_elements(By.CSS_SELECTOR, "#log .bubble-patient")
    assert bubbles[-1].get_attribute("textContent") == "You said: " + story
    assert browser.find_element(By.ID, "error").get_attribute("hidden"), "the server took it: no refusal"
    assert browser.execute_script("return JSON.parse(sessionStorage.getItem('bpchat.transcript'))")[-2]["text"] == story


@pytest.mark.parametrize("phrase", ["Can I talk to a real person?", "connect me to a nurse"])
def test_asking_for_a_person_gives_the_clinics_phone_and_booking_as_buttons(stack, browser, phrase):
    open_at(browser, stack.base_url, 375, 740)
    (reply,) = ask(browser, phrase)
    call = reply.find_element(By.CSS_SELECTOR, "a.link-call")
    assert call.get_attribute("href") == "tel:+15550100" and call.text == f"Call {DEMO.phone}"
    booking = reply.find_element(By.CSS_SELECTOR, "a.link-booking")
    assert booking.get_attribute("href") == DEMO.booking_url and booking.text == "Book an appointment"
    assert reply.find_element(By.CSS_SELECTOR, "a.link-contact").get_attribute("href") == DEMO.contact_url
    assert all(rect(browser, a)["height"] >= 40 for a in (call, booking)), "big enough to tap"
    page_screenshot(browser, f"contact-{phrase.split()[-1].strip('?')}-375.png")


def test_after_a_crisis_asking_for_a_person_also_gives_the_crisis_line(stack, browser):
    open_at(browser, stack.base_url, 375, 740)
    (crisis,) = ask(browser, "i want to end my life")
    assert crisis.find_element(By.CSS_SELECTOR, ".alert-headline a.tel").get_attribute("href") == "tel:988"
    (reply,) = ask(browser, "can i talk to someone at the clinic")
    hrefs = {a.get_attribute("href") for a in reply.find_elements(By.CSS_SELECTOR, "a")}
    assert {"tel:+15550100", "tel:988", "tel:911"} <= hrefs


def test_start_over_asks_first_and_sits_apart_from_close(stack, browser):
    open_at(browser, stack.base_url, 375, 740)
    ask(browser, "what is bmac?")
    restart, close = browser.find_element(By.ID, "restart"), browser.find_element(By.ID, "close")
    apart = browser.execute_script(
        "const a = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();"
        "return Math.hypot((a.left + a.right - b.left - b.right) / 2, (a.top + a.bottom - b.top - b.bottom) / 2)",
        restart,
        close,
    )
    assert apart >= 300, f"Start over is {apart:.0f} px from Close"
    restart.click()
    confirm = browser.find_element(By.ID, "confirm")
    assert confirm.is_displayed() and browser.switch_to.active_element.get_attribute("id") == "confirm-no"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#log .row-bot")) == 2, "nothing cleared yet"
    page_screenshot(browser, "start-over-375.png")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert not confirm.is_displayed() and len(browser.find_elements(By.CSS_SELECTOR, "#log .row-bot")) == 2
    browser.switch_to.default_content()
    assert not browser.execute_script(
        "return document.querySelector('[data-bpchat]').shadowRoot.querySelector('.panel').hidden"
    ), "Escape closed the question, not the chat"
    enter_chat(browser)
    restart.click()
    browser.find_element(By.ID, "confirm-yes").click()
    wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#log .row-bot")) == 1)
    wait_for_bot_rows(browser, 1)
    assert not browser.find_elements(By.CSS_SELECTOR, "#log .bubble-patient")
    assert KB.topics["bmac"].answer[:40] not in log_text(browser)


@pytest.mark.parametrize(("width", "height"), [(375, 740), (1280, 800)], ids=lambda v: str(v))
def test_focus_moves_to_the_start_of_the_answer_after_a_quick_reply(stack, browser, width, height):
    open_at(browser, stack.base_url, width, height)
    (answer,) = ask(browser, "what is bmac?")
    more = next(b for b in answer.find_elements(By.CSS_SELECTOR, ".quick-reply") if b.text == "Tell me more")
    rows = press(browser, more)
    focused = browser.switch_to.active_element
    assert focused == rows[0].find_element(By.CSS_SELECTOR, ".bubble"), "focus is at the new answer's start"
    ActionChains(browser).send_keys(Keys.TAB).perform()
    after = browser.switch_to.active_element
    latest_turn = browser.execute_script(LATEST_TURN)
    inside = browser.execute_script(
        "const row = arguments[0].closest('.row-bot'); return row ? Number(row.dataset.turn) : -1", after
    )
    assert inside == latest_turn, "Tab goes on inside the new answer, not to an old button"
    if width == 375:
        page_screenshot(browser, "focus-after-quick-reply-375.png")


def test_summary_card_prints_a_page_with_the_clinic_date_and_headings(stack, browser):
    open_at(browser, stack.base_url, 375, 740)
    ask(browser, "what is sciatica?")
    ask(browser, EMERGENCY)
    (summary,) = ask(browser, "can i get a summary to take to my doctor")
    chat_window = browser.current_window_handle
    print_button = summary.find_element(By.CSS_SELECTOR, ".summary-print")
    click(browser, print_button)
    wait(browser).until(lambda d: len(d.window_handles) == 2)
    browser.switch_to.window(next(h for h in browser.window_handles if h != chat_window))
    wait(browser).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("data-print-requested") == "true")
    assert browser.find_element(By.CSS_SELECTOR, "header .clinic").text == DEMO.name
    assert browser.find_element(By.TAG_NAME, "h1").text == KB.messages["summary_heading"].text
    assert browser.find_element(By.CSS_SELECTOR, "header .date").text.startswith("Date: ")
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert headings == [KB.messages["summary_red_flags"].text, KB.messages["summary_questions"].text]
    assert browser.find_element(By.TAG_NAME, "h3").text == KB.topics["sciatica"].title
    links = browser.find_elements(By.CSS_SELECTOR, "main a")
    assert links and all(a.get_attribute("href").startswith("https://") for a in links)
    assert all("https://" not in a.text and len(a.text) <= 90 for a in links), "links named, not raw addresses"
    footer = browser.find_element(By.TAG_NAME, "footer").text
    assert "30 days" in footer and "not stored anywhere else" not in footer
    assert browser.title == f"{DEMO.name}: {KB.messages['summary_heading'].text}"
    set_viewport(browser, 375, 740)
    screenshot(browser, "print-page-375.png", WIDGET_REPORTS)
    browser.close()
    browser.switch_to.window(chat_window)
    enter_chat(browser)
    # Download gives the same page as a file
    html = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const original = URL.createObjectURL;
        URL.createObjectURL = function (blob) {
          URL.createObjectURL = original;
          blob.text().then(text => done(blob.type + "|" + text));
          return original.call(URL, blob);
        };
        arguments[0].click();
        """,
        summary.find_element(By.CSS_SELECTOR, ".summary-download"),
    )
    kind, html = html.split("|", 1)
    assert kind.startswith("text/html") and html.startswith("<!doctype html>")
    assert DEMO.name in html and KB.topics["sciatica"].title in html and "<script" not in html


HOSTILE_SUMMARY = {
    "version": 1,
    "type": "summary",
    "kind": "visit",
    "heading": "<img src=x onerror=alert(1)>",
    "date": "2026-01-02",
    "clinic": "<script>alert(2)</script>",
    "text": "summary",
    "red_flags_heading": "<b>flags</b>",
    "red_flags": [{"question": "<svg onload=alert(3)>", "level": "emergency", "headline": "<i>x</i>", "advice": "a"}],
    "questions_heading": "q",
    "items": [
        {
            "question": "<iframe src=javascript:alert(4)>",
            "topic_id": "t",
            "title": "<a href=javascript:alert(5)>t</a>",
            "answer": "a",
            "investigational": False,
            "citations": [{"short": "bad", "url": "javascript:alert(6)"}, {"short": "good", "url": "https://example.org/"}],
        }
    ],
    "empty": None,
    "caveat": None,
    "checklist_heading": "c",
    "checklist": [],
    "footer": "<style>*{display:none}</style>",
    "buttons": [],
}


def test_printable_page_is_built_as_text_only(stack, browser):
    open_at(browser, stack.base_url, 1280, 800)
    browser.execute_script(
        "const body = arguments[0];"
        "window.fetch = () => Promise.resolve(new Response(body, {status: 200,"
        " headers: {'Content-Type': 'application/json'}}));",
        json.dumps([{"recipient_id": "x", "custom": HOSTILE_SUMMARY}]),
    )
    (summary,) = ask(browser, "summary")
    assert not browser.find_elements(By.CSS_SELECTOR, "#log img, #log script, #log svg, #log iframe, #log b, #log i")
    chat_window = browser.current_window_handle
    click(browser, summary.find_element(By.CSS_SELECTOR, ".summary-print"))
    wait(browser).until(lambda d: len(d.window_handles) == 2)
    browser.switch_to.window(next(h for h in browser.window_handles if h != chat_window))
    wait(browser).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("data-print-requested") == "true")
    body = browser.find_element(By.TAG_NAME, "body")
    assert not body.find_elements(By.CSS_SELECTOR, "img, script, svg, iframe, style, b, i")
    assert [a.get_attribute("href") for a in body.find_elements(By.TAG_NAME, "a")] == ["https://example.org/"]
    for literal in ("<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "<style>*{display:none}</style>"):
        assert literal in body.get_attribute("textContent")
    browser.close()
    browser.switch_to.window(chat_window)


@pytest.mark.parametrize("scenario", ["emergency", "answer with sources open", "summary"])
def test_axe_finds_no_violations_at_any_level(stack, browser, scenario):
    browser.get(f"{stack.base_url}/chat/?clinic=demo")
    wait_for_bot_rows(browser, 1)
    if scenario == "emergency":
        ask(browser, EMERGENCY)
    elif scenario == "answer with sources open":
        ask(browser, "what is bmac?")
        ask(browser, "what are the risks of stem cells?")
        (more,) = press(browser, browser.find_elements(By.CSS_SELECTOR, ".row-bot:not(.stale) .quick-reply")[0])
        assert more.find_elements(By.CSS_SELECTOR, "details.balance, details.sources")
    else:
        ask(browser, "what is sciatica?")
        ask(browser, EMERGENCY)
        ask(browser, "can i get a summary to take to my doctor")
    for summary in browser.find_elements(By.CSS_SELECTOR, "#log summary"):
        click(browser, summary)
    assert axe_violations(browser) == []


def test_offline_error_gives_the_emergency_number_to_call(stack, browser):
    open_at(browser, stack.base_url, 375, 740)
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/webhooks/rest/webhook*"]})
    type_and_send(browser, "what is sciatica?")
    error = browser.find_element(By.ID, "error")
    wait(browser).until(lambda d: error.is_displayed())
    offline = KB.messages.render("trouble_answering", emergency_number="911")
    assert browser.find_element(By.ID, "error-text").text == offline
    assert error.find_element(By.CSS_SELECTOR, "a.tel").get_attribute("href") == "tel:911"
    page_screenshot(browser, "offline-375.png")


def test_typing_indicator_shows_for_at_least_400_ms(stack, browser):
    open_at(browser, stack.base_url, 1280, 800)
    browser.execute_script(
        """
        window.__typing = [];
        const typing = document.getElementById('typing');
        new MutationObserver(() => window.__typing.push([typing.hidden, performance.now()]))
          .observe(typing, {attributes: true, attributeFilter: ['hidden']});
        """
    )
    ask(browser, "hello")
    changes = browser.execute_script("return window.__typing")
    shown = next(t for hidden, t in changes if not hidden)
    hidden = next(t for hidden, t in changes if hidden and t > shown)
    assert hidden - shown >= 395, f"the indicator showed for {hidden - shown:.0f} ms"


def test_on_a_phone_the_box_is_not_focused_on_open_and_the_conversation_gets_the_height(stack, browser):
    set_viewport(browser, 375, 740)
    browser.get(f"{stack.base_url}/demo/")
    launcher(browser).click()
    enter_chat(browser)
    wait_for_bot_rows(browser, 1)
    wait(browser).until(lambda d: d.execute_script("return document.activeElement.id") == "chat-title")
    assert browser.switch_to.active_element.get_attribute("id") != "input"
    ask(browser, "what is sciatica?")
    # the phone keyboard takes about half the screen: the panel shrinks, the conversation keeps most of it
    set_viewport(browser, 375, 380)
    browser.find_element(By.ID, "input").click()
    heights = browser.execute_script(
        "return {log: document.getElementById('log').clientHeight, page: window.innerHeight}"
    )
    assert heights["log"] >= 0.5 * heights["page"], heights
    page_screenshot(browser, "keyboard-open-375.png")


@pytest.mark.parametrize(
    "wording",
    [
        "is there a human I can speak to",
        "let me talk to a nurse please",
        "can I speak with a doctor please",
        "I'd like to talk to someone at the clinic",
        "I need to speak to a person",
        "are you a real person?",
    ],
)
def test_any_wording_for_a_person_gets_the_clinics_contact_links(stack, wording):
    """Phrasings not in the training data (REST only: the browser tests above cover the rendering)."""
    replies = stack.say(f"person{abs(hash(wording)):027d}"[:32], wording, metadata={"clinic": "demo"})
    (contact,) = [m["custom"] for m in replies if m.get("custom", {}).get("type") == "contact"]
    assert [link["url"] for link in contact["links"]][:2] == ["tel:+15550100", DEMO.booking_url]


def test_where_is_that_from_lists_each_reference_once_and_short(stack, browser):
    open_at(browser, stack.base_url, 320, 640)
    ask(browser, "what are the risks of stem cells?")
    (sources,) = ask(browser, "where is that from?")
    payload = [p for p in recorded_payloads(browser) if p["type"] == "sources"][-1]
    text = sources.get_attribute("textContent")
    for citation in payload["citations"]:
        assert text.count(citation["title"]) == 1, citation["id"]
    assert "doi:" not in text and "Sources: https://" not in text
    shown = [a for a in sources.find_elements(By.CSS_SELECTOR, ".citations a") if a.is_displayed()]
    assert len(shown) == min(4, len(payload["citations"]))
    assert rect(browser, sources)["height"] <= 2 * 640, "about a screen or two, not ten"
    page_screenshot(browser, "sources-320.png")


def _rest(*replies) -> list[dict]:
    """Replies as the REST channel sends them: the plain copy (with buttons), then the payload."""
    messages: list[dict] = []
    for reply in replies:
        buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
        messages.append({"recipient_id": "x", "text": reply.text, **({"buttons": buttons} if buttons else {})})
        messages.append({"recipient_id": "x", "custom": reply.custom})
    return messages


def test_triage_replies_check_in_as_a_crisis_panel_screening_and_did_you_mean(stack, browser):
    from bot.knowledge.replies import clarify_reply
    from bot.safety.screening import crisis_check_in, screening_question

    topics = [KB.topics["bmac"], KB.topics["sciatica"], KB.topics["fda_status"]]
    replies = (screening_question(KB, "emergency"), clarify_reply(KB, topics), crisis_check_in(KB, US))
    open_demo(browser, stack.base_url)
    browser.execute_script(
        "const body = arguments[0];"
        "window.fetch = () => Promise.resolve(new Response(body, {status: 200,"
        " headers: {'Content-Type': 'application/json'}}));",
        json.dumps(_rest(*replies)),
    )
    rows = ask(browser, "hello")
    assert len(rows) == 3, "each reply once, from its payload"
    # the check-in comes first, as the red crisis panel, with the crisis line and the emergency number to call
    panel = rows[0].find_element(By.CSS_SELECTOR, ".bubble.type-safety")
    assert "level-crisis" in panel.get_attribute("class") and panel.get_attribute("role") == "alert"
    assert panel.find_element(By.CSS_SELECTOR, ".alert-headline").text == US.headlines["crisis"]
    numbers = {a.text: a.get_attribute("href") for a in panel.find_elements(By.CSS_SELECTOR, "a.tel")}
    assert numbers == {"988": "tel:988", "911": "tel:911"}
    # the screening question: the signs, where the list comes from, and Yes / No
    screening = rows[1].find_element(By.CSS_SELECTOR, ".bubble.type-screening")
    assert KB.messages["safety_screen_emergency"].text in screening.get_attribute("textContent")
    assert "Sources:" not in screening.get_attribute("textContent")
    assert [b.text for b in rows[1].find_elements(By.CSS_SELECTOR, ".quick-reply")] == [
        KB.messages["button_yes"].text,
        KB.messages["button_no"].text,
    ]
    # did you mean: the likely topics, then "Something else"
    rows[2].find_element(By.CSS_SELECTOR, ".bubble.type-clarify")
    titles = [b.text for b in rows[2].find_elements(By.CSS_SELECTOR, ".quick-reply")]
    assert titles == [t.title for t in topics] + [KB.messages["button_something_else"].text]
    assert "911" in log_text(browser) and log_text(browser).count(KB.messages["did_you_mean"].text) == 1

"""Helpers for the widget tests: start headless Chromium, find the launcher and the chat, take screenshots.

Every browser also records the reply payloads the chat page receives, so the tests can check
them against the payload contract (bot/payloads.schema.json).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "reports" / "screenshots"
# Screenshots of the reply layouts (emergency, answer, summary, contact…), at 375 px unless named otherwise.
WIDGET_REPORTS = ROOT / "reports" / "widget"
WAIT = 30  # seconds: the first answers of a fresh Rasa server can take a few seconds


def make_driver(width: int = 1280, height: int = 800) -> tuple[WebDriver, str]:
    """Start headless Chromium with a throw-away profile; Selenium Manager never runs."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_window_size(width, height)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    return driver, profile


# Runs in every frame before its own scripts: keeps a copy of each reply payload from the REST channel
# in the top window (the demo page and the chat iframe share an origin in the tests).
RECORDER = """
(function () {
  if (window.__bpchatRecorder) return;
  window.__bpchatRecorder = true;
  var store;
  try { store = window.top.__bpchatPayloads = window.top.__bpchatPayloads || []; }
  catch (e) { store = window.__bpchatPayloads = []; }
  var original = window.fetch;
  window.fetch = function (input) {
    var promise = original.apply(this, arguments);
    var url = typeof input === "string" ? input : (input && input.url) || "";
    if (url.indexOf("/webhooks/rest/webhook") >= 0) {
      promise.then(function (r) { return r.clone().json(); }).then(function (messages) {
        (Array.isArray(messages) ? messages : []).forEach(function (m) {
          if (m && m.custom) store.push(JSON.stringify(m.custom));
        });
      }, function () {});
    }
    return promise;
  };
})();
"""


def recorded_payloads(driver: WebDriver) -> list[dict[str, Any]]:
    """Every `custom` payload the page has received so far (from the top window's record)."""
    raw = driver.execute_script("return (window.top.__bpchatPayloads || []).slice()")
    return [json.loads(item) for item in raw or []]


def payload_errors(payloads: list[dict[str, Any]]) -> list[str]:
    """Where payloads break the contract (empty when they all validate)."""
    from bot.payloads import load_schema

    validator = Draft202012Validator(load_schema())
    return [
        f"{payload.get('type')}: {list(error.absolute_path)}: {error.message}"
        for payload in payloads
        for error in validator.iter_errors(payload)
    ]


def set_viewport(driver: WebDriver, width: int, height: int) -> None:
    """Emulate a screen of this size: below 500 px wide, a phone (mobile viewport and a touch screen)."""
    phone = width < 500
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone,
         "screenWidth": width, "screenHeight": height},
    )
    touch = {"enabled": True, "maxTouchPoints": 5} if phone else {"enabled": False}
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", touch)


def wait(driver: WebDriver, timeout: float = WAIT) -> WebDriverWait:
    return WebDriverWait(driver, timeout)


def launcher(driver: WebDriver) -> WebElement:
    """The launcher button inside the widget's shadow root on the clinic page."""
    host = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-bpchat]"))
    return host.shadow_root.find_element(By.CSS_SELECTOR, ".launcher")


def panel_hidden(driver: WebDriver) -> bool:
    script = "return document.querySelector('[data-bpchat]').shadowRoot.querySelector('.panel').hidden"
    return bool(driver.execute_script(script))


def enter_chat(driver: WebDriver) -> None:
    """Switch Selenium into the chat iframe."""
    driver.switch_to.default_content()
    host = driver.find_element(By.CSS_SELECTOR, "[data-bpchat]")
    frame = wait(driver).until(lambda d: host.shadow_root.find_element(By.CSS_SELECTOR, "iframe"))
    driver.switch_to.frame(frame)


def bot_rows(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, "#log .row-bot")


def wait_for_bot_rows(driver: WebDriver, count: int) -> list[WebElement]:
    """Wait until at least `count` bot messages are shown and no request is in flight."""
    wait(driver).until(lambda d: len(bot_rows(d)) >= count and d.find_element(By.ID, "typing").get_attribute("hidden"))
    return bot_rows(driver)


def open_demo(driver: WebDriver, base_url: str) -> None:
    """Load the demo clinic page, open the widget and wait for the welcome."""
    driver.get(f"{base_url}/demo/")
    launcher(driver).click()
    enter_chat(driver)
    wait_for_bot_rows(driver, 1)


def click(driver: WebDriver, element: WebElement) -> None:
    """Scroll an element inside the chat's scrolling log into view, then click it like a user."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def type_and_send(driver: WebDriver, text: str) -> None:
    box = driver.find_element(By.ID, "input")
    box.send_keys(text)
    driver.find_element(By.ID, "send").click()


def screenshot(driver: WebDriver, name: str, folder: Path = SCREENSHOTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    driver.save_screenshot(str(path))
    return path


def page_screenshot(driver: WebDriver, name: str) -> Path:
    """Screenshot of the whole clinic page (widget open) into reports/widget/, then back into the chat."""
    driver.switch_to.default_content()
    path = screenshot(driver, name, WIDGET_REPORTS)
    if driver.find_elements(By.CSS_SELECTOR, "[data-bpchat]"):
        enter_chat(driver)
    return path

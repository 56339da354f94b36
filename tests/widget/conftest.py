"""A fresh headless Chromium per test (Debian's chromium + chromedriver, no Selenium Manager)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.widget.pages import CHROMEDRIVER, CHROMIUM, make_driver, payload_errors, recorded_payloads


@pytest.fixture()
def browser() -> Iterator[WebDriver]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        why = "needs Debian's chromium and chromium-driver (`make browser` installs them as root)"
        if os.environ.get("CI"):
            pytest.fail(why)  # CI must never pass by skipping the browser tests
        pytest.skip(why)
    driver, profile = make_driver()
    try:
        yield driver
        # Whatever the test did, every reply payload the page received must keep the contract.
        driver.switch_to.default_content()
        for handle in driver.window_handles[:1]:
            driver.switch_to.window(handle)
        errors = payload_errors(recorded_payloads(driver))
        assert not errors, errors[:5]
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)

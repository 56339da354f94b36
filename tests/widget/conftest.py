"""A fresh headless Chromium per test (Debian's chromium + chromedriver, no Selenium Manager)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.widget.pages import CHROMEDRIVER, CHROMIUM, make_driver


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
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)

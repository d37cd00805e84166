"""Headless Chromium for the browser tests, through Selenium and Debian's chromedriver.

The browser and its driver come from the distribution's packages (`.ci/run` installs them):
Selenium is given the driver's path, so Selenium Manager never tries to download one. Where they
are missing the tests skip and say how to install them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")  # the last: GitHub runners
DRIVER_CANDIDATES = ("/usr/bin/chromedriver", "chromedriver")
HOW_TO_INSTALL = (
    "Chromium and chromedriver are not installed: install them with "
    "`apt-get install chromium chromium-driver` (Debian/Ubuntu; `.ci/run` does this), "
    "then rerun the browser tests"
)
# As root in a container, on a machine whose network reaches nothing but package registries.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
    "--lang=en-US",
)


def _find(candidates: tuple[str, ...]) -> str | None:
    for name in candidates:
        found = shutil.which(name) or (name if Path(name).is_file() else None)
        if found:
            return found
    return None


def browser_paths() -> tuple[str, str]:
    """(chromium, chromedriver), or skip the test with the way to install them."""
    chromium, driver = _find(CHROMIUM_CANDIDATES), _find(DRIVER_CANDIDATES)
    if chromium is None or driver is None:
        pytest.skip(HOW_TO_INSTALL)
    return chromium, driver


def start_chromium(profile: Path):
    """A headless Chromium under Selenium with a fresh profile folder; console messages are logged."""
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed: `pip install -r requirements.txt`"
    )
    from selenium.webdriver.chrome.service import Service

    chromium, driver = browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(driver), options=options)
    browser.set_page_load_timeout(60)
    return browser


def severe_console_entries(browser) -> list[str]:
    """The console's error entries since the last call (reading the log empties it)."""
    return [e["message"] for e in browser.get_log("browser") if e.get("level") == "SEVERE"]

"""
Debian's headless Chromium driven by Selenium, shared by the browser journeys
(tests/browser/) and the validators (tests/validators/). No browser or driver is downloaded:
the binaries are Debian's ``chromium`` and ``chromium-driver`` that ``make test`` installs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
VALIDATORS = ROOT / ".cache" / "validators"
# Screenshots of every journey step, kept by CI as an artefact (README, "Tests").
ARTIFACTS = Path(os.environ.get("STEMNET_ARTIFACTS", ROOT / ".ci" / "artifacts"))
WIDTHS = {"desktop": 1280, "phone": 390}
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--lang=nl-BE",
]


def chrome_available() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    for binary in ("chromium", "chromedriver"):
        if not shutil.which(binary):
            return f"{binary} is not installed (make test installs Debian's chromium-driver)"
    return None


def missing(reason: str):
    """A tool the test needs is not there: under ``make test`` (which installs it) that is a
    failure, never a silent skip; elsewhere a skip that says what to run."""
    import pytest

    if os.environ.get("STEMNET_SERVICES"):
        pytest.fail(reason)
    pytest.skip(reason)


def chrome(width: int = WIDTHS["desktop"], height: int = 900):
    """A fresh headless Chromium at ``width`` CSS pixels, Dutch first."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_experimental_option("prefs", {"intl.accept_languages": "nl-BE,nl"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    driver.set_window_size(width, height)
    # Exactly ``width`` CSS pixels of viewport (a window's frame would take some), and a
    # phone's meta-viewport handling below 600 px.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    return driver


def log_in(driver, base_url: str, user) -> None:
    """Give ``driver`` a logged-in session for ``user`` (as Django's ``force_login``), so a
    page-by-page sweep need not type passwords; the journeys log in through the form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    driver.get(base_url + "/healthz/")
    driver.delete_all_cookies()
    driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "path": "/"})


def log_out(driver, base_url: str) -> None:
    driver.get(base_url + "/healthz/")
    driver.delete_all_cookies()


def console_errors(driver) -> list[str]:
    """The browser console's errors since the last call (CSP violations, failed loads,
    script errors)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def full_page_screenshot(driver, path: Path) -> None:
    """The whole page, not only the window, as PNG."""
    import base64

    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics["cssContentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))

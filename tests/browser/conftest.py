"""
The journeys' stage: pytest-django's live server on the test database (PostgreSQL under
``make test``), a real Celery worker process on the Redis broker reading the same database,
and every e-mail (sent by the worker or by the live server) written to a folder the test
reads. Each journey runs at the widths of ``driver.WIDTHS``; every step leaves a full-page
screenshot under ``.ci/artifacts/browser/<journey>-<width>/``.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
import time
import uuid
from pathlib import Path
from string import ascii_lowercase, ascii_uppercase
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection

from stemnet import celery_app
from tests.celery_worker import worker_process

from .driver import (
    ARTIFACTS,
    WIDTHS,
    chrome,
    chrome_available,
    console_errors,
    full_page_screenshot,
    missing,
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_ready():
    """Chromium, its driver and the broker are there, or the run says why not. Under
    ``make test`` (STEMNET_SERVICES) a missing piece fails instead of skipping."""
    problem = chrome_available()
    if not problem and not os.environ.get("CELERY_BROKER_URL"):
        problem = "needs the Redis broker that make test starts"
    if not problem and connection.vendor != "postgresql":
        problem = "needs the PostgreSQL that make test starts"
    if problem:
        missing(problem)


class Outbox:
    """The e-mails written by Django's file backend into ``folder``."""

    SEPARATOR = re.compile(rb"\n-{79}\n")

    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self) -> list[email.message.EmailMessage]:
        found = []
        for path in sorted(self.folder.glob("*.log")):
            for chunk in self.SEPARATOR.split(path.read_bytes()):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk, policy=email.policy.default))
        return found

    def wait_for(self, *, to: str, subject: str, timeout: float = 60):
        """The first e-mail to ``to`` whose subject contains ``subject``; waits for the
        worker to send it."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.messages():
                if to in message["To"] and subject in str(message["Subject"]):
                    return message
            if time.monotonic() > deadline:
                seen = [(m["To"], str(m["Subject"])) for m in self.messages()]
                raise AssertionError(f"no e-mail to {to} about {subject!r}; seen: {seen}")
            time.sleep(0.2)

    @staticmethod
    def body(message) -> str:
        part = message.get_body(preferencelist=("plain", "html"))
        return part.get_content()

    @classmethod
    def links(cls, message) -> list[str]:
        return re.findall(r"https?://[^\s<>\"')]+", cls.body(message))


@pytest.fixture
def outbox(tmp_path, settings):
    folder = tmp_path / "mail"
    folder.mkdir()
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    return Outbox(folder)


def _test_database_url() -> str:
    """``DATABASE_URL`` pointing at the test database pytest-django created."""
    bits = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(bits._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture
def stage(browser_ready, live_server, transactional_db, outbox, settings):
    """The live server's address, with a Celery worker process consuming every queue on the
    test database, its mail going to ``outbox``. Links in e-mails point to the live server."""
    settings.SITE_URL = live_server.url
    queues = sorted(
        {django_settings.CELERY_TASK_DEFAULT_QUEUE}
        | {route["queue"] for route in django_settings.CELERY_TASK_ROUTES.values()}
    )
    celery_app.control.purge()
    name = f"journey-{uuid.uuid4().hex[:8]}@localhost"
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "EMAIL_URL": f"filemail:///{outbox.folder}",  # django-environ drops one slash
        "SITE_URL": live_server.url,
    }
    with worker_process(
        queues=queues,
        name=name,
        env=env,
        loglevel=os.environ.get("JOURNEY_WORKER_LOGLEVEL", "WARNING"),
    ) as worker:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(destination=[name], timeout=0.5):
            assert worker.poll() is None, "the Celery worker stopped"
            assert time.monotonic() < deadline, "the Celery worker did not answer in 60 s"
        yield live_server.url


class Journey:
    """One person's way through the portal in one browser at one width: every step is a
    screenshot, and no step may leave an error in the browser's console."""

    def __init__(self, driver, base_url: str, folder: Path):
        self.driver = driver
        self.base_url = base_url
        self.folder = folder
        self.steps = 0

    # -- moving ----------------------------------------------------------------------------
    def open(self, location: str):
        """``location`` is a path on the live server or an absolute URL (from an e-mail)."""
        url = location if location.startswith("http") else self.base_url + location
        self.driver.get(url)
        return self

    def click(self, text: str, *, within: str = "main"):
        """Click the link or button whose visible text (or accessible name) contains
        ``text``, inside ``within``."""
        from selenium.webdriver.common.by import By

        literal = _xpath_literal(text)
        candidates = self.driver.find_element(By.CSS_SELECTOR, within).find_elements(
            By.XPATH,
            f".//a[contains(normalize-space(.), {literal}) or contains(@aria-label, {literal})]"
            f" | .//button[contains(normalize-space(.), {literal})]"
            f" | .//summary[contains(normalize-space(.), {literal})]"
            f" | .//input[@type='submit' and contains(@value, {literal})]",
        )
        visible = [element for element in candidates if element.is_displayed()]
        assert visible, f"nothing to click called {text!r} on {self.driver.current_url}"
        target = visible[0]
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", target)
        page = self.driver.find_element(By.TAG_NAME, "html")
        navigates = target.tag_name != "summary"
        target.click()
        if navigates:
            self._wait_for_new_page(page)
        return self

    def _wait_for_new_page(self, old_page):
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.wait import WebDriverWait

        # While the old page unloads, chromedriver can answer a command with "unhandled
        # inspector error" (seen once in CI); that says nothing yet, so ask again.
        wait = WebDriverWait(self.driver, 60, ignored_exceptions=(WebDriverException,))
        wait.until(expected_conditions.staleness_of(old_page))
        wait.until(lambda driver: driver.execute_script("return document.readyState") == "complete")

    def field(self, label: str):
        """The form control whose label contains ``label``."""
        from selenium.webdriver.common.by import By

        literal = _xpath_literal(label.lower())
        lower = f"translate(normalize-space(.), '{ascii_uppercase}', '{ascii_lowercase}')"
        labels = [
            element
            for element in self.driver.find_elements(
                By.XPATH, f"//label[contains({lower}, {literal})]"
            )
            if element.is_displayed() or element.get_attribute("for")
        ]
        assert labels, f"no field labelled {label!r} on {self.driver.current_url}"
        target = labels[0].get_attribute("for")
        if target:
            return self.driver.find_element(By.ID, target)
        return labels[0].find_element(By.CSS_SELECTOR, "input, select, textarea")

    def fill(self, label: str, value: str):
        element = self.field(label)
        kind = element.get_attribute("type")
        if element.tag_name == "select":
            from selenium.webdriver.support.select import Select

            select = Select(element)
            matches = [o for o in select.options if value.lower() in o.text.lower()]
            assert matches, f"no option {value!r} in {[o.text for o in select.options]}"
            select.select_by_visible_text(matches[0].text)
        elif kind in ("date", "datetime-local", "time"):
            # Chromium's date widgets take typed digits in the locale's order: set the value.
            self.driver.execute_script(
                "arguments[0].value = arguments[1];"
                "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                element,
                value,
            )
        elif kind in ("checkbox", "radio"):
            if element.is_selected() != bool(value):
                self.driver.execute_script("arguments[0].click();", element)
        else:
            element.clear()
            element.send_keys(value)
        return self

    def link(self, text: str, *, within: str = "main") -> str:
        """The address of the visible link whose text contains ``text``."""
        from selenium.webdriver.common.by import By

        literal = _xpath_literal(text)
        links = [
            element
            for element in self.driver.find_element(By.CSS_SELECTOR, within).find_elements(
                By.XPATH, f".//a[contains(normalize-space(.), {literal})]"
            )
            if element.is_displayed()
        ]
        assert links, f"no link called {text!r} on {self.url}"
        return links[0].get_attribute("href")

    def download(self, href: str) -> tuple[int, str, bytes]:
        """What the browser would download from ``href`` with this session's cookies:
        status, content type and body (headless Chromium keeps downloads to itself)."""
        import urllib.error
        import urllib.request
        from urllib.parse import urljoin

        cookie = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        url = urljoin(self.url, href)
        assert url.startswith(self.base_url), url  # only the live server's own pages
        request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
                return response.status, response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get_content_type(), error.read()

    # -- looking ---------------------------------------------------------------------------
    @property
    def text(self) -> str:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.TAG_NAME, "body").text

    def sees(self, *texts: str):
        body = self.text
        for text in texts:
            assert text in body, f"{text!r} not on {self.driver.current_url}:\n{body[:3000]}"
        return self

    def wait_until_sees(self, text: str, *, timeout: float = 120, reload: bool = False):
        deadline = time.monotonic() + timeout
        while text not in self.text:
            assert time.monotonic() < deadline, f"{text!r} never appeared on {self.url}"
            time.sleep(0.5)
            if reload:
                self.driver.refresh()
        return self

    @property
    def url(self) -> str:
        return self.driver.current_url

    @property
    def path(self) -> str:
        return urlsplit(self.driver.current_url).path

    def shot(self, label: str):
        """A full-page screenshot of this step; the console must be free of errors."""
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        full_page_screenshot(self.driver, self.folder / f"{self.steps:02d}-{slug}.png")
        errors = console_errors(self.driver)
        assert not errors, f"console errors at step {label!r} on {self.url}: {errors}"
        return self

    def log_in(self, email_address: str, password: str):
        from django.urls import reverse

        self.open(reverse("account_login"))
        self.fill("E-mailadres", email_address).fill("Wachtwoord", password)
        self.click("Aanmelden", within="main")
        return self


def _xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    return "concat('" + "', \"'\", '".join(text.split("'")) + "')"


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request):
    return request.param


@pytest.fixture
def journey(stage, width, request):
    """A function opening a fresh browser at this test's width, logged in as nobody."""
    drivers = []
    name = request.node.originalname.removeprefix("test_").replace("_", "-")

    def start(person: str = ""):
        folder = ARTIFACTS / "browser" / f"{name}-{width}" / (person or "visitor")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        driver = chrome(WIDTHS[width])
        drivers.append(driver)
        return Journey(driver, stage, folder)

    yield start
    for driver in drivers:
        driver.quit()

"""
The HTML part of every kind of e-mail, rendered in headless Chromium at desktop and phone
width: it fits the screen (no sideways scrolling), its first action is a visible button,
and it loads nothing from anywhere (the page is opened from a file with the network
refused). Screenshots go to ``.ci/artifacts/browser/mails-<width>/``.
"""

import pytest
from django.core import mail

from tests.test_mail_links import MAILS, SITE, _parts, _registered

from .driver import (
    ARTIFACTS,
    WIDTHS,
    chrome,
    chrome_available,
    console_errors,
    full_page_screenshot,
    missing,
)


@pytest.fixture(scope="module", params=list(WIDTHS))
def browser(request):
    problem = chrome_available()
    if problem:
        missing(problem)
    driver = chrome(WIDTHS[request.param])
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*"]})
    yield request.param, driver
    driver.quit()


@pytest.mark.parametrize("name", sorted(MAILS))
def test_the_html_mail_reads_well_at_every_width(name, browser, world, client, settings, tmp_path):
    width_name, driver = browser
    settings.SITE_URL = SITE
    _registered()
    mail.outbox.clear()
    MAILS[name](world, client)
    _text, html = _parts(mail.outbox[0])
    page = tmp_path / "mail.html"
    page.write_text(html, encoding="utf-8")
    driver.get(page.as_uri())
    console_errors(driver)  # what loading printed: nothing may be fetched (checked below)
    width = WIDTHS[width_name]
    scroll = driver.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width, f"{name}: {scroll}px wide on a {width}px screen"
    button = driver.execute_script(
        "const a = document.querySelector('a[style*=\"display:inline-block\"]');"
        "if (!a) return null; const r = a.getBoundingClientRect();"
        "return [r.width, r.height, r.right];"
    )
    assert button and button[0] > 0 and button[1] >= 40 and button[2] <= width, (name, button)
    requests = driver.execute_script("return performance.getEntriesByType('resource').length")
    assert requests == 0, f"{name}: the mail loads {requests} resources"
    folder = ARTIFACTS / "browser" / f"mails-{width_name}"
    folder.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(driver, folder / f"{name.replace('/', '-')}.png")

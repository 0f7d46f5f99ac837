"""
axe-core in Debian's headless Chromium over every HTML page of the permission matrix, for
every role that may open it (WCAG 2.0/2.1 A and AA rules, and the heading order): one browser
for the module, one log-in per role, axe injected into each page. ``allowlist.AXE_ALLOWED``
names the exceptions.
"""

import pytest

from tests.browser.driver import VALIDATORS, chrome, chrome_available, log_in, log_out, missing
from tests.matrix import ROLES

from .allowlist import AXE_ALLOWED
from .pages import html_pages

pytestmark = pytest.mark.browser

AXE = VALIDATORS / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA; and the heading order (axe files it under best practice,
# but a skipped level misleads whoever finds their way by the headings).
AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  rules: {"heading-order": {enabled: true}},
  resultTypes: ["violations"],
}).then(
  (r) => done(r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }))),
  (e) => done([{id: "axe-error", impact: "", help: String(e), targets: []}]),
);
"""


@pytest.fixture(scope="module")
def browser():
    reason = chrome_available()
    if reason:
        missing(reason)
    if not AXE.exists():
        missing("no axe.min.js: run `bash .ci/validators.sh`")
    driver = chrome()
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe(role, browser, live_server, world):
    axe_source = AXE.read_text(encoding="utf-8")
    pages = html_pages(world, roles=[role])
    if world.users[role] is None:
        log_out(browser, live_server.url)
    else:
        log_in(browser, live_server.url, world.users[role])
    problems = []
    for page in pages:
        browser.get(live_server.url + page.url)
        browser.execute_script(axe_source)
        for violation in browser.execute_async_script(AXE_RUN):
            if violation["id"] in AXE_ALLOWED:
                continue
            problems.append(
                f"{page.url} as {role}: {violation['id']} ({violation['impact']}) "
                f"{violation['help']}\n    " + "\n    ".join(violation["targets"])
            )
    assert pages, f"no HTML pages for {role}"
    assert not problems, f"{len(problems)} axe violations on {len(pages)} pages:\n" + "\n".join(
        problems
    )

"""
The W3C Nu HTML checker over every HTML page of the permission matrix, for every role that
may open it: the pages are fetched with the test client and checked in one run of the checker
(one JVM start, not one per page). Errors only; ``allowlist.VNU_ALLOWED`` names the exceptions.
"""

import json
import shutil
import subprocess

import pytest

from tests.browser.driver import VALIDATORS, missing

from .allowlist import VNU_ALLOWED
from .pages import html_pages

VNU = VALIDATORS / "vnu.jar"


def vnu_errors(files) -> list[dict]:
    """The checker's error messages for ``files`` (paths of .html files), in one run."""
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode not in (0, 1) or not result.stdout.strip():
        pytest.fail(f"the Nu checker did not run ({result.returncode}): {result.stderr[-2000:]}")
    return json.loads(result.stdout)["messages"]


def test_every_page_is_valid_html(world, tmp_path):
    if not VNU.exists():
        missing("no vnu.jar: run `bash .ci/validators.sh`")
    if not shutil.which("java"):
        missing("no Java runtime (make test installs default-jre-headless)")
    pages = html_pages(world)
    assert pages, "no HTML pages to check"
    by_file = {f"{number:03}.html": page for number, page in enumerate(pages)}
    for name, page in by_file.items():
        (tmp_path / name).write_text(page.html, encoding="utf-8")
    problems = []
    for message in vnu_errors(sorted(tmp_path.glob("*.html"))):
        if any(fragment in message.get("message", "") for fragment in VNU_ALLOWED):
            continue
        page = by_file.get(message.get("url", "").rsplit("/", 1)[-1])
        where = f"{page.url} as {page.role}" if page else message.get("url", "?")
        problems.append(
            f"{where}, line {message.get('lastLine', '?')}: {message.get('message')}"
            f"\n    {message.get('extract', '').strip()!r}"
        )
    assert not problems, f"{len(problems)} HTML errors on {len(pages)} pages:\n" + "\n".join(
        problems
    )

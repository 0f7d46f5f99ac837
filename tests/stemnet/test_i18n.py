"""Dutch first, English second; every catalogue complete and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("locale/nl/LC_MESSAGES/django.po")) + sorted(
    ROOT.glob("*/locale/nl/LC_MESSAGES/django.po")
)


@pytest.mark.django_db
def test_home_is_dutch_by_default_and_english_on_request(client):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert '<html lang="nl-be">' in html
    assert "Het Vlaamse kennisnetwerk voor STEM" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "The Flemish STEM knowledge network" in html


@pytest.mark.django_db
def test_switching_language_is_kept_for_emails(client_for):
    from tests.factories import UserFactory

    user = UserFactory()
    client_for(user).post(reverse("set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run make messages"
    # Keyed by context and id: "Paid" (context "money") and "Paid" are two messages.
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path)) if e.msgid}
    source = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in catalogue.translated_entries()
        if not e.obsolete and not e.msgid_plural
    }
    stale = [m for m, s in source.items() if compiled.get(m) != s]
    assert not stale, f"{mo_path} is out of date: run make messages ({stale[:5]})"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs gettext (make test installs it)"
)
def test_every_string_in_the_code_is_in_a_catalogue(tmp_path):
    """Extract the messages afresh in a copy of the tree: nothing may be new or untranslated."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "staticfiles", "media", "*.sqlite3", "__pycache__"
        ),
    )
    makefile_apps = ["networks", "trainings", "monitor"]
    env_python = sys.executable
    commands = [
        (
            copy,
            [
                env_python,
                "manage.py",
                "makemessages",
                "-l",
                "nl",
                "--no-obsolete",
                *[f"--ignore={d}" for d in [*makefile_apps, "tests", "bench", "docs"]],
            ],
        ),
    ]
    for app in makefile_apps:
        if (copy / app / "locale").is_dir():
            # django-admin, not `python -m django`: the app folder must not shadow the standard
            # library (trainings/selectors.py would hide the `selectors` module).
            django_admin = str(Path(sys.executable).parent / "django-admin")
            commands.append(
                (copy / app, [django_admin, "makemessages", "-l", "nl", "--no-obsolete"])
            )
    for cwd, command in commands:
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(copy)}
        if cwd == copy:
            env["DJANGO_SETTINGS_MODULE"] = "stemnet.settings"
        result = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300
        )
        assert result.returncode == 0, result.stderr
    problems = []
    for po_path in [
        *copy.glob("locale/nl/LC_MESSAGES/django.po"),
        *copy.glob("*/locale/nl/LC_MESSAGES/django.po"),
    ]:
        catalogue = polib.pofile(str(po_path))
        missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
        if missing:
            problems.append(f"{po_path.relative_to(copy)}: {missing[:8]}")
    assert not problems, "strings without a Dutch translation (run make messages): " + "; ".join(
        problems
    )


@pytest.mark.django_db
def test_an_english_browser_still_gets_dutch_until_the_switch(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nl-be">' in html

"""Log-in hardening, security headers and production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _fail(client, url, field, email, times):
    for _ in range(times):
        client.post(url, {field: email, "password": "wrong-password"})


def test_five_failed_logins_lock_the_account_even_with_the_right_password(client):
    UserFactory(email="lotte@example.org")
    _fail(client, reverse("account_login"), "login", "lotte@example.org", 5)
    response = client.post(
        reverse("account_login"), {"login": "lotte@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    # allauth's own limit (5 failures in 5 minutes per account) answers first with a form
    # error; django-axes answers the fifth failure itself with its lock-out page.
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_the_fifth_failure_shows_the_lockout_page(client):
    UserFactory(email="lotte@example.org")
    _fail(client, reverse("account_login"), "login", "lotte@example.org", 4)
    response = client.post(
        reverse("account_login"), {"login": "lotte@example.org", "password": "wrong-password"}
    )
    assert response.status_code == 429
    assert "account/lockout.html" in [t.name for t in response.templates]


def test_four_failed_logins_do_not_lock(client):
    UserFactory(email="lotte@example.org")
    _fail(client, reverse("account_login"), "login", "lotte@example.org", 4)
    client.post(reverse("account_login"), {"login": "lotte@example.org", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_lockout_cools_off_after_five_minutes(client, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    UserFactory(email="lotte@example.org")
    _fail(client, reverse("account_login"), "login", "lotte@example.org", 5)
    # Five minutes later: the failures have expired.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 1.2)
    if hasattr(AccessAttempt, "expiration"):
        AccessAttempt.expiration.related.related_model.objects.update(
            expires_at=timezone.now() - settings.AXES_COOLOFF_TIME * 0.2
        )
    from django.core.cache import cache

    cache.clear()  # allauth's own failed-log-in counter lives in the cache
    client.post(reverse("account_login"), {"login": "lotte@example.org", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_admin_login_is_locked_out_too(client):
    UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    _fail(client, url, "username", "admin@example.org", 5)
    response = client.post(url, {"username": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_content_security_policy_and_headers(client):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_loads_assets_from_elsewhere(client):
    html = client.get(reverse("home")).content.decode()
    for marker in ('src="http', 'href="http', "//cdn", "googleapis"):
        assert marker not in html


PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-1234567890",
    "ALLOWED_HOSTS": "stemnet.example.be",
    "SITE_URL": "https://stemnet.example.be",
    "DATABASE_URL": "postgres://stemnet:secret@db.invalid:5432/stemnet",
    "REDIS_URL": "redis://redis.invalid:6379/0",
}


def _manage(*args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_use_postgres_redis_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.CACHES['default']['BACKEND'])"
    )
    result = _manage("shell", "--no-imports", "-c", code, env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    engine, broker, eager, session_secure, csrf_secure, hsts, cache = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert broker == "redis://redis.invalid:6379/0"
    assert eager == "False"
    assert (session_secure, csrf_secure) == ("True", "True")
    assert int(hsts) >= 31_536_000
    assert cache == "stemnet.cache.ResilientRedisCache"


def test_embedded_default_is_sqlite_eager_console_mail():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND,"
        " s.DEBUG)"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "CELERY_RESULT_BACKEND",
            "DEBUG",
            "EMAIL_URL",
        )
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "True",
    ]


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env_extra=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("site_url", [None, "stemnet.example.be", "https://stemnet.example.be/x/"])
def test_production_refuses_to_start_without_the_sites_address(site_url):
    """Without SITE_URL (or with one no mail client could open) every e-mail link would be
    broken: the system check stops the portal."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    if site_url is not None:
        env["SITE_URL"] = site_url
    result = _manage("check", env_extra=env)
    assert result.returncode != 0
    assert "stemnet.E002" in result.stderr


def _log_in(client, email, password=PASSWORD):
    client.logout()
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_school_behind_one_address_logs_in_all_its_teachers(client):
    """Forty teachers of one school (one NAT address) log in within a minute, while one of
    them mistypes ten times: only that teacher's account is refused."""
    teachers = [UserFactory(email=f"t{i}@school.example") for i in range(40)]
    _fail(client, reverse("account_login"), "login", "t0@school.example", 10)
    for teacher in teachers[1:]:
        assert _log_in(client, teacher.email).status_code == 302, teacher.email
    assert _log_in(client, "t0@school.example").status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_allauth_limits_failed_logins_per_address_across_accounts(client):
    """A hundred failures a minute from one address, whatever the accounts tried (each below
    the lock-out), stop the next try, even a right one."""
    UserFactory(email="lotte@example.org")
    for index in range(100):
        _log_in(client, f"guess{index}@example.org", "wrong-password")
    response = _log_in(client, "lotte@example.org")
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()  # "too many attempts", not a 500


def test_log_in_works_while_the_cache_is_away(client, settings, caplog):
    """Redis (the cache of the rate limits) stopped: the log-in goes on, logged."""
    settings.CACHES = {
        "default": {
            "BACKEND": "stemnet.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    }
    from stemnet import cache as resilient

    resilient.ResilientRedisCache._last_warning = 0.0
    UserFactory(email="lotte@example.org")
    assert _log_in(client, "lotte@example.org", "wrong-password").status_code == 200
    assert _log_in(client, "lotte@example.org").status_code == 302
    assert "cache away" in caplog.text


def test_allauth_limits_password_reset_mails(client, mailoutbox):
    UserFactory(email="lotte@example.org")
    for _ in range(8):
        client.post(reverse("account_reset_password"), {"email": "lotte@example.org"})
    # "5/m/key" (settings.ACCOUNT_RATE_LIMITS), a sliding window: five mails, then none.
    assert len(mailoutbox) == 5

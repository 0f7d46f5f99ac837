import logging

from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from .api_docs import api_reference

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html")


def favicon(request):
    """The icon, for browsers that ask /favicon.ico (a PDF or JSON has no <link rel=icon>);
    resolved at request time, when the static files' manifest exists."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def _check(probe) -> str:
    try:
        probe()
    except Exception as exc:  # noqa: BLE001  (any failure is the answer)
        logger.warning("health: %r", exc)
        return "error"
    return "ok"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    """The cache itself, not its degraded wrapper: a Redis that is away is an error here."""
    from django.core.cache import caches

    backend = caches["default"]
    client = getattr(backend, "_cache", None)
    if client is not None and hasattr(client, "get_client"):
        client.get_client(write=True).ping()
    else:
        backend.get("healthz")


def _broker() -> None:
    from stemnet import celery_app

    if celery_app.conf.task_always_eager:  # the embedded default: no broker, tasks inline
        return
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _health() -> dict:
    from stemnet.outbox.services import outbox_waiting_count

    checks = {"database": _check(_database), "cache": _check(_cache), "broker": _check(_broker)}
    if checks["database"] == "ok":
        checks["outbox_waiting"] = outbox_waiting_count()
    return checks


@never_cache
def healthz(request):
    """Health for people and monitoring: database, cache and broker each ``ok`` or ``error``,
    and how many tasks wait in the outbox. ``status`` is ``ok``, ``degraded`` (the cache or the
    broker is away: the portal works on, mail waits in the outbox) or ``down`` (no database:
    503)."""
    checks = _health()
    if checks["database"] != "ok":
        status = "down"
    elif "error" in checks.values():
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **checks}, status=503 if status == "down" else 200)


@never_cache
def readyz(request):
    """Readiness for the load balancer: 200 when this process can serve requests (its
    database answers), 503 otherwise. A cache or broker away does not take it out."""
    checks = {"database": _check(_database)}
    ready = checks["database"] == "ok"
    return JsonResponse({"ready": ready, **checks}, status=200 if ready else 503)


def api_docs(request):
    """The open-data API's reference, drawn from its OpenAPI schema (``stemnet.api_docs``)."""
    return render(request, "api/docs.html", {"reference": api_reference()})


def set_language(request):
    """Django's language switch; a signed-in person's choice is also kept for e-mails."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in ("nl-be", "en"):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response

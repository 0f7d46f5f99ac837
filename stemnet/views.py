from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from .api_docs import api_reference


def home(request):
    return render(request, "home.html")


def favicon(request):
    """The icon, for browsers that ask /favicon.ico (a PDF or JSON has no <link rel=icon>);
    resolved at request time, when the static files' manifest exists."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
def healthz(request):
    """Liveness and database check for the load balancer and docker-compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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

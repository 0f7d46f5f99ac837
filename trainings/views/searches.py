"""Saved catalogue searches: keep one (from the catalogue), list them, turn alerts off, delete;
and the one-click unsubscribe behind every digest (by token, no log-in)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..models import SavedSearch
from ..services import alerts


@require_POST
def saved_search_create(request):
    """From the catalogue's "Save this search" button (the filters are the posted fields)."""
    try:
        search = alerts.saved_search_create(person=request.user, params=request.POST)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("trainings:catalogue")
    messages.success(
        request,
        _("Search “%(name)s” saved: new trainings it finds come to you by e-mail, once a day.")
        % {"name": search.name},
    )
    return redirect(f"{reverse('trainings:catalogue')}?{_encoded(search)}")


@require_http_methods(["GET", "POST"])
def saved_searches(request):
    """The person's saved searches: run one, turn its alerts on or off, delete it."""
    mine = SavedSearch.objects.filter(person=request.user)
    if request.method == "POST":
        search = get_object_or_404(mine, pk=request.POST.get("search") or 0)
        action = request.POST.get("action")
        if action == "delete":
            search.delete()
            messages.success(request, _("The search was deleted."))
        elif action in ("on", "off"):
            alerts.saved_search_alerts_set(search=search, alerts=action == "on")
            messages.success(
                request,
                _("E-mails for this search are on.")
                if action == "on"
                else _("You get no more e-mails for this search."),
            )
        return redirect("trainings:saved_searches")
    rows = [(s, f"{reverse('trainings:catalogue')}?{_encoded(s)}") for s in mine]
    return render(request, "trainings/saved_searches.html", {"rows": rows})


def _encoded(search: SavedSearch) -> str:
    from urllib.parse import urlencode

    return urlencode(search.query)


@csrf_exempt  # the token is the key; mail clients post here for one-click unsubscribe (RFC 8058)
@require_http_methods(["GET", "POST"])
def saved_search_unsubscribe(request, token):
    """GET asks; POST (the button, or a mail client's one-click) turns the alerts off."""
    search = get_object_or_404(SavedSearch, token=token)
    if request.method == "POST":
        alerts.saved_search_alerts_set(search=search, alerts=False)
        return render(request, "trainings/unsubscribed.html", {"search": search, "done": True})
    return render(request, "trainings/unsubscribed.html", {"search": search, "done": False})

"""The participants of a training, for its coordinators and the ministry: a page by status and
the same list as XLSX or CSV (``?status=`` filters both)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from stemnet.access import can_change_centre
from stemnet.tabular import table_response

from .. import selectors as sel
from ..permissions import get_training_for_user


def _status(request) -> str:
    status = request.GET.get("status", "")
    return status if status in sel.PARTICIPANT_STATUSES else ""


@require_GET
def participants(request, pk):
    training = get_training_for_user(request.user, pk)
    status = _status(request)
    listing = sel.training_participants(training, status=status)
    return render(
        request,
        "workspace/participants.html",
        {
            "training": training,
            "listing": listing,
            "status": status,
            "statuses": [
                (key, label, listing.counts[key]) for key, label in sel.PARTICIPANT_STATUSES.items()
            ],
            "total": sum(listing.counts.values()),
            "can_change": can_change_centre(request.user, training.centre_id),
        },
    )


def _export(request, pk, fmt: str):
    training = get_training_for_user(request.user, pk)
    listing = sel.training_participants(training, status=_status(request))
    headers = [
        _("Name"),
        _("E-mail"),
        _("School"),
        _("Role"),
        _("Status"),
        _("Enrolled at"),
        _("Waiting-list position"),
    ]
    rows = []
    for p in listing.rows:
        person = p.enrolment.person
        profile = getattr(person, "profile", None)
        rows.append(
            [
                person.get_full_name(),
                person.email,
                profile.school_display if profile else "",
                profile.get_role_display() if profile else "",
                p.status_label,
                # Excel has no time zones: the time in Brussels, to the second.
                timezone.localtime(p.enrolment.created_at).replace(tzinfo=None, microsecond=0),
                p.enrolment.waitlist_position,
            ]
        )
    label = _("participants")
    return table_response(
        headers,
        rows,
        filename=slugify(f"{label} {training.code}"),
        fmt=fmt,
        sheet=_("Participants"),
    )


@require_GET
def participants_xlsx(request, pk):
    return _export(request, pk, "xlsx")


@require_GET
def participants_csv(request, pk):
    return _export(request, pk, "csv")

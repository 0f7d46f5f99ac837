"""A teacher's own trainings: the overview, cancelling, offers, certificates, calendar feed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemnet.compression import uncompressed
from stemnet.site import absolute_url

from .. import selectors
from ..certificates import certificate_pdf_response
from ..models import CANCELLATION_RULE, Enrolment
from ..permissions import get_enrolment_for_user
from ..services.calendar_feeds import calendar_feed_get_or_create, calendar_feed_reset
from ..services.certificates import certificate_code_issue
from ..services.enrolment import enrolment_cancel, offer_claim


@require_GET
@uncompressed  # shows the personal calendar link (see stemnet/compression.py)
def my_trainings(request):
    groups = selectors.my_enrolments(request.user)
    feed = calendar_feed_get_or_create(person=request.user)
    feed_url = absolute_url(reverse("trainings:calendar_feed", kwargs={"token": feed.token}))
    return render(
        request,
        "trainings/my_trainings.html",
        {"groups": groups, "feed_url": feed_url, "received": selectors.messages_for(request.user)},
    )


@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    """GET asks (what is cancelled, what happens to the seat); POST cancels."""
    enrolment = get_enrolment_for_user(request.user, pk)
    if enrolment.status not in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED):
        messages.info(request, _("This enrolment can no longer be cancelled."))
        return redirect("trainings:my_trainings")
    if request.method == "GET":
        return render(
            request,
            "trainings/cancel_confirm.html",
            {
                "enrolment": enrolment,
                "training": enrolment.training,
                "sessions": enrolment.training.sessions.order_by("starts_at"),
                "cancellation_rule": CANCELLATION_RULE,
            },
        )
    try:
        enrolment_cancel(enrolment=enrolment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Cancelled: %(title)s.") % {"title": enrolment.training})
    return redirect("trainings:my_trainings")


@require_POST
def claim_offer(request, pk):
    enrolment = get_enrolment_for_user(request.user, pk)
    try:
        offer_claim(enrolment=enrolment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You are enrolled: %(title)s.") % {"title": enrolment.training})
    return redirect("trainings:my_trainings")


@require_GET
def certificate(request, pk):
    enrolment = get_enrolment_for_user(request.user, pk)
    facts = selectors.certificate_for(enrolment)
    if facts is None:
        raise Http404
    certificate_code_issue(enrolment=enrolment)
    return certificate_pdf_response(request, facts)


@require_POST
def calendar_feed_new(request):
    calendar_feed_reset(person=request.user)
    messages.success(request, _("Your calendar link was replaced; the old link no longer works."))
    return redirect("trainings:my_trainings")

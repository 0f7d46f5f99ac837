"""Public pages: the catalogue, a training page, its calendar, enrolling, certificate checks."""

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stemnet.pagination import page_of

from .. import selectors
from ..calendar import calendar_response
from ..forms import CatalogueFilterForm, CertificateCheckForm
from ..permissions import get_training_for_user
from ..services.enrolment import enrolment_closed_reason, enrolment_create
from ..teams.services import team_refusal


@require_GET
def catalogue(request):
    form = CatalogueFilterForm(request.GET)
    # The cards show neither the description nor the search index: long texts that would
    # make every sort of the matches wide (and spill to disk at five times the data).
    trainings = selectors.catalogue_search(form.to_query()).defer(*selectors.CARD_DEFERRED)
    page = page_of(request, trainings, selectors.PAGE_SIZE, limit=selectors.CATALOGUE_COUNT_LIMIT)
    return render(
        request,
        "trainings/catalogue.html",
        {
            "form": form,
            "page": page,
            "paginator": page.paginator,
            "cards": catalogue_cards(page.object_list),
        },
    )


CARD_TEMPLATE = "trainings/_catalogue_card.html"
CARD_SECONDS = 300  # also how long a changed card template may take to show after a deploy


def catalogue_cards(trainings) -> list[str]:
    """The catalogue's cards as HTML, each cached under everything it shows (so a card is
    never an old one: a new title, date, price or seat count is a new key) and the language;
    one cache round trip for the page, the missing cards rendered and stored together."""
    language = get_language()
    keys = [f"catalogue-card:{language}:{_card_key(training)}" for training in trainings]
    cached = cache.get_many(keys)
    cards, missing = [], {}
    for key, training in zip(keys, trainings, strict=True):
        html = cached.get(key)
        if html is None:
            html = missing[key] = render_to_string(CARD_TEMPLATE, {"training": training})
        cards.append(mark_safe(html))  # noqa: S308 (our own template's output)
    if missing:
        cache.set_many(missing, CARD_SECONDS)
    return cards


def _card_key(training) -> str:
    shown = (
        training.pk,
        training.code,
        training.title,
        training.first_start,
        training.session_count,
        training.is_online,
        training.centre.code,
        training.centre.name,
        training.format,
        training.stem_domains,
        training.levels,
        training.fee_eur,
        training.capacity,
        training.places_left,
    )
    return hashlib.sha256(repr(shown).encode()).hexdigest()


@require_GET
def training_detail(request, code):
    training = get_training_for_user(request.user, code)
    context = selectors.training_page(training, user=request.user)
    training = context["training"]
    context["closed_reason"] = enrolment_closed_reason(training, starts_at=training.first_start)
    context["can_enrol_team"] = team_refusal(request.user) is None
    return render(request, "trainings/training_detail.html", context)


@require_POST
def enrol(request, code):
    training = get_training_for_user(request.user, code)
    try:
        enrolment = enrolment_create(person=request.user, training=training)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if enrolment.status == enrolment.Status.ENROLLED:
            messages.success(
                request, _("You are enrolled. A confirmation is on its way by e-mail.")
            )
        else:
            messages.info(
                request,
                _("The training is full: you are on the waiting list (position %(position)s).")
                % {"position": enrolment.waitlist_position},
            )
    return redirect("trainings:detail", code=training.code)


@require_GET
def training_calendar(request, code):
    training = get_training_for_user(request.user, code)
    sessions = training.sessions.select_related("training", "training__centre")
    return calendar_response(sessions, name=training.title, filename=f"{training.code}.ics")


@require_GET
def calendar_feed(request, token):
    person, sessions = selectors.feed_sessions(token)
    if person is None:
        raise Http404
    return calendar_response(
        sessions, name=_("My trainings · STEMNET"), filename="stemnet-nascholingen.ics"
    )


@require_GET
def certificate_verify(request):
    """The check of a certificate; the code comes in the query string (``?code=``), as the
    link and the QR code on the certificate carry it, so the answer shows at once."""
    form = CertificateCheckForm(request.GET if "code" in request.GET else None)
    enrolment = None
    checked = False
    if form.is_valid():
        checked = True
        enrolment = selectors.certificate_by_code(form.cleaned_data["code"])
    return render(
        request,
        "trainings/certificate_verify.html",
        {"form": form, "enrolment": enrolment, "checked": checked},
    )

"""Pages of teachers' support: applying and following one's claims, the director's
confirmation (by account or personal link), the centre's claims, schemes and the export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stemnet.access import coordinated_centre_ids, is_admin
from stemnet.tabular import table_response

from ..models import Enrolment
from ..permissions import get_training_for_user
from . import selectors, services
from .forms import ClaimForm, DirectorForm, RefuseForm, SchemeForm
from .models import Claim, ClaimItem, SupportScheme
from .permissions import (
    decidable_centre_ids,
    get_claim_by_director_token,
    get_claim_for_coordinator,
    get_claim_for_director,
    get_own_claim,
    get_scheme_for_user,
)


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- the teacher ----------------------------------------------------------------------------


def apply(request, code):
    training = get_training_for_user(request.user, code)
    enrolment = (
        Enrolment.objects.filter(
            person=request.user, training=training, status__in=services.APPLYING_STATUSES
        )
        .select_related("training__centre", "person__profile")
        .first()
    )
    scheme = services.scheme_for(training)
    if enrolment is None or scheme is None:
        return render(
            request,
            "support/apply.html",
            {"training": training, "scheme": scheme, "enrolment": enrolment},
            status=404 if scheme is None else 200,
        )
    needs_address = not services.directors_of(request.user)
    form = ClaimForm(
        request.POST if request.method == "POST" else None,
        scheme=scheme,
        training=training,
        needs_director_address=needs_address,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.claim_submit(
                enrolment=enrolment,
                fee=data.get("fee", False),
                travel_km=data.get("travel_km"),
                replacement_hours=data.get("replacement_hours"),
                night_eur=data.get("night_eur"),
                iban=data.get("iban", ""),
                director_email=data.get("director_email", ""),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Your application is sent. You get an e-mail at every step.")
            )
            return redirect("support:mine")
    open_claim = enrolment.support_claims.filter(status__in=Claim.OPEN).first()
    return render(
        request,
        "support/apply.html",
        {
            "training": training,
            "scheme": scheme,
            "enrolment": enrolment,
            "form": form,
            "open_claim": open_claim,
            "needs_address": needs_address,
        },
        status=400 if form.errors else 200,
    )


@require_GET
def mine(request):
    return render(
        request,
        "support/mine.html",
        {
            "claims": selectors.claims_of(request.user),
            "open": selectors.open_for_application(request.user),
            "to_confirm": selectors.awaiting_director(request.user),
        },
    )


@require_POST
def withdraw(request, pk):
    claim = get_own_claim(request.user, pk)
    services.claim_withdraw(claim=claim)
    messages.success(request, _("Your application is withdrawn."))
    return redirect("support:mine")


# --- the director ---------------------------------------------------------------------------


def _director_page(request, claim, *, director, token=""):
    form = DirectorForm(
        request.POST if request.method == "POST" else None, ask_name=director is None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_director_answer(
                claim=claim,
                confirm=request.POST.get("answer") == "confirm",
                director=director,
                name=form.cleaned_data.get("name", ""),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            return render(request, "support/director_done.html", {"claim": claim})
    return render(
        request,
        "support/director_confirm.html",
        {"claim": claim, "form": form, "token": token},
        status=400 if form.errors else 200,
    )


def director_confirm(request, pk):
    claim = get_claim_for_director(request.user, pk)
    return _director_page(request, claim, director=request.user)


def director_link(request, token):
    claim = get_claim_by_director_token(token)
    return _director_page(request, claim, director=None, token=token)


# --- the centre -----------------------------------------------------------------------------


@require_GET
def claims(request):
    centre_ids = decidable_centre_ids(request.user)
    status = request.GET.get("status", "")
    status = status if status in selectors.FILTERS else ""
    codes = {t.code: t for t in selectors.claim_trainings(centre_ids)}
    training = request.GET.get("training", "")
    training = training if training in codes else ""
    rows = selectors.centre_claims(centre_ids, status=status, training=training)
    filters = [("", _("All"))] + [(value, label) for value, label in Claim.Status.choices]
    filters.insert(4, (selectors.PAYABLE, _("Payable")))
    return render(
        request,
        "support/claims.html",
        {
            "claims": rows,
            "status": status,
            "filters": filters,
            "training": training,
            "trainings": list(codes.values()),
            "kinds": ClaimItem.Kind.choices,
        },
    )


def claim_review(request, pk):
    claim = get_claim_for_coordinator(request.user, pk)
    refuse_form = RefuseForm(request.POST if request.POST.get("action") == "refuse" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.claim_approve(claim=claim, coordinator=request.user)
                messages.success(request, _("The application is approved."))
            elif action == "paid":
                services.claim_mark_paid(claim=claim, coordinator=request.user)
                messages.success(request, _("The application is marked paid."))
            elif action == "refuse" and refuse_form.is_valid():
                services.claim_refuse(
                    claim=claim, coordinator=request.user, reason=refuse_form.cleaned_data["reason"]
                )
                messages.success(request, _("The application is refused."))
            else:
                raise ValidationError(refuse_form.errors.get("reason") or _("Choose what to do."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("support:claim_review", pk=claim.pk)
        status = 400
    else:
        status = 200
    claim = selectors.claim_detail(claim.pk)
    return render(
        request,
        "support/claim_review.html",
        {"claim": claim, "refuse_form": refuse_form, "kinds": ClaimItem.Kind.choices},
        status=status,
    )


@require_GET
def export(request):
    """Payable and paid claims for the finance office, one row per claim, amounts per kind;
    the IBAN only where the scheme asks for it."""
    rows = []
    for claim in selectors.export_claims(decidable_centre_ids(request.user)):
        profile = getattr(claim.person, "profile", None)
        rows.append(
            [
                claim.person.get_full_name() or claim.person.email,
                claim.person.email,
                profile.school_display if profile else "",
                claim.enrolment.training.code,
                claim.enrolment.training.title,
                claim.enrolment.training.centre.code,
                claim.scheme.source.name,
                claim.year,
                *(claim.amount(kind) for kind, _label in ClaimItem.Kind.choices),
                claim.total_eur,
                claim.get_status_display(),
                claim.iban if claim.scheme.asks_bank_account else "",
            ]
        )
    headers = [
        _("Person"),
        _("E-mail"),
        _("School"),
        _("Training code"),
        _("Training"),
        _("Centre"),
        _("Funding source"),
        _("Year"),
        *(f"{label} (EUR)" for _kind, label in ClaimItem.Kind.choices),
        _("Total (EUR)"),
        _("Status"),
        _("IBAN"),
    ]
    return table_response(
        [str(h) for h in headers],
        rows,
        filename="ondersteuning",
        fmt="xlsx",
        sheet=_("Support claims"),
    )


def schemes(request):
    centre_ids = decidable_centre_ids(request.user)
    centres = _centres(request.user)
    centre = centres[0] if centres else None
    form = (
        SchemeForm(
            request.POST if request.method == "POST" else None,
            instance=SupportScheme(centre=centre),
            centre=centre,
        )
        if centre
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.scheme_save(centre=centre, fields=form.cleaned_data)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("The support scheme is saved."))
                return redirect("support:schemes")
    return render(
        request,
        "support/schemes.html",
        {"schemes": selectors.schemes_of(centre_ids), "form": form, "centre": centre},
        status=400 if form is not None and form.errors else 200,
    )


def scheme_edit(request, pk):
    scheme = get_scheme_for_user(request.user, pk)
    form = SchemeForm(
        request.POST if request.method == "POST" else None, instance=scheme, centre=scheme.centre
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_save(centre=scheme.centre, fields=form.cleaned_data, scheme=scheme)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The support scheme is saved."))
            return redirect("support:schemes")
    return render(
        request,
        "support/scheme_edit.html",
        {"scheme": scheme, "form": form},
        status=400 if form.errors else 200,
    )


def _centres(user):
    from networks.models import Centre

    if is_admin(user):
        return list(Centre.objects.order_by("name")[:1])
    return list(Centre.objects.filter(pk__in=coordinated_centre_ids(user)).order_by("name"))

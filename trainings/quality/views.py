"""The quality pages: thin views that check access once, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from networks.models import Centre, Network

from . import selectors, services
from .forms import ActionForm, EvaluationForm, FindingsForm, ReviewDecisionForm, ReviewRuleForm
from .models import FIRST_YEAR, LAST_YEAR, Criterion
from .permissions import (
    can_decide_for_centre,
    can_record_evaluation,
    can_set_review_rule,
    get_action_for_user,
    get_centre_for_user,
    get_evaluation_for_user,
    get_training_in_review_for_user,
)


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _form_page(request, form, *, title, back, intro=(), submit_label=None):
    return render(
        request,
        "quality/form.html",
        {"form": form, "title": title, "back": back, "intro": intro, "submit_label": submit_label},
        status=400 if request.method == "POST" else 200,
    )


def overview(request):
    return render(
        request,
        "quality/overview.html",
        {
            "in_review": selectors.trainings_in_review(request.user),
            "centres": selectors.readable_centres(request.user),
            "evaluations": selectors.evaluations_for(request.user)[:10],
            "year": timezone.localdate().year - 1,
        },
    )


@require_http_methods(["GET", "POST"])
def centre(request, code):
    centre = get_centre_for_user(request.user, code)
    may_set = can_set_review_rule(request.user, centre.pk)
    form = ReviewRuleForm(
        request.POST if request.method == "POST" else None,
        initial={"review_before_publication": centre.review_before_publication},
    )
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        if form.is_valid():
            required = form.cleaned_data["review_before_publication"]
            services.centre_review_rule_set(centre=centre, required=required)
            messages.success(
                request,
                _("Trainings of this centre are now reviewed before publication.")
                if required
                else _("Trainings of this centre are now published without review."),
            )
            return redirect("quality:centre", code=centre.code)
    this_year = timezone.localdate().year
    return render(
        request,
        "quality/centre.html",
        {
            "centre": centre,
            "form": form if may_set else None,
            "in_review": [
                t for t in selectors.trainings_in_review(request.user) if t.centre_id == centre.pk
            ],
            "reviews": selectors.yearly_reviews_of(centre),
            "years": [this_year - 1, this_year],
            "evaluations": selectors.evaluations_for(request.user, centre=centre),
            "can_decide": can_decide_for_centre(request.user, centre.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def training_review(request, pk):
    training = get_training_in_review_for_user(request.user, pk)
    may_decide = can_decide_for_centre(request.user, training.centre_id) and (
        training.status == training.Status.IN_REVIEW
    )
    form = ReviewDecisionForm(request.POST or None) if may_decide else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                review = services.review_decide(
                    training=training,
                    reviewer=request.user,
                    approve=form.cleaned_data["decision"] == "approve",
                    verdicts=form.verdicts(),
                    remarks=form.cleaned_data["remarks"],
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("The training is approved and published.")
                    if review.decision == review.Decision.APPROVED
                    else _("The training was sent back to its coordinator."),
                )
                return redirect("quality:training_review", pk=training.pk)
    return render(
        request,
        "quality/training_review.html",
        {
            "training": training,
            "sessions": training.sessions.order_by("starts_at"),
            "history": selectors.review_history(training),
            "form": form,
            "criteria": Criterion.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


@require_http_methods(["GET", "POST"])
def yearly_review(request, code, year):
    centre = get_centre_for_user(request.user, code)
    year = _year(year)
    review = selectors.yearly_review_of(centre, year)
    may_record = can_decide_for_centre(request.user, centre.pk)
    form = None
    if may_record:
        form = FindingsForm(
            request.POST if request.method == "POST" else None,
            initial={"findings": review.findings if review else ""},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.yearly_review_save(
                    centre=centre,
                    year=year,
                    findings=form.cleaned_data["findings"],
                    by=request.user,
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("The findings were saved."))
                return redirect("quality:yearly_review", code=centre.code, year=year)
    offer, trainings = selectors.centre_year_offer(centre, year)
    return render(
        request,
        "quality/yearly_review.html",
        {
            "centre": centre,
            "year": year,
            "review": review,
            "figures": selectors.centre_year_figures(centre, year),
            "offer": offer,
            "trainings": trainings,
            "form": form,
            "may_record": may_record,
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def yearly_action_add(request, code, year):
    centre = get_centre_for_user(request.user, code)
    year = _year(year)
    if not can_decide_for_centre(request.user, centre.pk):
        raise PermissionDenied
    back = reverse("quality:yearly_review", args=[centre.code, year])
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = selectors.yearly_review_of(centre, year) or services.yearly_review_save(
                centre=centre, year=year, findings="", by=request.user
            )
            services.action_add(fields=form.cleaned_data, yearly_review=review)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The action was added."))
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("New action for %(centre)s, %(year)s") % {"centre": centre.name, "year": year},
        back=back,
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = get_action_for_user(request.user, pk)
    if action.yearly_review_id:
        review = action.yearly_review
        back = reverse("quality:yearly_review", args=[review.centre.code, review.year])
    else:
        back = reverse("quality:evaluation", args=[action.evaluation_id])
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, fields=form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The action was saved."))
            return redirect(back)
    return _form_page(request, form, title=_("Edit the action"), back=back)


# --- external evaluations and peer reviews ----------------------------------------------------


def evaluations(request):
    networks, centres = selectors.recordable_subjects(request.user)
    return render(
        request,
        "quality/evaluations.html",
        {
            "evaluations": selectors.evaluations_for(request.user),
            "can_record": bool(networks or centres),
        },
    )


def _subjects(networks: list[Network], centres: list[Centre]) -> list[tuple[str, str]]:
    return [(f"network:{n.pk}", _("Network: %(name)s") % {"name": n.name}) for n in networks] + [
        (f"centre:{c.pk}", _("Centre: %(name)s") % {"name": c.name}) for c in centres
    ]


@require_http_methods(["GET", "POST"])
def evaluation_create(request):
    networks, centres = selectors.recordable_subjects(request.user)
    if not (networks or centres):
        raise PermissionDenied
    form = EvaluationForm(request.POST or None, subjects=_subjects(networks, centres))
    if request.method == "POST" and form.is_valid():
        kind, _sep, pk = form.cleaned_data["subject"].partition(":")
        target = {
            "network": next((n for n in networks if str(n.pk) == pk), None),
            "centre": next((c for c in centres if str(c.pk) == pk), None),
        }
        try:
            evaluation = services.evaluation_create(
                fields=form.cleaned_data,
                by=request.user,
                centre=target["centre"] if kind == "centre" else None,
                network=target["network"] if kind == "network" else None,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The evaluation was recorded."))
            return redirect("quality:evaluation", pk=evaluation.pk)
    return _form_page(
        request,
        form,
        title=_("Record an external evaluation or peer review"),
        back=reverse("quality:evaluations"),
    )


def evaluation(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk)
    return render(
        request,
        "quality/evaluation.html",
        {
            "evaluation": evaluation,
            "actions": selectors.evaluation_actions(evaluation),
            "can_record": can_record_evaluation(request.user, evaluation),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def evaluation_action_add(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk)
    if not can_record_evaluation(request.user, evaluation):
        raise PermissionDenied
    back = reverse("quality:evaluation", args=[evaluation.pk])
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(fields=form.cleaned_data, evaluation=evaluation)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The action was added."))
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("New action after “%(title)s”") % {"title": evaluation.title},
        back=back,
    )

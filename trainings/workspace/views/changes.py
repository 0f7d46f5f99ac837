"""A coordinator changes a training after it is planned (postpone, cancel, a new edition,
delete a session) and manages its people by hand (add, move on the waiting list, give a seat,
remove). Each view: check access once, ask (GET: a form that says what will happen), call one
service (POST), say what happened and go back (post/redirect/get; a second click changes
nothing or is refused with a message)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trainings.models import Enrolment
from trainings.services import changes
from trainings.services import participants as people

from ..forms import FirstDayForm, ParticipantAddForm, ReasonForm, WalkInForm
from ..permissions import get_session_for_user, get_training_for_user, require_change
from .trainings import _form_errors


def _changeable_training(request, pk):
    training = get_training_for_user(request.user, pk)
    require_change(request.user, training.centre_id)
    return training


def _ask(request, form, *, title, subtitle, back, submit_label, intro=(), danger=False):
    return render(
        request,
        "workspace/form.html",
        {
            "form": form,
            "title": title,
            "subtitle": subtitle,
            "back": back,
            "submit_label": submit_label,
            "intro": intro,
            "danger": danger,
        },
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


def _run(request, form, action, success):
    """POST: validate, call the service, say so and return its result; ``None`` (errors on
    the form) otherwise."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as exc:
        _form_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result


def _told(training) -> int:
    return training.enrolments.filter(
        status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]
    ).count()


@require_http_methods(["GET", "POST"])
def training_postpone(request, pk):
    training = _changeable_training(request, pk)
    back = reverse("workspace:training", args=[training.pk])
    form = FirstDayForm(_posted(request))
    if _run(
        request,
        form,
        lambda data: changes.training_postpone(training=training, first_day=data["first_day"]),
        _("The sessions were moved; everyone enrolled or waiting is told."),
    ):
        return redirect(back)
    return _ask(
        request,
        form,
        title=_("Postpone the training"),
        subtitle=training.title,
        back=back,
        submit_label=_("Move the sessions"),
        intro=[
            _(
                "Every session moves by the same number of days, at the same hours. "
                "%(n)s people enrolled or waiting get an e-mail with the new dates and calendar "
                "file; their calendars update the events."
            )
            % {"n": _told(training)}
        ],
    )


@require_http_methods(["GET", "POST"])
def training_cancel(request, pk):
    training = _changeable_training(request, pk)
    back = reverse("workspace:training", args=[training.pk])
    form = ReasonForm(_posted(request))
    if _run(
        request,
        form,
        lambda data: changes.training_cancel(training=training, reason=data["reason"]),
        _("The training was cancelled; everyone enrolled or waiting is told."),
    ):
        return redirect(back)
    return _ask(
        request,
        form,
        title=_("Cancel the training"),
        subtitle=training.title,
        back=back,
        submit_label=_("Cancel the training"),
        danger=True,
        intro=[
            _(
                "The training leaves the catalogue and the reports' delivered figures, but stays "
                "here. %(n)s people enrolled or waiting lose their place and are told, with the "
                "reason."
            )
            % {"n": _told(training)},
            _("This cannot be undone: to hold it after all, start a new edition."),
        ],
    )


@require_http_methods(["GET", "POST"])
def training_duplicate(request, pk):
    training = _changeable_training(request, pk)
    form = FirstDayForm(_posted(request), with_code=True)
    edition = _run(
        request,
        form,
        lambda data: changes.training_duplicate(
            training=training, first_day=data["first_day"], code=data.get("code", "")
        ),
        _("The new edition was made as a draft: check it, then publish it."),
    )
    if edition is not None:
        return redirect("workspace:training", pk=edition.pk)
    return _ask(
        request,
        form,
        title=_("Start a new edition"),
        subtitle=training.title,
        back=reverse("workspace:training", args=[training.pk]),
        submit_label=_("Make the new edition"),
        intro=[
            _(
                "The new edition is a draft with the same content and sessions, moved so that "
                "the first falls on the day you choose; nobody is enrolled in it yet. It is "
                "linked to this one, so reports can tell the training was repeated."
            )
        ],
    )


@require_http_methods(["GET", "POST"])
def session_delete(request, pk):
    session = get_session_for_user(request.user, pk)
    training = session.training
    require_change(request.user, training.centre_id)
    back = reverse("workspace:training", args=[training.pk])
    form = forms.Form(_posted(request))
    if _run(
        request,
        form,
        lambda data: changes.session_delete(session=session),
        _("The session was deleted."),
    ):
        return redirect(back)
    when = timezone.localtime(session.starts_at)
    return _ask(
        request,
        form,
        title=_("Delete the session"),
        subtitle=f"{training.title} · {when:%d/%m/%Y %H:%M}",
        back=back,
        submit_label=_("Delete the session"),
        danger=True,
        intro=[_("Those enrolled are told the new schedule by e-mail.")],
    )


# --- people ---------------------------------------------------------------------------------


def _participants_url(training) -> str:
    return reverse("workspace:participants", args=[training.pk])


def _enrolment_for(request, training, enrolment_pk) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related("person"), pk=enrolment_pk, training=training
    )


@require_http_methods(["GET", "POST"])
def participant_add(request, pk):
    training = _changeable_training(request, pk)
    back = _participants_url(training)
    form = ParticipantAddForm(_posted(request))

    def said(enrolment):
        name = enrolment.person.get_full_name() or enrolment.person.email
        if enrolment.status == Enrolment.Status.WAITLISTED:
            return _("%(name)s is on the waiting list (place %(position)s).") % {
                "name": name,
                "position": enrolment.waitlist_position,
            }
        if enrolment.above_capacity:
            return _("%(name)s is enrolled, above the capacity.") % {"name": name}
        return _("%(name)s is enrolled.") % {"name": name}

    if _run(
        request,
        form,
        lambda data: people.participant_add(training=training, by=request.user, **data),
        said,
    ):
        return redirect(back)
    return _ask(
        request,
        form,
        title=_("Add a participant"),
        subtitle=training.title,
        back=back,
        submit_label=_("Add"),
        intro=[
            _(
                "Someone without an account gets one with this address (they choose a password "
                "through 'Forgot your password?'). They get the confirmation by e-mail."
            )
        ],
    )


@require_POST
def participant_waitlist(request, pk, enrolment_pk):
    """Move up, move down, or give a seat now (``action``)."""
    training = _changeable_training(request, pk)
    enrolment = _enrolment_for(request, training, enrolment_pk)
    action = request.POST.get("action", "")
    try:
        if action in ("up", "down"):
            people.waitlist_move(enrolment=enrolment, up=action == "up")
        elif action in ("seat", "seat_above"):
            people.waitlist_seat_give(
                enrolment=enrolment, by=request.user, above_capacity=action == "seat_above"
            )
            messages.success(
                request,
                _("%(name)s is enrolled and told.")
                % {"name": enrolment.person.get_full_name() or enrolment.person.email},
            )
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{_participants_url(training)}?status=waitlisted")


@require_http_methods(["GET", "POST"])
def participant_remove(request, pk, enrolment_pk):
    training = _changeable_training(request, pk)
    enrolment = _enrolment_for(request, training, enrolment_pk)
    back = _participants_url(training)
    form = ReasonForm(_posted(request))
    name = enrolment.person.get_full_name() or enrolment.person.email
    if _run(
        request,
        form,
        lambda data: people.participant_remove(
            enrolment=enrolment, by=request.user, reason=data["reason"]
        ),
        _("%(name)s was removed and told.") % {"name": name},
    ):
        return redirect(back)
    return _ask(
        request,
        form,
        title=_("Remove %(name)s") % {"name": name},
        subtitle=training.title,
        back=back,
        submit_label=_("Remove"),
        danger=True,
        intro=[
            _(
                "The seat goes to the first on the waiting list. The person is told, with "
                "the reason."
            )
        ],
    )


@require_POST
def attendance_walk_in(request, pk):
    """Someone at the session who had not enrolled: enrolled and marked present."""
    session = get_session_for_user(request.user, pk)
    require_change(request.user, session.training.centre_id)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            enrolment = people.walk_in_add(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s is enrolled and marked present.")
                % {"name": enrolment.person.get_full_name() or enrolment.person.email},
            )
    return redirect("workspace:attendance", pk=session.pk)

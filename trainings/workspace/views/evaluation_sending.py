"""A questionnaire's sending, for the centre's coordinator: who was invited and when, who was
reminded, who answered (only whether), the response rate; "send now" to those due, the
reminder delay, closing and reopening; and the questionnaire previewed exactly as a
participant sees it (nothing is stored)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from trainings.evaluations import selectors, services
from trainings.evaluations.forms import AnswerForm
from trainings.evaluations.permissions import can_change_questionnaire, get_questionnaire_for_user


class ReminderForm(forms.Form):
    reminder_after_days = forms.IntegerField(
        label=gettext_lazy("Reminder after (days)"),
        min_value=1,
        max_value=90,
        required=False,
        help_text=gettext_lazy(
            "Empty: no reminder. Only those who have not answered get it, once."
        ),
    )


def _training_questionnaire(request, pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    if questionnaire.training is None:
        raise Http404  # templates and surveys are not sent by this page
    return questionnaire


@require_http_methods(["GET", "POST"])
def questionnaire_sending(request, pk):
    questionnaire = _training_questionnaire(request, pk)
    can_change = can_change_questionnaire(request.user, questionnaire)
    form = ReminderForm(
        request.POST if "reminder_after_days" in request.POST else None,
        initial={"reminder_after_days": questionnaire.reminder_after_days},
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "send":
                sent = services.questionnaire_send_now(questionnaire=questionnaire)
                messages.success(
                    request,
                    _("%(n)s invitations sent.") % {"n": sent}
                    if sent
                    else _("Nobody new to invite: everyone due has had the invitation."),
                )
            elif action == "close":
                services.questionnaire_close(questionnaire=questionnaire)
                messages.success(request, _("The questionnaire is closed."))
            elif action == "reopen":
                services.questionnaire_reopen(questionnaire=questionnaire)
                messages.success(request, _("The questionnaire is open again."))
            elif action == "reminder":
                if form.is_valid():
                    services.questionnaire_reminder_set(
                        questionnaire=questionnaire,
                        days=form.cleaned_data["reminder_after_days"],
                    )
                    messages.success(request, _("The reminder was saved."))
                else:
                    raise ValidationError([e for errors in form.errors.values() for e in errors])
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("workspace:questionnaire_sending", pk=questionnaire.pk)
    return render(
        request,
        "workspace/questionnaire_sending.html",
        {
            "questionnaire": questionnaire,
            "training": questionnaire.training,
            "status": selectors.questionnaire_sending_status(questionnaire),
            "form": form,
            "can_change": can_change,
        },
    )


@require_GET
def questionnaire_preview(request, pk):
    questionnaire = _training_questionnaire(request, pk)
    form = AnswerForm(None, questions=list(questionnaire.questions.all()))
    return render(
        request,
        "evaluations/answer.html",
        {
            "questionnaire": questionnaire,
            "form": form,
            "training": questionnaire.training,
            "preview": True,
            "back": reverse("workspace:questionnaire_sending", args=[questionnaire.pk]),
        },
    )

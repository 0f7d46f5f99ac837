"""The answer pages: a personal link or a survey's public link opens a questionnaire without
log-in (the token is the key) and takes the answers once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import AnswerForm
from .models import Invitation, Survey, SurveyLink


def _answer_page(request, *, questionnaire, invitation=None, survey_link=None):
    questions = list(questionnaire.questions.all())
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                answers=form.answers(), invitation=invitation, survey_link=survey_link
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for qid, errors in exc.message_dict.items():
                    form.add_error(f"q{qid}" if f"q{qid}" in form.fields else None, errors)
            else:
                return render(
                    request,
                    "evaluations/answer_done.html",
                    {"questionnaire": questionnaire, "message": " ".join(exc.messages)},
                )
        else:
            return render(
                request,
                "evaluations/answer_done.html",
                {
                    "questionnaire": questionnaire,
                    "message": _("Thank you! Your answers were saved."),
                },
            )
    return render(
        request,
        "evaluations/answer.html",
        {"questionnaire": questionnaire, "form": form, "training": questionnaire.training},
    )


@require_http_methods(["GET", "POST"])
def answer(request, token):
    """A personal link: works once, without log-in, only for its own questionnaire."""
    invitation = (
        Invitation.objects.select_related("questionnaire__training__centre")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Http404
    if invitation.responded_at is not None:
        return render(
            request,
            "evaluations/answer_done.html",
            {
                "questionnaire": invitation.questionnaire,
                "message": _("You have already answered this questionnaire. Thank you!"),
            },
        )
    return _answer_page(request, questionnaire=invitation.questionnaire, invitation=invitation)


@require_http_methods(["GET", "POST"])
def survey_answer(request, token):
    """A survey's public link for one group of actors."""
    link = SurveyLink.objects.select_related("survey__questionnaire").filter(token=token).first()
    if link is None:
        raise Http404
    if link.survey.status != Survey.Status.OPEN:
        return render(
            request,
            "evaluations/answer_done.html",
            {"questionnaire": link.survey.questionnaire, "message": _("This survey is not open.")},
        )
    return _answer_page(request, questionnaire=link.survey.questionnaire, survey_link=link)


# --- network-wide surveys -------------------------------------------------------------------

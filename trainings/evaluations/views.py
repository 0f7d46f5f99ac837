"""The answer pages: a personal link or a survey's public link opens a questionnaire without
log-in (the token is the key) and takes the answers once."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import AnswerForm
from .models import Invitation, Survey, SurveyLink

ANSWERED_COOKIE = "stemnet-survey-{pk}"
ANSWERED_FOR = 365 * 24 * 3600  # seconds: the cookie that says "this browser answered"


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _survey_limit_reached(request, link) -> str | None:
    """Why a public survey link takes no answer from this client (None: it may answer).

    One answer per browser (a signed cookie), and at most ``SURVEY_ANSWERS_PER_ADDRESS`` per
    address per hour (a school's computer room shares one address, so the limit is for a
    room, not a person); counted in the cache, so none when the cache is away."""
    if request.get_signed_cookie(ANSWERED_COOKIE.format(pk=link.pk), default=None):
        return _("You have already answered this survey in this browser. Thank you!")
    limit = getattr(settings, "SURVEY_ANSWERS_PER_ADDRESS", 60)
    if (cache.get(f"survey-answers:{link.pk}:{_address(request)}") or 0) >= limit:
        return _("Many answers came from your network in the last hour; try again later.")
    return None


def _survey_answered(request, response, link) -> None:
    key = f"survey-answers:{link.pk}:{_address(request)}"
    if not cache.add(key, 1, 3600):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, 3600)
    response.set_signed_cookie(
        ANSWERED_COOKIE.format(pk=link.pk),
        "1",
        max_age=ANSWERED_FOR,
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )


def _answer_page(request, *, questionnaire, invitation=None, survey_link=None):
    questions = list(questionnaire.questions.all())
    form = AnswerForm(request.POST or None, questions=questions)
    refused = _survey_limit_reached(request, survey_link) if survey_link else None
    if refused:
        return render(
            request,
            "evaluations/answer_done.html",
            {"questionnaire": questionnaire, "message": refused},
        )
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
            response = render(
                request,
                "evaluations/answer_done.html",
                {
                    "questionnaire": questionnaire,
                    "message": _("Thank you! Your answers were saved."),
                },
            )
            if survey_link is not None:
                _survey_answered(request, response, survey_link)
            return response
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

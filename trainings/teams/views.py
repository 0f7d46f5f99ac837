"""The team page of a training: a school's director or STEM coordinator enrols colleagues
(``services.team_enrol``) and sees who of their earlier teams declined."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from ..permissions import get_training_for_user
from ..services.enrolment import enrolment_closed_reason
from ..services.locking import TryAgain
from .forms import TeamForm
from .services import TEAM_MAX, team_enrol, team_refusal, teams_of


def team_enrol_page(request, code):
    training = get_training_for_user(request.user, code)
    refusal = team_refusal(request.user)
    closed = enrolment_closed_reason(training, starts_at=training.first_start)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and not refusal and not closed and form.is_valid():
        try:
            team = team_enrol(
                organiser=request.user,
                training=training,
                addresses=form.cleaned_data["addresses"],
                include_organiser=form.cleaned_data["include_me"],
            )
        except (ValidationError, TryAgain) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            count = team.members.count()
            messages.success(
                request,
                ngettext(
                    "%(count)d person of your team is enrolled; each gets an e-mail and can "
                    "decline.",
                    "%(count)d people of your team are enrolled; each gets an e-mail and can "
                    "decline.",
                    count,
                )
                % {"count": count},
            )
            return redirect("trainings:team_enrol", code=training.code)
    status = 400 if request.method == "POST" and (form.errors or refusal or closed) else 200
    return render(
        request,
        "teams/team_enrol.html",
        {
            "training": training,
            "form": form,
            "refusal": refusal,
            "closed_reason": closed,
            "teams": teams_of(request.user, training),
            "team_max": TEAM_MAX,
        },
        status=status,
    )

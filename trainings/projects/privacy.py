"""Personal data held by school development projects (see ``stemnet.privacy``): the teams a
person is in, their reviews and conflicts of interest, the progress reports they wrote and the
e-mails sent to them.

Erasing a person: the account row stays, anonymised (``accounts.services.account_delete``),
so submitted applications keep their team size and decided calls their reviews and ranking
without a name; the person leaves the teams of drafts, their progress reports lose their
author, calls, applications and projects forget who made, decided or coached them, and
the record of the e-mails sent to them is deleted."""

from django.db.models import Q

from stemnet import privacy

from .models import (
    Application,
    ApplicationMember,
    Call,
    CallReviewer,
    Delivery,
    ProgressReport,
    Project,
)


def export_projects(user) -> dict:
    return {
        "applications": [
            {
                "call": m.application.call.title,
                "school": m.application.school.number,
                "title": m.application.title,
                "role": m.role,
                "status": m.application.status,
            }
            for m in ApplicationMember.objects.filter(person=user).select_related(
                "application__call", "application__school"
            )
        ],
        "reviews": [
            {
                "call": r.call.title,
                "invited_at": r.invited_at.isoformat(),
                "reviews": [
                    {
                        "application": review.application_id,
                        "comment": review.comment,
                        "scores": {s.criterion.name: s.value for s in review.scores.all()},
                    }
                    for review in r.reviews.prefetch_related("scores__criterion")
                ],
                "conflicts": [c.application_id for c in r.conflicts.all()],
            }
            for r in CallReviewer.objects.filter(person=user).select_related("call")
        ],
        "progress_reports": [
            {"project": p.project_id, "written_at": p.created_at.isoformat(), "text": p.text}
            for p in ProgressReport.objects.filter(author=user)
        ],
    }


def erase_projects(user) -> None:
    ApplicationMember.objects.filter(person=user, application__status="draft").delete()
    ProgressReport.objects.filter(author=user).update(author=None)
    Delivery.objects.filter(Q(person=user) | Q(email__iexact=user.email)).delete()
    Application.objects.filter(created_by=user).update(created_by=None)
    Application.objects.filter(decided_by=user).update(decided_by=None)
    Call.objects.filter(created_by=user).update(created_by=None)
    CallReviewer.objects.filter(invited_by=user).update(invited_by=None)
    Project.objects.filter(coach=user).update(coach=None)


privacy.register(
    "school_projects",
    description="Teams, reviews and progress reports of school development projects",
    export=export_projects,
    erase=erase_projects,
    models=(
        "projects.Call",
        "projects.Application",
        "projects.Project",
        "projects.ApplicationMember",
        "projects.CallReviewer",
        "projects.Review",
        "projects.Conflict",
        "projects.ProgressReport",
        "projects.Delivery",
    ),
)

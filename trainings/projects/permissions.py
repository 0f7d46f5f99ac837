"""
Who may see and change what in school development projects. Missing and forbidden are both
404 (``access.get_or_404_for``).

- A call: anyone once it is no longer a draft; a draft only its centre's coordinators (and
  admins), who also change it, its reviewers and decisions.
- An application: its team; the call's coordinators; the call's reviewers once it is
  submitted, unless they declared a conflict of interest with it.
- A project: its team, its coach, the centre's coordinators, ministry staff (read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stemnet import access

from .models import Application, Attachment, Call, CallReviewer, Conflict, Project

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User

    Person = User | AnonymousUser


def can_manage_call(user: Person, call: Call) -> bool:
    return access.can_change_centre(user, call.centre_id)


def get_call_for_user(user: Person, pk: int) -> Call:
    return access.get_or_404_for(
        Call.objects.select_related("centre", "source"),
        lambda c: c.is_public or can_manage_call(user, c),
        pk=pk,
    )


def get_call_for_change(user: Person, pk: int) -> Call:
    return access.get_or_404_for(
        Call.objects.select_related("centre", "source"), lambda c: can_manage_call(user, c), pk=pk
    )


def reviewer_of(user: Person, call_id: int) -> CallReviewer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CallReviewer.objects.filter(call_id=call_id, person_id=user.pk).first()


def is_member(user: Person, application: Application) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and application.members.filter(person_id=user.pk).exists()
    )


def can_review(user: Person, application: Application) -> bool:
    """A reviewer of the application's call, without a conflict with it, once submitted."""
    if application.is_draft:
        return False
    reviewer = reviewer_of(user, application.call_id)
    return (
        reviewer is not None
        and not Conflict.objects.filter(reviewer=reviewer, application=application).exists()
    )


def can_read_application(user: Person, application: Application) -> bool:
    return (
        is_member(user, application)
        or (can_manage_call(user, application.call) and not application.is_draft)
        or can_review(user, application)
    )


def _applications():
    return Application.objects.select_related("call__centre", "school")


def get_application_for_user(user: Person, pk: int) -> Application:
    return access.get_or_404_for(_applications(), lambda a: can_read_application(user, a), pk=pk)


def get_application_for_team(user: Person, pk: int) -> Application:
    return access.get_or_404_for(_applications(), lambda a: is_member(user, a), pk=pk)


def get_application_for_review(user: Person, pk: int) -> tuple[Application, CallReviewer]:
    """The application and the person's reviewer role on its call; 404 for someone who is no
    reviewer of that call, or declared a conflict with it, or for a draft."""
    application = access.get_or_404_for(_applications(), lambda a: can_review(user, a), pk=pk)
    reviewer = reviewer_of(user, application.call_id)
    assert reviewer is not None  # can_review checked it
    return application, reviewer


def get_application_for_conflict(user: Person, pk: int) -> tuple[Application, CallReviewer]:
    """For declaring a conflict: any reviewer of the call (also one who declared it already)."""
    application = access.get_or_404_for(
        _applications(),
        lambda a: not a.is_draft and reviewer_of(user, a.call_id) is not None,
        pk=pk,
    )
    reviewer = reviewer_of(user, application.call_id)
    assert reviewer is not None
    return application, reviewer


def get_application_for_decision(user: Person, pk: int) -> Application:
    return access.get_or_404_for(
        _applications(), lambda a: not a.is_draft and can_manage_call(user, a.call), pk=pk
    )


def get_attachment_for_user(user: Person, pk: int) -> Attachment:
    return access.get_or_404_for(
        Attachment.objects.select_related("application__call"),
        lambda a: can_read_application(user, a.application),
        pk=pk,
    )


def can_change_project(user: Person, project: Project) -> bool:
    return can_manage_call(user, project.application.call)


def can_work_on_project(user: Person, project: Project) -> bool:
    """The team and the coach write progress; the centre's coordinators too."""
    return (
        is_member(user, project.application)
        or (project.coach_id is not None and project.coach_id == getattr(user, "pk", None))
        or can_change_project(user, project)
    )


def can_read_project(user: Person, project: Project) -> bool:
    return can_work_on_project(user, project) or access.sees_whole_network(user)


def _projects():
    return Project.objects.select_related(
        "application__call__centre", "application__school", "coach", "budget_line"
    )


def get_project_for_user(user: Person, pk: int) -> Project:
    return access.get_or_404_for(_projects(), lambda p: can_read_project(user, p), pk=pk)


def get_published_project(pk: int) -> Project:
    return access.get_or_404_for(
        _projects(), lambda p: p.final_report_published_at is not None, pk=pk
    )

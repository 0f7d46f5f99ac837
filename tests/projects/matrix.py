"""School development projects: who opens what. ``world.call`` is a draft call of
``world.centre`` whose reviewer is ``world.reviewer``; the objects below hang off it (or off
an open call of the same centre) and are made once per world."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tests.matrix import Row, public, roles, signed_in
from tests.networks.factories import shared_attachment
from tests.schools.factories import SchoolFactory
from trainings.models import BudgetCategory, BudgetLine
from trainings.projects.models import (
    Application,
    ApplicationMember,
    Attachment,
    Call,
    CallQuestion,
    Criterion,
    Project,
)


def _open_call(world):
    call, created = Call.objects.get_or_create(
        centre=world.centre,
        title="Open oproep",
        defaults={
            "aims": "Een STEM-visie voor de hele school.",
            "budget_per_project_eur": Decimal("5000"),
            "budget_total_eur": Decimal("20000"),
            "projects_max": 4,
            "source": world.centre.host,
            "deadline": timezone.now() + dt.timedelta(days=30),
            "status": Call.Status.OPEN,
        },
    )
    if created:
        Criterion.objects.create(call=call, name="Haalbaarheid", weight=2)
        CallQuestion.objects.create(call=call, text="Wat wil je bereiken?")
    return call


def _application(world, status=Application.Status.SUBMITTED, number="990001"):
    school = SchoolFactory(number=number)
    application, _created = Application.objects.get_or_create(
        call=world.call, school=school, defaults={"title": "Onderzoekend leren", "status": status}
    )
    return application


def _submitted(world):
    return {"pk": _application(world).pk}


def _draft(world):
    return {"pk": _application(world, Application.Status.DRAFT, "990002").pk}


def _attachment(world):
    application = _application(world)
    attachment = application.attachments.first() or Attachment.objects.create(
        application=application, file=shared_attachment()
    )
    return {"pk": attachment.pk}


def _project(world, published=False):
    application = _application(world, Application.Status.ACCEPTED, "990003")
    line, _created = BudgetLine.objects.get_or_create(
        centre=world.centre,
        training=None,
        year=timezone.now().year,
        category=BudgetCategory.SCHOOL_PROJECTS,
        source=world.call.source,
    )
    project, _created = Project.objects.get_or_create(
        application=application,
        defaults={"grant_eur": Decimal("4000"), "year": line.year, "budget_line": line},
    )
    if published and not project.final_report_published_at:
        project.final_report = "Wat we leerden."
        project.final_report_published_at = timezone.now()
        project.save()
    if not ApplicationMember.objects.filter(application=application).exists():
        ApplicationMember.objects.create(
            application=application, person=world.teacher, role="teacher"
        )
    return {"pk": project.pk}


def _published(world):
    return _project(world, published=True)


def _call(world):
    return {"pk": world.call.pk}


def _open(world):
    return {"pk": _open_call(world).pk}


CENTRE = roles("coordinator", other_centre=404)  # the call's centre (and admins)
OWN = roles("coordinator", "other_coordinator")  # any coordinator: lists their own centres'

ROWS = [
    Row("projects:calls", public()),
    Row("projects:call", public(), kwargs=_open),
    Row("projects:apply", signed_in(405), kwargs=_open),
    Row("projects:project_public", public(), kwargs=_published),
    Row("projects:my_applications", signed_in()),
    # A submitted application: the call's coordinators and its reviewers; 404 for all others.
    Row(
        "projects:application",
        signed_in(404, coordinator=200, admin=200, reviewer=200),
        kwargs=_submitted,
    ),
    Row(
        "projects:attachment",
        signed_in(404, coordinator=200, admin=200, reviewer=200),
        kwargs=_attachment,
    ),
    # A draft: only its team (none of the matrix' people).
    Row("projects:application_edit", signed_in(404), kwargs=_draft),
    Row("projects:my_reviews", signed_in()),
    Row("projects:review", signed_in(404, reviewer=200), kwargs=_submitted),
    Row("projects:conflict", signed_in(405), kwargs=_submitted),
    # A project of world.centre: its team (the teacher), the centre, ministry staff.
    Row(
        "projects:project",
        signed_in(404, teacher=200, coordinator=200, admin=200, ministry=200),
        kwargs=_project,
    ),
    Row("projects:manage", OWN),
    Row("projects:project_index", OWN),
    Row("projects:call_create", OWN),
    Row("projects:call_edit", CENTRE, kwargs=_call),
    Row(
        "projects:call_status", roles("coordinator", "other_coordinator", status=405), kwargs=_call
    ),
    Row("projects:reviewers", CENTRE, kwargs=_call),
    Row("projects:review_table", CENTRE, kwargs=_call),
    Row("projects:decide", CENTRE, kwargs=_submitted),
]

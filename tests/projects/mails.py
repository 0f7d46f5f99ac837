"""Builders of the e-mails of school development projects for ``tests/test_mail_links.py``:
each sends one real e-mail through the code that sends it and returns who follows its links
(None: they work without logging in)."""

from django.test import TestCase
from django.utils import timezone

from trainings.projects import services
from trainings.projects.models import Application, Call, Delivery

from .factories import make_call, make_team, subscribe


def _application(world) -> Application:
    call = make_call(world.centre)
    school, director, staff = make_team()
    application = Application.objects.create(
        call=call, school=school, title="Onderzoekend leren", status="submitted"
    )
    application.members.create(person=director, role="director")
    return application


def announcement(world, client):
    call = make_call(world.centre, status=Call.Status.OPEN)
    subscribe(centre=world.centre, email="lezer@example.org")
    assert services.announcement_send(call_id=call.pk) == 1
    return None  # the call's page is public


def receipt(world, client):
    application = _application(world)
    director = application.members.get().person
    Delivery.objects.create(
        kind="receipt", call=application.call, application=application, person=director
    )
    services.deliveries_send(call=application.call, kind="receipt", application=application)
    return director


def decision(world, client):
    application = _application(world)
    application.status, application.motivation = "rejected", "Te weinig uitgewerkt."
    application.decided_at = timezone.now()
    application.save()
    director = application.members.get().person
    Delivery.objects.create(
        kind="decision", call=application.call, application=application, person=director
    )
    services.deliveries_send(call=application.call, kind="decision", application=application)
    return director


def invitation(world, client):
    call = make_call(world.centre)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.reviewer_invite(
            call=call,
            email="expert@ugent.be",
            first_name="Eva",
            last_name="Maes",
            invited_by=world.coordinator,
        )
    return None  # the set-your-password link works without logging in


MAILS = {
    "projects/email/announcement": announcement,
    "projects/email/receipt": receipt,
    "projects/email/decision": decision,
    "projects/email/invitation": invitation,
}

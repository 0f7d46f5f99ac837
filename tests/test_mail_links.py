"""
Every e-mail the portal sends, built through the code that sends it: each link is absolute,
on the site's own address (SITE_URL), and answers (the page opens, or asks to log in first
and then opens). A relative link, a link to another host or a dead link fails here.

``MAILS`` is the registry: a new e-mail template under ``*/templates/*/email/`` fails
``test_every_mail_template_is_in_the_registry`` until it has a builder below.
"""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.evaluations.services import questionnaires_send
from trainings.models import Attendance
from trainings.services.mail import MAIL_SUBJECTS, enrolment_mail_send

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://stemnet.example.be"
URL = re.compile(r"https?://[^\s<>\"')]+")
# A path standing alone where a link belongs: "Mijn nascholingen: /nascholingen/mijn/".
RELATIVE = re.compile(r"(?:^|[\s:(])(/[a-z][\w\-./?=&%]*)", re.MULTILINE)


def _enrolment_mail(kind):
    def build(world, client):
        session = SessionFactory(training__centre=world.centre)
        enrolment = EnrolmentFactory(training=session.training, person=world.teacher)
        enrolment_mail_send(enrolment=enrolment, kind=kind, session=session)
        return world.teacher

    return build


def _questionnaire(world, client):
    training = TrainingFactory(centre=world.centre, contact_hours=Decimal("3"))
    ended = timezone.now() - dt.timedelta(days=1, hours=2)
    session = SessionFactory(
        training=training, starts_at=ended - dt.timedelta(hours=3), ends_at=ended
    )
    enrolment = EnrolmentFactory(training=training, person=world.teacher)
    Attendance.objects.create(enrolment=enrolment, session=session, present=True)
    assert questionnaires_send() == 1
    return None  # the personal link works without logging in


def _message(world, client):
    from trainings.services.messages import training_message_send

    enrolment = EnrolmentFactory(training__centre=world.centre, person=world.teacher)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the task is queued on commit
        training_message_send(
            training=enrolment.training,
            sender=world.coordinator,
            audience="all",
            subject="Parking",
            body="Parkeer achter het gebouw.",
        )
    return world.teacher


def _signup(world, client):
    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "password1": "een-lang-wachtwoord-2026",
            "password2": "een-lang-wachtwoord-2026",
            "first_name": "An",
            "last_name": "Claes",
        },
    )
    return None


def _password_reset(world, client):
    client.post(reverse("account_reset_password"), {"email": world.teacher.email})
    return None


MAILS = {
    **{f"trainings/email/{kind}.txt": _enrolment_mail(kind) for kind in MAIL_SUBJECTS},
    "evaluations/email/questionnaire.txt": _questionnaire,
    "trainings/email/message.txt": _message,
    "account/email/email_confirmation_signup": _signup,
    "account/email/password_reset_key": _password_reset,
}


def test_every_mail_template_is_in_the_registry():
    ours = {
        str(path.relative_to(path.parents[2]))
        for app in ("stemnet", "networks", "trainings", "monitor", "templates")
        for path in (ROOT / app).rglob("templates/*/email/*.txt")
        if path.name != "base.txt"
    }
    assert ours, "no mail templates found"
    assert ours <= set(MAILS), sorted(ours - set(MAILS))


@pytest.mark.parametrize("name", list(MAILS))
def test_every_link_in_every_mail_is_absolute_and_answers(name, world, client, settings):
    settings.SITE_URL = SITE
    mail.outbox.clear()
    reader = MAILS[name](world, client)
    assert mail.outbox, f"{name}: no e-mail was sent"
    for message in mail.outbox:
        body = message.body
        links = URL.findall(body)
        assert links, f"{name}: the e-mail has no link to act on"
        assert not RELATIVE.findall(body), f"{name}: relative links {RELATIVE.findall(body)}"
        assert "testserver" not in body and "127.0.0.1" not in body
        for link in links:
            assert link.startswith(SITE + "/"), f"{name}: {link} is not on {SITE}"
            path = link.removeprefix(SITE)
            client.logout()
            if reader is not None:
                client.force_login(reader)
            response = client.get(path, follow=True)
            assert response.status_code == 200, f"{name}: {link} answered {response.status_code}"


@pytest.mark.parametrize("location", ["/nascholingen/mijn/", "http://testserver/x/?a=1#b"])
def test_absolute_url_puts_any_location_on_the_site(location, settings):
    from stemnet.site import absolute_url

    settings.SITE_URL = SITE + "/"
    assert absolute_url(location).startswith(SITE + "/")
    assert "testserver" not in absolute_url(location)

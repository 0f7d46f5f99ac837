"""The evaluation cycle the coordinator controls, end to end: due -> sent once -> reminded
once -> answered through the mailed link -> counted in the response rate and the split by
role (a group under the minimum hidden); "send now", the preview, closing, permissions."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ProfileFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.evaluations import selectors
from trainings.evaluations.models import Questionnaire, Response
from trainings.evaluations.services import (
    questionnaire_for_training,
    questionnaire_reminders_send,
    questionnaire_send_now,
    questionnaires_send,
)
from trainings.models import Attendance

LINK = re.compile(r"https?://\S+/nascholingen/evaluatie/[\w-]+/")


@pytest.fixture
def held(world):
    """A training that ended two days ago: six teachers and one researcher were present."""
    training = TrainingFactory(centre=world.centre, contact_hours=Decimal("3"))
    ended = timezone.now() - dt.timedelta(days=2)
    session = SessionFactory(
        training=training, starts_at=ended - dt.timedelta(hours=3), ends_at=ended
    )
    people = [ProfileFactory(role="teacher").user for _ in range(6)]
    people.append(ProfileFactory(role="researcher").user)
    for person in people:
        enrolment = EnrolmentFactory(training=training, person=person)
        Attendance.objects.create(enrolment=enrolment, session=session, present=True)
    return training, people


def _answer(client, body):
    url = LINK.search(body).group(0).split("/nascholingen", 1)[1]
    page = client.get("/nascholingen" + url)
    fields = re.findall(r'name="(q\d+)" value="([^"]+)"', page.content.decode())
    data = {}
    for name, value in fields:
        data[name] = value  # the last option of each question: the most positive
    return client.post("/nascholingen" + url, data)


def test_the_cycle_due_sent_reminded_answered_counted(world, held, client_for):
    training, people = held
    assert questionnaires_send() == 7
    assert questionnaires_send() == 0  # the hourly task again: nobody twice
    questionnaire = Questionnaire.objects.get(training=training, kind="post")
    first_mails = {m.to[0]: m.body for m in mail.outbox}
    assert set(first_mails) == {p.email for p in people}
    # Five teachers answer through the link in their mail.
    anonymous = Client()
    for person in people[:5]:
        assert _answer(anonymous, first_mails[person.email]).status_code == 200
    assert Response.objects.filter(questionnaire=questionnaire).count() == 5
    # The reminder: not before the delay, then once, only to those who have not answered.
    mail.outbox.clear()
    assert questionnaire_reminders_send(now=timezone.now() + dt.timedelta(days=3)) == 0
    later = timezone.now() + dt.timedelta(days=questionnaire.reminder_after_days)
    assert questionnaire_reminders_send(now=later) == 2
    assert questionnaire_reminders_send(now=later + dt.timedelta(days=1)) == 0
    assert {m.to[0] for m in mail.outbox} == {people[5].email, people[6].email}
    assert all("Herinnering" in m.subject for m in mail.outbox)
    # The researcher answers through the reminder.
    reminder = next(m for m in mail.outbox if m.to == [people[6].email])
    _answer(anonymous, reminder.body)
    status = selectors.questionnaire_sending_status(questionnaire)
    assert (status.invited, status.answered, status.reminded) == (7, 6, 2)
    assert status.rate == Decimal("85.7")
    # The sending page says the same; the split by role shows the teachers (5) and hides
    # the one researcher (under the minimum of 5).
    page = client_for(world.coordinator).get(
        reverse("workspace:questionnaire_sending", args=[questionnaire.pk])
    )
    assert "85,7 %" in page.content.decode()
    roles = selectors.evaluation_by_role(questionnaire)
    shown = {str(getattr(g, "label", g)) for g in getattr(roles, "groups", [])}
    assert not any("Onderzoeker" in label for label in shown)


def test_send_now_refuses_what_cannot_go_and_sends_each_once(world, held):
    training, people = held
    questionnaire = questionnaire_for_training(training=training, kind="post")
    assert questionnaire_send_now(questionnaire=questionnaire) == 7
    assert questionnaire_send_now(questionnaire=questionnaire) == 0  # a second click
    upcoming = TrainingFactory(centre=world.centre)
    SessionFactory(training=upcoming)
    post = questionnaire_for_training(training=upcoming, kind="post")
    with pytest.raises(Exception, match="laatste sessie"):
        questionnaire_send_now(questionnaire=post)
    empty = questionnaire_for_training(training=TrainingFactory(centre=world.centre), kind="pre")
    with pytest.raises(Exception, match="geen sessies"):
        questionnaire_send_now(questionnaire=empty)


def test_a_closed_questionnaire_sends_nothing_and_takes_no_answers(world, held, client_for):
    training, people = held
    questionnaire = questionnaire_for_training(training=training, kind="post")
    client = client_for(world.coordinator)
    url = reverse("workspace:questionnaire_sending", args=[questionnaire.pk])
    client.post(url, {"action": "send"})
    mails = list(mail.outbox)
    client.post(url, {"action": "close"})
    assert questionnaires_send() == 0
    later = timezone.now() + dt.timedelta(days=30)
    assert questionnaire_reminders_send(now=later) == 0
    response = _answer(Client(), mails[0].body)
    assert "gesloten" in response.content.decode()
    assert not Response.objects.exists()
    client.post(url, {"action": "reopen"})
    assert questionnaire_reminders_send(now=later) == 7


def test_the_reminder_delay_is_checked_and_the_preview_stores_nothing(world, held, client_for):
    training, people = held
    questionnaire = questionnaire_for_training(training=training, kind="post")
    client = client_for(world.coordinator)
    url = reverse("workspace:questionnaire_sending", args=[questionnaire.pk])
    for bad in ("NaN", "0", "9999999999", "\x00"):
        client.post(url, {"action": "reminder", "reminder_after_days": bad})
        questionnaire.refresh_from_db()
        assert questionnaire.reminder_after_days == 7, bad
    client.post(url, {"action": "reminder", "reminder_after_days": ""})
    questionnaire.refresh_from_db()
    assert questionnaire.reminder_after_days is None
    preview = client.get(reverse("workspace:questionnaire_preview", args=[questionnaire.pk]))
    html = preview.content.decode()
    assert "Voorbeeld" in html and "disabled" in html and questionnaire.title in html
    assert not Response.objects.exists()


def test_another_centre_and_the_ministry_cannot_send(world, held, client_for):
    training, people = held
    questionnaire = questionnaire_for_training(training=training, kind="post")
    url = reverse("workspace:questionnaire_sending", args=[questionnaire.pk])
    assert client_for(world.other_coordinator).post(url, {"action": "send"}).status_code == 404
    assert client_for(world.ministry).post(url, {"action": "send"}).status_code == 403
    assert not mail.outbox

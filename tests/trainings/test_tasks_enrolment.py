"""trainings/tasks.py (enrolment part): beat tasks are scheduled and idempotent."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from trainings import tasks
from trainings.models import Enrolment, Training

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def test_beat_runs_reminders_and_offer_expiry():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"trainings.send_session_reminders", "trainings.expire_offers"} <= scheduled


def test_reminder_task_never_sends_twice():
    training = TrainingFactory()
    start = timezone.localtime() + dt.timedelta(days=1)
    SessionFactory(training=training, starts_at=start.replace(hour=12, minute=0))
    EnrolmentFactory(training=training)
    mail.outbox.clear()
    first = tasks.send_session_reminders.delay().get()
    second = tasks.send_session_reminders.delay().get()
    assert (first, second, len(mail.outbox)) == (1, 0, 1)


def test_expire_offers_task_passes_the_seat_on():
    training = TrainingFactory(shared_capacity=1, promotion=Training.Promotion.OFFER)
    SessionFactory(training=training)
    lapsed = EnrolmentFactory(
        training=training,
        status=Enrolment.Status.WAITLISTED,
        waitlist_position=1,
        offer_expires_at=timezone.now() - dt.timedelta(minutes=5),
    )
    nxt = EnrolmentFactory(
        training=training, status=Enrolment.Status.WAITLISTED, waitlist_position=2
    )
    assert tasks.expire_offers.delay().get() == 1
    assert Enrolment.objects.get(pk=lapsed.pk).status == Enrolment.Status.CANCELLED
    assert Enrolment.objects.get(pk=nxt.pk).offer_expires_at > timezone.now()
    assert tasks.expire_offers.delay().get() == 0


def test_mail_task_ignores_a_vanished_enrolment():
    mail.outbox.clear()
    tasks.send_enrolment_mail.delay(987654, "enrolled").get()
    assert mail.outbox == []


def test_a_redelivered_mail_task_sends_nothing_more():
    """Tasks are acknowledged late: a delivery repeated after a lost worker (same task id)
    must not mail the person twice; a new change (a new task) does mail."""
    enrolment = EnrolmentFactory()
    mail.outbox.clear()
    tasks.send_enrolment_mail.apply(args=(enrolment.pk, "enrolled"), task_id="delivery-1")
    tasks.send_enrolment_mail.apply(args=(enrolment.pk, "enrolled"), task_id="delivery-1")
    assert len(mail.outbox) == 1
    tasks.send_enrolment_mail.apply(args=(enrolment.pk, "cancelled"), task_id="delivery-2")
    assert len(mail.outbox) == 2

"""Deleting an account releases the person's seats in trainings that have not started (the
waiting list moves up as after a cancellation, without mailing the person who leaves) and
keeps past participations, anonymised, in the reports' counts (trainings/privacy.py,
``enrolments_release`` in trainings/services/enrolment.py)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stemnet.accounts import services as account_services
from tests.factories import PASSWORD, ProfileFactory
from trainings import counting
from trainings.models import Enrolment, Training
from trainings.services import enrolment as enrolment_services

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


@pytest.fixture(autouse=True)
def _mail_at_once(monkeypatch):
    """Mails are queued after commit: send them at once, so that a mail queued to the person
    who leaves would still find their address (and the test would see it)."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def training_in(days, *, capacity=1, **extra):
    training = TrainingFactory(shared_capacity=capacity, **extra)
    SessionFactory(training=training, starts_at=timezone.now() + dt.timedelta(days=days))
    return training


def person(email):
    return ProfileFactory(user__email=email).user


def test_the_seat_of_a_deleted_account_goes_to_the_first_on_the_waiting_list():
    training = training_in(10)
    leaving, first, second = (
        person("weg@school.be"),
        person("een@school.be"),
        person("twee@school.be"),
    )
    for p in (leaving, first, second):
        enrolment_services.enrolment_create(person=p, training=training)
    mail.outbox.clear()

    account_services.account_delete(user=leaving)

    state = dict(Enrolment.objects.filter(training=training).values_list("person", "status"))
    assert state == {
        leaving.pk: Status.CANCELLED,
        first.pk: Status.ENROLLED,
        second.pk: Status.WAITLISTED,
    }
    assert Enrolment.objects.get(person=second).waitlist_position == 2  # as after a cancellation
    assert [m.to for m in mail.outbox] == [["een@school.be"]]
    assert "Er kwam een plaats vrij" in mail.outbox[0].subject
    assert counting.seats_taken(training) == 1


def test_a_training_without_sessions_is_released_too():
    training = TrainingFactory(shared_capacity=5)
    leaving = person("weg@school.be")
    EnrolmentFactory(training=training, person=leaving)
    account_services.account_delete(user=leaving)
    assert Enrolment.objects.get(person=leaving).status == Status.CANCELLED


def test_the_waiting_list_places_of_a_deleted_account_are_removed():
    full = training_in(10)
    EnrolmentFactory(training=full)
    leaving = person("weg@school.be")
    waiting = enrolment_services.enrolment_create(person=leaving, training=full)
    started = training_in(-1)  # waiting for a training that has started
    EnrolmentFactory(training=started)
    EnrolmentFactory(
        training=started, person=leaving, status=Status.WAITLISTED, waitlist_position=1
    )
    mail.outbox.clear()

    account_services.account_delete(user=leaving)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.waitlist_position) == (Status.CANCELLED, None)
    assert not Enrolment.objects.filter(person=leaving, status=Status.WAITLISTED).exists()
    assert mail.outbox == []


def test_past_and_started_participations_stay_and_still_count():
    now = timezone.now()
    year_start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    past = TrainingFactory(status=Training.Status.HELD)
    SessionFactory(training=past, starts_at=now - dt.timedelta(days=1))
    started = training_in(-1, capacity=1)  # the first session was yesterday
    leaving = person("weg@school.be")
    EnrolmentFactory(training=past, person=leaving, status=Status.ATTENDED)
    EnrolmentFactory(training=started, person=leaving, status=Status.ENROLLED)
    EnrolmentFactory(training=started, status=Status.WAITLISTED, waitlist_position=1)
    held = counting.trainings_held_between(year_start, now + dt.timedelta(days=1))

    before = counting.participant_counts(counting.counted_enrolments(held))
    account_services.account_delete(user=leaving)

    assert counting.participant_counts(counting.counted_enrolments(held)) == before == (1, 2)
    kept = dict(Enrolment.objects.filter(person=leaving).values_list("training", "status"))
    assert kept == {past.pk: Status.ATTENDED, started.pk: Status.ENROLLED}
    leaving.refresh_from_db()
    assert leaving.email == f"deleted-{leaving.pk}@anonymous.invalid"


def test_deleting_through_the_page_releases_the_seat_and_leaves_no_author_behind(client_for):
    training = training_in(10)
    leaving, waiting = person("weg@school.be"), person("wacht@school.be")
    for p in (leaving, waiting):
        enrolment_services.enrolment_create(person=p, training=training)
    client = client_for(leaving)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert Enrolment.objects.get(person=waiting).status == Status.ENROLLED
    # The release was logged in the training's history, made by nobody any more.
    promoted = LogEntry.objects.get_for_object(Enrolment.objects.get(person=waiting)).latest()
    assert promoted.changes["status"] == [Status.WAITLISTED, Status.ENROLLED]
    assert promoted.actor is None and promoted.actor_email is None
    assert not LogEntry.objects.filter(actor=leaving).exists()


def test_releasing_twice_releases_nothing_more():
    training = training_in(10)
    leaving = person("weg@school.be")
    enrolment_services.enrolment_create(person=leaving, training=training)
    assert len(enrolment_services.enrolments_release(person=leaving)) == 1
    assert enrolment_services.enrolments_release(person=leaving) == []

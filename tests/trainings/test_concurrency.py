"""Never more enrolled than seats, also under concurrent requests (real PostgreSQL only)."""

import threading

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.urls import reverse

from stemnet.accounts.models import User
from trainings.models import Enrolment, Training
from trainings.services import enrolment as services
from trainings.services import locking

from .factories import SessionFactory, TrainingFactory

Status = Enrolment.Status
RUNS = 20
PEOPLE = 50
SEATS = 10


def _people(run: int) -> list[User]:
    password = make_password(None)
    return User.objects.bulk_create(
        User(email=f"run{run}-p{i}@example.org", password=password) for i in range(PEOPLE)
    )


def _race(training: Training, people: list[User]) -> list[Exception]:
    """Every person enrols at the same moment, each thread on its own connection."""
    barrier = threading.Barrier(len(people))
    errors = []

    def enrol(person):
        try:
            barrier.wait()
            services.enrolment_create(person=person, training=training)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_enrolments_fill_exactly_ten_seats(require_postgres):
    for run in range(RUNS):
        training = TrainingFactory(code=f"race-{run}", shared_capacity=SEATS)
        SessionFactory(training=training)
        errors = _race(training, _people(run))

        assert errors == [], f"run {run}: {errors[:3]}"
        rows = list(
            Enrolment.objects.filter(training=training)
            .order_by("created_at", "pk")
            .values_list("status", "waitlist_position")
        )
        statuses = [status for status, _ in rows]
        assert statuses.count(Status.ENROLLED) == SEATS, f"run {run}"
        assert statuses.count(Status.WAITLISTED) == PEOPLE - SEATS, f"run {run}"
        # Arrival order (the order in which requests got the lock): the first ten took the
        # seats, everyone after them is on the waiting list in that same order.
        assert statuses == [Status.ENROLLED] * SEATS + [Status.WAITLISTED] * (PEOPLE - SEATS)
        assert [pos for _, pos in rows[SEATS:]] == list(range(1, PEOPLE - SEATS + 1))


@pytest.mark.django_db(transaction=True)
def test_a_request_that_cannot_get_the_lock_is_asked_to_try_again(
    require_postgres, monkeypatch, client
):
    monkeypatch.setattr(locking, "LOCK_TIMEOUT_MS", 200)
    training = TrainingFactory(code="busy", shared_capacity=SEATS)
    SessionFactory(training=training)
    person = _people(99)[0]
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with transaction.atomic():
                Training.objects.select_for_update().get(pk=training.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(10)
        with pytest.raises(services.TryAgain):
            services.enrolment_create(person=person, training=training)
        client.force_login(person)
        response = client.post(reverse("trainings:enrol", args=[training.code]), follow=True)
        assert response.status_code == 200
        assert "Probeer het over enkele seconden opnieuw" in response.content.decode()
    finally:
        release.set()
        holder.join()
    assert not Enrolment.objects.filter(training=training).exists()

"""trainings/counting.py: the one place that says who holds a seat and who counts.

The seat rule exists twice by necessity, once in Python (``counting.seat_holders``) and once
in the trigger that keeps ``Training.seats_held`` for the catalogue: they must count the same
rows. (``make test`` runs this on PostgreSQL, whose statement triggers are the production
ones; a plain ``pytest`` checks SQLite's row triggers.)"""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from tests.factories import ProfileFactory
from trainings import counting
from trainings.models import Enrolment, Training
from trainings.services import waitlist

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db
S = Enrolment.Status


def trigger_count(training: Training) -> int:
    return Training.objects.values_list("seats_held", flat=True).get(pk=training.pk)


def test_the_trigger_and_the_python_rule_count_the_same_seat_holders():
    now = timezone.now()
    offer = now + dt.timedelta(hours=12)
    kinds = [
        (S.ENROLLED, None),
        (S.ATTENDED, None),
        (S.CANCELLED, None),
        (S.WAITLISTED, None),
        (S.WAITLISTED, offer),
    ]
    trainings = []
    for size in range(1, 6):  # trainings with different mixes of every kind of enrolment
        training = TrainingFactory(shared_capacity=50)
        SessionFactory(training=training)
        for position, (status, expires) in enumerate(
            itertools.islice(itertools.cycle(kinds), size * 3)
        ):
            EnrolmentFactory(
                training=training,
                person=ProfileFactory().user,
                status=status,
                offer_expires_at=expires,
                waitlist_position=position + 1 if status == S.WAITLISTED else None,
            )
        trainings.append(training)
    for training in trainings:
        assert trigger_count(training) == counting.seats_taken(training, now=now) > 0
    # Changes by update and delete keep them equal too.
    Enrolment.objects.filter(training=trainings[0], status=S.ENROLLED).update(status=S.CANCELLED)
    Enrolment.objects.filter(training=trainings[1], status=S.ATTENDED).delete()
    for training in trainings:
        assert trigger_count(training) == counting.seats_taken(training, now=now)


def test_a_lapsed_offer_holds_its_seat_in_the_trigger_until_it_is_withdrawn():
    """The trigger cannot know the time: it counts an offer until ``offers_expire`` (every 15
    minutes) withdraws it; from then on both counts agree again."""
    training = TrainingFactory(shared_capacity=5)
    SessionFactory(training=training)
    EnrolmentFactory(training=training, status=S.ENROLLED)
    EnrolmentFactory(
        training=training,
        status=S.WAITLISTED,
        waitlist_position=1,
        offer_expires_at=timezone.now() - dt.timedelta(minutes=5),
    )
    assert counting.seats_taken(training) == 1
    assert trigger_count(training) == 2
    waitlist.offers_expire()
    assert trigger_count(training) == counting.seats_taken(training) == 1


def test_counted_enrolments_and_participants():
    start = timezone.now() - dt.timedelta(days=30)
    end = timezone.now() + dt.timedelta(days=30)
    person = ProfileFactory().user
    published = TrainingFactory(status=Training.Status.PUBLISHED)
    held = TrainingFactory(status=Training.Status.HELD)
    for training in (published, held):
        SessionFactory(training=training, starts_at=timezone.now())
    EnrolmentFactory(training=published, person=person, status=S.ENROLLED)
    EnrolmentFactory(training=held, person=person, status=S.ATTENDED)
    EnrolmentFactory(training=held, status=S.ENROLLED)  # a no-show of a held training
    EnrolmentFactory(training=published, status=S.WAITLISTED, waitlist_position=1)
    enrolments = counting.counted_enrolments(counting.trainings_held_between(start, end))
    assert counting.participant_counts(enrolments) == (1, 2)
    assert counting.participants_by_year() == {timezone.localdate().year: 1}


def test_a_cancelled_training_counts_nowhere_also_with_attendance_logged():
    """participants_by_year (the workspace) and trainings_held_between (the reports) agree."""
    start = timezone.now() - dt.timedelta(days=30)
    end = timezone.now() + dt.timedelta(days=30)
    cancelled = TrainingFactory(status=Training.Status.CANCELLED)
    SessionFactory(training=cancelled, starts_at=timezone.now())
    EnrolmentFactory(training=cancelled, status=S.ATTENDED)
    enrolments = counting.counted_enrolments(counting.trainings_held_between(start, end))
    assert counting.participant_counts(enrolments) == (0, 0)
    assert counting.participants_by_year() == {}


@pytest.mark.parametrize(
    ("paid", "people", "cost"),
    [("100.00", 3, "33.33"), ("0.05", 2, "0.03"), ("10.00", 0, None), (None, 4, "0.00")],
)
def test_cost_per_participant_rounds_half_up_to_the_cent(paid, people, cost):
    from decimal import Decimal

    result = counting.cost_per_participant(Decimal(paid) if paid else None, people)
    assert result == (Decimal(cost) if cost else None)

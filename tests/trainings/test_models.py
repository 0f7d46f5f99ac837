"""trainings/models.py: the per-training figures the database keeps (migrations 0004, 0014)."""

import datetime as dt

import pytest
from django.utils import timezone

from trainings.models import Enrolment, Training

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def fresh(training):
    return Training.objects.get(pk=training.pk)


def test_schedule_and_session_capacity_follow_the_sessions():
    training = TrainingFactory()
    assert fresh(training).first_start is None
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    first = SessionFactory(training=training, starts_at=start, capacity=20)
    last = SessionFactory(training=training, starts_at=start + dt.timedelta(days=7), capacity=12)
    figures = fresh(training)
    assert (figures.first_start, figures.last_end, figures.session_capacity) == (
        start,
        last.ends_at,
        12,
    )
    last.delete()
    first.starts_at = start - dt.timedelta(days=1)
    first.ends_at = first.starts_at + dt.timedelta(hours=2)
    first.save()
    figures = fresh(training)
    assert (figures.first_start, figures.last_end, figures.session_capacity) == (
        first.starts_at,
        first.ends_at,
        20,
    )


def test_a_session_moved_to_another_training_updates_both():
    one, two = TrainingFactory(), TrainingFactory()
    session = SessionFactory(training=one)
    session.training = two
    session.save()
    assert fresh(one).first_start is None and fresh(two).first_start == session.starts_at


def test_online_and_provinces_follow_the_sessions():
    """Migration 0014: "online" (a link and no venue) and the provinces of the sessions."""
    training = TrainingFactory()
    assert (fresh(training).is_online, fresh(training).session_provinces) == (False, [])
    ghent = SessionFactory(training=training, location="Campus", postcode="9000", province="VOV")
    SessionFactory(training=training, location="Campus", postcode="9000", province="VOV")
    assert (fresh(training).is_online, fresh(training).session_provinces) == (False, ["VOV"])
    online = SessionFactory(training=training, location="", online_url="https://meet.test/x")
    SessionFactory(training=training, location="Hangar", postcode="2000", province="VAN")
    assert (fresh(training).is_online, fresh(training).session_provinces) == (
        True,
        ["VAN", "VOV"],
    )
    online.location = "Campus"
    online.save()
    assert fresh(training).is_online is False
    ghent.delete()
    assert fresh(training).session_provinces == ["VAN", "VOV"]  # the other session in Ghent
    training.sessions.filter(province="VOV").update(province="")
    assert fresh(training).session_provinces == ["VAN"]
    training.sessions.all().delete()
    assert (fresh(training).is_online, fresh(training).session_provinces) == (False, [])


def test_seats_held_counts_enrolled_attended_and_offers():
    training = TrainingFactory()
    enrolled = EnrolmentFactory(training=training)
    EnrolmentFactory(training=training, status=Status.ATTENDED)
    EnrolmentFactory(training=training, status=Status.CANCELLED)
    waiting = EnrolmentFactory(training=training, status=Status.WAITLISTED, waitlist_position=1)
    assert fresh(training).seats_held == 2
    waiting.offer_expires_at = timezone.now() + dt.timedelta(hours=48)
    waiting.save()
    assert fresh(training).seats_held == 3
    enrolled.status = Status.CANCELLED
    enrolled.save()
    Enrolment.objects.filter(pk=waiting.pk).delete()
    assert fresh(training).seats_held == 1


def test_search_vector_on_postgres(require_postgres):
    training = TrainingFactory(title="Wiskundige modellen", description="Met GeoGebra")
    assert "wiskund" in str(fresh(training).search_vector)
    Training.objects.filter(pk=training.pk).update(title="Chemie")
    assert "wiskund" not in str(fresh(training).search_vector)


def test_saving_a_stale_training_keeps_the_figures():
    training = TrainingFactory()
    stale = fresh(training)
    SessionFactory(training=training, capacity=8)
    EnrolmentFactory(training=training)
    stale.title = "Nieuwe titel"
    stale.save()
    figures = fresh(training)
    assert (figures.title, figures.session_capacity, figures.seats_held) == ("Nieuwe titel", 8, 1)
    assert figures.first_start is not None


def test_bulk_writes_keep_every_training_touched_right():
    """One statement touching several trainings (imports, bulk loads): each is recounted."""
    from tests.factories import UserFactory

    one, two = TrainingFactory(), TrainingFactory()
    people = [UserFactory() for _ in range(5)]
    Enrolment.objects.bulk_create(
        [Enrolment(person=p, training=one, status=Status.ENROLLED) for p in people[:3]]
        + [Enrolment(person=p, training=two, status=Status.ATTENDED) for p in people[3:]]
    )
    assert (fresh(one).seats_held, fresh(two).seats_held) == (3, 2)
    Enrolment.objects.filter(person__in=people[:2]).update(status=Status.CANCELLED)
    Enrolment.objects.filter(training=two, person=people[4]).update(training=one)
    assert (fresh(one).seats_held, fresh(two).seats_held) == (2, 1)
    Enrolment.objects.all().delete()
    assert (fresh(one).seats_held, fresh(two).seats_held) == (0, 0)


def test_code_lists_are_the_issues_codes():
    """The codes of the profile and of a training are an interface (imports, reports, API)."""
    from stemnet.accounts.models import Level, PersonRole, StemDomain
    from trainings.models import BudgetCategory, Format, TargetLevel

    assert PersonRole.values == [
        "teacher",
        "director",
        "company",
        "researcher",
        "clb",
        "student",
        "other",
    ]
    assert StemDomain.values == ["S", "T", "E", "M", "other"]
    levels = [
        "kleuter",
        "lager",
        # the modernised secondary education (issue 16) …
        "graad1_a",
        "graad1_b",
        "doorstroom",
        "dubbele_finaliteit",
        "arbeidsmarkt",
        # … beside the old codes, kept for older records and series
        "graad1",
        "aso",
        "tso_kso_bso",
        "hoger",
        "lerarenopleiding",
        "andere",
    ]
    assert Level.values == levels
    assert TargetLevel.values == levels + ["directie", "stem_coordinator", "technicus", "clb"]
    assert Format.values == [
        "short",
        "multi_day",
        "long",
        "blended",
        "online",
        "residential",
        "company_visit",
        "learning_network",
    ]
    assert set(BudgetCategory.values) == {
        "staff",
        "venue",
        "catering",
        "travel",
        "teacher_replacement",
        "materials",
        "school_projects",
        "other",
    }

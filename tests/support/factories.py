"""Factories and small helpers of the support tests."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from networks.schools.models import School
from tests.factories import OrganisationFactory, ProfileFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Attendance
from trainings.support.models import SupportScheme

IBAN = "BE68539007547034"  # a valid Belgian test IBAN


class SchemeFactory(DjangoModelFactory):
    class Meta:
        model = SupportScheme

    name = factory.Sequence(lambda n: f"Vervangingsfonds {n}")
    source = factory.SubFactory(OrganisationFactory, name="Departement Onderwijs")
    yearly_ceiling_eur = Decimal("5000.00")
    refunds_fee = True
    travel_rate_eur_per_km = Decimal("0.43")
    travel_km_cap = 200
    replacement_rate_eur_per_hour = Decimal("40.00")
    replacement_hours_cap = Decimal("8")
    night_cap_eur = Decimal("90.00")
    max_per_person_eur = Decimal("500.00")
    asks_bank_account = True


def school(name="Sint-Lievenscollege", number="031211"):
    return School.objects.get_or_create(
        number=number,
        defaults={"name": name, "province": "VOV", "municipality": "Gent", "network": "KOV"},
    )[0]


def past_training(centre, *, fee="60.00", sessions=2, threshold=50, **kwargs):
    """A training of ``centre`` with ``sessions`` sessions that are over."""
    training = TrainingFactory(
        centre=centre, fee_eur=Decimal(fee), attendance_threshold=threshold, **kwargs
    )
    start = timezone.now() - dt.timedelta(days=30)
    for i in range(sessions):
        SessionFactory(training=training, starts_at=start + dt.timedelta(days=7 * i))
    return training


def future_training(centre, *, fee="60.00", **kwargs):
    training = TrainingFactory(centre=centre, fee_eur=Decimal(fee), **kwargs)
    SessionFactory(training=training)
    return training


def teacher_of(school_, email=None):
    kwargs = {"user__email": email} if email else {}
    return ProfileFactory(school=school_, **kwargs).user


def director_of(school_, email="directie@school.example"):
    return ProfileFactory(school=school_, role="director", user__email=email).user


def attend(enrolment, count=None):
    """Mark ``enrolment`` present at ``count`` of its sessions (all by default)."""
    sessions = list(enrolment.training.sessions.order_by("starts_at"))
    for session in sessions[: len(sessions) if count is None else count]:
        Attendance.objects.update_or_create(
            enrolment=enrolment, session=session, defaults={"present": True, "hours": 3}
        )


__all__ = ["EnrolmentFactory", "IBAN", "SchemeFactory"]

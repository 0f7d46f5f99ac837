"""The people and trainings the journeys meet: one regional centre, its coordinator, a
teacher, ministry staff, and trainings in the states a real week brings (open, full with a
waiting list, finished with attendance)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from networks.models import Membership, Province
from tests.factories import CentreFactory, MembershipFactory, NetworkFactory, ProfileFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Attendance, Enrolment, Training

PASSWORD = "journey-password-2026"


def _person(email: str, first: str, last: str, **profile):
    user = ProfileFactory(
        user__email=email, user__first_name=first, user__last_name=last, **profile
    ).user
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def build() -> SimpleNamespace:
    now = timezone.now()
    network = NetworkFactory(code="VL", name="STEMNET Vlaanderen")
    centre = CentreFactory(
        code="VOV",
        network=network,
        name="STEM-centrum Oost-Vlaanderen",
        province=Province.OOST_VLAANDEREN,
    )
    teacher = _person("lotte.peeters@school.example", "Lotte", "Peeters", stem_domain="M")
    colleague = _person("bram.maes@school.example", "Bram", "Maes")
    coordinator = MembershipFactory(
        user__email="coordinator@stemcentrum.example",
        user__first_name="Els",
        user__last_name="Wouters",
        centre=centre,
    ).user
    ministry = MembershipFactory(
        user__email="analist@ministerie.example", role=Membership.Role.MINISTRY, centre=None
    ).user
    for user in (coordinator, ministry):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])

    def at(days: int, hour: int) -> dt.datetime:
        day = (now + dt.timedelta(days=days)).date()
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    open_training = TrainingFactory(
        code="programmeren-wiskundeles",
        title="Programmeren in de wiskundeles",
        description="Met micro:bits algoritmes en functies laten ontdekken in de eerste graad.",
        centre=centre,
        stem_domains=["M", "T"],
        levels=["graad1"],
        fee_eur=Decimal("45.00"),
    )
    SessionFactory(training=open_training, starts_at=at(20, 13), ends_at=at(20, 16))
    SessionFactory(training=open_training, starts_at=at(27, 13), ends_at=at(27, 16))
    full_training = TrainingFactory(
        code="chemie-practica",
        title="Chemie-practica met huishoudproducten",
        centre=centre,
        stem_domains=["S"],
        levels=["aso"],
        shared_capacity=1,
        promotion=Training.Promotion.DIRECT,
    )
    SessionFactory(training=full_training, starts_at=at(30, 9), ends_at=at(30, 12))
    EnrolmentFactory(training=full_training, person=colleague)
    finished = TrainingFactory(
        code="stem-didactiek-basis",
        title="STEM-didactiek: de basis",
        centre=centre,
        stem_domains=["S", "T"],
        contact_hours=Decimal("3.0"),
        attendance_threshold=80,
    )
    # Ended a little more than a day ago: the post-questionnaire is due (1 day after).
    session = SessionFactory(
        training=finished,
        starts_at=now - dt.timedelta(days=1, hours=5),
        ends_at=now - dt.timedelta(days=1, hours=2),
    )
    done = EnrolmentFactory(training=finished, person=teacher, status=Enrolment.Status.ENROLLED)
    Attendance.objects.create(enrolment=done, session=session, present=True, hours=Decimal("3"))
    return SimpleNamespace(
        centre=centre,
        teacher=teacher,
        colleague=colleague,
        coordinator=coordinator,
        ministry=ministry,
        open_training=open_training,
        full_training=full_training,
        finished=finished,
        password=PASSWORD,
    )

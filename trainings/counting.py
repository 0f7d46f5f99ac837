"""
Who and what counts: the one definition of each figure that pages, exports, reports and the
API show about trainings. Nothing else in the project decides these rules; a test builds one
data set and checks that the workspace, the ministry dashboard, the yearly report (JSON, XLSX,
PDF) and the API give the same numbers.

- **Seat holders**: enrolments *enrolled* or *attended*, and people on the waiting list who
  were offered a seat that has not expired. The PostgreSQL trigger that keeps
  ``Training.seats_held`` (migration ``trainings/0005``) counts the same rows; it cannot know
  the time, so it counts an offer until the offer-expiry task (every 15 minutes) withdraws it.
- **Trainings held in a period**: trainings with a session starting in the period, except
  cancelled ones (a cancelled training stays in the portal, out of the delivered figures).
- **Counted enrolments**: *attended*, or *enrolled* in a training not held yet (draft or
  published); a cancelled enrolment, a waiting-list place or a no-show of a held training
  does not count.
- **Participants**: distinct persons with a counted enrolment; **participations**: the
  counted enrolments (a person in two trainings is one participant, two participations).
- **Cost per participant**: the amount paid over the participants, in euros rounded half up
  to the cent; ``None`` when there is no participant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from .models import Enrolment, Session, Training

Status = Enrolment.Status
SEAT_STATUSES = (Status.ENROLLED, Status.ATTENDED)
CENT = Decimal("0.01")

# --- seats ----------------------------------------------------------------------------------


def seat_holder_q(*, now: dt.datetime, prefix: str = "") -> Q:
    """The condition on an enrolment (reached through ``prefix``, e.g. ``"enrolments__"``)
    that it holds a seat at ``now``."""
    return Q(**{f"{prefix}status__in": SEAT_STATUSES}) | Q(
        **{f"{prefix}status": Status.WAITLISTED, f"{prefix}offer_expires_at__gt": now}
    )


def seat_holders(training_id: int, *, now: dt.datetime | None = None) -> QuerySet[Enrolment]:
    """The enrolments of a training that hold a seat at ``now`` (default: now)."""
    return Enrolment.objects.filter(training_id=training_id).filter(
        seat_holder_q(now=now or timezone.now())
    )


def seats_taken(training: Training, *, now: dt.datetime | None = None) -> int:
    """How many seats of ``training`` are held at ``now``."""
    return seat_holders(training.pk, now=now).count()


def training_capacity(training: Training, sessions: Iterable[Session] | None = None) -> int | None:
    """The number of seats: the shared capacity, else the smallest session capacity.

    ``None`` means unlimited. ``sessions`` may be passed (or prefetched as
    ``training.sessions``) to avoid a query.
    """
    if training.shared_capacity is not None:
        return training.shared_capacity
    if sessions is None:
        sessions = training.sessions.all()
    capacities = [s.capacity for s in sessions if s.capacity is not None]
    return min(capacities) if capacities else None


def places_left(capacity: int | None, taken: int) -> int | None:
    """Free seats, never negative; ``None`` when the training has no limit."""
    if capacity is None:
        return None
    return max(capacity - taken, 0)


# --- counted enrolments and participants ------------------------------------------------------

COUNTED = Q(status=Status.ATTENDED) | Q(
    status=Status.ENROLLED, training__status__in=[Training.Status.DRAFT, Training.Status.PUBLISHED]
)


def trainings_held_between(
    start: dt.datetime, end: dt.datetime, *, centres: Q | None = None
) -> QuerySet[Training]:
    """Trainings with a session starting in ``[start, end)``; ``centres`` narrows them (a
    condition on ``Training``, e.g. ``Q(centre__province="VOV")``)."""
    sessions = Session.objects.filter(
        training=OuterRef("pk"), starts_at__gte=start, starts_at__lt=end
    )
    trainings = Training.objects.filter(Exists(sessions)).exclude(status=Training.Status.CANCELLED)
    return trainings.filter(centres) if centres is not None else trainings


def counted_enrolments(trainings: QuerySet[Training]) -> QuerySet[Enrolment]:
    """The counted enrolments of ``trainings``."""
    return Enrolment.objects.filter(COUNTED, training__in=trainings.values("pk"))


def participant_counts(enrolments: QuerySet[Enrolment]) -> tuple[int, int]:
    """``(participants, participations)`` of counted ``enrolments``, in one query."""
    totals = enrolments.aggregate(
        participants=Count("person_id", distinct=True), participations=Count("pk")
    )
    return totals["participants"], totals["participations"]


def participants(enrolments: QuerySet[Enrolment]) -> int:
    """Distinct persons among counted ``enrolments``."""
    return participant_counts(enrolments)[0]


def participants_by_year(*, centres: Q | None = None) -> dict[int, int]:
    """Participants per calendar year (Brussels time): for each year, the distinct persons
    with a counted enrolment in a training that has a session starting in that year, as
    ``participants(counted_enrolments(trainings_held_between(<that year>)))`` counts them,
    in one query whatever the number of years. ``centres``: a condition on ``Training``."""
    enrolments = Enrolment.objects.filter(COUNTED)
    if centres is not None:
        enrolments = enrolments.filter(training__in=Training.objects.filter(centres).values("pk"))
    rows = (
        enrolments.annotate(
            year=ExtractYear(
                "training__sessions__starts_at", tzinfo=timezone.get_default_timezone()
            )
        )
        .values("year")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return {row["year"]: row["n"] for row in rows if row["year"] is not None}


# --- money ----------------------------------------------------------------------------------


def cost_per_participant(paid: Decimal | None, participant_count: int) -> Decimal | None:
    """What was paid per participant, in euros to the cent (half up); ``None`` without
    participants."""
    if not participant_count:
        return None
    return (Decimal(paid or 0) / participant_count).quantize(CENT, ROUND_HALF_UP)

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
- **Enrolments toward a target**: the counted enrolments of the group the training's target
  names (``Training.target_group``): all of them, or only those of persons whose profile role
  is *teacher* (a person without a profile is not a teacher). "Target reached" compares these
  with ``target_participants``, training by training, summed over the trainings.
- **Cost per participant**: the amount paid over the participants, in euros rounded half up
  to the cent; ``None`` when there is no participant. The amount is that of the offer's
  budget lines (``offer_budget_lines``): grants to school development projects
  (``trainings.projects``) are money of another activity, reported in their own block.
- **Schools reached**: the distinct schools of the register (``networks.schools``) that the
  counted participants' profiles name *at report time* (a teacher who moved counts for the
  school in their profile now), among the schools active in the period; the register's total
  is those active schools. A participant without a profile, without a register school, or
  whose school was not active in the period counts in ``without_school``. **Schools
  represented** in a training: the distinct register schools of its counted participants,
  of those active between its first and last session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from networks.models import Province
from networks.schools.models import School, SchoolLevel
from stemnet.accounts.models import PersonRole, Profile
from stemnet.numbers import share

from .models import BudgetCategory, BudgetLine, Enrolment, Session, Training

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


IN_TARGET_GROUP = Q(training__target_group=Training.TargetGroup.ALL) | Q(
    training__target_group=Training.TargetGroup.TEACHERS, person__profile__role=PersonRole.TEACHER
)


def target_enrolments(trainings: QuerySet[Training]) -> QuerySet[Enrolment]:
    """The counted enrolments of ``trainings`` that count toward their targets: of the group
    each training's target names (all participants, or teachers)."""
    return counted_enrolments(trainings).filter(IN_TARGET_GROUP)


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
    enrolments = Enrolment.objects.filter(COUNTED).exclude(
        training__status=Training.Status.CANCELLED  # as trainings_held_between leaves them out
    )
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


# --- schools ---------------------------------------------------------------------------------


def school_ids(enrolments: QuerySet[Enrolment]) -> QuerySet[Profile, Any]:
    """The register schools (their ids, distinct) named in the profiles of the persons of
    ``enrolments``, as a subquery."""
    return (
        Profile.objects.filter(user_id__in=enrolments.values("person_id"))
        .exclude(school=None)
        .values("school_id")
        .distinct()
    )


def schools_represented(
    enrolments: QuerySet[Enrolment], *, start: dt.date | None = None, end: dt.date | None = None
) -> int:
    """Distinct register schools of the persons of counted ``enrolments`` (a training's
    "schools represented"), of the schools active at some time in ``[start, end]`` when
    given (the same rule as ``schools_reached``), in one query."""
    ids = school_ids(enrolments)
    if start is not None and end is not None:
        ids = ids.filter(school__in=active_schools(start, end).values("pk"))
    return ids.count()


def active_schools(start: dt.date, end: dt.date) -> QuerySet[School]:
    """The register's schools active at some time in ``[start, end]`` (dates, both included):
    started on or before the end (or no start), and not ended before the start."""
    return School.objects.filter(
        Q(active_from__isnull=True) | Q(active_from__lte=end),
        Q(active_to__isnull=True) | Q(active_to__gte=start),
    )


def _school_share(reached: int, total: int) -> dict:
    return {"reached": reached, "register_total": total, "share_reached": share(reached, total)}


def schools_reached(enrolments: QuerySet[Enrolment], *, start: dt.date, end: dt.date) -> dict:
    """The ``schools`` block of a report: the register schools reached by the persons of
    counted ``enrolments`` (see the module's docstring), of the schools active in
    ``[start, end]``; in total, per province (every province, with its ``name``) and per
    level the school offers (a school with several levels counts in each), each with the
    register's total and the share reached (one decimal, ``None`` without a school).
    ``without_school``: the persons who do not count for an active register school. Two
    queries."""
    return schools_reached_per(enrolments, None, start=start, end=end)[0]


def schools_reached_per(
    enrolments: QuerySet[Enrolment], group: str | None, *, start: dt.date, end: dt.date
) -> tuple[dict, dict]:
    """``schools_reached``, and its ``reached`` for each value of ``group`` (a lookup from
    Enrolment, e.g. ``"training__centre__province"``; a group without a school reached is
    left out), in the same two queries whatever the number of groups."""
    register = list(active_schools(start, end).values_list("pk", "province", "levels"))
    active = {pk for pk, _province, _levels in register}
    # One row per counted enrolment: its group, its person and the person's register school.
    fields = [group or "pk", "person_id", "person__profile__school_id"]
    persons: dict[int, int | None] = {}
    per: dict = {}
    for key, person, school in enrolments.values_list(*fields).order_by().iterator(chunk_size=5000):
        school = school if school in active else None
        persons[person] = school
        if school is not None and group is not None:
            per.setdefault(key, set()).add(school)
    reached_ids = {school for school in persons.values() if school is not None}
    provinces = {code: [0, 0] for code in Province.values}
    levels = {code: [0, 0] for code in SchoolLevel.values}
    for pk, province, offered in register:
        hit = int(pk in reached_ids)
        if province in provinces:
            provinces[province][0] += hit
            provinces[province][1] += 1
        for level in dict.fromkeys(offered or []):
            if level in levels:
                levels[level][0] += hit
                levels[level][1] += 1
    names = dict(Province.choices)
    figures = {
        **_school_share(len(reached_ids), len(register)),
        "without_school": sum(1 for school in persons.values() if school is None),
        "by_province": {
            code: {"name": str(names[code]), **_school_share(*counts)}
            for code, counts in provinces.items()
        },
        "by_level": {code: _school_share(*counts) for code, counts in levels.items()},
    }
    return figures, {key: len(schools) for key, schools in per.items()}


# --- money ----------------------------------------------------------------------------------


def offer_budget_lines(lines: QuerySet[BudgetLine]) -> QuerySet[BudgetLine]:
    """The budget lines of the training offer among ``lines``: all but the grants to school
    development projects (``BudgetCategory.SCHOOL_PROJECTS``), which the projects' figures
    count on their own. The report's budget block and cost per participant read these."""
    return lines.exclude(category=BudgetCategory.SCHOOL_PROJECTS)


def cost_per_participant(paid: Decimal | None, participant_count: int) -> Decimal | None:
    """What was paid per participant, in euros to the cent (half up); ``None`` without
    participants."""
    if not participant_count:
        return None
    return (Decimal(paid or 0) / participant_count).quantize(CENT, ROUND_HALF_UP)

"""Reads of the coordinator workspace, each with its joins done once (no query per row)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Max,
    Min,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trainings import counting
from trainings.models import Attendance, BudgetLine, Enrolment, Session, Training

S = Enrolment.Status
_M = TypeVar("_M", bound=Model)
CENT = Decimal("0.01")


def _scoped(
    queryset: QuerySet[_M], centre_ids: Iterable[int] | None, field_name: str = "centre_id"
) -> QuerySet[_M]:
    return queryset if centre_ids is None else queryset.filter(**{f"{field_name}__in": centre_ids})


def workspace_trainings(
    centre_ids: Iterable[int] | None, *, status: str = "", q: str = ""
) -> QuerySet[Training]:
    """Trainings of ``centre_ids`` (None: all), of ``status`` and whose title or code holds
    ``q`` (when given), newest first: by first session (the trigger-kept ``first_start``, no
    join), those without a session yet on top. Without counts, to page cheaply: give the
    page's primary keys to ``with_counts``."""
    qs = _scoped(Training.objects.all(), centre_ids)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(code__icontains=q))
    return qs.order_by(F("first_start").desc(nulls_first=True), "title", "pk")


def with_counts(pks: Sequence[int]) -> list[Training]:
    """The trainings ``pks`` (one page of the list), in that order, with their centre,
    ``n_sessions``, ``n_enrolled`` (``counting.SEAT_STATUSES``), ``n_waitlisted`` and
    ``capacity``. One query, whatever the size of the page."""
    trainings = (
        Training.objects.filter(pk__in=pks)
        .select_related("centre")
        .annotate(
            n_sessions=Count("sessions", distinct=True),
            n_enrolled=Count(
                "enrolments",
                filter=Q(enrolments__status__in=counting.SEAT_STATUSES),
                distinct=True,
            ),
            n_waitlisted=Count(
                "enrolments", filter=Q(enrolments__status=S.WAITLISTED), distinct=True
            ),
            # The seat rule's capacity (trainings.counting.training_capacity): the shared
            # capacity, else the smallest session's (kept by a trigger); None: no limit.
            capacity=Coalesce("shared_capacity", "session_capacity"),
        )
    )
    order = {pk: i for i, pk in enumerate(pks)}
    return sorted(trainings, key=lambda t: order[t.pk])


def training_sessions(training: Training):
    """The sessions (or learning-network meetings) with how many were present at each."""
    return training.sessions.annotate(
        n_present=Count("attendances", filter=Q(attendances__present=True))
    ).order_by("starts_at")


def training_enrolments(training: Training) -> dict[str, list[Enrolment]]:
    """Enrolments of a training by status; the waiting list in its order."""
    by_status = defaultdict(list)
    for e in (
        Enrolment.objects.filter(training=training)
        .select_related("person__profile__school")
        .order_by("waitlist_position", "created_at")
    ):
        by_status[e.status].append(e)
    return by_status


@dataclass
class AttendanceRow:
    enrolment: Enrolment
    present: bool
    hours: Decimal | None


def _session_people(session: Session) -> QuerySet[Enrolment]:
    """The enrolments expected at ``session``: those enrolled in (or who attended) its
    training (``counting.SEAT_STATUSES``), by last name."""
    return Enrolment.objects.filter(
        training_id=session.training_id, status__in=counting.SEAT_STATUSES
    ).order_by("person__last_name", "person__first_name", "pk")


def attendance_sheet(session: Session) -> list[AttendanceRow]:
    """Everyone who holds a seat in the session's training, with what is recorded so far."""
    enrolments = (
        _session_people(session)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "attendances", queryset=Attendance.objects.filter(session=session), to_attr="here"
            )
        )
    )
    return [
        AttendanceRow(
            e, e.here[0].present if e.here else False, e.here[0].hours if e.here else None
        )
        for e in enrolments
    ]


def signin_sheet(session: Session) -> list[Enrolment]:
    """The people on the session's printed sign-in sheet, the same as on its attendance page,
    with their profile (school); one query."""
    return list(_session_people(session).select_related("person__profile__school"))


# --- budget ---------------------------------------------------------------------------------


@dataclass
class BudgetYear:
    year: int
    planned: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")
    participants: int = 0
    by_source: dict = field(default_factory=dict)  # source name -> [planned, paid]

    @property
    def cost_per_participant(self) -> Decimal | None:
        return counting.cost_per_participant(self.paid, self.participants)


def budget_lines(
    centre_ids: Iterable[int] | None, *, year: int | None = None, q: str = ""
) -> QuerySet[BudgetLine]:
    """Budget lines of ``centre_ids`` (None: all), of ``year`` and whose training's title or
    code holds ``q`` (when given), newest year first."""
    qs = _scoped(BudgetLine.objects.all(), centre_ids).select_related(
        "centre", "training", "source"
    )
    if year:
        qs = qs.filter(year=year)
    if q:
        qs = qs.filter(Q(training__title__icontains=q) | Q(training__code__icontains=q))
    return qs.order_by("-year", "centre__code", "training__title", "category", "pk")


def budget_trainings(centre_ids: Iterable[int] | None, *, years: range) -> QuerySet[Training]:
    """The trainings a budget line of ``years`` is likely about, suggested by the budget
    form: those of ``centre_ids`` (None: all) with a session in one of those years (Brussels
    time; the trigger-kept ``first_start`` and ``last_end``, no join), or without a session
    yet and created in one. By title."""
    zone = timezone.get_current_timezone()
    start = dt.datetime(years[0], 1, 1, tzinfo=zone)
    end = dt.datetime(years[-1] + 1, 1, 1, tzinfo=zone)
    in_years = Q(first_start__lt=end, last_end__gte=start) | Q(
        first_start__isnull=True, created_at__gte=start, created_at__lt=end
    )
    qs = Training.objects.filter(in_years)
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=centre_ids)
    return qs.order_by("title", "code")


def budget_overview(centre_ids: Iterable[int] | None) -> list[BudgetYear]:
    """Totals per year (planned, paid, by funding source), the participants of that year and
    the cost per participant, as ``trainings.counting`` defines them (the ministry's reports
    give the same). Two queries whatever the number of lines."""
    years: dict[int, BudgetYear] = {}
    rows = (
        _scoped(BudgetLine.objects.all(), centre_ids)
        .values("year", "source__name")
        .annotate(planned=Sum("planned_eur"), paid=Sum("paid_eur"))
    )
    for row in rows:
        y = years.setdefault(row["year"], BudgetYear(row["year"]))
        planned, paid = row["planned"].quantize(CENT), row["paid"].quantize(CENT)
        y.planned += planned
        y.paid += paid
        y.by_source[row["source__name"]] = [planned, paid]
    centres = None if centre_ids is None else Q(centre_id__in=centre_ids)
    for year, count in counting.participants_by_year(centres=centres).items():
        if year in years:
            years[year].participants = count
    return [years[y] for y in sorted(years, reverse=True)]


def training_cost_per_participant(training: Training) -> Decimal | None:
    """What was paid for the training per participant (``trainings.counting``)."""
    paid = training.budget_lines.aggregate(s=Sum("paid_eur"))["s"]
    if paid is None:
        return None
    trainings = Training.objects.filter(pk=training.pk)
    return counting.cost_per_participant(
        paid, counting.participants(counting.counted_enrolments(trainings))
    )


def training_schools_represented(training: Training) -> int:
    """The schools represented in ``training``: distinct register schools of its counted
    participants' profiles, active at some time between its first and last session
    (``trainings.counting.schools_represented``, the rule of the reports' schools reached)."""
    span = training.sessions.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    first, last = (
        timezone.localtime(span[k]).date() if span[k] else None for k in ("first", "last")
    )
    return counting.schools_represented(
        counting.counted_enrolments(Training.objects.filter(pk=training.pk)), start=first, end=last
    )


def training_target_counted(training: Training) -> int:
    """The enrolments of ``training`` counted toward its target: the counted enrolments of
    the group its target names (``trainings.counting.target_enrolments``)."""
    return counting.target_enrolments(Training.objects.filter(pk=training.pk)).count()


# --- participants ---------------------------------------------------------------------------

# The groups of a training's participants page, in their order: an enrolment's status, with
# the waiting list split in those offered a seat (they hold one, ``trainings.counting``) and
# those still waiting.
PARTICIPANT_STATUSES = {
    "enrolled": _("Enrolled"),
    "offered": _("Offered a seat"),
    "waitlisted": _("On the waiting list"),
    "cancelled": _("Cancelled"),
    "attended": _("Attended"),
}
_BY_WAITLIST = ("offered", "waitlisted")


@dataclass(frozen=True)
class Participant:
    enrolment: Enrolment
    status: str  # a key of PARTICIPANT_STATUSES
    holds_seat: bool

    @property
    def status_label(self) -> str:
        return str(PARTICIPANT_STATUSES[self.status])


@dataclass
class ParticipantGroup:
    status: str
    label: str
    participants: list[Participant]


@dataclass
class Participants:
    groups: list[ParticipantGroup]  # only the chosen status when filtered, else every one
    counts: dict[str, int]  # every status, whatever the filter
    seats_held: int
    capacity: int | None = None  # None: no limit

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.seats_held >= self.capacity

    @property
    def rows(self) -> list[Participant]:
        return [p for g in self.groups for p in g.participants]


def training_participants(
    training: Training, *, status: str = "", now: dt.datetime | None = None
) -> Participants:
    """Everyone with an enrolment in ``training``, in the groups of ``PARTICIPANT_STATUSES``
    (only the group ``status`` when it is given): by name, the waiting list in its order; with
    the count of every group, the seats held and the capacity, as ``trainings.counting``
    defines them. Two queries."""
    holds_seat = Case(
        When(counting.seat_holder_q(now=now or timezone.now()), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    enrolments = (
        Enrolment.objects.filter(training=training)
        .select_related("person__profile__school")
        .annotate(holds_seat=holds_seat)
        .order_by("person__last_name", "person__first_name", "person__email", "pk")
    )
    by_status: dict[str, list[Participant]] = {key: [] for key in PARTICIPANT_STATUSES}
    for e in enrolments:
        key = "offered" if e.status == S.WAITLISTED and e.holds_seat else e.status
        by_status.setdefault(key, []).append(Participant(e, key, e.holds_seat))
    for key in _BY_WAITLIST:
        by_status[key].sort(key=lambda p: p.enrolment.waitlist_position or 0)
    return Participants(
        groups=[
            ParticipantGroup(key, str(label), by_status[key])
            for key, label in PARTICIPANT_STATUSES.items()
            if status in ("", key)
        ],
        counts={key: len(by_status[key]) for key in PARTICIPANT_STATUSES},
        seats_held=sum(p.holds_seat for rows in by_status.values() for p in rows),
        capacity=counting.training_capacity(training),
    )

"""Reads of school development projects, with their related rows loaded once."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from stemnet import access

from .models import (
    SCORE_MAX,
    Application,
    Call,
    CallReviewer,
    Conflict,
    Criterion,
    Project,
    Review,
)

if TYPE_CHECKING:
    from stemnet.accounts.models import User


def open_calls() -> QuerySet[Call]:
    """Calls open for applications now, the nearest deadline first."""
    return (
        Call.objects.filter(status=Call.Status.OPEN, deadline__gt=timezone.now())
        .select_related("centre", "source")
        .order_by("deadline", "title")
    )


def past_calls() -> QuerySet[Call]:
    return (
        Call.objects.exclude(status=Call.Status.DRAFT)
        .exclude(status=Call.Status.OPEN, deadline__gt=timezone.now())
        .select_related("centre")
        .order_by("-deadline")[:20]
    )


def managed_calls(user: User) -> QuerySet[Call]:
    """The calls of the centres ``user`` coordinates (every call for an admin), with their
    counts."""
    calls = Call.objects.select_related("centre")
    if not access.is_admin(user):
        calls = calls.filter(centre_id__in=access.coordinated_centre_ids(user))
    return calls.annotate(
        submitted=Count("applications", filter=~Q(applications__status=Application.Status.DRAFT)),
        reviewer_count=Count("reviewers", distinct=True),
    ).order_by("-deadline")


def my_applications(user: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(members__person=user)
        .select_related("call__centre", "school", "project")
        .order_by("-created_at")
    )


@dataclass
class ReviewerCall:
    reviewer: CallReviewer
    applications: list[tuple[Application, str]]  # (application, "conflict" | "done" | "todo")


def my_reviews(user: User) -> list[ReviewerCall]:
    """The calls ``user`` reviews, each with its submitted applications and where the
    reviewer stands on each (conflict declared, scored, still to do)."""
    reviewers = list(
        CallReviewer.objects.filter(person=user).select_related("call__centre").order_by("-pk")
    )
    if not reviewers:
        return []
    applications = (
        Application.objects.filter(call__in=[r.call_id for r in reviewers])
        .exclude(status=Application.Status.DRAFT)
        .select_related("school")
        .order_by("school__name")
    )
    conflicts = set(
        Conflict.objects.filter(reviewer__in=reviewers).values_list("application_id", flat=True)
    )
    done = set(
        Review.objects.filter(reviewer__in=reviewers).values_list("application_id", flat=True)
    )
    by_call: dict[int, list[tuple[Application, str]]] = {}
    for application in applications:
        state = (
            "conflict"
            if application.pk in conflicts
            else "done"
            if application.pk in done
            else "todo"
        )
        by_call.setdefault(application.call_id, []).append((application, state))
    return [ReviewerCall(r, by_call.get(r.call_id, [])) for r in reviewers]


def weighted_total(values: dict[int, int], criteria: list[Criterion]) -> Decimal:
    """A review's weighted score as a share of the best possible, 0–100 with one decimal:
    Σ score × weight / (SCORE_MAX × Σ weight)."""
    weights = sum(c.weight for c in criteria)
    if not weights:
        return Decimal("0.0")
    points = sum(values.get(c.pk, 0) * c.weight for c in criteria)
    return (Decimal(points * 100) / Decimal(SCORE_MAX * weights)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )


def _one(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Cell:
    reviewer: CallReviewer
    state: str  # "conflict", "todo" or "scored"
    total: Decimal | None = None
    scores: list[int | None] = field(default_factory=list)
    comment: str = ""


@dataclass
class TableRow:
    application: Application
    cells: list[Cell]
    mean: Decimal | None
    low: Decimal | None
    high: Decimal | None
    sd: Decimal | None
    criterion_means: list[Decimal | None]
    rank: int | None = None


@dataclass
class ReviewTable:
    call: Call
    criteria: list[Criterion]
    reviewers: list[CallReviewer]
    rows: list[TableRow]


def review_table(call: Call) -> ReviewTable:
    """The coordinator's table: per submitted application, each reviewer's weighted total
    (or their conflict of interest), the mean, the spread (min–max and population standard
    deviation) and the rank by mean (equal means share a rank; unscored ones are unranked,
    last). Five queries, whatever the number of applications."""
    criteria = list(call.criteria.all())
    reviewers = list(call.reviewers.select_related("person").order_by("invited_at", "pk"))
    applications = list(
        call.applications.exclude(status=Application.Status.DRAFT)
        .select_related("school")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.prefetch_related("scores")),
            "conflicts",
        )
    )
    rows = []
    for application in applications:
        conflicted = {c.reviewer_id for c in application.conflicts.all()}
        reviews = {r.reviewer_id: r for r in application.reviews.all()}
        cells, totals = [], []
        per_criterion: dict[int, list[int]] = {c.pk: [] for c in criteria}
        for reviewer in reviewers:
            if reviewer.pk in conflicted:
                cells.append(Cell(reviewer, "conflict"))
                continue
            review = reviews.get(reviewer.pk)
            if review is None:
                cells.append(Cell(reviewer, "todo"))
                continue
            values = {s.criterion_id: s.value for s in review.scores.all()}
            total = weighted_total(values, criteria)
            totals.append(total)
            for c in criteria:
                if c.pk in values:
                    per_criterion[c.pk].append(values[c.pk])
            cells.append(
                Cell(
                    reviewer, "scored", total, [values.get(c.pk) for c in criteria], review.comment
                )
            )
        rows.append(
            TableRow(
                application=application,
                cells=cells,
                mean=_one(statistics.fmean(totals)) if totals else None,
                low=min(totals) if totals else None,
                high=max(totals) if totals else None,
                sd=_one(statistics.pstdev(totals)) if totals else None,
                criterion_means=[
                    _one(statistics.fmean(per_criterion[c.pk])) if per_criterion[c.pk] else None
                    for c in criteria
                ],
            )
        )
    rows.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.application.school.name))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row.mean is None:
            continue
        if row.mean != previous:
            rank, previous = position, row.mean
        row.rank = rank
    return ReviewTable(call, criteria, reviewers, rows)


def call_projects(call: Call) -> QuerySet[Project]:
    return Project.objects.filter(application__call=call).select_related(
        "application__school", "coach"
    )


def published_projects() -> QuerySet[Project]:
    return (
        Project.objects.filter(final_report_published_at__isnull=False)
        .select_related("application__school", "application__call__centre")
        .order_by("-final_report_published_at")
    )


def project_detail(project: Project) -> Project:
    """The project with its milestones, reports and team loaded."""
    return (
        Project.objects.select_related(
            "application__call__centre", "application__school", "coach", "budget_line"
        )
        .prefetch_related("milestones", "reports__author", "application__members__person")
        .get(pk=project.pk)
    )

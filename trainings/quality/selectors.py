"""Reads of the quality cycle: the trainings waiting for review, a training's review history,
a centre's figures and offer for its yearly review, and the evaluations a person may read.

A centre's figures come from the functions that define them, the same ones the ministry's
yearly report reads (``monitor.reports.figures``): participants and the cost per participant
from ``trainings.counting``, the schools reached from ``counting.schools_reached``, the
satisfied share from ``trainings.evaluations.figures.satisfaction``; over the same trainings
(a session starting in the calendar year, ``counting.trainings_held_between``) and the same
budget lines (the centre's lines of that year). ``tests/quality/test_selectors.py`` checks the
review page and the yearly report show the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from networks.comparison import home_network_code
from networks.models import Centre, Network
from stemnet.access import Role, is_admin, role_scope

from .. import counting
from ..evaluations.figures import satisfaction
from ..evaluations.models import Answer, Questionnaire
from ..models import BudgetLine, Format, Training
from .models import ExternalEvaluation, QualityAction, TrainingReview, YearlyReview
from .permissions import can_decide_for_centre, readable_centre_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User


def _centre_filter(user: User | AnonymousUser, lookup: str) -> Q:
    """``lookup`` (a centre id field) among the centres whose quality ``user`` reads."""
    ids = readable_centre_ids(user)
    return Q() if ids is None else Q(**{f"{lookup}__in": ids})


def trainings_in_review(user: User | AnonymousUser) -> list[Training]:
    """The trainings in review of the centres whose quality ``user`` reads, oldest first,
    each with ``can_decide``. One query."""
    trainings = list(
        Training.objects.filter(_centre_filter(user, "centre_id"), status=Training.Status.IN_REVIEW)
        .select_related("centre")
        .order_by("updated_at", "pk")
    )
    for training in trainings:
        training.can_decide = can_decide_for_centre(user, training.centre_id)  # type: ignore[attr-defined]
    return trainings


def readable_centres(user: User | AnonymousUser) -> list[Centre]:
    """The centres of the portal's own network whose quality ``user`` reads (the networks
    abroad of the directory run no trainings here), with their trainings in review counted."""
    ids = readable_centre_ids(user)
    centres = (
        Centre.objects.filter(network__code=home_network_code())
        .select_related("network")
        .order_by("name")
    )
    if ids is not None:
        centres = centres.filter(pk__in=ids)
    return list(
        centres.annotate(
            in_review=Count("trainings", filter=Q(trainings__status=Training.Status.IN_REVIEW))
        )
    )


def review_history(training: Training) -> list[TrainingReview]:
    """Every decision on ``training``, newest first, with its verdicts. Two queries."""
    return list(
        TrainingReview.objects.filter(training=training).prefetch_related(
            Prefetch("verdicts", to_attr="verdict_list")
        )
    )


def last_return(training: Training) -> TrainingReview | None:
    """The latest decision on ``training`` when it sent the training back (what its
    coordinator reads on the workspace page), else ``None``."""
    latest = (
        TrainingReview.objects.filter(training=training)
        .prefetch_related(Prefetch("verdicts", to_attr="verdict_list"))
        .first()
    )
    if latest is None or latest.decision != TrainingReview.Decision.RETURNED:
        return None
    return latest


# --- a centre's year --------------------------------------------------------------------------


@dataclass
class YearFigures:
    """A centre's figures of one calendar year (the yearly report's, for that centre)."""

    trainings: int
    participants: int
    participations: int
    schools_reached: int
    schools_share: Decimal | None
    satisfied_share: Decimal | None
    overall_answers: int
    paid_eur: Decimal | None
    cost_per_participant_eur: Decimal | None


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    import zoneinfo

    from django.conf import settings

    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return (
        dt.datetime(year, 1, 1, tzinfo=zone),
        dt.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def centre_year_trainings(centre: Centre, year: int) -> QuerySet[Training]:
    """The centre's trainings with a session starting in ``year`` (the report's rule)."""
    return counting.trainings_held_between(*year_bounds(year), centres=Q(centre__pk=centre.pk))


def centre_year_figures(centre: Centre, year: int) -> YearFigures:
    """Participants, schools reached, satisfied share and cost per participant of ``centre``
    in ``year``, each from the function that defines it (see the module's docstring)."""
    trainings = centre_year_trainings(centre, year)
    enrolments = counting.counted_enrolments(trainings)
    participants, participations = counting.participant_counts(enrolments)
    schools = counting.schools_reached(
        enrolments, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
    )
    answers = Answer.objects.filter(
        response__questionnaire__training__in=trainings.values("pk"),
        response__questionnaire__kind__in=[Questionnaire.Kind.POST, Questionnaire.Kind.FOLLOW_UP],
    )
    counts = satisfaction(answers)
    paid = BudgetLine.objects.filter(centre=centre, year=year).aggregate(paid=Sum("paid_eur"))[
        "paid"
    ]
    cost = counting.cost_per_participant(paid, participants) if paid is not None else None
    return YearFigures(
        trainings=trainings.count(),
        participants=participants,
        participations=participations,
        schools_reached=schools["reached"],
        schools_share=schools["share_reached"],
        satisfied_share=counts.satisfied_share,
        overall_answers=counts.overall_answers,
        paid_eur=paid,
        cost_per_participant_eur=cost,
    )


@dataclass
class OfferRow:
    format: str
    label: str
    count: int
    levels: dict[str, int] = field(default_factory=dict)


def centre_year_offer(centre: Centre, year: int) -> tuple[list[OfferRow], list[Training]]:
    """The centre's offer of ``year``: trainings by format (with the levels they aim at) and
    the trainings themselves by title. Two queries."""
    trainings = list(
        centre_year_trainings(centre, year)
        .order_by("title")
        .only("pk", "code", "title", "format", "levels", "status")
    )
    labels = dict(Format.choices)
    rows: dict[str, OfferRow] = {}
    for training in trainings:
        row = rows.setdefault(
            training.format, OfferRow(training.format, str(labels.get(training.format, "")), 0)
        )
        row.count += 1
        for level in training.levels or []:
            row.levels[level] = row.levels.get(level, 0) + 1
    return sorted(rows.values(), key=lambda r: (-r.count, r.label)), trainings


def yearly_review_of(centre: Centre, year: int) -> YearlyReview | None:
    return (
        YearlyReview.objects.filter(centre=centre, year=year)
        .select_related("opened_by")
        .prefetch_related(Prefetch("actions", to_attr="action_list"))
        .first()
    )


def yearly_reviews_of(centre: Centre) -> list[YearlyReview]:
    return list(
        YearlyReview.objects.filter(centre=centre).annotate(
            open_actions=Count(
                "actions",
                filter=Q(
                    actions__status__in=[
                        QualityAction.Status.PLANNED,
                        QualityAction.Status.IN_PROGRESS,
                    ]
                ),
            ),
            action_count=Count("actions"),
        )
    )


# --- evaluations ------------------------------------------------------------------------------


def evaluations_for(
    user: User | AnonymousUser, *, centre: Centre | None = None
) -> list[ExternalEvaluation]:
    """The external evaluations and peer reviews ``user`` reads: of the network, and of the
    centres whose quality they read; ``centre`` narrows them to that centre's and its
    network's. Two queries."""
    ids = readable_centre_ids(user)
    qs = ExternalEvaluation.objects.select_related("centre", "network").annotate(
        action_count=Count("actions"),
        open_actions=Count(
            "actions",
            filter=Q(
                actions__status__in=[QualityAction.Status.PLANNED, QualityAction.Status.IN_PROGRESS]
            ),
        ),
    )
    if ids is not None:
        qs = qs.filter(Q(centre__isnull=True) | Q(centre_id__in=ids))
    if centre is not None:
        qs = qs.filter(Q(centre=centre) | Q(network_id=centre.network_id))
    return list(qs)


def evaluation_actions(evaluation: ExternalEvaluation) -> list[QualityAction]:
    return list(evaluation.actions.all())


def recordable_subjects(user: User | AnonymousUser) -> tuple[list[Network], list[Centre]]:
    """Where ``user`` may record an evaluation: the portal's network (network-wide committee,
    admins) and its centres (a centre's committee: that centre)."""
    network_wide, centre_ids = role_scope(user, Role.COMMITTEE)
    home = home_network_code()
    if is_admin(user) or network_wide:
        return list(Network.objects.filter(code=home)), list(
            Centre.objects.filter(network__code=home).order_by("name")
        )
    return [], list(Centre.objects.filter(pk__in=centre_ids).order_by("name"))


def quality_block(*, centre_codes: list[str], start: dt.date, end: dt.date) -> dict:
    """The ``quality`` block of a yearly report: for a period within one calendar year, the
    findings and actions of that year's review of each centre of the report that has one (in
    the report's order of centres); ``year`` is ``None`` and there are none for a period over
    two years. Two queries."""
    year = start.year if start.year == end.year else None
    reviews = []
    if year is not None and centre_codes:
        found = {
            review.centre.code: review
            for review in YearlyReview.objects.filter(centre__code__in=centre_codes, year=year)
            .select_related("centre")
            .prefetch_related(Prefetch("actions", to_attr="action_list"))
        }
        reviews = [found[code] for code in centre_codes if code in found]
    return {
        "year": year,
        "centres": [
            {
                "code": review.centre.code,
                "name": review.centre.name,
                "findings": review.finding_list,
                "actions": [
                    {
                        "description": action.description,
                        "owner": action.owner,
                        "due_on": action.due_on.isoformat(),
                        "status": action.status,
                    }
                    for action in review.action_list
                ],
            }
            for review in reviews
        ],
    }

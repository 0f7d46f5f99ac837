"""
The report service: every figure of a yearly report for one scope and period, computed once
and used by every output (JSON, XLSX, PDF) and by the dashboard, so that they always agree.

Definitions (the JSON keys are the interface, see ``docs/reports.md``):

- A training counts when it belongs to a centre of the scope and has a session starting in
  the period. An enrolment counts when its status is *attended*, or *enrolled* in a training
  that has not been held yet (status draft or published). These rules, participants and the
  cost per participant are ``trainings.counting``'s; the satisfied and recommend shares are
  ``trainings.evaluations.figures``'s.
- ``participants.total``: distinct persons with a counted enrolment; ``participations``: the
  counted enrolments. Roles, domains and levels come from the person's profile; a person
  without a profile counts as *other*. Domains and levels are for teachers only; a teacher
  counts once for every level they teach, so the levels may add up to more than the teachers.
- ``trainings.target_reached_share``: counted enrolments as a percentage of the sum of the
  trainings' targets (a person in two trainings fills a seat in both).
- ``budget``: the budget lines of the scope's centres for the calendar years the period
  touches; amounts are exact ``Decimal`` euros with two places.
- ``evaluation``: responses to the after-training and follow-up questionnaires of the counted
  trainings; satisfied = 4 or 5 on the standard *overall* question; recommend = *yes* on a
  "would you recommend" question. Shares are percentages with one decimal, ``None`` when
  there is nothing to divide by. ``invited``/``answered``/``response_rate``: the invitations
  to those questionnaires that were sent, how many of them were answered, and that share
  (``figures.response_rate``). ``by_role`` and ``by_centre``: the same figures per respondent's
  role and per centre (``figures.by_role``, ``figures.by_centre``, which the workspace's
  results call too), only the groups the small-group rule (``figures.groups_shown``,
  ``min_group_size``) lets show, the bucket as ``other_groups``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from networks.models import Centre
from stemnet.accounts.models import Level, PersonRole, Profile, StemDomain
from stemnet.numbers import share
from trainings import counting
from trainings.evaluations.figures import (
    GroupFigures,
    by_centre,
    by_role,
    min_group_size,
    response_rate,
    satisfaction,
)
from trainings.evaluations.models import Answer, Invitation, Question, Questionnaire, Response
from trainings.models import BudgetLine, Enrolment, Session, Training

from .scope import Period, Scope

ROLE_KEYS = list(PersonRole.values)
DOMAIN_KEYS = list(StemDomain.values)
LEVEL_KEYS = list(Level.values)
OPEN_ANSWERS_SHOWN = 120
CENT = Decimal("0.01")

Progress = Callable[[int, str], None]


def _none(_percent: int, _step: str) -> None:
    return None


def eur(value) -> Decimal:
    """Euros with two places; ``None`` is zero."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


# --- the base sets, shared with the dashboard --------------------------------------------------


def trainings_in(scope: Scope, period: Period) -> QuerySet[Training]:
    """Trainings of the scope's centres with a session starting in the period."""
    return counting.trainings_held_between(*period.bounds(), centres=scope.centre_q("centre__"))


def budget_lines(scope: Scope, period: Period) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(scope.centre_q("centre__"), year__in=period.years)


def evaluation_responses(trainings: QuerySet[Training]) -> QuerySet[Response]:
    return Response.objects.filter(
        questionnaire__training__in=trainings.values("pk"),
        questionnaire__kind__in=[Questionnaire.Kind.POST, Questionnaire.Kind.FOLLOW_UP],
    )


def evaluation_invitations(trainings: QuerySet[Training]) -> QuerySet[Invitation]:
    """The invitations to the questionnaires ``evaluation_responses`` counts."""
    return Invitation.objects.filter(
        questionnaire__training__in=trainings.values("pk"),
        questionnaire__kind__in=[Questionnaire.Kind.POST, Questionnaire.Kind.FOLLOW_UP],
    )


def evaluation_answers(responses: QuerySet[Response]) -> QuerySet[Answer]:
    """The answers of ``responses`` (for ``trainings.evaluations.figures.satisfaction``)."""
    return Answer.objects.filter(response__in=responses)


# --- the report ------------------------------------------------------------------------------


@dataclass
class OpenAnswer:
    training: str
    question: str
    text: str


@dataclass
class YearlyReport:
    scope: Scope
    period: Period
    figures: dict  # the JSON interface
    centres: list[dict] = field(default_factory=list)  # one row per centre of the scope
    open_answers: list[OpenAnswer] = field(default_factory=list)
    indicators: list = field(default_factory=list)  # monitor.selectors.IndicatorSummary
    budget_sources: list[dict] = field(default_factory=list)  # name, planned, paid


def _people(enrolments: QuerySet[Enrolment]) -> dict:
    total, participations = counting.participant_counts(enrolments)
    by_role = dict.fromkeys(ROLE_KEYS, 0)
    by_domain = dict.fromkeys(DOMAIN_KEYS, 0)
    by_level = dict.fromkeys(LEVEL_KEYS, 0)
    no_domain = no_level = profiles = 0
    rows = Profile.objects.filter(user_id__in=enrolments.values("person_id")).values_list(
        "role", "stem_domain", "levels"
    )
    for role, domain, levels in rows.iterator(chunk_size=5000):
        profiles += 1
        role = role if role in by_role else PersonRole.OTHER
        by_role[role] += 1
        if role != PersonRole.TEACHER:
            continue
        if domain in by_domain:
            by_domain[domain] += 1
        else:
            no_domain += 1
        known = [level for level in dict.fromkeys(levels or []) if level in by_level]
        for level in known:
            by_level[level] += 1
        if not known:
            no_level += 1
    by_role[PersonRole.OTHER] += total - profiles  # persons without a profile
    return {
        "total": total,
        "participations": participations,
        "by_role": by_role,
        "teachers": by_role[PersonRole.TEACHER],
        "by_domain": by_domain,
        "teachers_without_domain": no_domain,
        "by_level": by_level,
        "teachers_without_level": no_level,
    }


def _trainings(trainings: QuerySet[Training], period: Period, participations: int) -> dict:
    totals = trainings.aggregate(
        count=Count("pk"), contact_hours=Sum("contact_hours"), target=Sum("target_participants")
    )
    start, end = period.bounds()
    sessions = Session.objects.filter(
        training__in=trainings.values("pk"), starts_at__gte=start, starts_at__lt=end
    ).count()
    target = totals["target"] or 0
    return {
        "count": totals["count"],
        "sessions": sessions,
        "contact_hours": Decimal(totals["contact_hours"] or 0).quantize(Decimal("0.1")),
        "target_participants": target,
        "target_reached_share": share(participations, target),
        "target_reached": (participations >= target) if target else None,
    }


def _budget(lines: QuerySet[BudgetLine], participants: int) -> tuple[dict, list[dict]]:
    totals = lines.aggregate(planned=Sum("planned_eur"), paid=Sum("paid_eur"))
    sources = [
        {
            "name": row["source__name"],
            "planned_eur": eur(row["planned"]),
            "paid_eur": eur(row["paid"]),
        }
        for row in lines.values("source__name")
        .annotate(planned=Sum("planned_eur"), paid=Sum("paid_eur"))
        .order_by("-paid", "source__name")
    ]
    paid = eur(totals["paid"])
    return {
        "planned_eur": eur(totals["planned"]),
        "paid_eur": paid,
        "by_source": {source["name"]: source["paid_eur"] for source in sources},
        "cost_per_participant_eur": counting.cost_per_participant(paid, participants),
    }, sources


def _group(figures: GroupFigures) -> dict:
    return {
        "responses": figures.responses,
        "satisfied_share": figures.satisfied_share,
        "recommend_share": figures.recommend_share,
        "overall_answers": figures.satisfaction.overall_answers,
        "recommend_answers": figures.satisfaction.recommend_answers,
    }


def _evaluation(
    scope: Scope, responses: QuerySet[Response], invitations: QuerySet[Invitation]
) -> dict:
    counts = satisfaction(evaluation_answers(responses))
    invited, answered, rate = response_rate(invitations)
    centres = dict(
        Centre.objects.filter(scope.centre_q())
        .order_by("province", "name")
        .values_list("code", "name")
    )
    return {
        "responses": responses.count(),
        "satisfied_share": counts.satisfied_share,
        "recommend_share": counts.recommend_share,
        "overall_answers": counts.overall_answers,
        "recommend_answers": counts.recommend_answers,
        "invited": invited,
        "answered": answered,
        "response_rate": rate,
        "min_group_size": min_group_size(),
        "by_role": {g.key: _group(g) for g in by_role(responses)},
        "by_centre": {
            g.key: {"name": centres.get(g.key), **_group(g)}
            for g in by_centre(responses, order=list(centres))
        },
    }


def _open_answers(responses: QuerySet[Response]) -> tuple[int, list[OpenAnswer]]:
    answers = Answer.objects.filter(
        response__in=responses, question__kind=Question.Kind.OPEN
    ).exclude(text="")
    count = answers.count()
    shown = answers.order_by(
        "response__questionnaire__training__title", "question__position", "pk"
    ).values_list("response__questionnaire__training__title", "question__text", "text")[
        :OPEN_ANSWERS_SHOWN
    ]
    return count, [OpenAnswer(*row) for row in shown]


def _centres(scope: Scope, trainings, enrolments, lines) -> list[dict]:
    rows = {
        c["pk"]: {
            **c,
            "trainings": 0,
            "contact_hours": Decimal("0.0"),
            "participants": 0,
            "participations": 0,
            "paid_eur": eur(0),
        }
        for c in Centre.objects.filter(scope.centre_q())
        .order_by("province", "name")
        .values("pk", "code", "name", "province")
    }
    for row in (
        trainings.values("centre_id").annotate(n=Count("pk"), hours=Sum("contact_hours")).order_by()
    ):
        if row["centre_id"] in rows:
            rows[row["centre_id"]].update(
                trainings=row["n"], contact_hours=Decimal(row["hours"] or 0)
            )
    for row in (
        enrolments.values("training__centre_id")
        .annotate(n=Count("pk"), persons=Count("person_id", distinct=True))
        .order_by()
    ):
        if row["training__centre_id"] in rows:
            rows[row["training__centre_id"]].update(
                participations=row["n"], participants=row["persons"]
            )
    for row in lines.values("centre_id").annotate(paid=Sum("paid_eur")).order_by():
        if row["centre_id"] in rows:
            rows[row["centre_id"]]["paid_eur"] = eur(row["paid"])
    return list(rows.values())


def yearly_report(
    *, scope: Scope, period: Period, details: bool = True, progress: Progress | None = None
) -> YearlyReport:
    """Compute the yearly report of ``scope`` over ``period``. Reads only.

    ``details`` adds what only the PDF and XLSX show (rows per centre, open answers, the
    monitor's indicators). ``progress(percent, step)`` is called between the steps.
    """
    progress = progress or _none
    trainings = trainings_in(scope, period)
    enrolments = counting.counted_enrolments(trainings)
    progress(5, "participants")
    people = _people(enrolments)
    progress(25, "trainings")
    training_figures = _trainings(trainings, period, people["participations"])
    progress(35, "budget")
    lines = budget_lines(scope, period)
    budget, sources = _budget(lines, people["total"])
    progress(45, "evaluation")
    responses = evaluation_responses(trainings)
    evaluation = _evaluation(scope, responses, evaluation_invitations(trainings))
    figures = {
        "report": "yearly",
        "scope": {"kind": scope.kind, "code": scope.code, "name": scope.name()},
        "period": period.as_dict(),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "participants": people,
        "trainings": training_figures,
        "budget": budget,
        "evaluation": evaluation,
    }
    report = YearlyReport(scope=scope, period=period, figures=figures, budget_sources=sources)
    if details:
        progress(55, "details")
        count, report.open_answers = _open_answers(responses)
        evaluation["open_answers"] = count
        report.centres = _centres(scope, trainings, enrolments, lines)
        from monitor import selectors as monitor_selectors

        report.indicators = monitor_selectors.overview()
        figures["indicators"] = [_indicator_figures(s) for s in report.indicators]
    progress(60, "figures")
    return report


def _indicator_figures(summary) -> dict:
    latest, target = summary.latest, summary.target
    return {
        "code": summary.indicator.code,
        "name": summary.indicator.name,
        "unit": summary.indicator.unit,
        "latest_period": latest.period if latest else None,
        "latest_value": latest.value if latest else None,
        "target_period": target.period if target else None,
        "target_comparator": target.comparator if target else None,
        "target_value": target.value if target else None,
        "status": summary.status,  # met, not_met, pending (no data of the target's period)
        "trend": summary.trend,  # toward, away, level (the last two totals) or None
    }

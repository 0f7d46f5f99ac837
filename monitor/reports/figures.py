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
- ``trainings.target_reached_share``: the enrolments counted toward the targets
  (``target_counted``: per training, the counted enrolments of the group its target names,
  ``counting.target_enrolments``) as a percentage of the sum of the trainings' targets (a
  person in two trainings fills a seat in both). ``target_group``: the group the targets name,
  ``all`` or ``teachers``, ``mixed`` when the trainings differ, ``None`` without a target.
- ``budget``: the budget lines of the scope's centres for the calendar years the period
  touches; amounts are exact euros with two places (``Money``, written to JSON as a string
  with two decimals; the report's ``currency`` is EUR). The cost per participant is ``None``
  (unknown) when the scope has no budget line, or no participant.
- ``evaluation``: responses to the after-training and follow-up questionnaires of the counted
  trainings; satisfied = 4 or 5 on the standard *overall* question; recommend = *yes* on a
  "would you recommend" question. Shares are percentages with one decimal, ``None`` when
  there is nothing to divide by. ``invited``/``answered``/``response_rate``: the invitations
  to those questionnaires that were sent, how many of them were answered, and that share
  (``figures.response_rate``). ``by_role`` and ``by_centre``: the same figures per respondent's
  role and per centre (``figures.by_role``, ``figures.by_centre``, which the workspace's
  results call too), only the groups the small-group rule (``figures.groups_shown``,
  ``min_group_size``) lets show, the bucket as ``other_groups``.
- ``schools``: the register schools (active in the period) that the counted participants'
  profiles name at report time, in total, by province and by level, each with the register's
  total and the share reached; ``without_school`` the participants who count for none
  (``counting.schools_reached``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Centre, Province
from stemnet.accounts import levels as levels_map
from stemnet.accounts.models import PersonRole, Profile, StemDomain
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
from trainings.models import Attendance, BudgetLine, Enrolment, Session, Training
from trainings.projects.figures import project_figures
from trainings.quality.selectors import quality_block
from trainings.support.selectors import support_figures

from .scope import PROVINCE, Period, Scope

ROLE_KEYS = list(PersonRole.values)
DOMAIN_KEYS = list(StemDomain.values)
LEVEL_KEYS = [str(code) for code in levels_map.REPORT_GROUPS]  # the old grouping
MODERNISED_KEYS = [str(code) for code in levels_map.NEW_SECONDARY]
OPEN_ANSWERS_SHOWN = 120
CENT = Decimal("0.01")
CURRENCY = "EUR"  # every amount of a yearly report (its JSON's top-level ``currency``)

Progress = Callable[[int, str], None]


def _none(_percent: int, _step: str) -> None:
    return None


class Money(Decimal):
    """An amount of money with two places: a ``Decimal`` that the report's JSON writes as a
    string with two decimals ("29012.01"), where other decimals (shares, hours) are numbers."""

    __slots__ = ()


def eur(value) -> Money:
    """Euros with two places; ``None`` is zero."""
    return Money(Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP))


def money_or_none(value) -> Money | None:
    """``value`` as ``Money``; ``None`` (unknown) stays ``None``."""
    return None if value is None else eur(value)


# --- the base sets, shared with the dashboard --------------------------------------------------


def trainings_in(scope: Scope, period: Period) -> QuerySet[Training]:
    """Trainings of the scope's centres with a session starting in the period."""
    return counting.trainings_held_between(*period.bounds(), centres=scope.centre_q("centre__"))


def budget_lines(scope: Scope, period: Period) -> QuerySet[BudgetLine]:
    """The offer's budget lines of the scope's centres in the period's years (school project
    grants are the ``projects`` block's: ``counting.offer_budget_lines``)."""
    return counting.offer_budget_lines(
        BudgetLine.objects.filter(scope.centre_q("centre__"), year__in=period.years)
    )


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
    budget_sources: list[dict] = field(default_factory=list)  # name, planned_eur, paid_eur


def _people(enrolments: QuerySet[Enrolment]) -> dict:
    total, participations = counting.participant_counts(enrolments)
    by_role = dict.fromkeys(ROLE_KEYS, 0)
    by_domain = dict.fromkeys(DOMAIN_KEYS, 0)
    by_level = dict.fromkeys(LEVEL_KEYS, 0)
    by_level_modernised = dict.fromkeys(MODERNISED_KEYS, 0)
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
        # In the old grouping (``stemnet.accounts.levels``): once per group, whichever codes.
        known = [level for level in levels_map.old_groups(levels or []) if level in by_level]
        for level in known:
            by_level[level] += 1
        for level in dict.fromkeys(levels or []):
            if level in by_level_modernised:
                by_level_modernised[level] += 1
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
        "by_level_total": sum(by_level.values()),  # more than the teachers: several levels
        "by_level_modernised": by_level_modernised,
        "teachers_without_level": no_level,
    }


def _trainings(trainings: QuerySet[Training], period: Period) -> dict:
    totals = trainings.aggregate(
        count=Count("pk"), contact_hours=Sum("contact_hours"), target=Sum("target_participants")
    )
    start, end = period.bounds()
    sessions = Session.objects.filter(
        training__in=trainings.values("pk"), starts_at__gte=start, starts_at__lt=end
    ).count()
    target = totals["target"] or 0
    # Each training's target counts its own group (``counting.target_enrolments``).
    counted = counting.target_enrolments(trainings).count()
    groups = set(
        trainings.filter(target_participants__gt=0)
        .order_by()
        .values_list("target_group", flat=True)
        .distinct()
    )
    return {
        "count": totals["count"],
        "sessions": sessions,
        "contact_hours": Decimal(totals["contact_hours"] or 0).quantize(Decimal("0.1")),
        "target_participants": target,
        "target_group": groups.pop() if len(groups) == 1 else ("mixed" if groups else None),
        "target_counted": counted,
        "target_reached_share": share(counted, target),
        "target_reached": (counted >= target) if target else None,
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
    # No budget line: the cost is unknown, not zero (a sum of lines that is 0 stays 0.00).
    cost = counting.cost_per_participant(paid, participants) if totals["paid"] is not None else None
    return {
        "planned_eur": eur(totals["planned"]),
        "paid_eur": paid,
        "by_source": {source["name"]: source["paid_eur"] for source in sources},
        "sources": sources,
        "cost_per_participant_eur": money_or_none(cost),
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


# --- where it happened: counted by the sessions' province -------------------------------------

ORGANISING_CENTRE, LOCATION = "organising_centre", "location"  # the figures' ``counted_by``
ELSEWHERE = "elsewhere"  # a session without a province: online, abroad, Wallonia or unknown


def by_location(scope: Scope, period: Period) -> dict:
    """The ``location`` block: sessions counted where they were held (``Session.province``),
    whoever organised them; every other block of the report counts by organising centre.

    The sessions are those starting in the period, of trainings not cancelled. For a province:
    ``sessions`` held there; ``trainings`` with such a session; ``participations`` the counted
    enrolments (``counting.counted_enrolments``) of those trainings and ``participants`` their
    distinct persons (enrolment is per training, so a training held in two provinces counts in
    both); ``attendances`` the presences logged at the sessions held there;
    ``organised_elsewhere`` the sessions and trainings among them of centres of another
    province. For the network or a centre: ``by_province``, the same sessions, trainings and
    participations of the scope's own trainings per province where held (with its ``name``),
    ``elsewhere`` for sessions without one. Reads only.
    """
    start, end = period.bounds()
    held = Session.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(
        training__status=Training.Status.CANCELLED
    )
    if scope.kind == PROVINCE:
        here = held.filter(province=scope.code)
        trainings = Training.objects.filter(pk__in=here.values("training_id"))
        participants, participations = counting.participant_counts(
            counting.counted_enrolments(trainings)
        )
        elsewhere = here.exclude(training__centre__province=scope.code)
        return {
            "counted_by": LOCATION,
            "province": scope.code,
            "name": scope.name(),
            "sessions": here.count(),
            "trainings": trainings.count(),
            "participations": participations,
            "participants": participants,
            "attendances": Attendance.objects.filter(session__in=here, present=True).count(),
            "organised_elsewhere": {
                "sessions": elsewhere.count(),
                "trainings": elsewhere.values("training_id").distinct().count(),
            },
        }
    own = held.filter(scope.centre_q("training__centre__"))
    names = {**dict(Province.choices), ELSEWHERE: _("Elsewhere: online, abroad or not known")}
    rows = {
        code: {"name": str(names[code]), "sessions": 0, "trainings": 0, "participations": 0}
        for code in [*Province.values, ELSEWHERE]
    }
    for row in (
        own.values("province")
        .annotate(n=Count("pk"), trainings=Count("training_id", distinct=True))
        .order_by()
    ):
        rows[row["province"] or ELSEWHERE].update(sessions=row["n"], trainings=row["trainings"])
    counted = counting.counted_enrolments(Training.objects.filter(pk__in=own.values("training_id")))
    for row in (
        counted.filter(training__sessions__in=own)
        .values("training__sessions__province")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        rows[row["training__sessions__province"] or ELSEWHERE]["participations"] = row["n"]
    return {"counted_by": LOCATION, "province": None, "by_province": rows}


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
    for row in rows.values():
        row["contact_hours"] = row["contact_hours"].quantize(Decimal("0.1"))
    return [{k: v for k, v in row.items() if k != "pk"} for row in rows.values()]


def support_block(
    scope: Scope, period: Period, lines: QuerySet[BudgetLine], budget: dict, participants: int
) -> dict:
    """The ``support`` block: bursaries for teachers (``trainings.support``) of the scope's
    centres in the period's years. ``granted_eur``: approved and paid claims; ``paid_eur``:
    what paid claims added to the budget ``lines`` (so it is part of ``budget.paid_eur``,
    counted once); per source; ``teachers_supported``: distinct persons with a granted claim.
    ``cost_per_participant_without_support_eur``: ``budget.paid_eur`` less the support paid,
    over the same participants (``counting.cost_per_participant``); ``None`` when the cost
    itself is unknown."""
    block = support_figures(scope.centre_q("enrolment__training__centre__"), period.years, lines)
    cost = budget["cost_per_participant_eur"]
    without = (
        counting.cost_per_participant(budget["paid_eur"] - block["paid"], participants)
        if cost is not None
        else None
    )
    return {
        "granted_eur": eur(block["granted"]),
        "paid_eur": eur(block["paid"]),
        "teachers_supported": block["teachers_supported"],
        "by_source": [
            {"name": name, "granted_eur": eur(v["granted"]), "paid_eur": eur(v["paid"])}
            for name, v in block["by_source"].items()
        ],
        "cost_per_participant_eur": cost,
        "cost_per_participant_without_support_eur": money_or_none(without),
    }


def projects_block(scope: Scope, period: Period) -> dict:
    """The ``projects`` block: calls, applications, accepted projects, grants planned and
    paid, schools involved, per province and per centre (``trainings.projects.figures``),
    amounts as money."""
    start, end = period.bounds()
    block = project_figures(
        centres=scope.centre_q("centre__"), start=start, end=end, years=period.years
    )
    for row in [block, *block["by_province"], *block["by_centre"]]:
        row["grants_planned_eur"] = eur(row["grants_planned_eur"])
        row["grants_paid_eur"] = eur(row["grants_paid_eur"])
    return block


def yearly_report(
    *, scope: Scope, period: Period, details: bool = True, progress: Progress | None = None
) -> YearlyReport:
    """Compute the yearly report of ``scope`` over ``period``. Reads only.

    ``details`` adds the rows per centre, the open answers and the monitor's indicators (a
    comparison row does without them); the report's files always have them, in the JSON too
    (``figures`` holds everything the PDF and XLSX show). ``progress(percent, step)`` is
    called between the steps.
    """
    progress = progress or _none
    trainings = trainings_in(scope, period)
    enrolments = counting.counted_enrolments(trainings)
    progress(5, "participants")
    people = _people(enrolments)
    progress(25, "trainings")
    training_figures = _trainings(trainings, period)
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
        "currency": CURRENCY,
        "counted_by": ORGANISING_CENTRE,  # all but ``location`` (``by_location``)
        "participants": people,
        "trainings": training_figures,
        "budget": budget,
        "evaluation": evaluation,
        # Counted for the participants' profile schools at report time (``counting``).
        "schools": counting.schools_reached(enrolments, start=period.start, end=period.end),
    }
    # Support for teachers (trainings.support): its own block, read from the same lines.
    figures["support"] = support_block(scope, period, lines, budget, people["total"])
    # School development projects (trainings.projects): its own block, computed there.
    figures["projects"] = projects_block(scope, period)
    report = YearlyReport(scope=scope, period=period, figures=figures, budget_sources=sources)
    if details:
        progress(55, "details")
        count, report.open_answers = _open_answers(responses)
        evaluation["open_answers"] = count
        evaluation["open_answers_shown"] = len(report.open_answers)
        report.centres = _centres(scope, trainings, enrolments, lines)
        from monitor import selectors as monitor_selectors

        report.indicators = monitor_selectors.overview()
        figures["centres"] = report.centres
        figures["open_answers"] = [
            {"training": a.training, "question": a.question, "text": a.text}
            for a in report.open_answers
        ]
        figures["indicators"] = [_indicator_figures(s) for s in report.indicators]
        figures["location"] = by_location(scope, period)
        # The scientific committee's findings and actions beside the centres' figures.
        figures["quality"] = quality_block(
            centre_codes=[c["code"] for c in report.centres], start=period.start, end=period.end
        )
    progress(60, "figures")
    return report


def _indicator_figures(summary) -> dict:
    """One indicator of the monitor: its latest total against its current target, and every
    series the PDF's chart draws (the total first, then one per breakdown category)."""
    latest, target = summary.latest, summary.target
    return {
        "code": summary.indicator.code,
        "name": summary.indicator.name,
        "unit": summary.indicator.unit,
        "decimals": summary.indicator.decimals,  # the places its values are shown with
        "reference_period": summary.indicator.reference_period or None,
        "latest_period": latest.period if latest else None,
        "latest_value": latest.value if latest else None,
        "target_period": target.period if target else None,
        "target_comparator": target.comparator if target else None,
        "target_value": target.value if target else None,
        "status": summary.status,  # met, not_met, pending (no data of the target's period)
        "trend": summary.trend,  # toward, away, level (the last two totals) or None
        "series": [
            {
                "dimension": series.dimension,
                "category": series.category,
                "label": str(series.label),
                "observations": [
                    {
                        "period": o.period,
                        "value": o.value,
                        "numerator": o.numerator,
                        "denominator": o.denominator,
                    }
                    for o in series.observations
                ],
            }
            for series in summary.series
        ],
    }

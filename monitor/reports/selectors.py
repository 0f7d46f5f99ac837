"""Reads of the reports pages: the list of reports, the scopes a person may pick, and the
ministry dashboard (a year's figures for the network, a province or a centre and its parts,
the year before and a five-year trend, in a fixed number of queries whatever the data size,
from the same base sets as the report service)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from monitor.reports.models import ReportJob
from networks.models import Centre, Network, Province
from stemnet import access
from stemnet.numbers import share
from trainings import counting
from trainings.evaluations.figures import Satisfaction, min_group_size, satisfaction_by
from trainings.models import BudgetLine, Session, Training

from .figures import (
    budget_lines,
    eur,
    evaluation_answers,
    evaluation_responses,
    trainings_in,
)
from .permissions import report_jobs_for_user
from .scope import CENTRE, NETWORK, PROVINCE, Period, Scope

if TYPE_CHECKING:
    from stemnet.accounts.models import User

RECENT_REPORTS = 50


def recent_reports(user: User) -> list[ReportJob]:
    """The latest reports, each with ``names``: its scopes' names (two queries at most)."""
    jobs = list(report_jobs_for_user(user)[:RECENT_REPORTS])
    labels = {("province", code): str(label) for code, label in Province.choices}
    for kind, model in (("network", Network), ("centre", Centre)):
        codes = {code for job in jobs if job.scope_kind == kind for code in job.codes}
        if codes:
            labels.update(
                ((kind, code), name)
                for code, name in model.objects.filter(code__in=codes).values_list("code", "name")
            )
    for job in jobs:
        names = ", ".join(labels.get((job.scope_kind, code), code) for code in job.codes)
        job.names = names  # type: ignore[attr-defined]  # for the template, not a field
    return jobs


def scope_names(job: ReportJob) -> str:
    """The names of a job's networks, centres or provinces (one query at most)."""
    if job.scope_kind == "province":
        labels = dict(Province.choices)
        return ", ".join(str(labels.get(code, code)) for code in job.codes)
    model = Network if job.scope_kind == "network" else Centre
    names = dict(model.objects.filter(code__in=job.codes).values_list("code", "name"))
    return ", ".join(names.get(code, code) for code in job.codes)


def scope_choices(user: User) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices ``kind:code`` of the scopes this person may report on."""
    networks: list[tuple[str, str]]
    provinces: list[tuple[str, str]]
    if access.sees_whole_network(user):
        networks = [(f"network:{n.code}", n.name) for n in Network.objects.order_by("name")]
        centres = Centre.objects.order_by("network__name", "name")
        provinces = [(f"province:{code}", str(label)) for code, label in Province.choices]
    else:
        networks, provinces = [], []
        centres = Centre.objects.filter(pk__in=access.coordinated_centre_ids(user)).order_by("name")
    centre_choices = [(f"centre:{c.code}", c.name) for c in centres.only("code", "name")]
    groups = [
        (_("Networks"), networks),
        (_("Centres"), centre_choices),
        (_("Provinces"), provinces),
    ]
    return [(label, choices) for label, choices in groups if choices]


# --- the ministry dashboard ------------------------------------------------------------------
#
# Every figure is computed from the report service's base sets (``figures.trainings_in``,
# ``budget_lines``, ``evaluation_responses``, ``evaluation_answers``) with the rules of
# ``trainings.counting`` and ``trainings.evaluations.figures``, so that the dashboard of a
# scope and year shows the figures of the yearly report of that scope and year
# (tests/reports/test_dashboard_numbers.py).

TREND_YEARS = 5


@dataclass
class Headline:
    code: str
    name: str
    participants: int = 0
    participations: int = 0
    trainings: int = 0
    contact_hours: Decimal | int = 0
    target_participants: int = 0
    target_counted: int = 0  # the enrolments counted toward the targets (their groups)
    paid_eur: Decimal = Decimal("0.00")
    has_budget: bool = False  # a budget line at all: without one the cost is unknown
    responses: int = 0
    satisfaction: Satisfaction = Satisfaction()
    pk: int | None = None  # a training row's training
    first_start: dt.datetime | None = None  # a training row's first session in the year

    @property
    def target_reached_share(self) -> Decimal | None:
        return share(self.target_counted, self.target_participants)

    @property
    def cost_per_participant_eur(self) -> Decimal | None:
        """As the yearly report's ``budget.cost_per_participant_eur``: unknown (``None``)
        without a budget line or without participants."""
        if not self.has_budget:
            return None
        return counting.cost_per_participant(self.paid_eur, self.participants)

    @property
    def satisfied_share(self) -> Decimal | None:
        return self.satisfaction.satisfied_share

    @property
    def recommend_share(self) -> Decimal | None:
        return self.satisfaction.recommend_share

    @property
    def shares_hidden(self) -> bool:
        """Whether a training row keeps its evaluation shares to itself: it has responses,
        fewer than the small-group rule of the evaluations lets show (``min_group_size``)."""
        return 0 < self.responses < min_group_size()


@dataclass
class Dashboard:
    period: Period
    network: Headline
    provinces: list[Headline]


@dataclass
class Board:
    """One scope's figures for one year (``total``) and those of its parts (``rows``): the
    provinces of the network, the centres of a province, the trainings of a centre."""

    scope: Scope
    period: Period
    total: Headline
    rows: list[Headline]


@dataclass(frozen=True)
class _Split:
    """How a board splits its scope: the rows' key as a lookup from Training and from
    BudgetLine (a budget line not linked to a row counts in the total only)."""

    training: str
    budget: str


_SPLITS = {
    NETWORK: _Split("centre__province", "centre__province"),
    PROVINCE: _Split("centre__code", "centre__code"),
    CENTRE: _Split("id", "training__id"),
}


def network_code() -> str:
    return getattr(settings, "REPORTS_NETWORK_CODE", "VL")


def network_scope() -> Scope:
    return Scope(NETWORK, network_code())


def _rows(scope: Scope, period: Period, *, with_rows: bool) -> dict:
    """The board's empty rows by key (one query for centres and trainings)."""
    if not with_rows:
        return {}
    if scope.kind == NETWORK:
        return {
            c: Headline(code=c, name=str(label), paid_eur=eur(0)) for c, label in Province.choices
        }
    if scope.kind == PROVINCE:
        centres = Centre.objects.filter(scope.centre_q()).order_by("name").values("code", "name")
        return {
            c["code"]: Headline(code=c["code"], name=c["name"], paid_eur=eur(0)) for c in centres
        }
    start, end = period.bounds()
    in_period = Q(sessions__starts_at__gte=start, sessions__starts_at__lt=end)
    trainings = (
        trainings_in(scope, period)
        .annotate(first_in_year=Min("sessions__starts_at", filter=in_period))
        .order_by("first_in_year", "title", "pk")
        .values("pk", "code", "title", "first_in_year")
    )
    return {
        t["pk"]: Headline(
            code=t["code"],
            name=t["title"],
            paid_eur=eur(0),
            pk=t["pk"],
            first_start=t["first_in_year"],
        )
        for t in trainings
    }


def scope_board(*, scope: Scope, year: int, name: str = "", with_rows: bool = True) -> Board:
    """The figures of ``scope`` (the network, a province or a centre) in calendar ``year``,
    and, with ``with_rows``, of its parts; as the yearly report of the scope and year counts
    them. Seven queries whatever the data size (eight with the rows of a province or a
    centre; one more without ``name``). Reads only."""
    period = Period.year(year)
    split = _SPLITS[scope.kind]
    total = Headline(code=scope.code, name=name or scope.name(), paid_eur=eur(0))
    rows = _rows(scope, period, with_rows=with_rows)
    trainings = trainings_in(scope, period)
    enrolments = counting.counted_enrolments(trainings)
    key = f"training__{split.training}"
    for row in (
        enrolments.values(key)
        .annotate(
            n=Count("pk"),
            persons=Count("person_id", distinct=True),
            toward_target=Count("pk", filter=counting.IN_TARGET_GROUP),
        )
        .order_by()
    ):
        total.target_counted += row["toward_target"]
        if row[key] in rows:
            part = rows[row[key]]
            part.participations, part.participants = row["n"], row["persons"]
            part.target_counted = row["toward_target"]
    total.participants, total.participations = counting.participant_counts(enrolments)
    for training_row in (
        trainings.values(split.training)
        .annotate(n=Count("pk"), hours=Sum("contact_hours"), target=Sum("target_participants"))
        .order_by()
    ):
        for headline in (rows.get(training_row[split.training]), total):
            if headline is not None:
                headline.trainings += training_row["n"]
                headline.contact_hours += training_row["hours"] or 0
                headline.target_participants += training_row["target"] or 0
    for budget_row in (
        budget_lines(scope, period).values(split.budget).annotate(paid=Sum("paid_eur")).order_by()
    ):
        for headline in (rows.get(budget_row[split.budget]), total):
            if headline is not None:
                headline.paid_eur = eur(headline.paid_eur + eur(budget_row["paid"]))
                headline.has_budget = True
    responses = evaluation_responses(trainings)
    group = f"questionnaire__training__{split.training}"
    for row in responses.values(group).annotate(n=Count("pk")).order_by():
        for headline in (rows.get(row[group]), total):
            if headline is not None:
                headline.responses += row["n"]
    group = f"response__questionnaire__training__{split.training}"
    for key_value, counts in satisfaction_by(evaluation_answers(responses), group).items():
        for headline in (rows.get(key_value), total):
            if headline is not None:
                headline.satisfaction += counts
    for headline in (total, *rows.values()):  # one decimal, as the report's (figures.py)
        headline.contact_hours = Decimal(headline.contact_hours).quantize(Decimal("0.1"))
    return Board(scope=scope, period=period, total=total, rows=list(rows.values()))


def dashboard(*, year: int) -> Dashboard:
    """The network's and each province's headline figures for ``year``: seven queries (the
    open-data API's ``yearly-figures``)."""
    scope = network_scope()
    network = Network.objects.filter(code=scope.code).only("name").first()
    board = scope_board(scope=scope, year=year, name=network.name if network else scope.code)
    return Dashboard(period=board.period, network=board.total, provinces=board.rows)


@dataclass(frozen=True)
class SchoolsRow:
    code: str
    name: str
    reached: int
    register_total: int

    @property
    def share_reached(self) -> Decimal | None:
        return share(self.reached, self.register_total)


@dataclass(frozen=True)
class SchoolsBoard:
    """The network dashboard's schools: ``total`` the network's ``schools`` block (as its
    yearly report: by province of the school, by level), ``rows`` the schools reached by
    each province's centres against the whole register (as each province's yearly report)."""

    total: dict
    rows: list[SchoolsRow]


def schools_board(*, year: int) -> SchoolsBoard:
    """The network's schools reached in ``year`` and those of each province's centres
    (``trainings.counting.schools_reached_per``). Two queries."""
    scope, period = network_scope(), Period.year(year)
    enrolments = counting.counted_enrolments(trainings_in(scope, period))
    total, per = counting.schools_reached_per(
        enrolments, "training__centre__province", start=period.start, end=period.end
    )
    rows = [
        SchoolsRow(code, str(label), per.get(code, 0), total["register_total"])
        for code, label in Province.choices
    ]
    return SchoolsBoard(total=total, rows=rows)


def dashboard_years() -> list[int]:
    """The years with figures in the network (a session or a budget line), and this year;
    newest first. One query."""
    code = network_code()
    zone = timezone.get_default_timezone()
    sessions = (
        Session.objects.filter(training__centre__network__code=code)
        .exclude(training__status=Training.Status.CANCELLED)
        .annotate(year=ExtractYear("starts_at", tzinfo=zone))
        .values_list("year", flat=True)
        .order_by()
    )
    lines = (
        BudgetLine.objects.filter(centre__network__code=code)
        .values_list("year", flat=True)
        .order_by()
    )
    years = set(sessions.union(lines)) | {timezone.localdate().year}
    return sorted((year for year in years if year is not None), reverse=True)


def latest_year_with_data(*, now: dt.datetime | None = None) -> int:
    """The year the report form, the dashboard and the comparison show first: the latest
    calendar year, up to this one, in which a session of the network has started by ``now``
    (cancelled trainings aside); this year when none has. Earlier years stay selectable.
    One query."""
    now = now or timezone.now()
    latest = (
        Session.objects.filter(training__centre__network__code=network_code(), starts_at__lte=now)
        .exclude(training__status=Training.Status.CANCELLED)
        .aggregate(latest=Max("starts_at"))["latest"]
    )
    if latest is None:
        return timezone.localtime(now).year
    return timezone.localtime(latest).year


@dataclass(frozen=True)
class TrendYear:
    year: int
    participants: int
    participations: int
    trainings: int


def trend(
    *, scope: Scope, last_year: int, years: int = TREND_YEARS, first_year: int | None = None
) -> list[TrendYear]:
    """Participants, participations and trainings of ``scope`` in each of the ``years``
    calendar years up to ``last_year``, oldest first; each year as ``scope_board`` (and the
    yearly report) counts it. ``first_year``: the network's first year with figures
    (``dashboard_years``); years before it are left out rather than drawn as zeros that only
    say the portal had no data yet (a scope's zero inside the span is a real zero). Two
    queries whatever the number of years."""
    start = last_year - years + 1
    if first_year is not None:
        start = min(max(start, first_year), last_year)
    span = range(start, last_year + 1)
    held = {year: trainings_in(scope, Period.year(year)).values("pk") for year in span}
    everything = trainings_in(scope, Period(dt.date(span[0], 1, 1), dt.date(last_year, 12, 31)))
    people = counting.counted_enrolments(everything).aggregate(
        **{
            f"persons_{year}": Count("person_id", distinct=True, filter=Q(training__in=ids))
            for year, ids in held.items()
        },
        **{f"n_{year}": Count("pk", filter=Q(training__in=ids)) for year, ids in held.items()},
    )
    counts = everything.aggregate(
        **{f"t_{year}": Count("pk", filter=Q(pk__in=ids)) for year, ids in held.items()}
    )
    return [
        TrendYear(
            year=year,
            participants=people[f"persons_{year}"],
            participations=people[f"n_{year}"],
            trainings=counts[f"t_{year}"],
        )
        for year in span
    ]


@dataclass(frozen=True)
class Change:
    """One headline figure this year against the year before. ``kind``: ``count``,
    ``money`` or ``share`` (a share's change is in percentage points)."""

    key: str
    label: str
    kind: str
    value: Decimal | int | None
    previous: Decimal | int | None

    @property
    def difference(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return Decimal(str(self.value)) - Decimal(str(self.previous))

    @property
    def direction(self) -> str | None:
        """``up``, ``down``, ``same``, or ``None`` when either year has no figure."""
        difference = self.difference
        if difference is None:
            return None
        return "up" if difference > 0 else "down" if difference < 0 else "same"

    @property
    def size(self) -> Decimal | None:
        """The difference without its sign (the page writes the sign and the arrow)."""
        difference = self.difference
        return None if difference is None else abs(difference)

    @property
    def relative(self) -> Decimal | None:
        """The difference as a percentage of last year's figure, without its sign; ``None``
        for shares (their change is in points) and when last year's figure is 0."""
        if self.kind == "share" or self.difference is None or not self.previous:
            return None
        return share(abs(self.difference), Decimal(str(self.previous)))  # type: ignore[arg-type]


def changes(current: Headline, previous: Headline) -> list[Change]:
    """The headline figures of ``current`` against ``previous`` (its scope a year before)."""
    figures = [
        ("participants", _("Participants"), "count"),
        ("participations", _("Participations"), "count"),
        ("trainings", _("Trainings"), "count"),
        ("target_reached_share", _("Target reached"), "share"),
        ("satisfied_share", _("Satisfied"), "share"),
        ("recommend_share", _("Would recommend"), "share"),
        ("paid_eur", pgettext("money", "Paid"), "money"),
        ("cost_per_participant_eur", _("Cost per participant"), "money"),
    ]
    return [
        Change(key, label, kind, getattr(current, key), getattr(previous, key))
        for key, label, kind in figures
    ]


def dashboard_province(code: str) -> Scope | None:
    """The province scope of ``code``, or ``None`` for an unknown code."""
    return Scope(PROVINCE, code) if code in Province.values else None


def dashboard_centre(code: str) -> Centre | None:
    """The network's centre ``code`` (``None`` for another network's or an unknown one)."""
    return (
        Centre.objects.filter(code=code, network__code=network_code())
        .only("code", "name", "province")
        .first()
    )


def centres_without_province() -> list[Centre]:
    """The network's centres outside every province (the national centre): the network's
    board reaches them only through these links."""
    return list(
        Centre.objects.filter(network__code=network_code(), province="")
        .order_by("name")
        .only("code", "name")
    )


@dataclass
class DashboardPage:
    """What a dashboard page shows: the scope's board for ``year``, its headline figures
    against the year before, and the trend of the last five years up to ``year``."""

    board: Board
    previous: Headline
    changes: list[Change]
    trend: list[TrendYear]

    @property
    def year(self) -> int:
        return self.board.period.start.year

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def min_group_size(self) -> int:
        return min_group_size()


def dashboard_page(
    *, scope: Scope, year: int, name: str = "", first_year: int | None = None
) -> DashboardPage:
    """The figures of a dashboard page of ``scope`` (see ``DashboardPage``), in a fixed number
    of queries (about twenty) whatever the data size; ``first_year`` as ``trend`` takes it.
    Reads only."""
    name = name or scope.name()
    board = scope_board(scope=scope, year=year, name=name)
    previous = scope_board(scope=scope, year=year - 1, name=name, with_rows=False).total
    return DashboardPage(
        board=board,
        previous=previous,
        changes=changes(board.total, previous),
        trend=trend(scope=scope, last_year=year, first_year=first_year),
    )

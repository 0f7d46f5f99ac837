"""Reads of the reports pages: the list of reports, the scopes a person may pick, and the
ministry dashboard (this year's figures for the network and each province, in a fixed number
of queries whatever the data size, from the same base sets as the report service)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from monitor.reports.models import ReportJob
from networks.models import Centre, Network, Province
from stemnet import access
from stemnet.numbers import share
from trainings import counting
from trainings.evaluations.figures import Satisfaction, satisfaction_by

from .figures import (
    budget_lines,
    eur,
    evaluation_answers,
    evaluation_responses,
    trainings_in,
)
from .permissions import report_jobs_for_user
from .scope import NETWORK, Period, Scope

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


@dataclass
class Headline:
    code: str
    name: str
    participants: int = 0
    participations: int = 0
    trainings: int = 0
    contact_hours: Decimal | int = 0
    target_participants: int = 0
    paid_eur: Decimal = Decimal("0.00")
    responses: int = 0
    satisfaction: Satisfaction = Satisfaction()

    @property
    def target_reached_share(self) -> Decimal | None:
        return share(self.participations, self.target_participants)

    @property
    def cost_per_participant_eur(self) -> Decimal | None:
        return counting.cost_per_participant(self.paid_eur, self.participants)

    @property
    def satisfied_share(self) -> Decimal | None:
        return self.satisfaction.satisfied_share

    @property
    def recommend_share(self) -> Decimal | None:
        return self.satisfaction.recommend_share


@dataclass
class Dashboard:
    period: Period
    network: Headline
    provinces: list[Headline]


def dashboard(*, year: int) -> Dashboard:
    """The network's and each province's headline figures for ``year``: seven queries."""
    code = getattr(settings, "REPORTS_NETWORK_CODE", "VL")
    network = Network.objects.filter(code=code).only("name").first()
    period = Period.year(year)
    scope = Scope(NETWORK, code)
    total = Headline(code=code, name=network.name if network else code, paid_eur=eur(0))
    provinces = {
        c: Headline(code=c, name=str(label), paid_eur=eur(0)) for c, label in Province.choices
    }
    trainings = trainings_in(scope, period)
    enrolments = counting.counted_enrolments(trainings)
    rows = (
        enrolments.values("training__centre__province")
        .annotate(n=Count("pk"), persons=Count("person_id", distinct=True))
        .order_by()
    )
    for row in rows:
        if row["training__centre__province"] in provinces:
            in_province = provinces[row["training__centre__province"]]
            in_province.participations, in_province.participants = row["n"], row["persons"]
    total.participants, total.participations = counting.participant_counts(enrolments)
    for training_row in (
        trainings.values("centre__province")
        .annotate(n=Count("pk"), hours=Sum("contact_hours"), target=Sum("target_participants"))
        .order_by()
    ):
        for headline in (provinces.get(training_row["centre__province"]), total):
            if headline is not None:
                headline.trainings += training_row["n"]
                headline.contact_hours += training_row["hours"] or 0
                headline.target_participants += training_row["target"] or 0
    for budget_row in (
        budget_lines(scope, period)
        .values("centre__province")
        .annotate(paid=Sum("paid_eur"))
        .order_by()
    ):
        for headline in (provinces.get(budget_row["centre__province"]), total):
            if headline is not None:
                headline.paid_eur = eur(headline.paid_eur + eur(budget_row["paid"]))
    responses = evaluation_responses(trainings)
    group = "questionnaire__training__centre__province"
    for row in responses.values(group).annotate(n=Count("pk")).order_by():
        for headline in (provinces.get(row[group]), total):
            if headline is not None:
                headline.responses += row["n"]
    group = "response__questionnaire__training__centre__province"
    for province, counts in satisfaction_by(evaluation_answers(responses), group).items():
        for headline in (provinces.get(province), total):
            if headline is not None:
                headline.satisfaction += counts
    return Dashboard(period=period, network=total, provinces=list(provinces.values()))

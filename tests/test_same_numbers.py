"""One data set, one number everywhere: participants, cost per participant and the satisfied
and recommend shares are the same on the coordinator's workspace, the ministry dashboard, the
yearly report (JSON, XLSX and the PDF's text), the comparison and the open-data API, because
each of them calls the one function that defines it (``trainings.counting``,
``trainings.evaluations.figures``)."""

import datetime as dt
import io
import json
import subprocess
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from monitor.reports import render, selectors, text
from monitor.reports.comparison import comparison_report
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from networks.models import Province
from tests.factories import OrganisationFactory, ProfileFactory
from tests.trainings.factories import (
    BudgetLineFactory,
    EnrolmentFactory,
    SessionFactory,
    TrainingFactory,
)
from trainings.evaluations import services as evaluations
from trainings.evaluations.models import Invitation
from trainings.evaluations.selectors import evaluation_summary
from trainings.models import Enrolment, Training
from trainings.workspace.selectors import budget_overview

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
S = Enrolment.Status

# What the data below must give, worked out by hand from the rules:
PARTICIPANTS = 3  # p1 (twice), p2 and p5; not the cancelled, waiting, no-show or 2025 ones
PARTICIPATIONS = 4
PAID = Decimal("3703.70")
COST = Decimal("1234.57")  # 3703.70 / 3 = 1234.5666… rounded half up to the cent
SATISFIED = Decimal("66.7")  # overall 5, 4, 2: two of three answered 4 or 5
RECOMMEND = Decimal("33.3")  # yes, no, no


def at(month: int, day: int, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, 9, 0, tzinfo=BRUSSELS)


@pytest.fixture
def data(world):
    people = [ProfileFactory().user for _ in range(8)]
    p1, p2, p3, p4, p5, p6, p7, p8 = people
    upcoming = TrainingFactory(centre=world.centre, status=Training.Status.PUBLISHED)
    SessionFactory(
        training=upcoming, starts_at=at(11, 20), ends_at=at(11, 20) + dt.timedelta(hours=3)
    )
    for person, status in [
        (p1, S.ENROLLED),
        (p2, S.ENROLLED),
        (p3, S.CANCELLED),
        (p4, S.WAITLISTED),
    ]:
        EnrolmentFactory(training=upcoming, person=person, status=status)
    held = TrainingFactory(centre=world.centre, status=Training.Status.HELD)
    SessionFactory(training=held, starts_at=at(2, 10), ends_at=at(2, 10) + dt.timedelta(hours=3))
    for person, status in [(p1, S.ATTENDED), (p5, S.ATTENDED), (p6, S.ENROLLED)]:
        EnrolmentFactory(training=held, person=person, status=status)  # p6 did not come
    last_year = TrainingFactory(centre=world.centre, status=Training.Status.HELD)
    SessionFactory(training=last_year, starts_at=at(5, 5, 2025))
    EnrolmentFactory(training=last_year, person=p7, status=S.ATTENDED)
    elsewhere = TrainingFactory(centre=world.other_centre, status=Training.Status.HELD)
    SessionFactory(training=elsewhere, starts_at=at(3, 3))
    EnrolmentFactory(training=elsewhere, person=p8, status=S.ATTENDED)  # another province
    funder = OrganisationFactory(name="Vlaamse overheid")
    BudgetLineFactory(centre=world.centre, year=2026, source=funder, paid_eur=Decimal("3000.00"))
    BudgetLineFactory(
        centre=world.centre, year=2026, source=funder, category="travel", paid_eur=Decimal("703.70")
    )
    BudgetLineFactory(centre=world.centre, year=2025, source=funder, paid_eur=Decimal("999.99"))
    post = evaluations.questionnaire_for_training(training=held, kind="post")
    questions = {q.code: q for q in post.questions.all()}
    for person, overall, recommend in [(p1, "5", "yes"), (p5, "4", "no"), (p6, "2", "no")]:
        invitation = Invitation.objects.create(questionnaire=post, person=person)
        evaluations.response_submit(
            invitation=invitation,
            answers={
                **{q.pk: "3" for q in questions.values() if q.kind == "likert"},
                questions["overall"].pk: overall,
                questions["recommend"].pk: recommend,
            },
        )
    world.network.funding_public = True
    world.network.save()
    return {"post": post}


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def test_the_workspace_dashboard_reports_and_api_give_the_same_numbers(data, world, client_for):
    # The coordinator's workspace: the budget page's year row, and the results page's shares.
    (year,) = [y for y in budget_overview({world.centre.pk}) if y.year == 2026]
    assert (year.participants, year.paid, year.cost_per_participant) == (PARTICIPANTS, PAID, COST)
    page = client_for(world.coordinator).get(reverse("workspace:budget")).content.decode()
    assert "1.234,57" in page
    summary = evaluation_summary(data["post"])
    assert (summary.share_satisfied, summary.share_recommend) == (SATISFIED, RECOMMEND)

    # The ministry dashboard (its province row: the only centre of East Flanders).
    board = selectors.dashboard(year=2026)
    (province,) = [h for h in board.provinces if h.code == Province.OOST_VLAANDEREN]
    assert (province.participants, province.participations) == (PARTICIPANTS, PARTICIPATIONS)
    assert (province.paid_eur, province.cost_per_participant_eur) == (PAID, COST)
    assert (province.satisfied_share, province.recommend_share) == (SATISFIED, RECOMMEND)

    # The yearly report of the centre: JSON, XLSX and the PDF's text.
    with translation.override("nl-be"):
        report = yearly_report(scope=Scope("centre", "VOV"), period=Period.year(2026))
        figures = json.loads(render.to_json(report.figures))
        book = load_workbook(io.BytesIO(render.yearly_xlsx(report)))
        pdf = pdf_text(render.yearly_pdf(report))
        expected_text = [
            f"{PARTICIPANTS} mensen namen deel",
            f"{text.number(COST, 2)} euro per deelnemer",
            text.percent(SATISFIED),
            text.percent(RECOMMEND),
        ]
    assert figures["participants"]["total"] == PARTICIPANTS
    assert figures["participants"]["participations"] == PARTICIPATIONS
    assert figures["budget"]["cost_per_participant_eur"] == str(COST)  # money: a string
    assert figures["evaluation"]["satisfied_share"] == float(SATISFIED)  # shares: numbers
    assert figures["evaluation"]["recommend_share"] == float(RECOMMEND)
    cells = {r[0]: r[2] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert cells["participants.total"] == PARTICIPANTS
    assert Decimal(str(cells["budget.cost_per_participant_eur"])) == COST
    assert Decimal(str(cells["evaluation.satisfied_share"])) == SATISFIED
    assert Decimal(str(cells["evaluation.recommend_share"])) == RECOMMEND
    for sentence in expected_text:
        assert sentence in pdf, sentence

    # The comparison of the two centres.
    rows = comparison_report(
        scopes=[Scope("centre", "VOV"), Scope("centre", "VWV")], period=Period.year(2026)
    )["rows"]
    assert rows[0]["participants"] == PARTICIPANTS
    assert rows[0]["cost_per_participant_eur"] == COST

    # The open-data API.
    body = client_for(None).get("/api/v1/yearly-figures/2026/").json()
    (api_row,) = [p for p in body["provinces"] if p["code"] == Province.OOST_VLAANDEREN]
    assert api_row["participants"] == PARTICIPANTS
    assert Decimal(api_row["cost_per_participant_eur"]) == COST
    assert Decimal(api_row["satisfied_share"]) == SATISFIED
    assert Decimal(api_row["recommend_share"]) == RECOMMEND
    assert body["network"]["participants"] == PARTICIPANTS + 1  # and p8 in West Flanders


def test_the_api_hides_money_when_the_network_keeps_its_funding_private(data, world, client_for):
    world.network.funding_public = False
    world.network.save()
    body = client_for(None).get("/api/v1/yearly-figures/2026/").json()
    (api_row,) = [p for p in body["provinces"] if p["code"] == Province.OOST_VLAANDEREN]
    assert api_row["participants"] == PARTICIPANTS
    assert api_row["paid_eur"] is None and api_row["cost_per_participant_eur"] is None

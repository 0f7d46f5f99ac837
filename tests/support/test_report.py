"""The support figures of the yearly report on a small data set worked out by hand (JSON,
XLSX and PDF read the same figures).

VOV, 2025. Scheme of the centre (Departement Onderwijs): fee refunded, € 0.40 per km, € 40
per hour of replacement. Training B has its own scheme (Provincie Oost-Vlaanderen, € 0.30
per km). Participants (attended): p1, p2, p3 in A; p4 and p1 in B: 4 persons.

| claim | person | training | what            | amount | status    | source    |
|-------|--------|----------|-----------------|--------|-----------|-----------|
| c1    | p1     | A        | fee 50 + 100 km | 90.00  | paid      | Onderwijs |
| c2    | p2     | A        | 4 h replacement | 160.00 | paid      | Onderwijs |
| c3    | p3     | A        | 50 km           | 20.00  | approved  | Onderwijs |
| c4    | p4     | B        | 200 km          | 60.00  | paid      | Provincie |
| c5    | p1     | B        | 10 km           | 3.00   | submitted | Provincie |
| c6    | p5     | VWV      | fee 30          | 30.00  | paid      | (other centre: out of scope) |

Granted (approved + paid): 90 + 160 + 20 + 60 = 330.00 (Onderwijs 270.00, Provincie 60.00).
Paid: 90 + 160 + 60 = 310.00 (Onderwijs 250.00, Provincie 60.00). Teachers supported: p1,
p2, p3, p4 = 4 (c5 is not granted). Budget paid: a venue line of 500.00 plus the support
310.00 = 810.00; cost per participant 810 / 4 = 202.50; without support (810 − 310) / 4 =
125.00.
"""

import datetime as dt
import io
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from monitor.reports.figures import yearly_report
from monitor.reports.render import to_json, yearly_xlsx
from monitor.reports.scope import Period, Scope
from tests.factories import OrganisationFactory
from tests.reports.test_schema import errors
from tests.trainings.factories import BudgetLineFactory, SessionFactory, TrainingFactory
from trainings.models import Enrolment
from trainings.support import services

from .factories import IBAN, EnrolmentFactory, SchemeFactory, attend

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def _training(centre, month, fee="0"):
    training = TrainingFactory(centre=centre, fee_eur=Decimal(fee), attendance_threshold=50)
    for day in (3, 10):
        start = dt.datetime(2025, month, day, 9, tzinfo=BRUSSELS)
        SessionFactory(training=training, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    training.refresh_from_db()
    return training


def _attended(training, person=None):
    kwargs = {"person": person} if person else {}
    enrolment = EnrolmentFactory(training=training, status=Enrolment.Status.ATTENDED, **kwargs)
    attend(enrolment)
    return enrolment


def _paid(claim, coordinator):
    services.claim_approve(claim=claim, coordinator=coordinator)
    return services.claim_mark_paid(claim=claim, coordinator=coordinator)


@pytest.fixture
def data(world):
    onderwijs = OrganisationFactory(name="Departement Onderwijs")
    provincie = OrganisationFactory(name="Provincie Oost-Vlaanderen")
    a = _training(world.centre, 3, fee="50")
    b = _training(world.centre, 5)
    SchemeFactory(centre=world.centre, source=onderwijs, travel_rate_eur_per_km=Decimal("0.40"))
    SchemeFactory(
        centre=world.centre, training=b, source=provincie, travel_rate_eur_per_km=Decimal("0.30")
    )
    BudgetLineFactory(
        centre=world.centre, year=2025, source=onderwijs, planned_eur=1000, paid_eur=500
    )
    e1, e2, e3 = _attended(a), _attended(a), _attended(a)
    e4 = _attended(b)
    e5 = _attended(b, person=e1.person)
    boss = world.coordinator
    _paid(services.claim_submit(enrolment=e1, fee=True, travel_km=100, iban=IBAN), boss)
    c2 = services.claim_submit(
        enrolment=e2, replacement_hours=4, iban=IBAN, director_email="dir@school.example"
    )
    services.claim_director_answer(claim=c2, confirm=True, name="M. Janssens")
    _paid(c2, boss)
    services.claim_approve(
        claim=services.claim_submit(enrolment=e3, travel_km=50, iban=IBAN), coordinator=boss
    )
    _paid(services.claim_submit(enrolment=e4, travel_km=200, iban=IBAN), boss)
    services.claim_submit(enrolment=e5, travel_km=10, iban=IBAN)
    other = _training(world.other_centre, 4, fee="30")
    SchemeFactory(centre=world.other_centre, source=onderwijs)
    _paid(services.claim_submit(enrolment=_attended(other), fee=True, iban=IBAN), boss)
    return world


def test_the_yearly_reports_support_figures_by_hand(data):
    report = yearly_report(scope=Scope("centre", "VOV"), period=Period.year(2025))
    figures = report.figures
    assert figures["participants"]["total"] == 4
    assert figures["budget"]["paid_eur"] == Decimal("810.00")
    support = figures["support"]
    assert support == {
        "granted_eur": Decimal("330.00"),
        "paid_eur": Decimal("310.00"),
        "teachers_supported": 4,
        "by_source": [
            {
                "name": "Departement Onderwijs",
                "granted_eur": Decimal("270.00"),
                "paid_eur": Decimal("250.00"),
            },
            {
                "name": "Provincie Oost-Vlaanderen",
                "granted_eur": Decimal("60.00"),
                "paid_eur": Decimal("60.00"),
            },
        ],
        "cost_per_participant_eur": Decimal("202.50"),
        "cost_per_participant_without_support_eur": Decimal("125.00"),
    }
    assert figures["budget"]["cost_per_participant_eur"] == Decimal("202.50")

    as_json = json.loads(to_json(figures))
    assert as_json["support"]["granted_eur"] == "330.00"
    assert as_json["support"]["cost_per_participant_without_support_eur"] == "125.00"
    assert errors("yearly", as_json) == []

    book = load_workbook(io.BytesIO(yearly_xlsx(report)))
    sheet = book["Ondersteuning leerkrachten"]
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (
        values["Ondersteuning toegekend (EUR)"][0] == Decimal("330.00")
        or values["Ondersteuning toegekend (EUR)"][0] == 330
    )
    assert values["Provincie Oost-Vlaanderen"] == (60, 60)
    assert values["Kost per deelnemer zonder ondersteuning (EUR)"][0] == 125


def test_school_project_grants_stay_out_of_the_offers_budget_and_cost(data):
    """A grant to a school development project (a centre-wide line of category
    school_projects, as trainings.projects writes it) is money of another activity: the
    budget block, the cost per participant and the support figures stay as worked out above."""
    BudgetLineFactory(
        centre=data.centre,
        year=2025,
        category="school_projects",
        source=OrganisationFactory(name="Departement Onderwijs, STEM-agenda"),
        planned_eur=Decimal("5000.00"),
        paid_eur=Decimal("2500.00"),
    )
    figures = yearly_report(scope=Scope("centre", "VOV"), period=Period.year(2025)).figures
    assert figures["budget"]["paid_eur"] == Decimal("810.00")
    assert figures["budget"]["cost_per_participant_eur"] == Decimal("202.50")
    assert figures["support"]["cost_per_participant_without_support_eur"] == Decimal("125.00")
    assert "Departement Onderwijs, STEM-agenda" not in figures["budget"]["by_source"]


def test_the_network_report_counts_both_centres(data):
    support = yearly_report(
        scope=Scope("network", data.network.code), period=Period.year(2025), details=False
    ).figures["support"]
    assert (support["granted_eur"], support["paid_eur"]) == (Decimal("360.00"), Decimal("340.00"))
    assert support["teachers_supported"] == 5


def test_without_any_budget_the_costs_are_unknown(world):
    support = yearly_report(scope=Scope("centre", "VOV"), period=Period.year(2025)).figures[
        "support"
    ]
    assert support["cost_per_participant_eur"] is None
    assert support["cost_per_participant_without_support_eur"] is None
    assert support["granted_eur"] == Decimal("0.00") and support["by_source"] == []

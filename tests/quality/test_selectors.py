"""A centre's yearly review shows the figures of the ministry's yearly report for that centre
and year (the same functions: participants, schools reached, satisfied share, cost per
participant), and the report (JSON, XLSX, PDF) shows the review's findings and actions."""

import datetime as dt
import io
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitor.reports import render
from monitor.reports.figures import yearly_report
from monitor.reports.scope import CENTRE, Period, Scope
from tests.pdf_ua import pdf_ua_problems
from tests.reports.test_dashboard import held_training
from tests.trainings.factories import BudgetLineFactory
from trainings.quality import selectors
from trainings.quality.models import QualityAction, YearlyReview

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "yearly.schema.json"


@pytest.fixture
def year_2025(world):
    held_training(world.centre, 2025, participants=4, paid="600.00", overall=(5, 4, 2))
    held_training(world.centre, 2025, month=10, participants=2, overall=(5,))
    held_training(world.centre, 2024, participants=5, paid="100.00")  # another year
    held_training(world.other_centre, 2025, participants=3, paid="90.00")  # another centre
    BudgetLineFactory(centre=world.centre, year=2025, paid_eur=Decimal("150.00"))
    review = YearlyReview.objects.create(
        centre=world.centre,
        year=2025,
        findings="Weinig BSO-leraren bereikt.\n\nSterke samenwerking met de UGent.",
    )
    QualityAction.objects.create(
        yearly_review=review,
        description="Twee nascholingen voor BSO",
        owner="Coördinator",
        due_on=dt.date(2026, 6, 30),
        status=QualityAction.Status.IN_PROGRESS,
    )
    return review


def test_the_review_figures_are_the_yearly_reports(world, year_2025):
    figures = selectors.centre_year_figures(world.centre, 2025)
    report = yearly_report(scope=Scope(CENTRE, world.centre.code), period=Period.year(2025))
    f = report.figures
    assert figures.trainings == f["trainings"]["count"] == 2
    assert figures.participants == f["participants"]["total"] == 6
    assert figures.participations == f["participants"]["participations"]
    assert figures.schools_reached == f["schools"]["reached"]
    assert figures.satisfied_share == f["evaluation"]["satisfied_share"] == Decimal("75.0")
    assert figures.cost_per_participant_eur == f["budget"]["cost_per_participant_eur"]
    assert figures.cost_per_participant_eur == Decimal("125.00")  # 750.00 / 6


def test_the_review_page_shows_the_reports_numbers(world, year_2025, client_for):
    page = client_for(world.committee).get(
        reverse("quality:yearly_review", args=[world.centre.code, 2025])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "<dd>6</dd>" in html  # participants
    assert "75,0 %" in html and "€ 125,00" in html
    assert "Weinig BSO-leraren bereikt." in html and "Twee nascholingen voor BSO" in html


def test_a_year_without_data_shows_unknowns_not_zeros(world):
    figures = selectors.centre_year_figures(world.centre, 2019)
    assert figures.participants == 0
    assert figures.satisfied_share is None and figures.cost_per_participant_eur is None


def test_the_yearly_report_shows_findings_and_actions_beside_the_figures(world, year_2025):
    report = yearly_report(scope=Scope(CENTRE, world.centre.code), period=Period.year(2025))
    quality = report.figures["quality"]
    assert quality == {
        "year": 2025,
        "centres": [
            {
                "code": "VOV",
                "name": world.centre.name,
                "findings": ["Weinig BSO-leraren bereikt.", "Sterke samenwerking met de UGent."],
                "actions": [
                    {
                        "description": "Twee nascholingen voor BSO",
                        "owner": "Coördinator",
                        "due_on": "2026-06-30",
                        "status": "in_progress",
                    }
                ],
            }
        ],
    }
    data = json.loads(render.to_json(report.figures))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(data)
    book = load_workbook(io.BytesIO(render.yearly_xlsx(report)))
    sheet = book["Kwaliteit"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]
    assert (world.centre.name, "Bevinding", "Weinig BSO-leraren bereikt.") == rows[0][:3]
    assert rows[2][2:4] == ("Twee nascholingen voor BSO", "Coördinator")
    assert rows[2][5] == "Bezig"


def test_the_pdf_has_the_committees_section(world, year_2025):
    report = yearly_report(scope=Scope(CENTRE, world.centre.code), period=Period.year(2025))
    pdf = render.yearly_pdf(report)
    assert pdf_ua_problems(pdf, expect_tables=True) == []
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "wetenschappelijk comité" in text.lower()
    assert "Twee nascholingen voor BSO" in text


def test_a_report_over_two_years_has_no_review(world, year_2025):
    period = Period.between(dt.date(2025, 9, 1), dt.date(2026, 6, 30))
    report = yearly_report(scope=Scope(CENTRE, world.centre.code), period=period)
    assert report.figures["quality"] == {"year": None, "centres": []}
    assert "Kwaliteit" not in load_workbook(io.BytesIO(render.yearly_xlsx(report))).sheetnames

"""Budget lines: rules, totals per year, cost per participant, pages and export."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import OrganisationFactory
from trainings.models import BudgetLine
from trainings.services import budget as services
from trainings.workspace.selectors import budget_overview

from .factories import BudgetLineFactory, EnrolmentFactory, SessionFactory, TrainingFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def funder(db):
    return OrganisationFactory(name="Vlaamse overheid")


def test_budget_line_rules(world, funder):
    training = TrainingFactory(centre=world.centre)
    fields = {
        "training": training,
        "year": 2026,
        "category": "venue",
        "source": funder,
        "planned_eur": Decimal("100.00"),
        "paid_eur": Decimal("0.00"),
    }
    services.budget_line_create(centre=world.centre, fields=fields)
    with pytest.raises(ValidationError):
        services.budget_line_create(centre=world.centre, fields=fields)
    with pytest.raises(ValidationError):
        services.budget_line_create(
            centre=world.centre, fields=fields | {"category": "travel", "paid_eur": Decimal("-1")}
        )
    theirs = TrainingFactory(centre=world.other_centre)
    with pytest.raises(ValidationError):
        services.budget_line_create(
            centre=world.centre, fields=fields | {"training": theirs, "category": "staff"}
        )
    # a line for the whole centre may sit next to the training's line
    services.budget_line_create(centre=world.centre, fields=fields | {"training": None})
    assert BudgetLine.objects.count() == 2


def test_totals_per_year_and_cost_per_participant(world, funder):
    training = TrainingFactory(centre=world.centre)
    SessionFactory(training=training, starts_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
    EnrolmentFactory.create_batch(4, training=training, status="attended")
    EnrolmentFactory(training=training, status="cancelled")
    BudgetLineFactory(
        centre=world.centre,
        training=training,
        year=2026,
        source=funder,
        planned_eur=Decimal("1000.00"),
        paid_eur=Decimal("900.00"),
    )
    BudgetLineFactory(
        centre=world.centre,
        year=2026,
        category="staff",
        source=funder,
        planned_eur=Decimal("500.50"),
        paid_eur=Decimal("100.10"),
    )
    BudgetLineFactory(
        centre=world.other_centre,
        year=2026,
        source=funder,
        planned_eur=Decimal("7.00"),
        paid_eur=Decimal("7.00"),
    )
    (year,) = budget_overview({world.centre.pk})
    assert year.year == 2026
    assert year.planned == Decimal("1500.50") and year.paid == Decimal("1000.10")
    assert year.participants == 4
    assert year.cost_per_participant == Decimal("250.03")
    assert year.by_source == {"Vlaamse overheid": [Decimal("1500.50"), Decimal("1000.10")]}
    assert budget_overview(None)[0].paid == Decimal("1007.10")


def test_budget_page_add_line_and_scoping(world, client_for, funder):
    client = client_for(world.coordinator)
    url = reverse("workspace:budget")
    data = {
        "centre": world.centre.pk,
        "year": "2026",
        "category": "catering",
        "source": funder.pk,
        "planned_eur": "250.00",
        "paid_eur": "0",
    }
    assert client.post(url, data).status_code == 302
    assert BudgetLine.objects.get().centre == world.centre
    response = client.post(url, data | {"category": "travel", "centre": world.other_centre.pk})
    assert response.status_code == 200 and BudgetLine.objects.count() == 1
    assert client_for(world.ministry).post(url, data | {"category": "travel"}).status_code == 404
    line = BudgetLine.objects.get()
    edit = reverse("workspace:budget_edit", args=[line.pk])
    assert client_for(world.other_coordinator).post(edit, {"delete": "1"}).status_code == 404
    assert client_for(world.ministry).get(edit).status_code == 403
    client = client_for(world.coordinator)
    client.post(
        edit,
        {
            "year": "2026",
            "category": "catering",
            "source": funder.pk,
            "planned_eur": "300",
            "paid_eur": "120",
        },
    )
    line.refresh_from_db()
    assert line.planned_eur == Decimal("300.00") and line.paid_eur == Decimal("120.00")
    client.post(edit, {"delete": "1"})
    assert not BudgetLine.objects.exists()


def test_budget_page_query_count_is_flat(world, client_for, funder):
    client = client_for(world.coordinator)
    counts = []
    for n in (2, 12):
        for i in range(n):
            BudgetLineFactory(
                centre=world.centre,
                year=2000 + len(counts) * 50 + i,
                source=funder,
                training=TrainingFactory(centre=world.centre),
            )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("workspace:budget")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_budget_export_is_reimportable_and_neutralised(world, client_for):
    evil = OrganisationFactory(name="=cmd|' /C calc'!A0")
    BudgetLineFactory(centre=world.centre, source=evil, planned_eur=Decimal("12.50"))
    BudgetLineFactory(centre=world.other_centre, source=evil)
    response = client_for(world.coordinator).get(reverse("workspace:budget_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == (
        "centre",
        "training",
        "year",
        "category",
        "source",
        "planned_eur",
        "paid_eur",
    )
    assert len(rows) == 2
    assert rows[1][4].startswith("'=")

"""Every XLSX download names its sheets in the reader's language: none is called "Tablib
Dataset" (tablib's default when ``stemnet.tabular.table_response`` gets no ``sheet``)."""

import io
from io import StringIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitor import demo as monitor_demo
from tests.trainings.factories import BudgetLineFactory, TrainingFactory
from trainings.evaluations import services as evaluations

pytestmark = pytest.mark.django_db


def sheets(response) -> list[str]:
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).sheetnames


def test_budget_results_and_monitor_downloads_have_named_sheets(world, client_for):
    BudgetLineFactory(centre=world.centre)
    questionnaire = evaluations.questionnaire_for_training(
        training=TrainingFactory(centre=world.centre), kind="post"
    )
    monitor_demo.load(StringIO())
    coordinator = client_for(world.coordinator)
    assert sheets(coordinator.get(reverse("workspace:budget_export"))) == ["Budgetlijnen"]
    results = reverse("workspace:results_export", args=[questionnaire.pk])
    assert sheets(coordinator.get(results)) == ["Resultaten"]
    download = reverse("monitor:indicator_download", args=["intake_stem_share", "xlsx"])
    assert sheets(client_for(None).get(download)) == ["Waarnemingen"]

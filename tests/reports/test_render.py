"""PDF, XLSX and JSON of one scope hold the same numbers (monitor/reports/render.py)."""

import io
import json
import subprocess
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from monitor.models import Indicator
from monitor.reports import render, text
from monitor.reports.comparison import comparison_report
from monitor.reports.demo import load_masterclasses_2017
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from tests.monitor.factories import ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.fixture
def report(world):
    load_masterclasses_2017()
    target = TargetFactory(indicator__code="girls_stem", period="2019-2020")
    ObservationFactory(indicator=target.indicator, period="2013-2014")
    with translation.override("nl-be"):
        yield yearly_report(scope=Scope("network", "VL"), period=Period.year(2017))


def test_json_xlsx_and_pdf_hold_the_same_numbers(report):
    with translation.override("nl-be"):
        data = json.loads(render.to_json(report.figures))
        book = load_workbook(io.BytesIO(render.yearly_xlsx(report)))
        pdf = pdf_text(render.yearly_pdf(report))
    sheet = book.worksheets[0]
    values = {row[0]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for key, _label in text.summary_keys():
        expected = text.lookup(data, key)
        got = values[key]
        if isinstance(expected, str):  # a Decimal in JSON: the same number in the sheet
            assert Decimal(str(got)) == Decimal(expected), key
        else:
            assert got == expected, key
    assert values["participants.total"] == 45
    assert str(values["budget.paid_eur"]) == "29012.01"
    # The PDF's summary reads like the minister's answer, with the same numbers.
    flat = " ".join(pdf.split())
    assert "45 mensen namen deel" in flat
    assert "21 leerkrachten, 16 mensen uit bedrijven en 8 onderzoekers" in flat
    assert "Er namen geen CLB-medewerkers deel." in flat
    assert "29.012,01 euro" in flat
    assert "Wetenschappen: 3" in flat and "Techniek: 10" in flat
    assert "meerdere categorieën" in flat
    assert "100 deelnemers" in flat and "45,0 %" in flat
    # Every page carries the scope and period, the date, and its number.
    pages = pdf.split("\f")[:-1]
    assert len(pages) > 5
    for number, page in enumerate(pages[1:], start=2):
        assert "STEMNET Vlaanderen · 2017" in page
        assert f"{number} / {len(pages)}" in page
    # Open answers, budget by source and the indicators are there too.
    assert "Kennismaken met onderzoekers en bedrijven" in flat
    assert "Vlaamse overheid, Departement Onderwijs en Vorming" in flat
    assert Indicator.objects.get(code="girls_stem").name_nl in flat


def test_xlsx_text_that_looks_like_a_formula_is_neutralised(world):
    world.centre.name = '=HYPERLINK("http://evil")'
    world.centre.save()
    report = yearly_report(scope=Scope("network", world.network.code), period=Period.year(2025))
    book = load_workbook(io.BytesIO(render.yearly_xlsx(report)))
    names = [row[1] for row in book.worksheets[2].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil")' in names


def test_comparison_in_three_formats_agrees(world):
    load_masterclasses_2017()
    scopes = [Scope("centre", "VOV"), Scope("centre", "VWV")]
    with translation.override("nl-be"):
        figures = comparison_report(scopes=scopes, period=Period.year(2017))
        book = load_workbook(io.BytesIO(render.comparison_xlsx(figures)))
        flat = " ".join(pdf_text(render.comparison_pdf(figures)).split())
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert [r["participants"] for r in figures["rows"]] == [45, 0]
    assert [r[7] for r in rows[1:]] == [45, 0]
    assert str(rows[1][9]) == "29012.01"
    assert "€ 29.012,01" in flat and "€ 644,71" in flat
    data = json.loads(render.to_json(figures))
    assert data["rows"][0]["paid_eur"] == "29012.01"
    assert data["rows"][0]["cost_per_participant_eur"] == "644.71"
    assert data["rows"][1]["cost_per_participant_eur"] is None


def test_pdf_has_a_title_page_and_a_table_of_contents_that_points_right(report):
    import re

    with translation.override("nl-be"):
        pages = pdf_text(render.yearly_pdf(report)).split("\f")[:-1]
    title = " ".join(pages[0].split())
    assert "STEMNET Vlaanderen" in title and "1 januari 2017 tot 31 december 2017" in title
    assert "Inhoud" in pages[1]
    entries = re.findall(r"^\s*(\S[^.\n]*?)\s*\.{3,}\s*(\d+)\s*$", pages[1], re.MULTILINE)
    sections = {name for name, _page in entries}
    assert {"Samenvatting", "Deelnemers", "Budget", "Evaluatie"} <= sections, entries
    for name, page in entries:
        body = pages[int(page) - 1]
        if int(page) == 2:  # the contents page itself: the heading follows the contents
            body = body.split(name, 1)[1]
        assert re.search(rf"^\s*{re.escape(name)}\s*$", body, re.MULTILINE), (name, page)

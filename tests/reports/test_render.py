"""PDF, XLSX and JSON of one scope hold the same numbers (monitor/reports/render.py)."""

import datetime as dt
import io
import json
import re
import subprocess
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext
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
    assert "21 van de ongeveer 100 beoogde leerkrachten" in flat and "21,0 %" in flat
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


def _comparison_columns():
    with translation.override("nl-be"):
        return [(c.key, c) for c in render.comparison_columns()]


def test_comparison_in_three_formats_agrees(world):
    load_masterclasses_2017()
    scopes = [Scope("centre", "VOV"), Scope("centre", "VWV")]
    with translation.override("nl-be"):
        figures = comparison_report(scopes=scopes, period=Period.year(2017))
        book = load_workbook(io.BytesIO(render.comparison_xlsx(figures)))
        flat = " ".join(pdf_text(render.comparison_pdf(figures)).split())
    header, *rows = book.worksheets[0].iter_rows(values_only=True)
    column = {key: header.index(c.header) for key, c in _comparison_columns()}
    assert [r["participants"] for r in figures["rows"]] == [45, 0]
    assert [r[column["participants"]] for r in rows] == [45, 0]
    assert str(rows[0][column["paid_eur"]]) == "29012.01"
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


# --- every number the PDF prints is in the JSON ---------------------------------------------

# A number as the Dutch PDF prints it (1.234,5; € 29.012,01; 45,0 %), not glued to a letter
# or another digit (ordinals such as "1ste graad" are words of a label, not figures).
PRINTED_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w])")
# A number inside a JSON string (a name, a title, a period such as "2013-2014").
TEXT_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _number(text: str) -> Decimal:
    return abs(Decimal(text.replace(".", "").replace(",", "."))).normalize()


def printed_numbers(text: str) -> set[Decimal]:
    return {_number(m.group(0)) for m in PRINTED_NUMBER.finditer(text)}


def json_numbers(value, *, top: bool = True) -> set[Decimal]:
    """Every number of the JSON: numbers, money strings, and numbers inside text (names,
    titles, periods such as "2013-2014"); the report's own dates (the top-level
    ``generated_at`` and ``period``) are left out, the test allows them on their own."""
    if isinstance(value, dict):
        items = [v for k, v in value.items() if not (top and k in {"generated_at", "period"})]
        return set().union(*(json_numbers(v, top=False) for v in items))
    if isinstance(value, list):
        return set().union(*(json_numbers(v, top=False) for v in value))
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float):
        return {abs(Decimal(str(value))).normalize()}
    if isinstance(value, str):
        return {abs(Decimal(m.replace(",", "."))).normalize() for m in TEXT_NUMBER.findall(value)}
    return set()


def _pdf_with_ticks(report, monkeypatch) -> tuple[bytes, set[Decimal]]:
    """The real PDF, and every axis tick its charts drew (``stemnet.charts.nice_ticks``)."""
    import stemnet.charts
    import stemnet.maps

    ticks: set[Decimal] = set()
    real = stemnet.charts.nice_ticks

    def recording(*args, **kwargs):
        result = real(*args, **kwargs)
        ticks.update(abs(Decimal(str(t))).normalize() for t in result)
        return result

    monkeypatch.setattr(stemnet.charts, "nice_ticks", recording)
    # The province map's legend: its classes' limits, a scale like the axes' ticks.
    monkeypatch.setattr(stemnet.maps, "nice_ticks", recording)
    return render.yearly_pdf(report), ticks


@pytest.fixture
def demo():
    from django.core.management import call_command

    call_command("loaddemo", stdout=io.StringIO())


@pytest.mark.parametrize("scope", [Scope("network", "VL"), Scope("centre", "VOV")])
def test_every_number_the_pdf_prints_is_in_the_json(demo, monkeypatch, scope):
    with translation.override("nl-be"):
        report = yearly_report(scope=scope, period=Period.year(2017))
        data = json.loads(render.to_json(report.figures))
        content, ticks = _pdf_with_ticks(report, monkeypatch)
        # "Tevreden (4 of 5 op 5)": the scale of the question is part of a label, not a figure
        scale = re.search(r"\(.*\)", gettext("Satisfied (4 or 5 out of 5)")).group(0)
    printed = pdf_text(content)
    pages = printed.split("\f")[:-1]
    flat = " ".join(printed.split()).replace(scale, "")
    generated = dt.datetime.fromisoformat(data["generated_at"])
    start, end = report.period.start, report.period.end
    allowed = {
        # page numbers ("Pagina 2 / 9") and the contents' page references
        *range(1, len(pages) + 1),
        # the period and the day the report was made, as dates in words
        start.year,
        start.day,
        end.year,
        end.day,
        generated.year,
        generated.day,
    }
    allowed = {Decimal(n) for n in allowed} | ticks  # ticks: the axes' scale, not figures
    known = json_numbers(data)
    missing = sorted(printed_numbers(flat) - known - allowed)
    assert missing == [], f"printed in the PDF but not in the JSON: {missing}"
    # the extraction reads the figures as printed: money, shares, counts
    assert {_number("29.012,01"), _number("45"), _number("80,0")} <= printed_numbers(flat)


def test_json_types_are_the_documented_ones(report):
    data = json.loads(render.to_json(report.figures))
    assert data["currency"] == "EUR"
    assert data["participants"]["total"] == 45 and isinstance(data["trainings"]["count"], int)
    assert data["budget"]["paid_eur"] == "29012.01"
    assert data["budget"]["cost_per_participant_eur"] == "644.71"
    assert data["budget"]["sources"] == [
        {
            "name": "Vlaamse overheid, Departement Onderwijs en Vorming",
            "planned_eur": "29012.01",
            "paid_eur": "29012.01",
        }
    ]
    assert data["evaluation"]["satisfied_share"] == 80.0  # a number, one decimal
    assert data["evaluation"]["response_rate"] is None
    assert data["trainings"]["contact_hours"] == 6.0
    assert data["period"] == {"from": "2017-01-01", "to": "2017-12-31", "label": "2017"}
    centres = {c["code"]: c for c in data["centres"]}
    assert centres["VOV"]["participants"] == 45 and centres["VOV"]["paid_eur"] == "29012.01"
    assert centres["VWV"]["paid_eur"] == "0.00"
    assert len(data["open_answers"]) == data["evaluation"]["open_answers_shown"] == 4
    (girls,) = [i for i in data["indicators"] if i["code"] == "girls_stem"]
    assert girls["status"] == "pending" and girls["target_comparator"] == "gte"
    assert girls["series"][0]["observations"][0]["period"] == "2013-2014"


# --- XLSX: named sheets, typed cells, number formats -----------------------------------------


def test_xlsx_cells_are_typed_and_formatted(report):
    with translation.override("nl-be"):
        content = render.yearly_xlsx(report)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [
        "Samenvatting",
        "Budget per bron",
        "Centra",
        "Scholen",
        "Ondersteuning leerkrachten",
        "Waar doorgegaan",
        "Open antwoorden",
        "Indicatoren",
        "Evaluatie per groep",
        "Definities",
    ]
    summary = {row[0].value: row[2] for row in book["Samenvatting"].iter_rows(min_row=2)}
    assert summary["period.from"].value == dt.datetime(2017, 1, 1)
    assert summary["period.from"].is_date
    assert summary["generated_at"].is_date
    assert summary["currency"].value == "EUR"
    paid = summary["budget.paid_eur"]
    assert paid.value == pytest.approx(29012.01) and "€" in paid.number_format
    assert "#,##0.00" in paid.number_format
    share = summary["evaluation.satisfied_share"]
    assert share.value == 80 and share.number_format.endswith('" %"')
    # Sessions counted where they were held: the masterclass days in Oost- and West-Vlaanderen.
    held = {row[1].value: row for row in book["Waar doorgegaan"].iter_rows(min_row=2)}
    assert [c.value for c in held["VWV"][2:]] == [2, 1, 45]
    assert [c.value for c in held["VOV"][2:]] == [1, 1, 45]
    assert held["VWV"][2].number_format == "#,##0"
    assert summary["participants.total"].value == 45
    assert summary["participants.total"].number_format == "#,##0"
    assert summary["evaluation.response_rate"].value is None  # nothing sent: empty, not 0
    centre = [r for r in book["Centra"].iter_rows(min_row=2) if r[0].value == "VOV"][0]
    assert centre[7].value == pytest.approx(29012.01) and "€" in centre[7].number_format
    # a target is a number, its comparator a word in its own column; the status is translated
    header = [c.value for c in book["Indicatoren"][1]]
    (girls,) = [
        dict(zip(header, row, strict=True))
        for row in book["Indicatoren"].iter_rows(min_row=2)
        if row[0].value == "girls_stem"
    ]
    assert isinstance(girls["Doelwaarde"].value, int | float)
    assert girls["Vergelijking"].value == "minstens"
    assert girls["Status"].value == "nog geen gegevens voor de doelperiode"
    values = [c.value for row in book["Indicatoren"].iter_rows() for c in row]
    assert not any(isinstance(v, str) and ("≥" in v or "not_met" in v) for v in values)
    groups = list(book["Evaluatie per groep"].iter_rows(min_row=2))
    assert groups[0][4].value == 80 and groups[0][4].number_format.endswith('" %"')
    # every figure of the summary has its definition, in Dutch
    definitions = {r[0]: r[2] for r in book["Definities"].iter_rows(min_row=2, values_only=True)}
    for key, _label in text.summary_keys():  # by_role.teacher: the by_role definition
        assert definitions.get(key) or definitions.get(key.rsplit(".", 1)[0]), key
    assert definitions["participants.total"].startswith("Verschillende personen")

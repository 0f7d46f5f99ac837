"""Schools reached (``trainings.counting.schools_reached``, the reports' ``schools`` block) on a
small register whose answer is worked out by hand below; and the same figures in the JSON (and
its schema), the XLSX's "Scholen" sheet, the PDF's section with its map, the comparison and the
workspace's training page.

The register, period 2024:

    school  province  levels                      active
    S1      VOV       kleuter, lager              always
    S2      VOV       secundair                   always
    S3      VOV       kleuter, lager, secundair   always
    S4      VWV       lager                       always
    S5      VWV       secundair, buitengewoon     from 2020-09-01
    S6      VWV       secundair                   closed on 2023-06-30: not in 2024's register
    S7      VWV       kleuter                     opens on 2025-09-01: not in 2024's register

Participants of the Oost-Vlaanderen centre's trainings held in 2024: P1 and P2 at S1 (P1 in
two trainings), P3 at S4, P4 without a register school (a school abroad, typed), P5 at S2 but
cancelled (not counted), P6 at the closed S6, P7 at S5 but in a training of 2023.

    reached        S1, S4                               2 of 5 = 40.0 %
    without_school P4, P6 (of the 5 counted P1–P4, P6)  2
    VOV            S1 of S1, S2, S3                      1 of 3 = 33.3 %
    VWV            S4 of S4, S5                          1 of 2 = 50.0 %
    kleuter        S1 of S1, S3                          1 of 2 = 50.0 %
    lager          S1, S4 of S1, S3, S4                  2 of 3 = 66.7 %
    secundair      none of S2, S3, S5                    0 of 3 = 0.0 %
    buitengewoon   none of S5                            0 of 1 = 0.0 %
    volwassenen    no school                             0 of 0 = null
"""

import datetime as dt
import io
import json
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from monitor.reports import maps, render
from monitor.reports.comparison import comparison_report
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from networks.schools.models import School
from tests.factories import ProfileFactory
from tests.reports.test_schema import errors
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings import counting
from trainings.models import Enrolment, Training

pytestmark = pytest.mark.django_db
YEAR = Period.year(2024)
BRUSSELS = dt.timezone(dt.timedelta(hours=1))
Status = Enrolment.Status


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def school(number, province, postcode, municipality, levels, **active):
    return School.objects.create(
        number=number,
        name=f"School {number}",
        postcode=postcode,
        municipality=municipality,
        province=province,
        network="GO",
        levels=levels,
        **active,
    )


def person(at=None, **kwargs):
    return ProfileFactory(school=at, **kwargs).user


def held(centre, day: dt.date):
    training = TrainingFactory(centre=centre, status=Training.Status.HELD)
    SessionFactory(
        training=training, starts_at=dt.datetime(day.year, day.month, day.day, 9, tzinfo=BRUSSELS)
    )
    return training


@pytest.fixture
def register(world):
    s = {
        1: school("000001", "VOV", "9000", "Gent", ["kleuter", "lager"]),
        2: school("000002", "VOV", "9300", "Aalst", ["secundair"]),
        3: school("000003", "VOV", "9000", "Gent", ["kleuter", "lager", "secundair"]),
        4: school("000004", "VWV", "8000", "Brugge", ["lager"]),
        5: school(
            "000005",
            "VWV",
            "8500",
            "Kortrijk",
            ["secundair", "buitengewoon"],
            active_from=dt.date(2020, 9, 1),
        ),
        6: school(
            "000006", "VWV", "8400", "Oostende", ["secundair"], active_to=dt.date(2023, 6, 30)
        ),
        7: school("000007", "VWV", "8000", "Brugge", ["kleuter"], active_from=dt.date(2025, 9, 1)),
    }
    first = held(world.centre, dt.date(2024, 3, 12))
    second = held(world.centre, dt.date(2024, 10, 1))
    earlier = held(world.centre, dt.date(2023, 5, 4))
    p1, p2, p3 = person(s[1]), person(s[1]), person(s[4])
    p4 = person(None, school_name="Lycée Pasteur, Lille")
    p5, p6, p7 = person(s[2]), person(s[6]), person(s[5])
    for who in (p1, p2, p3, p4, p6):
        EnrolmentFactory(training=first, person=who, status=Status.ATTENDED)
    EnrolmentFactory(training=second, person=p1, status=Status.ATTENDED)
    EnrolmentFactory(training=first, person=p5, status=Status.CANCELLED)
    EnrolmentFactory(training=earlier, person=p7, status=Status.ATTENDED)
    world.schools, world.first = s, first
    return world


def share(reached, total, value):
    return {"reached": reached, "register_total": total, "share_reached": value}


def test_schools_reached_by_province_and_level_worked_out_by_hand(register):
    schools = yearly_report(scope=Scope("network", "VL"), period=YEAR, details=False).figures[
        "schools"
    ]
    assert (schools["reached"], schools["register_total"]) == (2, 5)
    assert schools["share_reached"] == Decimal("40.0")
    assert schools["without_school"] == 2  # P4 (no register school) and P6 (school closed)
    provinces = {
        code: {k: v for k, v in row.items() if k != "name"}
        for code, row in schools["by_province"].items()
    }
    assert provinces == {
        "VAN": share(0, 0, None),
        "VBR": share(0, 0, None),
        "VLI": share(0, 0, None),
        "VOV": share(1, 3, Decimal("33.3")),
        "VWV": share(1, 2, Decimal("50.0")),
        "BRU": share(0, 0, None),
    }
    assert schools["by_province"]["VOV"]["name"] == "Oost-Vlaanderen"
    assert schools["by_level"] == {
        "kleuter": share(1, 2, Decimal("50.0")),
        "lager": share(2, 3, Decimal("66.7")),
        "secundair": share(0, 3, Decimal("0.0")),
        "buitengewoon": share(0, 1, Decimal("0.0")),
        "volwassenen": share(0, 0, None),
    }


def test_the_register_of_a_period_counts_the_schools_active_in_it(register):
    """Active from ≤ the period's end and (no end or ended ≥ its start): S6 closed on the
    period's first day still counts; S7 opening after it does not."""
    enrolments = counting.counted_enrolments(Training.objects.none())
    late_2023 = counting.schools_reached(
        enrolments, start=dt.date(2023, 6, 30), end=dt.date(2023, 12, 31)
    )
    assert (
        late_2023["register_total"] == 6 and late_2023["by_province"]["VWV"]["register_total"] == 3
    )
    assert late_2023["reached"] == 0 and late_2023["share_reached"] == Decimal("0.0")
    opening_day = counting.schools_reached(
        enrolments, start=dt.date(2025, 9, 1), end=dt.date(2025, 9, 1)
    )
    assert opening_day["register_total"] == 6  # S1–S5 and S7, open that day; S6 gone
    # 2023: P7's training counts S5; P6's school was still open in the first half of 2023.
    first_half = yearly_report(
        scope=Scope("network", "VL"),
        period=Period.between(dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
        details=False,
    ).figures["schools"]
    assert (first_half["reached"], first_half["register_total"], first_half["without_school"]) == (
        1,
        6,
        0,
    )


def test_a_scope_counts_its_own_participants_only(register):
    """The West-Vlaanderen centre organised nothing: no school reached, the register whole."""
    west = yearly_report(scope=Scope("centre", "VWV"), period=YEAR, details=False).figures[
        "schools"
    ]
    assert (west["reached"], west["register_total"], west["share_reached"]) == (
        0,
        5,
        Decimal("0.0"),
    )
    assert west["without_school"] == 0
    east = yearly_report(scope=Scope("province", "VOV"), period=YEAR, details=False).figures[
        "schools"
    ]
    assert (east["reached"], east["without_school"]) == (2, 2)


def test_schools_in_the_json_xlsx_and_pdf(register):
    with translation.override("nl-be"):
        report = yearly_report(scope=Scope("network", "VL"), period=YEAR)
        data = json.loads(render.to_json(report.figures))
        book = load_workbook(io.BytesIO(render.yearly_xlsx(report)))
        content = render.yearly_pdf(report)
    assert errors("yearly", data) == []
    assert (
        data["schools"]["share_reached"] == 40.0
        and data["schools"]["by_level"]["volwassenen"]["share_reached"] is None
    )
    assert data["schools"]["by_province"]["VOV"]["share_reached"] == 33.3

    rows = list(book["Scholen"].iter_rows(min_row=2))
    by_code = {row[1].value: row for row in rows if row[1].value}
    assert [c.value for c in rows[0][3:]] == [2, 5, 40.0]
    assert [c.value for c in by_code["VOV"][2:]] == ["Oost-Vlaanderen", 1, 3, 33.3]
    assert [c.value for c in by_code["lager"][3:]] == [2, 3, 66.7]
    assert by_code["volwassenen"][5].value is None
    assert by_code["VOV"][3].number_format == "#,##0"
    assert by_code["VOV"][5].number_format == '0.0" %"'
    assert (
        rows[-1][0].value == "Deelnemers zonder school uit het register" and rows[-1][3].value == 2
    )
    summary = {
        row[0]: row[2] for row in book["Samenvatting"].iter_rows(min_row=2, values_only=True)
    }
    assert (summary["schools.reached"], summary["schools.share_reached"]) == (2, 40.0)
    definitions = {r[0]: r[2] for r in book["Definities"].iter_rows(min_row=2, values_only=True)}
    assert definitions["schools.reached"].startswith("Verschillende scholen uit het register")

    text = pdf_text(content)
    assert "Bereikte scholen" in text
    assert "2 van de 5 scholen in het register werden bereikt (40,0 %)" in text
    assert "2 deelnemers tellen voor geen school uit het register" in text
    assert "Oost-Vlaanderen 1 3 33,3 %" in text and "West-Vlaanderen 1 2 50,0 %" in text
    assert "lager onderwijs 2 3 66,7 %" in text and "volwassenenonderwijs 0 0 –" in text
    # The map and its data table, shown as text in the PDF.
    assert "Aandeel bereikte scholen per provincie" in text
    assert text.count("Aandeel bereikte scholen per provincie") >= 2  # the map's title, the table


def test_the_map_is_shaded_by_the_share_of_schools_reached(register):
    schools = yearly_report(scope=Scope("network", "VL"), period=YEAR, details=False).figures[
        "schools"
    ]
    with translation.override("nl-be"):
        found = maps.schools_map(schools)
    assert 'role="img"' in found.svg and "<title" in found.svg
    rows = {row[0]: row[1] for row in found.table.rows}
    assert rows["Oost-Vlaanderen"] == "33,3 %" and rows["West-Vlaanderen"] == "50,0 %"
    assert rows["Limburg"] == "–"  # no school in the register: no data, not 0 %
    # Shares are not counts, even when whole (the demo's 18.0 and 57.0 %): the legend's
    # classes meet at round limits ("0,0 %–20,0 %"), not as counts do ("0–19", "20–39").
    whole = {"VOV": {"share_reached": Decimal("18.0")}, "VWV": {"share_reached": Decimal("57.0")}}
    with translation.override("nl-be"):
        svg = maps.schools_map({"by_province": whole}).svg
    assert "0,0 %–20,0 %" in svg and "19,0 %" not in svg


def test_the_comparison_counts_schools_with_the_same_function(register):
    figures = comparison_report(
        scopes=[Scope("province", "VOV"), Scope("province", "VWV")], period=YEAR
    )
    rows = {row["code"]: row for row in json.loads(render.to_json(figures))["rows"]}
    assert errors("comparison", json.loads(render.to_json(figures))) == []
    assert (rows["VOV"]["schools_reached"], rows["VOV"]["schools_share_reached"]) == (2, 40.0)
    assert (rows["VWV"]["schools_reached"], rows["VWV"]["schools_share_reached"]) == (0, 0.0)
    assert rows["VOV"]["reach"]["schools"] == 2
    with translation.override("nl-be"):
        # the narrow columns hyphenate ("instellin‐ gen"): read the words whole
        text = pdf_text(render.comparison_pdf(figures)).replace("\u2010 ", "")
        book = load_workbook(io.BytesIO(render.comparison_xlsx(figures)))
    assert "2 scholen of instellingen" in text and "40,0 % van de scholen in het register" in text
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("Bereikte scholen uit het register (%)")
    values = {row[0].value: row[column] for row in sheet.iter_rows(min_row=2)}
    assert values["VOV"].value == 40.0 and values["VOV"].number_format == '0.0" %"'


def test_the_training_page_shows_the_schools_represented(register, client):
    """P1, P2 (S1), P3 (S4): two schools; P4 has none, P5 cancelled, P6's school was closed."""
    assert (
        counting.schools_represented(
            counting.counted_enrolments(Training.objects.filter(pk=register.first.pk))
        )
        == 3
    )  # without the period: S6 too
    client.force_login(register.coordinator)
    with translation.override("nl-be"):
        response = client.get(reverse("workspace:training", args=[register.first.pk]))
    assert response.status_code == 200
    assert "2 scholen uit het register vertegenwoordigd bij de getelde deelnemers." in (
        response.content.decode()
    )


def test_the_ministry_dashboard_shows_the_schools_and_their_map(register, client_for, settings):
    settings.REPORTS_NETWORK_CODE = register.network.code
    with translation.override("nl-be"):
        page = client_for(register.ministry).get(reverse("reports:dashboard"), {"year": 2024})
    assert page.status_code == 200
    board = page.context["schools"]
    assert (board.total["reached"], board.total["share_reached"]) == (2, Decimal("40.0"))
    rows = {row.code: (row.reached, row.register_total, row.share_reached) for row in board.rows}
    # by the organising centre's province: the East Flanders centre reached S1 and S4
    assert rows["VOV"] == (2, 5, Decimal("40.0")) and rows["VWV"] == (0, 5, Decimal("0.0"))
    for code in ("VOV", "VWV"):  # each row as that province's yearly report counts it
        report = yearly_report(scope=Scope("province", code), period=YEAR, details=False)
        assert rows[code][0] == report.figures["schools"]["reached"]
        assert rows[code][2] == report.figures["schools"]["share_reached"]
    html = " ".join(page.content.decode().split())
    assert (
        "kwamen de deelnemers van het netwerk uit 2 van de 5 scholen in het register (40,0 %)"
        in (html)
    )
    # the map, shaded by the share of each province's schools, with its table
    assert 'id="schools-map"' in html
    assert "Aandeel bereikte scholen per provincie" in html
    assert '<td class="num">33,3 %</td>' in html  # Oost-Vlaanderen's schools: S1 of 3

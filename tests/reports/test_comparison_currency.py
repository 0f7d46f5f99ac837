"""The comparison (monitor/reports/comparison.py, the comparison_* renderers, the directory's
comparison page): money with its own currency in every format, Flanders' own row computed
from the portal, Flanders with the seven networks of the study at once, unknown cost."""

import datetime as dt
import io
import json
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from monitor.reports import render
from monitor.reports.comparison import comparison_report
from monitor.reports.demo import load_masterclasses_2017
from monitor.reports.figures import yearly_report
from monitor.reports.models import ReportJob
from monitor.reports.scope import Period, Scope
from networks import demo as networks_demo
from networks.models import Funding, Network
from networks.schools.models import School
from stemnet.accounts.models import PersonRole, Profile
from tests.networks.factories import FundingFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Enrolment

pytestmark = pytest.mark.django_db

YEAR = Period.year(2017)
SEVEN = ["FR", "NL", "UK", "FI", "AT", "IT", "DE"]
EIGHT = ["VL", *SEVEN]


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl-be"):
        yield


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    settings.REPORTS_NETWORK_CODE = "VL"


def flat(text: str) -> str:
    """Text with every run of white space (no-break spaces too) as one space."""
    return " ".join(text.split())


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True
    )
    return flat(result.stdout.decode()).replace("\u2010 ", "")  # words hyphenated at a line end


def seven_networks() -> None:
    """The seven networks of the study (section 2.8), as the networks demo records them."""
    for spec in networks_demo.NETWORKS:
        if spec["code"] in SEVEN:
            fields = {k: v for k, v in spec.items() if k != "coordinating_organisation"}
            Network.objects.create(**fields)


@pytest.fixture
def eight(world):
    """Flanders (the 2017 masterclasses in Oost-Vlaanderen, funding received in 2016 and
    2017, launch years 2015 and 2016) and the seven networks of the study."""
    load_masterclasses_2017()
    world.centre.launch_year = 2016
    world.centre.save()
    world.other_centre.launch_year = 2015
    world.other_centre.save()
    FundingFactory(network=world.network, centre=None, year=2017, amount_eur=Decimal("65000"))
    FundingFactory(centre=world.centre, year=2017, amount_eur=Decimal("10000"))
    FundingFactory(centre=world.other_centre, year=2016, amount_eur=Decimal("25000"))
    FundingFactory(
        network=world.network,
        centre=None,
        year=2017,
        amount_eur=Decimal("999999"),
        status=Funding.Status.PLANNED,  # planned, not received: not the budget
    )
    seven_networks()
    return world


def rows_by_code(figures: dict) -> dict:
    return {row["code"]: row for row in figures["rows"]}


def xlsx_rows(content: bytes) -> tuple[dict, dict, object]:
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = {c.key: header.index(c.header) for c in render.comparison_columns()}
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    return column, rows, book


# --- money with its currency -----------------------------------------------------------------


def test_the_uk_budget_is_in_pounds_in_json_pdf_and_xlsx(eight):
    figures = comparison_report(
        scopes=[Scope("network", code) for code in ["VL", "UK", "FR"]], period=YEAR
    )
    data = json.loads(render.to_json(figures))
    uk = rows_by_code(data)["UK"]
    assert uk["budget_per_year"] == {
        "low": "11000000.00",
        "high": None,
        "currency": "GBP",
        "partial": False,
    }
    assert rows_by_code(data)["FR"]["budget_per_year"]["currency"] == "EUR"
    assert data["currencies"]["converted"] is False and data["currencies"]["foreign"] == ["GBP"]
    assert "geen enkel bedrag is omgerekend naar euro" in data["currencies"]["note"]

    text = pdf_text(render.comparison_pdf(figures))
    assert "£ 11.000.000" in text and "€ 11.000.000" not in text
    assert "€ 3.400.000" in text
    assert "geen enkel bedrag is omgerekend naar euro" in text

    column, rows, book = xlsx_rows(render.comparison_xlsx(figures))
    budget = rows["UK"][column["budget_low"]]
    assert budget.value == 11000000 and "£" in budget.number_format
    assert "€" not in budget.number_format
    assert rows["UK"][column["currency"]].value == "GBP"
    assert "€" in rows["FR"][column["budget_low"]].number_format
    notes = [row[0] for row in book["Opmerkingen"].iter_rows(min_row=2, values_only=True)]
    assert any("geen enkel bedrag is omgerekend" in note for note in notes)


def test_the_web_comparison_shows_the_uk_budget_in_pounds(eight, client):
    html = client.get(reverse("networks:compare") + "?network=UK&network=FR").content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    uk, fr = body.split("<tr>")[1:]
    assert "£ 11.000.000" in uk and "£ 733" in uk and "€" not in uk
    assert "€ 3.400.000" in fr
    assert "geen enkel bedrag is omgerekend naar euro" in html


def test_every_format_keeps_the_centres_and_germanys_institutions(eight):
    figures = comparison_report(
        scopes=[Scope("network", "DE"), Scope("network", "UK")], period=YEAR
    )
    data = json.loads(render.to_json(figures))
    de = rows_by_code(data)["DE"]["reach"]
    assert de["teachers"] == {"low": None, "high": None}
    assert (de["schools"], de["centres"], de["centres_note"]) == (4300, 229, "229 lokale netwerken")
    assert de["note"].startswith("4.300 gecertificeerde lokale instellingen")
    assert rows_by_code(data)["UK"]["reach"]["centres"] == 52

    text = pdf_text(render.comparison_pdf(figures))
    assert "4.300 scholen of instellingen" in text
    assert "229 lokale netwerken" in text and "Netwerk vanuit 52 scholen" in text

    column, rows, _book = xlsx_rows(render.comparison_xlsx(figures))
    assert rows["DE"][column["schools"]].value == 4300
    assert rows["DE"][column["centres"]].value == 229
    assert rows["UK"][column["centres"]].value == 52
    assert rows["UK"][column["teachers_low"]].value == 15000


# --- Flanders' own row ------------------------------------------------------------------------


def test_flanders_row_is_computed_from_the_portal(eight):
    teachers = Profile.objects.filter(
        role=PersonRole.TEACHER,
        user__enrolments__training__centre=eight.centre,
        user__enrolments__status=Enrolment.Status.ATTENDED,
    ).distinct()
    # Schools reached count the register's schools (``counting.schools_reached``), not a
    # number typed as text.
    Profile.objects.update(school_number="", school=None)
    one, other = (
        School.objects.create(
            number=number,
            name=name,
            postcode="9000",
            municipality="Gent",
            province="VOV",
            network="GO",
            levels=["secundair"],
        )
        for number, name in [("030387", "Atheneum"), ("012345", "College")]
    )
    first, second, third, fourth = list(teachers[:4])
    for profile, school in [(first, one), (second, one), (third, other)]:
        profile.school = school
        profile.save()
    fourth.school_number = "099999"  # not in the register: not counted
    fourth.save()

    figures = comparison_report(
        scopes=[Scope("network", "VL"), Scope("network", "UK")], period=YEAR
    )
    vl = rows_by_code(json.loads(render.to_json(figures)))["VL"]
    yearly = yearly_report(scope=Scope("network", "VL"), period=YEAR, details=False).figures
    assert vl["computed_from_portal"] is True
    assert vl["start_year"] == 2015  # the earliest centre's
    # Received in 2017: 65.000 for the network and 10.000 for a centre (planned not counted).
    assert vl["budget_per_year"] == {
        "low": "75000.00",
        "high": None,
        "currency": "EUR",
        "partial": False,
    }
    assert vl["reach"]["teachers"] == {"low": yearly["participants"]["teachers"], "high": None}
    assert vl["reach"]["teachers"]["low"] == 21  # the masterclasses' 21 teachers
    assert vl["reach"]["schools"] == 2 and vl["reach"]["centres"] == 2
    assert "Berekend uit het portaal" in vl["note"]

    text = pdf_text(render.comparison_pdf(figures))
    assert "Berekend uit het portaal" in text
    assert "€ 75.000" in text and "21 leraren" in text and "2 scholen of instellingen" in text
    column, rows, _book = xlsx_rows(render.comparison_xlsx(figures))
    assert rows["VL"][column["start_year"]].value == 2015
    assert rows["VL"][column["budget_low"]].value == 75000
    assert rows["VL"][column["teachers_low"]].value == 21
    assert rows["VL"][column["centres"]].value == 2


def test_flanders_budget_is_per_year_of_the_period(eight):
    two_years = Period.between(dt.date(2016, 1, 1), dt.date(2017, 12, 31))
    figures = comparison_report(
        scopes=[Scope("network", "VL"), Scope("network", "FR")], period=two_years
    )
    vl = rows_by_code(json.loads(render.to_json(figures)))["VL"]
    assert vl["budget_per_year"]["low"] == "50000.00"  # (75.000 + 25.000) / 2 years
    assert "2016–2017" in vl["budget_note"]


def test_flanders_row_on_the_web_comes_from_the_portal(eight, client):
    eight.network.funding_public = True
    eight.network.save()
    response = client.get(reverse("networks:compare") + "?network=VL&network=UK")
    vl = response.context["comparison"].rows[0]
    assert (vl.start_year, vl.budget.low, vl.reach.low) == (2015, Decimal("75000.00"), 21)
    assert vl.cost_per_teacher.low == Decimal("3571")  # 75.000 / 21, both of 2017
    html = response.content.decode()
    row = html[html.index("<tbody>") :].split("</tr>")[0]
    assert "Berekend uit het portaal" in row and "Financiering ontvangen in 2017" in row
    assert "Leraren met een getelde deelname in 2017" in row and "€ 3.571" in row


def test_flanders_funding_stays_hidden_on_the_web_when_it_is_not_public(eight, client):
    eight.network.funding_public = False
    eight.network.save()
    vl = (
        client.get(reverse("networks:compare") + "?network=VL&network=UK")
        .context["comparison"]
        .rows[0]
    )
    assert not vl.budget.known and not vl.cost_per_teacher.known
    assert vl.reach.low == 21  # the teachers are no secret


# --- Flanders and the seven at once ---------------------------------------------------------


def words_beyond_the_right_margin(content: bytes) -> list[str]:
    """Words whose box ends to the right of the page's content area (18 mm margins)."""
    result = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True
    )
    margin = 18 / 25.4 * 72
    outside = []
    for page in re.finditer(
        r'<page width="([\d.]+)"[^>]*>(.*?)</page>', result.stdout.decode(), re.S
    ):
        width = float(page.group(1))
        for x_max, word in re.findall(
            r'<word [^>]*xMax="([\d.]+)"[^>]*>([^<]*)</word>', page.group(2)
        ):
            if float(x_max) > width - margin + 1:
                outside.append(word)
    return outside


def test_flanders_and_the_seven_on_the_web_at_once(eight, client):
    query = "&".join(f"network={code}" for code in EIGHT)
    response = client.get(reverse("networks:compare") + "?" + query)
    comparison = response.context["comparison"]
    assert comparison.errors == []
    assert [row.code for row in comparison.rows] == EIGHT
    assert "je koos er" not in response.content.decode()


def test_the_ministry_compares_flanders_and_the_seven_at_once(
    eight, client_for, django_capture_on_commit_callbacks
):
    client = client_for(eight.ministry)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:comparison_request"),
            {
                "compare-scopes": [f"network:{code}" for code in EIGHT],
                "compare-year": 2017,
                "compare-format": "pdf",
            },
        )
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.DONE and job.scope_codes == ",".join(EIGHT)
    download = client.get(reverse("reports:download", args=[job.token]))
    content = b"".join(download.streaming_content)
    text = pdf_text(content)
    for network in Network.objects.all():
        assert network.name in text
    assert "8 netwerken naast elkaar" in text and "£ 11.000.000" in text
    assert words_beyond_the_right_margin(content) == []  # landscape, headers wrap: it fits


# --- unknown cost ---------------------------------------------------------------------------


def test_an_unknown_cost_is_onbekend_never_zero(eight):
    training = TrainingFactory(centre=eight.other_centre, title="Zonder budgetlijnen")
    SessionFactory(training=training, starts_at=dt.datetime(2017, 3, 1, 9, tzinfo=dt.UTC))
    EnrolmentFactory(training=training, status=Enrolment.Status.ATTENDED)
    figures = comparison_report(
        scopes=[Scope("centre", "VOV"), Scope("centre", "VWV")], period=YEAR
    )
    data = rows_by_code(json.loads(render.to_json(figures)))
    assert data["VWV"]["participants"] == 1
    assert data["VWV"]["cost_per_participant_eur"] is None
    assert data["VOV"]["cost_per_participant_eur"] == "644.71"

    text = pdf_text(render.comparison_pdf(figures))
    # participants, trainings, hours, paid (no line: nothing paid), cost: unknown, not € 0,00
    assert "West- Vlaanderen 1 1 6 € 0,00 onbekend" in text
    assert "€ 0,00 € 0,00" not in text
    assert "€ 644,71" in text

    column, rows, _book = xlsx_rows(render.comparison_xlsx(figures))
    cost = rows["VWV"][column["cost_per_participant_eur"]]
    assert cost.value is None
    assert "Kost per deelnemer onbekend" in rows["VWV"][column["note"]].value
    assert rows["VOV"][column["cost_per_participant_eur"]].value == pytest.approx(644.71)
    assert "onbekend" not in (rows["VOV"][column["note"]].value or "")

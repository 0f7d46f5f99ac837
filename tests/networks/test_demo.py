"""The demo data carries the source documents' figures: the comparative study's table of the
European STEM networks, and the minister's answer on the learning network STEM+."""

from decimal import Decimal
from io import StringIO

import pytest
from django.urls import reverse

from networks import demo
from networks.models import Centre, Funding, Network

SEVEN = ["FR", "NL", "UK", "FI", "AT", "IT", "DE"]

# The comparative study's table of the networks' main features, typed over from the study
# (not from networks/demo.py):
# (code, start year, initiative, budget per year as shown, centres, reach as shown,
#  cost per teacher reached as shown)
SECTION_2_8 = [
    (
        "FR",
        2012,
        "Lamap en Academie van Wetenschappen",
        "€ 3.400.000",
        "Netwerk van 10 Maisons",
        "5.000 – 10.000",
        "€ 340 – € 680",
    ),
    (
        "NL",
        2004,
        "Ministerie van Onderwijs en regionale overheden",
        "€ 1.100.000 – € 3.300.000",
        "Netwerk van 11 steunpunten",
        "1.000 – 1.200",
        "€ 917 – € 3.300",
    ),
    (
        "UK",
        2006,
        "Wellcome Trust, Ministerie van Onderwijs en Vaardigheden",
        "£ 11.000.000",
        "Netwerk vanuit 52 scholen",
        "15.000",
        "£ 733",
    ),
    (
        "FI",
        2003,
        "Finse National Board of Education",
        "€ 200.000",
        "Netwerk van 13 centra",
        "1.000 – 1.500",
        "ten minste € 133 – € 200",
    ),
    (
        "AT",
        1998,
        "Federaal Ministerie van Onderwijs en Vrouwen",
        "€ 1.500.000",
        "Netwerk van 9 centra",
        "7.000",
        "€ 214",
    ),
    (
        "IT",
        2010,
        "ANISN + Accademia dei Lincei",
        "€ 30.000 – € 67.000",
        "Netwerk van 10 centra",
        "400",
        "€ 75 – € 168",
    ),
    (
        "DE",
        2006,
        "Ministerie van Onderwijs + privéstichtingen",
        "€ 9.000.000",
        "229 lokale netwerken",
        "–",
        "onbekend",  # the study's "–": no teachers reached are known, so neither is the cost
    ),
]


@pytest.fixture
def demo_data(db):
    demo.load(StringIO())


def test_load_twice_changes_nothing(demo_data):
    counts = (Network.objects.count(), Centre.objects.count(), Funding.objects.count())
    demo.load(StringIO())
    assert (Network.objects.count(), Centre.objects.count(), Funding.objects.count()) == counts
    assert counts[0] == 8


def test_flemish_network_keeps_its_centres_and_stem_plus(demo_data):
    codes = set(Centre.objects.filter(network__code="VL").values_list("code", flat=True))
    assert codes == {"VL-NAT", "VAN", "VBR", "VLI", "VOV", "VWV", "BRU"}
    assert Centre.objects.get(code="VWV").host.name == "VIVES Hogeschool"
    assert Centre.objects.get(code="VOV").host.name == "Arteveldehogeschool"
    stem_plus = Funding.objects.get(network__code="VL", year=2016)
    assert stem_plus.amount_eur == Decimal("65000.00")


def test_only_imst_keeps_its_funding_confidential(demo_data):
    hidden = set(Network.objects.filter(funding_public=False).values_list("code", flat=True))
    assert hidden == {"AT"}


def test_directory_shows_the_seed_figures(demo_data, client):
    html = client.get(reverse("networks:directory")).content.decode()
    html = html[html.index("<tbody>") :]
    for name, start, budget, reach in [
        ("Les Maisons pour la Science", "2012", "€ 3.400.000", "5.000 – 10.000"),
        ("National STEM Learning Network (NSLN)", "2006", "£ 11.000.000", "15.000"),
        ("LUMA Centre Finland", "2003", "€ 200.000", "1.000 – 1.500"),
        ("IMST Innovationen Machen Schulen Top", "1998", "€ 1.500.000", "7.000"),
        ("SID Scientiam Inquirendo Discere", "2010", "€ 30.000 – € 67.000", "400"),
        ("Haus der kleinen Forscher (MINT Forum)", "2006", "€ 9.000.000", "4.300"),
        ("STEMNET Vlaanderen", "–", "–", "–"),
    ]:
        row = html[html.index(name) :]
        row = row[: row.index("</tr>")]
        assert f'">{start}</td>' in row, name
        assert budget in row, name
        assert reach in row, name
    assert "Regionale vo-ho netwerken (Bèta Steunpunten)" in html
    assert "€ 1.100.000 – € 3.300.000" in html


def test_comparison_of_all_seven_matches_section_2_8(demo_data, client):
    query = "&".join(f"network={code}" for code in SEVEN)
    response = client.get(reverse("networks:compare") + "?" + query)
    assert response.status_code == 200
    rows = response.context["comparison"].rows
    assert [row.code for row in rows] == SEVEN
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    table_rows = body.split("<tr>")[1:]
    assert len(table_rows) == 7
    for (code, start, initiative, budget, centres, reach, cost), row_html, row in zip(
        SECTION_2_8, table_rows, rows, strict=True
    ):
        assert row.code == code
        assert row.start_year == start
        assert initiative in row.initiative
        assert f'">{start}</td>' in row_html, code
        assert budget in row_html, code
        assert centres in row_html, code
        assert f'<span class="figure">{reach}</span>' in row_html, code
        assert f'class="num">{cost}</td>' in row_html, code

"""monitor/views.py: the overview, an indicator page, downloads and the entry form."""

import csv
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from monitor import demo
from monitor.models import Observation

from .factories import IndicatorFactory, ObservationFactory, ShareIndicatorFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    demo.load(StringIO())


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_overview_has_a_small_chart_and_the_status_of_every_indicator(client, loaded):
    html = client.get(reverse("monitor:overview")).content.decode()
    assert html.count('role="img"') == 8  # eight indicators with observations
    # The girls' share and the STEM pupils have 2019-2020 targets and data up to 2013-2014:
    # not judged on other years' data.
    assert html.count("nog geen gegevens voor de doelperiode") == 2
    assert "doel niet behaald" not in html
    assert "geen doel" in html
    assert "29,68 %" in html  # latest share of girls, 2013-2014, in Dutch notation
    assert "≥ 33,33 %" in html
    assert reverse("monitor:indicator", args=["intake_stem_girls_share"]) in html
    assert "style=" not in html.replace("font-style=", "")  # CSP: no inline styles


def test_overview_says_met_when_the_value_of_the_targets_period_reaches_it(client):
    indicator = IndicatorFactory()
    ObservationFactory(indicator=indicator, period="2019-2020", value=120)
    ObservationFactory(indicator=indicator, period="2020-2021", value=80)  # later: not judged
    TargetFactory(indicator=indicator, value=100)
    html = client.get(reverse("monitor:overview")).content.decode()
    assert "doel behaald" in html and "niet behaald" not in html


def test_a_target_is_judged_only_on_its_own_period_with_the_trend_meanwhile(client):
    indicator = IndicatorFactory()
    ObservationFactory(indicator=indicator, period="2012-2013", value=60)
    ObservationFactory(indicator=indicator, period="2013-2014", value=70)
    TargetFactory(indicator=indicator, value=100)  # 2019-2020
    html = client.get(reverse("monitor:indicator", args=[indicator.code])).content.decode()
    assert "nog geen gegevens voor de doelperiode" in html and "niet behaald" not in html
    assert "bewegen naar het doel" in html
    ObservationFactory(indicator=indicator, period="2019-2020", value=90)
    html = client.get(reverse("monitor:indicator", args=[indicator.code])).content.decode()
    assert "doel niet behaald" in html


def test_indicator_page_has_the_chart_with_target_reference_table_and_change(client, loaded):
    html = client.get(
        reverse("monitor:indicator", args=["intake_stem_girls_share"])
    ).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'class="chart-target"' in html and "Doel 2019-2020: ≥ 33,33 %" in html
    assert 'class="chart-reference"' in html and "referentie 2011-2012" in html
    assert '<title id="chart-intake_stem_girls_share-title">' in html
    assert "<caption>" in html and 'scope="col"' in html
    # change against the reference year 2011-2012 (28,43 %): 2013-2014 is 29,68 %
    assert "+1,25 procentpunt" in html and "-0,84 procentpunt" in html
    assert html.count('class="reference-row"') == 1


def test_counts_show_relative_change(client, loaded):
    html = client.get(reverse("monitor:indicator", args=["intake_stem"])).content.decode()
    # 29.812 against 29.929 in 2011-2012: -117, or -0,4 %
    assert "-117" in html and "(-0,4 %)" in html


def test_unknown_indicator_is_404(client):
    assert client.get(reverse("monitor:indicator", args=["nope"])).status_code == 404
    url = reverse("monitor:indicator_download", args=["nope", "csv"])
    assert client.get(url).status_code == 404


def test_download_csv_and_xlsx(client, loaded):
    url = reverse("monitor:indicator_download", args=["intake_stem_share", "csv"])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["indicator", "period", "dimension", "category", "value"]
    assert rows[0][8] == "change_vs_2011-2012"
    assert rows[1][:7] == [
        "intake_stem_share",
        "2006-2007",
        "",
        "",
        "45.1600",
        "31751.00",
        "70312.00",
    ]
    assert len(rows) == 9
    response = client.get(reverse("monitor:indicator_download", args=["intake_stem_share", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[6][1] == "2011-2012" and Decimal(str(values[6][4])) == Decimal("43.99")
    assert (
        client.get(
            reverse("monitor:indicator_download", args=["intake_stem_share", "pdf"])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("name, args", [("monitor:overview", []), ("monitor:indicator", ["grow"])])
def test_query_count_does_not_grow_with_the_data(client, name, args):
    indicator = IndicatorFactory(code="grow")
    ObservationFactory(indicator=indicator, period="2010-2011")
    TargetFactory(indicator=indicator)
    url = reverse(name, args=args)
    small = queries_for(client, url)
    for year in range(1990, 2010):
        ObservationFactory(indicator=indicator, period=f"{year}-{year + 1}", value=year)
        ObservationFactory(
            indicator=indicator,
            period=f"{year}-{year + 1}",
            value=1,
            dimension="gender",
            category="female",
        )
    for _n in range(5):
        other = IndicatorFactory()
        ObservationFactory(indicator=other, period="2012-2013")
        TargetFactory(indicator=other)
    large = queries_for(client, url)
    assert small == large
    assert large <= 4


# --- entering observations ------------------------------------------------------------------


def post(client, **data):
    return client.post(reverse("monitor:observation_create"), data)


@pytest.fixture
def ministry_client(world, client_for):
    return client_for(world.ministry)


def test_ministry_enters_an_observation(ministry_client):
    share = ShareIndicatorFactory(code="share", decimals=2)
    response = post(
        ministry_client,
        indicator=share.pk,
        period="2014-2015",
        value="43,99",
        numerator="29929",
        denominator="68043",
        breakdown="",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("monitor:indicator", args=["share"])
    observation = Observation.objects.get()
    assert (observation.value, observation.numerator, observation.period_start) == (
        Decimal("43.99"),
        Decimal("29929"),
        2014,
    )


def test_entering_a_breakdown(ministry_client):
    indicator = IndicatorFactory()
    post(
        ministry_client,
        indicator=indicator.pk,
        period="2014-2015",
        value="12",
        breakdown="education_form:TSO",
    )
    assert Observation.objects.get().category == "TSO"


@pytest.mark.parametrize(
    "data, field_error",
    [
        ({"period": "2015-2014"}, "Een schooljaar"),
        ({"period": "2014"}, "schooljaar"),
        ({"period": "2014/15"}, "geen periode"),
        ({"value": "-5"}, "nooit negatief"),
        ({"value": "2,5"}, "geheel getal"),
        ({"breakdown": "gender:other"}, "Selecteer een geldige keuze"),
    ],
)
def test_entry_form_refuses_each_broken_rule_and_writes_nothing(ministry_client, data, field_error):
    indicator = IndicatorFactory()
    response = post(
        ministry_client,
        **{
            "indicator": indicator.pk,
            "period": "2014-2015",
            "value": "10",
            "breakdown": "",
            **data,
        },
    )
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not Observation.objects.exists()


def test_entry_form_refuses_a_share_that_disagrees_with_its_counts(ministry_client):
    share = ShareIndicatorFactory(decimals=2)
    response = post(
        ministry_client,
        indicator=share.pk,
        period="2014-2015",
        value="50",
        numerator="29929",
        denominator="68043",
        breakdown="",
    )
    assert response.status_code == 200
    assert "29929 / 68043" in response.content.decode()
    assert not Observation.objects.exists()


def test_entry_form_refuses_a_duplicate(ministry_client):
    existing = ObservationFactory(period="2014-2015", value=10)
    response = post(
        ministry_client,
        indicator=existing.indicator.pk,
        period="2014-2015",
        value="11",
        breakdown="",
    )
    assert response.status_code == 200
    assert "Er is al een waarneming" in response.content.decode()
    assert Observation.objects.get().value == 10


def test_others_cannot_enter_observations(world, client_for):
    indicator = IndicatorFactory()
    for user in (world.teacher, world.coordinator):
        response = post(
            client_for(user), indicator=indicator.pk, period="2014-2015", value="1", breakdown=""
        )
        assert response.status_code == 403
    assert not Observation.objects.exists()

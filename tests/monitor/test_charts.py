"""monitor/charts.py: an indicator drawn by the shared renderer, the same for pages and PDFs."""

from decimal import Decimal
from io import StringIO

import pytest
from django.utils import translation

from monitor import demo, selectors
from monitor.charts import format_value, indicator_chart
from monitor.models import Indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def loaded():
    demo.load(StringIO())


def test_line_chart_with_target_reference_and_series(loaded):
    svg, table = indicator_chart(selectors.indicator_page("intake_stem_girls_share"))
    assert 'class="chart chart-line"' in svg
    assert "Target 2019-2020: ≥ 33.33 %" in svg and 'class="chart-target"' in svg
    assert "reference 2011-2012" in svg and 'class="chart-reference"' in svg
    assert "<title" in svg and "Share of girls among STEM pupils (third grade)" in svg
    assert table.headers == ["Period", "Share of girls among STEM pupils (third grade)"]
    assert table.rows[0] == ["2006-2007", "27.59 %"] and len(table.rows) == 8


def test_one_period_with_a_breakdown_is_drawn_as_bars(loaded):
    svg, table = indicator_chart(selectors.indicator_page("vdab_vacancies_received"), small=True)
    assert 'class="chart chart-bar"' in svg and 'viewBox="0 0 320' in svg
    assert [row[0] for row in table.rows] == ["total", "non-STEM occupations", "STEM occupations"]
    assert [row[1] for row in table.rows] == ["159,088", "121,654", "37,434"]


def test_format_value_per_unit_and_language():
    share = Indicator(unit="share", decimals=2)
    euro = Indicator(unit="eur")
    assert format_value(share, Decimal("43.99")) == "43.99 %"
    assert format_value(share, Decimal("1.25"), signed=True) == "+1.25 pp"
    assert format_value(euro, Decimal("1250.5")) == "€ 1,250.50"
    with translation.override("nl-be"):
        assert format_value(share, Decimal("43.99")) == "43,99 %"
        assert format_value(share, Decimal("-0.51"), signed=True) == "-0,51 procentpunt"

"""The shared SVG chart renderer (stemnet/charts.py)."""

import re
import xml.etree.ElementTree as ET  # noqa: S405 — only to walk the tree
from decimal import Decimal

import pytest
from defusedxml import ElementTree as DefusedET
from django.template.loader import render_to_string
from django.utils import translation

from stemnet.charts import (
    Series,
    TargetLine,
    bar_chart,
    chart_table,
    default_format,
    line_chart,
    nice_ticks,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
YEARS = ["2009-2010", "2010-2011", "2011-2012", "2012-2013"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def parse(svg: str) -> ET.Element:
    return DefusedET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")]


def two_lines(**kwargs):
    return line_chart(
        title="Share STEM",
        categories=YEARS,
        series=[Series("Boys", [Decimal("30.5"), 31, None, 33]), Series("Girls", [20, 21, 22, 24])],
        y_label="% of pupils",
        x_label="School year",
        target=TargetLine(Decimal("33.3"), "Target ≥ 33.3 %"),
        reference="2011-2012",
        reference_label="Reference year",
        **kwargs,
    )


def test_line_chart_is_accessible_svg_with_title_desc_and_fixed_viewbox():
    root = parse(two_lines())
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 640 360"
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text == "Share STEM"
    # The generated description summarises each series from its first to its last value.
    assert "Boys: from 30.5 in 2009-2010 to 33 in 2012-2013." in desc.text
    assert "Girls: from 20 in 2009-2010 to 24 in 2012-2013." in desc.text


def test_line_chart_draws_axis_labels_target_reference_and_legend():
    root = parse(two_lines())
    labels = texts(root)
    for expected in [
        "Share STEM",
        "% of pupils",
        "School year",
        "Target ≥ 33.3 %",
        "Reference year",
        "Boys",
        "Girls",
        *YEARS,
    ]:
        assert expected in labels
    assert len(root.findall(".//svg:line[@class='chart-target']", NS)) == 1
    assert len(root.findall(".//svg:rect[@class='chart-reference']", NS)) == 1
    # y axis reaches past the highest value and the target: ticks 0..40
    assert "40" in labels and "0" in labels


def test_series_differ_without_colour_markers_and_dashes():
    root = parse(two_lines())
    groups = root.findall(".//svg:g[@class='chart-series']", NS)
    assert len(groups) == 2
    boys, girls = groups
    # A gap (None) splits the first series in two paths; markers: circles vs squares.
    assert len(boys.findall("svg:path", NS)) == 1  # 30.5, 31 | gap | 33 (single point: no path)
    assert len(boys.findall("svg:circle", NS)) == 3
    assert len(girls.findall("svg:rect", NS)) == 4
    assert boys.find("svg:path", NS).get("stroke-dasharray") is None
    assert girls.find("svg:path", NS).get("stroke-dasharray") == "8 4"


def test_text_is_escaped_and_no_inline_styles():
    svg = line_chart(
        title='<script>alert("x")</script> & co',
        categories=['<b>"2010"</b>'],
        series=[Series("a<b", [1])],
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    assert " style=" not in svg and " style=" not in two_lines() and "<style" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find("svg:title", NS).text == '<script>alert("x")</script> & co'


def test_chart_ids_are_unique_per_chart_and_can_be_given():
    assert parse(two_lines()).get("id") != parse(
        line_chart(title="Other", categories=YEARS, series=[Series("x", [1, 2, 3, 4])])
    ).get("id")
    assert parse(two_lines(chart_id="intake")).get("aria-labelledby") == "intake-title intake-desc"


def test_small_line_chart_keeps_first_and_last_category():
    svg = line_chart(
        title="Small",
        categories=[f"{y}-{y + 1}" for y in range(2000, 2014)],
        series=[Series("x", list(range(14)))],
        width=320,
        height=200,
    )
    labels = texts(parse(svg))
    assert "2000-2001" in labels and "2013-2014" in labels
    assert "2001-2002" not in labels  # thinned out so that labels do not overlap


@pytest.mark.parametrize("orientation", ["vertical", "horizontal"])
def test_bar_chart_one_rect_per_value_with_patterns_and_values(orientation):
    svg = bar_chart(
        title="Funding by source",
        categories=["2022", "2023"],
        series=[Series("Government", [Decimal("1000.50"), 1200]), Series("Companies", [300, None])],
        orientation=orientation,
        value_label="EUR",
        category_label="Year",
    )
    root = parse(svg)
    bars = [
        r
        for r in root.iter("{http://www.w3.org/2000/svg}rect")
        if r.find("svg:title", NS) is not None
    ]
    assert [b.find("svg:title", NS).text for b in bars] == [
        "Government, 2022: 1,000.5",
        "Companies, 2022: 300",
        "Government, 2023: 1,200",
    ]
    # First series solid colour, second a hatch pattern defined in the chart itself.
    assert bars[0].get("fill").startswith("#")
    pattern = bars[1].get("fill")
    assert re.fullmatch(r"url\(#chart-[0-9a-f]+-fill-1\)", pattern)
    assert root.find(f".//svg:pattern[@id='{pattern[5:-1]}']", NS) is not None
    labels = texts(root)
    assert {"Funding by source", "EUR", "Year", "Government", "Companies", "1,200"} <= set(labels)
    assert root.get("role") == "img" and " style=" not in svg


def test_horizontal_bars_grow_along_x_vertical_along_y():
    def first_bar(orientation):
        root = parse(
            bar_chart(
                title="t",
                categories=["a"],
                series=[Series("s", [10])],
                orientation=orientation,
                show_values=False,
            )
        )
        bar = next(
            r
            for r in root.iter("{http://www.w3.org/2000/svg}rect")
            if r.find("svg:title", NS) is not None
        )
        return float(bar.get("width")), float(bar.get("height"))

    w, h = first_bar("horizontal")
    assert w > h
    w, h = first_bar("vertical")
    assert h > w
    with pytest.raises(ValueError):
        bar_chart(title="t", categories=["a"], series=[Series("s", [1])], orientation="diagonal")


def test_stacked_bars_scale_to_the_sum():
    root = parse(
        bar_chart(
            title="t", categories=["a"], stacked=True, series=[Series("x", [60]), Series("y", [50])]
        )
    )
    ticks = [float(t) for t in texts(root)[1:] if t.isdigit()]
    assert max(ticks) >= 110  # the axis reaches the sum, not only the largest part (60)


def test_numbers_follow_the_active_language():
    with translation.override("nl"):
        assert default_format(Decimal("1234.56")) == "1.234,6"
        assert default_format(33) == "33"
    with translation.override("en"):
        assert default_format(Decimal("1234.56")) == "1,234.6"
    assert default_format(None) == "–"


def test_nice_ticks_cover_the_range():
    assert nice_ticks(0, 33.5) == [0, 10, 20, 30, 40]
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    ticks = nice_ticks(-3, 120)
    assert ticks[0] <= -3 and ticks[-1] >= 120


def test_chart_table_is_the_text_alternative():
    table = chart_table(
        caption="Share STEM",
        category_header="School year",
        categories=YEARS,
        series=[Series("Boys", [1, 2, None, 4]), Series("Girls", [5, 6, 7])],
    )
    assert table.headers == ["School year", "Boys", "Girls"]
    assert table.rows[2] == ["2011-2012", "–", "7"]
    assert table.rows[3] == ["2012-2013", "4", "–"]
    html = render_to_string("includes/chart.html", {"svg": two_lines(), "table": table})
    assert "<caption>Share STEM</caption>" in html
    assert '<th scope="row">2011-2012</th>' in html
    assert "<svg" in html and "&lt;svg" not in html  # the SVG is embedded, not escaped


def test_counts_get_whole_ticks():
    from stemnet.charts import nice_ticks

    assert nice_ticks(0, 2, 5, whole=True) == [0, 1, 2]
    assert nice_ticks(0, 2, 5) == [0, 0.5, 1, 1.5, 2]
    assert all(float(t).is_integer() for t in nice_ticks(0, 7, 5, whole=True))

"""Charts that never clip: every chart of the demo's reports (the yearly PDF of the network, a
centre and a province; the comparison) and of the pages (the ministry dashboard, the monitor
overview and indicator pages, a network's funding, the evaluation results) is read back from
its SVG, and each ``<text>``'s box, worked out from its x/y, ``text-anchor``, font size and
weight with the renderer's own measure (``stemnet.chart_metrics``), must stay inside the
chart's viewBox and clear of every other text."""

import io
import re

import pytest
from defusedxml import ElementTree
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from monitor.models import Indicator
from monitor.reports import render
from monitor.reports.comparison import comparison_report
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from networks.models import Network
from stemnet.chart_metrics import text_box
from stemnet.charts import Series, TargetLine, bar_chart, line_chart
from trainings.evaluations.models import Questionnaire

SVG = "{http://www.w3.org/2000/svg}"
SLACK = 0.5  # user units: rounding of the coordinates the renderer writes
SVG_RE = re.compile(r"<svg\b[^>]*\bclass=\"chart\b.*?</svg>", re.S)


def _inherited(chain, name, default):
    for element in reversed(chain):
        if element.get(name) is not None:
            return element.get(name)
    return default


def _offset(chain) -> tuple[float, float]:
    dx = dy = 0.0
    for element in chain:
        match = re.fullmatch(r"translate\(([-\d.]+)[ ,]+([-\d.]+)\)", element.get("transform", ""))
        if match:
            dx, dy = dx + float(match[1]), dy + float(match[2])
    return dx, dy


def _walk(element, chain):
    for child in element:
        if child.tag == SVG + "text":
            yield child, [*chain, child]
        else:
            yield from _walk(child, [*chain, child])


def text_boxes(svg: str) -> tuple[tuple[float, float], list[tuple[str, tuple]]]:
    """The chart's (width, height) from its viewBox and (text, box) of each of its texts."""
    root = ElementTree.fromstring(svg)
    _x, _y, width, height = map(float, root.get("viewBox").split())
    boxes = []
    for element, chain in _walk(root, [root]):
        label = "".join(element.itertext())
        if not label.strip():
            continue
        size = float(_inherited(chain, "font-size", "16"))
        bold = _inherited(chain, "font-weight", "normal") == "bold"
        anchor = _inherited(chain, "text-anchor", "start")
        dx, dy = _offset(chain[:-1])
        x, y = float(element.get("x", 0)) + dx, float(element.get("y", 0)) + dy
        left, top, right, bottom = text_box(x, y, label, size, anchor, bold)
        rotate = re.fullmatch(r"rotate\((-?90) ([-\d.]+) ([-\d.]+)\)", element.get("transform", ""))
        if rotate:  # a quarter turn about (cx, cy): the box turns with it
            cx, cy = float(rotate[2]) + dx, float(rotate[3]) + dy
            corners = [(left, top), (right, bottom)]
            sign = -1 if rotate[1] == "-90" else 1
            turned = [(cx - sign * (py - cy), cy + sign * (px - cx)) for px, py in corners]
            xs, ys = [p[0] for p in turned], [p[1] for p in turned]
            left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
        boxes.append((label, (left, top, right, bottom)))
    return (width, height), boxes


def layout_problems(svg: str) -> list[str]:
    """What runs outside the chart or over another label, in words."""
    (width, height), boxes = text_boxes(svg)
    problems = []
    for label, (left, top, right, bottom) in boxes:
        if left < -SLACK or top < -SLACK or right > width + SLACK or bottom > height + SLACK:
            problems.append(
                f"{label!r} runs outside the chart ({left:.1f}, {top:.1f}, {right:.1f}, "
                f"{bottom:.1f} in 0 0 {width:g} {height:g})"
            )
    for index, (label, a) in enumerate(boxes):
        for other, b in boxes[index + 1 :]:
            across = min(a[2], b[2]) - max(a[0], b[0])
            down = min(a[3], b[3]) - max(a[1], b[1])
            if across > SLACK and down > SLACK:
                problems.append(f"{label!r} and {other!r} overlap")
    return problems


def charts_in(html: str) -> list[str]:
    return SVG_RE.findall(html)


# --- the check itself --------------------------------------------------------------------------


def test_the_check_finds_a_clipped_label_and_two_labels_on_top_of_each_other():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" class="chart" '
        'font-size="12"><text x="196" y="20">€ 60.000</text>'
        '<text x="40" y="50" text-anchor="end">TEM-centrum Oost-Vlaanderen</text>'
        '<text x="100" y="80">€ 5.000</text><text x="130" y="80">€ 10.000</text>'
        '<text x="10" y="60" transform="rotate(-90 10 60)">a long axis title here</text></svg>'
    )
    problems = layout_problems(svg)
    assert any("'€ 60.000' runs outside" in p for p in problems)
    assert any("'TEM-centrum Oost-Vlaanderen' runs outside" in p for p in problems)
    assert "'€ 5.000' and '€ 10.000' overlap" in problems
    assert any("'a long axis title here' runs outside" in p for p in problems)
    tidy = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" font-size="12">'
        '<text x="100" y="20" text-anchor="middle">€ 5.000</text>'
        '<g transform="translate(0 40)"><text x="100" y="20" text-anchor="middle">€ 10.000'
        "</text></g></svg>"
    )
    assert layout_problems(tidy) == []


# --- the renderer on hard cases ----------------------------------------------------------------

LONG = [
    "STEM-centrum Oost-Vlaanderen",
    "Vlaamse overheid, Departement Onderwijs en Vorming",
    "TSO/KSO/BSO, dual finality or labour market, 2nd and 3rd grade",
    "Antwerpen",
]


@pytest.mark.parametrize("width", [320, 480, 640])
@pytest.mark.parametrize("values", [[60000.0, 5000, 15000, 10], [2, 0, 1, 3]])
def test_horizontal_bars_with_long_names_and_money(width, values):
    svg = bar_chart(
        title="Budget paid by source, a long title that needs more than one line to be read",
        categories=LONG,
        series=[Series("Paid", values)],
        orientation="horizontal",
        value_label="EUR",
        category_label="Source",
        value_format=lambda v: "–" if v is None else f"€ {v:,.2f}",
        width=width,
    )
    assert layout_problems(svg) == []
    # the full names stay in the chart (a <title> beside the shortened label)
    for name in LONG:
        assert name in svg


@pytest.mark.parametrize("width", [320, 640])
def test_vertical_bars_many_years_stacked_and_grouped(width):
    years = [str(y) for y in range(2008, 2027)]
    for stacked in (True, False):
        svg = bar_chart(
            title="Funding by source and year (EUR)",
            categories=years,
            series=[
                Series(
                    "Vlaamse overheid, Departement Onderwijs", [150000.0 + y for y in range(19)]
                ),
                Series("Europese Unie (ESF)", [25000.0] * 19),
                Series("Provincie", [5000] * 19),
            ],
            stacked=stacked,
            value_label="EUR",
            category_label="Year",
            value_format=lambda v: "–" if v is None else f"€ {v:,.0f}",
            width=width,
        )
        assert layout_problems(svg) == []


@pytest.mark.parametrize("small", [True, False])
def test_line_chart_with_a_target_near_the_reference_label(small):
    periods = [f"{y}-{y + 1}" for y in range(2006, 2020)]
    svg = line_chart(
        title="Instroom eerste leerjaar derde graad: leerlingen in STEM, per schooljaar",
        categories=periods,
        series=[
            Series("Totaal", [29930 + 100 * i for i in range(14)]),
            Series("Meisjes in een STEM-studierichting", [9000 + 10 * i for i in range(14)]),
        ],
        y_label="aantal leerlingen in het eerste leerjaar",
        x_label="Schooljaar",
        target=TargetLine(31230, "Doel 2019-2020: ≥ 31.230 leerlingen in STEM"),
        reference="2011-2012",
        reference_label="referentie 2011-2012",
        tick_format=lambda v: f"€ {v:,.0f}",
        width=320 if small else 720,
        height=200 if small else 400,
    )
    assert layout_problems(svg) == []


# --- every chart of the demo -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loaddemo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


def _yearly_charts(monkeypatch, scope: Scope, year: int) -> list[str]:
    pages = []
    monkeypatch.setattr(render, "html_to_pdf", lambda html: pages.append(html) or b"%PDF")
    render.yearly_pdf(yearly_report(scope=scope, period=Period.year(year)))
    return charts_in(pages[0])


YEARS = [2017, timezone.localdate().year]


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize(
    "scope", [Scope("network", "VL"), Scope("centre", "VOV"), Scope("province", "VOV")]
)
def test_every_chart_of_the_demo_yearly_reports_fits(demo, monkeypatch, scope, year):
    with translation.override("nl-be"):
        charts = _yearly_charts(monkeypatch, scope, year)
    assert charts  # the participants' charts at least
    assert {p for svg in charts for p in layout_problems(svg)} == set()


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
def test_every_chart_of_the_demo_comparisons_fits(demo, monkeypatch, year):
    pages = []
    monkeypatch.setattr(render, "html_to_pdf", lambda html: pages.append(html) or b"%PDF")
    networks = [Scope("network", code) for code in Network.objects.values_list("code", flat=True)]
    centres = [Scope("centre", code) for code in ("VOV", "VWV", "VAN", "VLI", "VBR", "BRU")]
    with translation.override("nl-be"):
        for scopes in (networks, centres):
            render.comparison_pdf(comparison_report(scopes=scopes, period=Period.year(year)))
    charts = [svg for html in pages for svg in charts_in(html)]
    assert charts
    assert {p for svg in charts for p in layout_problems(svg)} == set()


def _page_urls() -> list[str]:
    urls = [reverse("reports:dashboard"), reverse("monitor:overview")]
    urls += [reverse("monitor:indicator", args=[i.code]) for i in Indicator.objects.all()]
    urls += [reverse("networks:network", args=[n.code]) for n in Network.objects.all()]
    urls += [
        reverse("workspace:results", args=[q.pk]) for q in Questionnaire.objects.order_by("pk")
    ]
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_every_chart_of_the_pages_fits(demo, client, language):
    client.force_login(get_user_model().objects.get(email="admin@stemnet.test"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    found, problems = 0, {}
    for url in _page_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        for svg in charts_in(response.content.decode()):
            found += 1
            if trouble := layout_problems(svg):
                problems[url] = problems.get(url, []) + trouble
    assert found >= 10
    assert problems == {}

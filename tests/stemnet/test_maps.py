"""The province map (stemnet/maps.py), its shipped boundaries (stemnet/data/), the map of
participants per province (monitor/reports/maps.py) on the network page and in a PDF."""

import datetime as dt
import json
import re
from itertools import combinations
from pathlib import Path

import pytest
from defusedxml import ElementTree as ET
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitor.reports import maps as report_maps
from networks.models import Province
from stemnet import maps
from stemnet.pdf import html_to_pdf
from tests.factories import CentreFactory, OrganisationFactory
from tests.pdf_ua import pdf_ua_problems
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Enrolment

SVG = "{http://www.w3.org/2000/svg}"
DATA = Path(maps.__file__).parent / "data"
NAMES = {
    "VAN": "Antwerpen",
    "VBR": "Vlaams-Brabant",
    "VLI": "Limburg",
    "VOV": "Oost-Vlaanderen",
    "VWV": "West-Vlaanderen",
    "BRU": "Brussel",
}
VALUES = {"VAN": 412, "VBR": 268, "VLI": 0, "VOV": 1377, "VWV": 190, "BRU": None}
MARKERS = [
    maps.Marker("Centrum Gent", 3.717, 51.054, "Gent"),
    maps.Marker("Centrum Leuven", 4.701, 50.880, "Leuven"),
    maps.Marker("Nationaal centrum", 4.701, 50.880, "Leuven"),
    # the other towns of the demo's centres: no label may hide them
    *(
        maps.Marker(f"Centrum {town}", *maps.locate(town)[1:], town)
        for town in ("Antwerpen", "Hasselt", "Kortrijk", "Brussel")
    ),
]


# --- the shipped boundaries -------------------------------------------------------------------


def _area(ring) -> float:
    return (
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def _crosses(a, b, c, d) -> bool:
    """Segments ab and cd cross properly (touching ends do not count)."""

    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def test_the_shipped_file_holds_the_six_regions_as_valid_closed_polygons():
    path = DATA / "provinces.json"
    assert path.stat().st_size < 60_000
    document = json.loads(path.read_text())
    assert "ODbL" in document["licence"] and "OpenStreetMap" in document["source"]
    assert set(document["regions"]) == {code for code, _label in Province.choices}
    for code, rings in maps.regions().items():
        assert rings, code
        for ring in rings:
            assert len(set(ring)) == len(ring) >= 4, code  # open rings, no repeated point
            assert abs(_area(ring)) > 1.0, code  # km²: no sliver
            segments = list(zip(ring, ring[1:] + ring[:1], strict=True))
            for (i, s), (j, t) in combinations(enumerate(segments), 2):
                assert not _crosses(*s, *t), (code, i, j)  # simple polygon: no self-crossing
    # Flanders spans about 230 km east-west and 100 km north-south (equirectangular km)
    x_min, y_min, x_max, y_max = maps._bounds()
    assert 210 < x_max - x_min < 250 and 80 < y_max - y_min < 110
    # a shared border is drawn the same on both sides: Brussels is Flemish Brabant's hole
    assert set(maps.regions()["BRU"][0]) == set(maps.regions()["VBR"][1])
    readme = (DATA / "README.md").read_text()
    assert "ODbL" in readme and "Douglas" in readme and "places.json" in readme


def test_projection_and_places():
    assert maps.project(4.5, 51.0) == (0.0, 0.0)
    x, y = maps.project(3.717, 51.054)  # Gent: about 55 km west, 6 km north of the origin
    assert -56 < x < -54 and 5.5 < y < 6.5
    assert maps.locate("Hoogpoort 15, 9000 Gent")[0] == "Gent"
    assert maps.locate("", "Leuven")[:1] == ("Leuven",)
    assert maps.locate("Doorniksesteenweg 145, B-8500 Kortrijk")[0] == "Kortrijk"
    assert maps.locate("Rue de la Loi 16, 1000 Bruxelles")[0] == "Brussel"
    assert maps.locate("Paris", "") is None and maps.locate() is None


# --- the picture -------------------------------------------------------------------------------


def _svg(**kwargs):
    values = kwargs.pop("values", VALUES)
    options = {
        "names": NAMES,
        "title": "Deelnemers per provincie, 2026",
        "value_label": "Deelnemers",
        "markers": MARKERS,
        "marker_label": "Centrum",
    }
    options.update(kwargs)
    return maps.province_map(values, **options)


def _box(element) -> tuple[float, float, float, float]:
    return tuple(float(element.get(k)) for k in ("x", "y", "width", "height"))


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _translate_y(group) -> float:
    match = re.search(r"translate\(0 ([\d.]+)\)", group.get("transform", ""))
    return float(match.group(1)) if match else 0.0


def _texts_with_offset(root):
    """Every <text> with the y offset of the legend group it may sit in."""
    for group in root.iter(f"{SVG}g"):
        if group.get("transform"):
            for text in group.iter(f"{SVG}text"):
                yield text, _translate_y(group)
    for text in root.findall(f"{SVG}text"):
        yield text, 0.0
    for group in root.findall(f"{SVG}g"):
        if not group.get("transform"):
            for text in group.iter(f"{SVG}text"):
                yield text, 0.0


@pytest.mark.parametrize("width", [640, 560, 900])
def test_the_map_has_a_path_per_region_the_markers_the_legend_and_no_text_outside(width):
    svg = _svg(width=width)
    assert "style=" not in svg
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Deelnemers per provincie, 2026"
    desc = root.find(f"{SVG}desc").text
    assert "Oost-Vlaanderen: 1.377" in desc and "Centrum Gent (Gent)" in desc
    paths = [p for p in root.iter(f"{SVG}path") if p.get("class") == "map-region"]
    assert sorted(p.get("data-code") for p in paths) == sorted(NAMES)
    for path in paths:
        code = path.get("data-code")
        assert path.find(f"{SVG}title").text.startswith(NAMES[code] + ": ")
        assert path.get("d").count("M") == len(maps.regions()[code])
    titles = {p.get("data-code"): p.find(f"{SVG}title").text for p in paths}
    assert titles["VOV"] == "Oost-Vlaanderen: 1.377" and titles["BRU"] == "Brussel: –"
    # shaded by value: the highest darkest, no data hatched, equal values equal shades
    fills = {p.get("data-code"): p.get("fill") for p in paths}
    assert fills["VOV"] == maps.PALETTE[-1] and fills["VLI"] == maps.PALETTE[0]
    assert fills["BRU"].startswith("url(#")
    markers = [m for m in root.iter(f"{SVG}polygon") if m.get("class") == "map-marker"]
    assert [m.find(f"{SVG}title").text for m in markers][:3] == [
        "Centrum Gent (Gent)",
        "Centrum Leuven (Leuven)",
        "Nationaal centrum (Leuven)",
    ]
    assert len(markers) == len(MARKERS)
    assert markers[1].get("points") != markers[2].get("points")  # one town: side by side
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Deelnemers" in texts and "Centrum" in texts  # the legend names value and marker
    assert any(t and t.startswith("0–") for t in texts)  # the first class of the legend
    # every region labelled with its name and value, the labels clear of one another
    labels = {g.get("data-code"): g for g in root.iter(f"{SVG}g") if g.get("class") == "map-label"}
    assert set(labels) == set(NAMES)
    for code, group in labels.items():
        lines = [t.text for t in group.iter(f"{SVG}text")]
        assert lines[0] == NAMES[code]
    assert [t.text for t in labels["VOV"].iter(f"{SVG}text")][1] == "1.377"
    boxes = {code: _box(g.find(f"{SVG}rect")) for code, g in labels.items()}
    for (a, box_a), (b, box_b) in combinations(boxes.items(), 2):
        assert not _overlap(box_a, box_b), (a, b)
    for marker in markers:  # no label hides a centre
        xs, ys = zip(*(map(float, p.split(",")) for p in marker.get("points").split()), strict=True)
        for code, box in boxes.items():
            assert not _overlap(box, (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))), code
    _, _, view_w, view_h = (float(v) for v in root.get("viewBox").split())
    for code, (x, y, w, h) in boxes.items():
        assert x >= 0 and y >= 0 and x + w <= view_w and y + h <= view_h, code
    for text, offset in _texts_with_offset(root):
        x, y = float(text.get("x")), float(text.get("y")) + offset
        half = 0.7 * 12 * len(text.text or "") / 2
        anchor = text.get("text-anchor")
        left = x - half if anchor == "middle" else x
        right = x + half if anchor == "middle" else x + 2 * half
        assert left >= 0 and right <= view_w and 0 < y <= view_h, text.text


def test_the_legend_names_classes_of_counts_without_overlap():
    root = ET.fromstring(_svg())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    classes = [t for t in texts if t and t[0].isdigit() and "–" in t]
    assert classes == ["0–499", "500–999", "1.000–1.500"]
    small = ET.fromstring(_svg(values={"VAN": 2, "VOV": 3, "VLI": 1}))
    texts = [t.text for t in small.iter(f"{SVG}text")]
    assert {"0", "1", "2–3"} <= set(texts)
    assert "geen gegevens" in texts or "no data" in texts  # Brussels and West Flanders: none


def test_a_map_too_narrow_for_its_labels_is_refused():
    with pytest.raises(ValueError):
        _svg(width=maps.MIN_WIDTH - 1)


def test_the_table_matches_the_values():
    table = maps.province_table(
        VALUES, names=NAMES, caption="Deelnemers per provincie", value_label="Deelnemers"
    )
    assert table.headers[1] == "Deelnemers"
    assert {row[0]: row[1] for row in table.rows} == {
        "Antwerpen": "412",
        "Vlaams-Brabant": "268",
        "Limburg": "0",
        "Oost-Vlaanderen": "1.377",
        "West-Vlaanderen": "190",
        "Brussel": "–",
    }
    markers = maps.marker_table(MARKERS, caption="Centra", label_header="Centrum")
    assert markers.rows[0] == ["Centrum Gent", "Gent"]


def test_any_value_and_format_shades_a_share():
    shares = {"VAN": 95.0, "VBR": 18.5, "VLI": 50.0, "VOV": 70.0, "VWV": 33.3, "BRU": 0.0}
    svg = _svg(values=shares, value_format=lambda v: "–" if v is None else f"{v:.1f} %")
    root = ET.fromstring(svg)
    fills = {
        p.get("data-code"): p.get("fill") for p in root.iter(f"{SVG}path") if p.get("data-code")
    }
    assert fills["VAN"] == maps.PALETTE[-1] and fills["BRU"] == maps.PALETTE[0]
    assert "95.0 %" in [t.text for t in root.iter(f"{SVG}text")]
    assert "no data" not in svg and "geen gegevens" not in svg  # every region has a value


# --- participants per province, on the network page and in a PDF -------------------------------


def _participants(world, year):
    """Two participants (one of them twice) in East Flanders, one in West Flanders."""
    start = dt.datetime(year, 3, 2, 9, tzinfo=dt.UTC)
    for centre, people in ((world.centre, 2), (world.other_centre, 1)):
        training = TrainingFactory(centre=centre)
        SessionFactory(training=training, starts_at=start, ends_at=start + dt.timedelta(hours=3))
        for _ in range(people):
            EnrolmentFactory(training=training, status=Enrolment.Status.ATTENDED)
    again = TrainingFactory(centre=world.centre)
    SessionFactory(training=again, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    person = Enrolment.objects.filter(training__centre=world.centre).first().person
    EnrolmentFactory(training=again, person=person, status=Enrolment.Status.ATTENDED)


def _located(world):
    world.centre.address = "Hoogpoort 15, 9000 Gent"
    world.centre.save()
    world.other_centre.address = ""
    world.other_centre.host = OrganisationFactory(name="VIVES", city="Kortrijk")
    world.other_centre.save()
    CentreFactory(code="X1", network=world.network, name="Nergens", address="Onbekend 1")


def test_participants_map_counts_people_per_province_and_marks_the_centres(world, settings):
    settings.REPORTS_NETWORK_CODE = "VL"
    year = 2025
    _participants(world, year)
    _located(world)
    figure = report_maps.participants_map(year=year)
    values = {row[0]: row[1] for row in figure.table.rows}
    names = report_maps.province_names()
    assert values[names["VOV"]] == "2"  # two people, three participations
    assert values[names["VWV"]] == "1"
    assert values[names["VAN"]] == values[names["BRU"]] == "0"
    assert figure.markers.rows == [
        ["STEM-centrum Oost-Vlaanderen", "Gent"],
        ["STEM-centrum West-Vlaanderen", "Kortrijk"],
    ]  # the centre with no known place is left off
    assert figure.svg.count('class="map-marker"') == 2
    # a page that has the dashboard's figures already draws the same map from them
    from monitor.reports.selectors import dashboard

    again = report_maps.participants_map(board=dashboard(year=year))
    assert again.table == figure.table and again.svg == figure.svg


def test_the_network_page_shows_the_map_and_its_table(world, client, settings):
    settings.REPORTS_NETWORK_CODE = "VL"
    _participants(world, timezone.localdate().year)
    _located(world)
    html = client.get(reverse("networks:network", kwargs={"code": "VL"})).content.decode()
    section = html[html.index('id="reach-title"') : html.index('id="partners-title"')]
    assert section.count('class="map-region"') == 6
    assert section.count('class="map-marker"') == 2
    assert "<table>" in section and "<caption>" in section
    assert re.search(r'<th scope="row">[^<]+</th><td class="num">2</td>', section)
    assert "style=" not in section
    assert "OpenStreetMap" in section


def test_other_networks_pages_have_no_map(world, client, settings):
    settings.REPORTS_NETWORK_CODE = "VL"
    from tests.factories import NetworkFactory

    NetworkFactory(code="FR")
    html = client.get(reverse("networks:network", kwargs={"code": "FR"})).content.decode()
    assert 'id="reach-title"' not in html and "map-region" not in html


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("networks:network", kwargs={"code": "VL"}))
    assert response.status_code == 200
    return len(queries)


def test_the_network_page_with_the_map_keeps_its_query_count(world, client, settings):
    settings.REPORTS_NETWORK_CODE = "VL"
    year = timezone.localdate().year
    _participants(world, year)
    small = _page_queries(client)
    for _ in range(4):
        _participants(world, year)
    assert _page_queries(client) == small


def test_the_map_in_a_pdf_is_a_tagged_figure_with_its_tables(world, settings):
    settings.REPORTS_NETWORK_CODE = "VL"
    _participants(world, 2025)
    _located(world)
    fragment = render_to_string(
        "includes/_province_map.html",
        {"map": report_maps.participants_map(year=2025), "print": True},
    )
    assert "<details" not in fragment and fragment.count("<table>") == 2
    assert "OpenStreetMap" in fragment  # the attribution the boundaries' licence asks for
    html = (
        '<html lang="nl"><head><title>Kaart</title></head><body><h1>Bereik</h1>'
        f"{fragment}</body></html>"
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert pdf_ua_problems(pdf, expect_tables=True) == []

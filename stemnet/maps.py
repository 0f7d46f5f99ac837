"""
The map of Flanders and Brussels by province, drawn like every chart of the portal (see
``stemnet.charts``): SVG made on the server, the same picture in pages and WeasyPrint PDFs.

``province_map`` shades the five Flemish provinces and the Brussels-Capital Region by a value
(participants, the share of schools reached ...), prints every value beside the province's name
(so the figure never rests on colour alone), marks places such as the centres, and carries
``role="img"``, a ``<title>`` and a ``<desc>``. ``province_table`` and ``marker_table`` give the
same data as tables: the text alternative to show with the picture
(``templates/includes/_province_map.html``).

The boundaries are shipped in ``stemnet/data/provinces.json`` (OpenStreetMap, ODbL; source,
licence and simplification in ``stemnet/data/README.md``), already projected by ``project``: no
map tiles and nothing fetched at run time. ``locate`` finds the approximate position of a
municipality (by postcode or name) in the small table ``stemnet/data/places.json``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from .charts import (
    AXIS,
    ChartTable,
    Number,
    _attrs,
    _chart_id,
    _close,
    _el,
    _open,
    default_format,
    nice_ticks,
)

DATA = Path(__file__).resolve().parent / "data"
CODES = ("VWV", "VOV", "VAN", "VBR", "VLI", "BRU")  # west to east, Brussels last (drawn on top)

# The projection of provinces.json (keep in step with stemnet/data/build_provinces.py).
LON0, LAT0 = 4.5, 51.0
KM_PER_DEGREE = 6371.0088 * math.pi / 180

# Sequential blues, light to dark; the two darkest carry white-boxed labels like the rest.
# Each step differs from the next by at least 1.3:1 in luminance, the darkest 10:1 on white.
PALETTE = ["#dbeafe", "#93c5fd", "#4b8fe2", "#1d5fbf", "#143f80"]
NO_DATA = "#ffffff"
MIN_WIDTH = 560
MARKER = "#c2410c"  # the charts' second colour: orange against the blues
BORDER = "#334155"

# Where each region's label goes (lon, lat of its centre), chosen by eye to stay inside the
# province and clear of the centres' markers; Brussels is too small and is labelled below
# the map with a leader line.
LABEL_AT = {
    "VWV": (3.02, 51.07),
    "VOV": (3.86, 50.93),
    "VAN": (4.82, 51.27),
    "VBR": (4.86, 50.78),
    "VLI": (5.47, 51.12),
}


@dataclass(frozen=True)
class Marker:
    """A place to mark: ``label`` (e.g. a centre's name), its position and, for the table,
    the ``place`` it stands for (the municipality)."""

    label: str
    lon: float
    lat: float
    place: str = ""


def project(lon: float, lat: float) -> tuple[float, float]:
    """Kilometres east and north of 4.5° E, 51.0° N (equirectangular, longitudes scaled by
    cos 51°): within 1.5 % of true distances over Flanders, enough for a choropleth."""
    return (
        (lon - LON0) * math.cos(math.radians(LAT0)) * KM_PER_DEGREE,
        (lat - LAT0) * KM_PER_DEGREE,
    )


@cache
def regions() -> dict[str, list[list[tuple[float, float]]]]:
    """The shipped boundaries: region code -> its rings (open, in projected km; a province's
    holes and exclaves are rings too, drawn with the even-odd rule)."""
    document = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))
    return {
        code: [[(x, y) for x, y in ring] for ring in region["rings"]]
        for code, region in document["regions"].items()
    }


@cache
def _places() -> tuple[dict[str, dict], dict[str, dict]]:
    rows = json.loads((DATA / "places.json").read_text(encoding="utf-8"))["places"]
    return (
        {row["postcode"]: row for row in rows},
        {row["municipality"].casefold(): row for row in rows},
    )


POSTCODE = re.compile(r"\b(?:B-?)?(\d{4})\b", re.IGNORECASE)


def locate(*texts: str) -> tuple[str, float, float] | None:
    """``(municipality, lon, lat)`` of the first text that names a known place, by its
    postcode (``"Hoogpoort 15, 9000 Gent"``) or its municipality (``"Leuven"``); ``None`` when
    none does. Approximate (town centres): for markers on a map, never for counting."""
    by_postcode, by_name = _places()
    for text in texts:
        text = (text or "").strip()
        if not text:
            continue
        for postcode in POSTCODE.findall(text):
            if postcode in by_postcode:
                row = by_postcode[postcode]
                return row["municipality"], row["lon"], row["lat"]
        words = re.findall(r"[\w'-]+", text.casefold())
        for word in reversed(words):
            if word in by_name:
                row = by_name[word]
                return row["municipality"], row["lon"], row["lat"]
    return None


@dataclass(frozen=True)
class _Frame:
    """Projected km -> SVG pixels."""

    scale: float
    x0: float
    y0: float
    left: float
    top: float

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        return self.left + (x - self.x0) * self.scale, self.top + (self.y0 - y) * self.scale


def _bounds() -> tuple[float, float, float, float]:
    points = [p for rings in regions().values() for ring in rings for p in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _centroid(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    ring = max(rings, key=len)
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (3 * area), cy / (3 * area)


def _classes(values: Sequence[float], *, whole: bool | None = None) -> list[float]:
    """Class limits: equal, round steps from 0 (or the lowest value below 0) to the highest,
    at most as many classes as the palette has shades. ``whole``: counts (default: when
    every value is a whole number)."""
    low, high = min([0.0, *values]), max([0.0, *values])
    if high <= low:
        high = low + 1
    if whole is None:
        whole = all(float(v).is_integer() for v in values)
    for count in range(len(PALETTE), 0, -1):
        ticks = nice_ticks(low, high, count, whole=whole)
        if len(ticks) - 1 <= len(PALETTE):
            return ticks
    return [low, high]


def _palette(index: int, classes: int) -> str:
    """The shade of class ``index`` of ``classes``: spread over the palette, darkest last."""
    if classes <= 1:
        return PALETTE[-1]
    return PALETTE[round(index * (len(PALETTE) - 1) / (classes - 1))]


def _shade(value: float, limits: list[float]) -> str:
    classes = len(limits) - 1
    for index in range(classes):
        if value < limits[index + 1]:
            return _palette(index, classes)
    return _palette(classes - 1, classes)


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """About how wide ``text`` is drawn (DejaVu Sans, the widest of the usual sans-serifs, and
    the one WeasyPrint uses here)."""
    return (0.7 if bold else 0.6) * size * len(text)


def _label(
    lines: list[tuple[str, bool]], x: float, y: float, size: float, code: str
) -> tuple[list[str], tuple[float, float, float, float]]:
    """A label of one or more lines centred on (x, y) on a white box; returns the elements
    and the box (x, y, width, height) so the layout can be checked."""
    width = max(_text_width(text, size, bold=bold) for text, bold in lines) + 10
    height = len(lines) * (size + 3) + 4
    bx, by = x - width / 2, y - height / 2
    out = [
        f"<g {_attrs(class_='map-label', data_code=code)}>",
        _el(
            "rect",
            x=f"{bx:.1f}",
            y=f"{by:.1f}",
            width=f"{width:.1f}",
            height=f"{height:.1f}",
            rx="3",
            fill="#ffffff",
            fill_opacity="0.88",
            stroke=BORDER,
            stroke_width="0.5",
        ),
    ]
    for index, (text, bold) in enumerate(lines):
        out.append(
            _el(
                "text",
                text,
                x=f"{x:.1f}",
                y=f"{by + 2 + (index + 1) * (size + 3) - 3:.1f}",
                text_anchor="middle",
                font_size=str(size),
                font_weight="bold" if bold else None,
            )
        )
    out.append("</g>")
    return out, (bx, by, width, height)


def _marker_shape(x: float, y: float, title: str, *, in_legend: bool = False) -> str:
    r = 5.5
    points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
    shape = _attrs(
        points=points,
        fill=MARKER,
        stroke="#ffffff",
        stroke_width="1.5",
        class_="map-marker-key" if in_legend else "map-marker",
    )
    return f"<polygon {shape}>{_el('title', title)}</polygon>"


def province_map(
    values: Mapping[str, Number | None],
    *,
    names: Mapping[str, str],
    title: str,
    value_label: str,
    value_format: Callable[[Number | None], str] = default_format,
    markers: Sequence[Marker | tuple[str, float, float]] = (),
    marker_label: str | None = None,
    desc: str | None = None,
    width: int = 640,
    show_title: bool = True,
    chart_id: str | None = None,
    whole: bool | None = None,
) -> str:
    """The map of the six regions (codes ``VAN, VBR, VLI, VOV, VWV, BRU``) shaded by
    ``values`` (a region missing or ``None`` reads "no data": white, with "–" printed).

    ``names`` gives each region's name as people read it (e.g. the ``Province`` labels);
    ``value_label`` names the value in the legend and the description (e.g. "Participants");
    ``markers`` are ``Marker`` or ``(label, lon, lat)``, drawn as diamonds with their label as
    tooltip and named by ``marker_label`` in the legend. Returns a safe SVG string.

    ``width`` is at least ``MIN_WIDTH``: below it the labels would not fit beside one another
    (on a phone the page keeps the map at least that wide and lets it scroll; the table gives
    the same figures). ``whole``: the values are counts (classes "0–99", "100–199"); by
    default when every value is a whole number, so pass ``False`` for shares that may happen
    to be (18.0 %).
    """
    if width < MIN_WIDTH:
        raise ValueError(f"a province map is at least {MIN_WIDTH} wide")
    shapes = regions()
    markers = [m if isinstance(m, Marker) else Marker(*m) for m in markers]
    known = [float(v) for code, v in values.items() if code in shapes and v is not None]
    if whole is None:
        whole = all(v.is_integer() for v in known)
    limits = _classes(known, whole=whole)
    chart_id = chart_id or _chart_id(
        "map", title, list(CODES), [_Values(value_label, [values.get(c) for c in CODES])]
    )
    marker_label = marker_label or _("Centre")
    pad = 10
    font = 12
    top = (34 if show_title else 8) + pad
    x_min, y_min, x_max, y_max = _bounds()
    scale = (width - 2 * pad) / (x_max - x_min)
    frame = _Frame(scale=scale, x0=x_min, y0=y_max, left=pad, top=top)
    map_bottom = top + (y_max - y_min) * scale
    below = 2 * (font + 3) + 14  # room for the Brussels label under the map
    legend_y = map_bottom + below + 16
    legend, legend_height = _legend(
        limits,
        value_label,
        value_format,
        marker_label if markers else "",
        any(values.get(c) is None for c in CODES),
        width,
        font,
        chart_id,
        whole=whole,
    )
    height = math.ceil(legend_y + legend_height)

    summary = desc or _describe(values, names, value_label, value_format, markers)
    out = _open(chart_id, title, summary, width, height, "map")
    defs = (
        f'<defs><pattern id="{chart_id}-none" width="6" height="6" '
        'patternUnits="userSpaceOnUse">'
        + _el("rect", width="6", height="6", fill=NO_DATA)
        + _el("path", d="M0,6L6,0", stroke="#9aa5b1", stroke_width="1")
        + "</pattern></defs>"
    )
    out.append(defs)
    if show_title:
        out.append(_el("text", title, x="12", y="22", font_size=str(font + 3), font_weight="bold"))

    for code in CODES:
        value = values.get(code)
        number = None if value is None else float(value)
        fill = f"url(#{chart_id}-none)" if number is None else _shade(number, limits)
        d = "".join(
            "M" + "L".join("{:.1f},{:.1f}".format(*frame(x, y)) for x, y in ring) + "Z"
            for ring in shapes[code]
        )
        name = names.get(code, code)
        tooltip = f"{name}: {value_format(value)}"
        path = _attrs(
            d=d,
            fill=fill,
            fill_rule="evenodd",
            stroke=BORDER,
            stroke_width="0.8",
            stroke_linejoin="round",
            class_="map-region",
            data_code=code,
        )
        out.append(f"<path {path}>{_el('title', tooltip)}</path>")

    boxes: dict[str, tuple[float, float, float, float]] = {}
    for code, (lon, lat) in LABEL_AT.items():
        x, y = frame(*project(lon, lat))
        lines = [(names.get(code, code), True), (value_format(values.get(code)), False)]
        elements, boxes[code] = _label(lines, x, y, font, code)
        out.extend(elements)
    # Brussels: a leader line from the region to its label below the map.
    bx, by = frame(*_centroid(shapes["BRU"]))
    label_y = map_bottom + below / 2 + 2
    out.append(
        _el(
            "line",
            x1=f"{bx:.1f}",
            y1=f"{by:.1f}",
            x2=f"{bx:.1f}",
            y2=f"{label_y - (font + 3):.1f}",
            stroke=BORDER,
            stroke_width="1",
        )
    )
    out.append(_el("circle", cx=f"{bx:.1f}", cy=f"{by:.1f}", r="2", fill=BORDER))
    lines = [(names.get("BRU", "BRU"), True), (value_format(values.get("BRU")), False)]
    elements, boxes["BRU"] = _label(lines, bx, label_y, font, "BRU")
    out.extend(elements)

    seen: dict[tuple[int, int], int] = {}
    for marker in markers:
        x, y = frame(*project(marker.lon, marker.lat))
        key = (round(x), round(y))
        shift = seen.get(key, 0)  # two centres in one town stand side by side
        seen[key] = shift + 1
        title_text = f"{marker.label} ({marker.place})" if marker.place else marker.label
        out.append(_marker_shape(x + 12 * shift, y, title_text))

    return _close(out, legend, legend_y)


@dataclass(frozen=True)
class _Values:  # what _chart_id reads from a series
    name: str
    values: list


def _describe(values, names, value_label, value_format, markers) -> str:
    parts = [
        _("Map of the Flemish provinces and the Brussels-Capital Region by %(value)s.")
        % {"value": value_label.lower() if value_label else _("value")}
    ]
    parts.append(
        "; ".join(f"{names.get(code, code)}: {value_format(values.get(code))}" for code in CODES)
        + "."
    )
    if markers:
        parts.append(
            _("Marked: %(places)s.")
            % {
                "places": ", ".join(
                    f"{m.label} ({m.place})" if m.place else m.label for m in markers
                )
            }
        )
    return " ".join(parts)


def _class_label(limits: list[float], index: int, value_format, *, whole: bool) -> str:
    """``low–high`` of class ``index``: a class holds its lower limit and values below the next
    (the last one its upper limit too); for counts the upper limit shown is the last count in
    it ("0–99", "100–199"; one count alone: "2")."""
    low, high = limits[index], limits[index + 1]
    last = index == len(limits) - 2
    if whole and not last:
        high -= 1
    if whole and high <= low:
        return value_format(low)
    return f"{value_format(low)}–{value_format(high)}"


def _legend(
    limits,
    value_label,
    value_format,
    marker_label,
    no_data,
    width,
    font,
    chart_id,
    *,
    whole: bool,
) -> tuple[list[str], float]:
    """Swatches for the classes, "no data" when a region has none, the marker; returns the
    elements and the height they take."""
    out = [_el("text", value_label, x="12", y="0", font_weight="bold")]
    x, y = 12 + _text_width(value_label, font, bold=True) + 12, 0.0
    entries: list[tuple[str, str]] = []
    for index in range(len(limits) - 1):
        text = _class_label(limits, index, value_format, whole=whole)
        entries.append((_palette(index, len(limits) - 1), text))
    if no_data:
        entries.append((f"url(#{chart_id}-none)", _("no data")))
    for fill, text in entries:
        entry = 22 + _text_width(text, font) + 12
        if x + entry > width - 8:
            x, y = 12, y + 20
        out.append(
            _el(
                "rect",
                x=f"{x:.1f}",
                y=f"{y - 10:.1f}",
                width="16",
                height="12",
                fill=fill,
                stroke=AXIS,
                stroke_width="0.8",
            )
        )
        out.append(_el("text", text, x=f"{x + 21:.1f}", y=f"{y:.1f}"))
        x += entry
    if marker_label:
        entry = 22 + _text_width(marker_label, font)
        if x + entry > width - 8:
            x, y = 12, y + 20
        out.append(_marker_shape(x + 8, y - 4, marker_label, in_legend=True))
        out.append(_el("text", marker_label, x=f"{x + 21:.1f}", y=f"{y:.1f}"))
    return out, y + 10


def province_table(
    values: Mapping[str, Number | None],
    *,
    names: Mapping[str, str],
    caption: str,
    value_label: str,
    value_format: Callable[[Number | None], str] = default_format,
    region_header: str | None = None,
) -> ChartTable:
    """The map's values as a table, one row per region in the map's order ("–" for none)."""
    return ChartTable(
        caption=caption,
        headers=[region_header or _("Province or region"), value_label],
        rows=[[names.get(code, code), value_format(values.get(code))] for code in CODES],
    )


def marker_table(markers: Sequence[Marker], *, caption: str, label_header: str) -> ChartTable:
    """The marked places as a table: each marker's label and the place it stands for."""
    return ChartTable(
        caption=caption,
        headers=[label_header, _("Municipality")],
        rows=[[m.label, m.place or "–"] for m in markers],
    )

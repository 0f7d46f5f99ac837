"""
The one chart renderer of the portal: SVG drawn on the server, the same picture in pages and
in WeasyPrint PDFs.

``line_chart`` and ``bar_chart`` return an SVG string that is safe to embed inline (every text
is escaped). Each chart carries ``role="img"``, a ``<title>`` and a ``<desc>`` referenced by
``aria-labelledby``, a fixed ``viewBox`` so it scales with its container, and only presentation
attributes (``fill=``, ``stroke=`` ...): the Content Security Policy forbids ``style=``.
Series differ by colour *and* by marker and dash pattern (lines) or fill pattern (bars), so a
chart stays readable in black and white. ``chart_table`` gives the same data as a table, the
text alternative to show next to the picture (see ``templates/includes/chart.html``).

Values may be ``int``, ``float``, ``Decimal`` or ``None`` (a gap). Categories are labels in
order (school years, calendar years, centres ...); the x axis of a line chart is categorical.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .chart_metrics import fit, text_box, text_width, wrap

Number = int | float | Decimal

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, and dark enough on
# white for graphics (WCAG 1.4.11, 3:1) except the last two, which come after four series.
COLOURS = ["#0b5fa5", "#c2410c", "#047857", "#9d174d", "#6d28d9", "#854d0e"]
DASHES = ["", "8 4", "2 4", "10 4 2 4", "4 4", "1 3"]
MARKERS = ["circle", "square", "triangle", "diamond", "cross", "triangle-down"]
# Bar fills: solid, hatched, dotted, cross-hatched ... (see _patterns)
FILLS = ["solid", "hatch", "dots", "crosshatch", "vertical", "horizontal"]
TEXT = "#1f2933"
GRID = "#d5dbe1"
AXIS = "#52606d"
TARGET = "#b91c1c"
REFERENCE = "#fde68a"
# The font the texts are measured in (``chart_metrics``) first; any fallback is narrower.
FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


@dataclass(frozen=True)
class Series:
    """One named row of values, one per category (``None`` for a gap)."""

    name: str
    values: Sequence[Number | None]


@dataclass(frozen=True)
class TargetLine:
    """A horizontal line at ``value`` with a visible ``label`` (e.g. "Target ≥ 33.3 %")."""

    value: Number
    label: str


@dataclass(frozen=True)
class ChartTable:
    """The data of a chart as text: the alternative to the picture."""

    caption: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _num(value) -> float | None:
    return None if value is None else float(value)


def default_format(value: Number | None) -> str:
    """Localised number: no decimals for whole numbers, otherwise one decimal."""
    if value is None:
        return "–"
    value = Decimal(str(value))
    places = 0 if value == value.to_integral_value() else 1
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def nice_ticks(low: float, high: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round axis ticks covering ``low``..``high`` (about ``count`` of them).

    ``whole``: the values are counts, so the ticks are whole numbers too (no "0,5 people").
    """
    if high < low:
        low, high = high, low
    if math.isclose(high, low):
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 2.5, 5, 10)
    if whole:
        magnitude, multiples = max(magnitude, 1), (1, 2, 5, 10)
    step = next(m * magnitude for m in multiples if m * magnitude >= raw)
    ticks = [math.floor(low / step) * step]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(ticks[0] + step * len(ticks))
    return [round(tick, 10) for tick in ticks]


def _all_whole(series, extra) -> bool:
    values = [v for s in series for v in s.values if v is not None] + list(extra)
    return bool(values) and all(float(v).is_integer() for v in values)


def _chart_id(kind: str, title: str, categories, series) -> str:
    data = [(s.name, list(map(_num, s.values))) for s in series]
    digest = hashlib.blake2s(
        repr((kind, title, list(categories), data)).encode(), digest_size=5
    ).hexdigest()
    return f"chart-{digest}"


def _attrs(**attrs) -> str:
    parts = []
    for key, value in attrs.items():
        if value is None or value == "":
            continue
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return " ".join(parts)


def _el(tag: str, text: str | None = None, **attrs) -> str:
    attributes = _attrs(**attrs)
    opening = f"<{tag} {attributes}" if attributes else f"<{tag}"
    if text is None:
        return opening + "/>"
    return f"{opening}>{escape(text)}</{tag}>"


def _marker(kind: str, x: float, y: float, colour: str, size: float = 4.5) -> str:
    s = size
    if kind == "circle":
        return _el("circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=f"{s:.1f}", fill=colour)
    if kind == "square":
        return _el(
            "rect",
            x=f"{x - s:.1f}",
            y=f"{y - s:.1f}",
            width=f"{2 * s:.1f}",
            height=f"{2 * s:.1f}",
            fill=colour,
        )
    if kind == "diamond":
        r = s * 1.3
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
        return _el("polygon", points=pts, fill=colour)
    if kind == "cross":
        d = (
            f"M{x - s:.1f},{y - s:.1f}L{x + s:.1f},{y + s:.1f}"
            f"M{x - s:.1f},{y + s:.1f}L{x + s:.1f},{y - s:.1f}"
        )
        return _el("path", d=d, stroke=colour, stroke_width="2.5", fill="none")
    if kind == "triangle-down":
        w = s * 1.2
        pts = f"{x - w:.1f},{y - s:.1f} {x + w:.1f},{y - s:.1f} {x:.1f},{y + w:.1f}"
        return _el("polygon", points=pts, fill=colour)
    pts = f"{x - s * 1.2:.1f},{y + s:.1f} {x + s * 1.2:.1f},{y + s:.1f} {x:.1f},{y - s * 1.2:.1f}"
    return _el("polygon", points=pts, fill=colour)


def _patterns(chart_id: str, count: int) -> str:
    """Fill patterns for bars: colour plus texture, so bars differ without colour."""
    defs = []
    for index in range(count):
        colour = COLOURS[index % len(COLOURS)]
        kind = FILLS[index % len(FILLS)]
        if kind == "solid":
            continue
        pid = f"{chart_id}-fill-{index}"
        shapes = [
            _el("rect", width="8", height="8", fill="#ffffff"),
            _el("rect", width="8", height="8", fill=colour, fill_opacity="0.25"),
        ]
        if kind == "hatch":
            shapes.append(
                _el("path", d="M-2,2L2,-2M0,8L8,0M6,10L10,6", stroke=colour, stroke_width="2")
            )
        elif kind == "dots":
            shapes.append(_el("circle", cx="4", cy="4", r="2", fill=colour))
        elif kind == "crosshatch":
            shapes.append(_el("path", d="M0,0L8,8M8,0L0,8", stroke=colour, stroke_width="1.5"))
        elif kind == "vertical":
            shapes.append(_el("path", d="M4,0L4,8", stroke=colour, stroke_width="2.5"))
        else:
            shapes.append(_el("path", d="M0,4L8,4", stroke=colour, stroke_width="2.5"))
        defs.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            + "".join(shapes)
            + "</pattern>"
        )
    return "<defs>" + "".join(defs) + "</defs>" if defs else ""


def _bar_fill(chart_id: str, index: int) -> str:
    if FILLS[index % len(FILLS)] == "solid":
        return COLOURS[index % len(COLOURS)]
    return f"url(#{chart_id}-fill-{index})"


def _open(chart_id: str, title: str, desc: str, width: int, height: int, kind: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" {_attrs(viewBox=f"0 0 {width} {height}")} '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}" '
        f'class="chart chart-{kind}" font-family="{FONT_FAMILY}" font-size="12" fill="{TEXT}">',
        _el("title", title, id=f"{chart_id}-title"),
        _el("desc", desc, id=f"{chart_id}-desc"),
    ]


def _close(out: list[str], legend_items: list[str], legend_y: float) -> SafeString:
    """End the SVG that ``_open`` began: the legend at ``legend_y``, then ``</svg>``."""
    out.append(f'<g transform="translate(0 {legend_y:.1f})">')
    out.extend(legend_items)
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape()


def _summary(
    kind_label: str, categories: Sequence[str], series: Sequence[Series], fmt: Callable
) -> str:
    parts = []
    if categories:
        parts.append(
            _("%(kind)s, %(first)s to %(last)s.")
            % {"kind": kind_label, "first": categories[0], "last": categories[-1]}
        )
    for s in series:
        known = [(c, v) for c, v in zip(categories, s.values, strict=False) if v is not None]
        if not known:
            parts.append(_("%(name)s: no data.") % {"name": s.name})
        elif len(known) == 1:
            parts.append(
                _("%(name)s: %(value)s in %(period)s.")
                % {"name": s.name, "value": fmt(known[0][1]), "period": known[0][0]}
            )
        else:
            parts.append(
                _("%(name)s: from %(first)s in %(p1)s to %(last)s in %(p2)s.")
                % {
                    "name": s.name,
                    "first": fmt(known[0][1]),
                    "p1": known[0][0],
                    "last": fmt(known[-1][1]),
                    "p2": known[-1][0],
                }
            )
    return " ".join(parts)


def _legend(
    series: Sequence[Series],
    x: float,
    y: float,
    width: float,
    *,
    bars: bool,
    chart_id: str,
    size: float = 12,
) -> tuple[list[str], float]:
    """Legend entries flowing left to right, each measured; returns the elements and the
    height used. A name longer than a row is shortened (the full name in its ``<title>``)."""
    out = []
    cx, cy = x, y
    for index, s in enumerate(series):
        room = width - 30
        entry_width = 30 + text_width(fit(s.name, size, room), size)
        if cx + entry_width > x + width and cx > x:
            cx, cy = x, cy + 18
        colour = COLOURS[index % len(COLOURS)]
        if bars:
            out.append(
                _el(
                    "rect",
                    x=f"{cx:.1f}",
                    y=f"{cy - 9:.1f}",
                    width="18",
                    height="12",
                    fill=_bar_fill(chart_id, index),
                    stroke=colour,
                    stroke_width="1",
                )
            )
        else:
            out.append(
                _el(
                    "line",
                    x1=f"{cx:.1f}",
                    y1=f"{cy - 3:.1f}",
                    x2=f"{cx + 24:.1f}",
                    y2=f"{cy - 3:.1f}",
                    stroke=colour,
                    stroke_width="2.5",
                    stroke_dasharray=DASHES[index % len(DASHES)],
                )
            )
            out.append(_marker(MARKERS[index % len(MARKERS)], cx + 12, cy - 3, colour, 4))
        out.append(_text(s.name, room, size=size, x=f"{cx + 30:.1f}", y=f"{cy:.1f}"))
        cx += entry_width + 12
    return out, (cy - y) + 18


def _text(text: str, room: float | None = None, *, size: float = 12, bold: bool = False, **attrs):
    """A ``<text>`` shortened with "…" to ``room`` when it does not fit; a shortened one sits
    in a ``<g>`` with the full text as its ``<title>`` (the data table has it too)."""
    short = text if room is None else fit(text, size, room, bold)
    element = _el("text", short, **attrs)
    if short == text:
        return element
    return f"<g>{_el('title', text)}{element}</g>"


def _title(title: str, width: float, size: float) -> tuple[list[str], float]:
    """The chart's visible title, wrapped onto at most two lines; the elements and the y of
    the last baseline."""
    lines = wrap(title, size, width - 24, bold=True)
    out, y = [], 20.0
    for index, line in enumerate(lines):
        y = 20 + index * (size + 4)
        out.append(_el("text", line, x="12", y=f"{y:.1f}", font_size=str(size), font_weight="bold"))
    if " ".join(lines) != " ".join(title.split()):
        out.insert(0, _el("title", title))
        out = ["<g>", *out, "</g>"]
    return out, y


def _ticks(low, high, whole: bool, counts, fits) -> list[float]:
    """The most ticks (about ``counts[0]``, then fewer) whose labels ``fits`` says do not
    collide; at worst the two ends of the axis."""
    ticks: list[float] = []
    for count in counts:
        ticks = nice_ticks(low, high, count, whole=whole)
        if fits(ticks):
            return ticks
    return [ticks[0], ticks[-1]]


def _every(widths: Sequence[float], step: float, gap: float = 6) -> list[int]:
    """Which of the evenly spaced category labels to show so that none touches the next:
    every n-th, always the first and the last."""
    count = len(widths)
    if not count:
        return []
    widest = max(widths)
    every = max(1, math.ceil((widest + gap) / max(step, 0.1)))
    shown = list(range(0, count, every))
    if shown[-1] != count - 1:
        if len(shown) > 1 and (count - 1 - shown[-1]) * step < widest + gap:
            shown[-1] = count - 1
        else:
            shown.append(count - 1)
    return shown


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _value_range(
    series: Sequence[Series],
    extra: Sequence[float],
    y_min,
    y_max,
    *,
    stacked: bool = False,
    categories: int = 0,
) -> tuple[float, float]:
    values = [_num(v) for s in series for v in s.values if v is not None]
    if stacked:
        values = [
            sum(_num(s.values[i]) or 0 for s in series if i < len(s.values))
            for i in range(categories)
        ]
    values += list(extra)
    low = min(values + [0.0]) if y_min is None else float(y_min)
    high = max(values + [low + 1.0]) if y_max is None else float(y_max)
    return low, high


def line_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    y_label: str = "",
    x_label: str = "",
    target: TargetLine | None = None,
    reference: str | None = None,
    reference_label: str | None = None,
    desc: str | None = None,
    value_format: Callable[[Number | None], str] = default_format,
    tick_format: Callable[[Number | None], str] | None = None,
    y_min: Number | None = None,
    y_max: Number | None = None,
    width: int = 640,
    height: int = 360,
    show_title: bool = True,
    chart_id: str | None = None,
) -> SafeString:
    """A line chart over categorical periods.

    ``target`` draws a dashed horizontal line with its label; ``reference`` (one of the
    categories, e.g. the reference year "2011-2012") is marked by a shaded band and a label.
    The y axis starts at 0 unless ``y_min`` says otherwise. ``value_format`` writes values in
    the description, ``tick_format`` (default: the same) the axis ticks.

    Every text is measured (``stemnet.chart_metrics``): the left margin fits the widest tick,
    fewer ticks and category labels are shown when they would touch, long titles wrap and
    other long labels are shortened with "…" (the full text in a ``<title>``).
    """
    tick_format = tick_format or value_format
    categories = [str(c) for c in categories]
    chart_id = chart_id or _chart_id("line", title, categories, series)
    small = width < 420
    font = 10 if small else 12
    title_lines, title_y = _title(title, width, font + 3) if show_title else ([], 0.0)
    top = (title_y + 10 if show_title else 12) + (0 if small else 4)
    legend_items, legend_height = _legend(
        series, 12, 0, width - 24, bars=False, chart_id=chart_id, size=font
    )
    if len(series) < 2:  # the title names the one series
        legend_items, legend_height = [], 0
    bottom = 28 + (18 if x_label else 0) + legend_height + 8
    plot_h = height - top - bottom
    extra = [float(target.value)] if target else []
    low, high = _value_range(series, extra, y_min, y_max)
    ticks = _ticks(
        low,
        high,
        _all_whole(series, extra),
        (3, 2) if small else (5, 4, 3, 2),
        lambda t: plot_h / max(len(t) - 1, 1) >= font + 4,
    )
    low, high = ticks[0], ticks[-1]
    tick_labels = [tick_format(tick) for tick in ticks]
    label_room = font + 12 if y_label else 6
    left = label_room + max(text_width(t, font) for t in tick_labels) + 6
    right = 16 if small else 24
    plot_w = width - left - right
    step = plot_w / max(len(categories), 1)
    widths = [text_width(c, font) for c in categories]
    # the last category label is centred half a step from the plot's end: room for its half
    if widths and widths[-1] / 2 > right + step / 2 - 2:
        right = math.ceil(widths[-1] / 2 - step / 2 + 2)
        plot_w = width - left - right
        step = plot_w / max(len(categories), 1)

    def ypos(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    def xpos(index: int) -> float:
        return left + step * (index + 0.5)

    out = _open(
        chart_id,
        title,
        desc or _summary(_("Line chart"), categories, series, value_format),
        width,
        height,
        "line",
    )
    if font != 12:
        out[0] = out[0].replace('font-size="12"', f'font-size="{font}"')
    out.extend(title_lines)
    taken = []  # boxes of the labels inside the plot
    if reference in categories:
        index = categories.index(reference)
        out.append(
            _el(
                "rect",
                x=f"{xpos(index) - step / 2:.1f}",
                y=f"{top:.1f}",
                width=f"{step:.1f}",
                height=f"{plot_h:.1f}",
                fill=REFERENCE,
                fill_opacity="0.6",
                class_="chart-reference",
            )
        )
        label = reference_label or _("reference")
        size = font - 1
        shown = fit(label, size, plot_w - 8)
        half = text_width(shown, size) / 2
        x = min(max(xpos(index), left + 4 + half), left + plot_w - 4 - half)
        y = top + font
        out.append(
            _text(
                label,
                plot_w - 8,
                size=size,
                x=f"{x:.1f}",
                y=f"{y:.1f}",
                text_anchor="middle",
                font_size=str(size),
                font_style="italic",
            )
        )
        taken.append(text_box(x, y, shown, size, "middle"))
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = ypos(tick)
        out.append(
            _el(
                "line",
                x1=f"{left:.1f}",
                y1=f"{y:.1f}",
                x2=f"{left + plot_w:.1f}",
                y2=f"{y:.1f}",
                stroke=GRID,
                stroke_width="1",
            )
        )
        out.append(_el("text", label, x=f"{left - 6:.1f}", y=f"{y + 4:.1f}", text_anchor="end"))
    out.append(
        _el(
            "line",
            x1=f"{left:.1f}",
            y1=f"{top}",
            x2=f"{left:.1f}",
            y2=f"{top + plot_h}",
            stroke=AXIS,
            stroke_width="1",
        )
    )
    out.append(
        _el(
            "line",
            x1=f"{left:.1f}",
            y1=f"{top + plot_h}",
            x2=f"{left + plot_w:.1f}",
            y2=f"{top + plot_h}",
            stroke=AXIS,
            stroke_width="1",
        )
    )
    # Label every category when they fit, otherwise every n-th (always the first and last).
    for index in _every(widths, step):
        out.append(
            _el(
                "text",
                categories[index],
                x=f"{xpos(index):.1f}",
                y=f"{top + plot_h + 16:.1f}",
                text_anchor="middle",
            )
        )
    if y_label:
        cy, lx = top + plot_h / 2, font
        out.append(
            _text(
                y_label,
                plot_h,
                size=font,
                x=f"{lx}",
                y=f"{cy:.1f}",
                text_anchor="middle",
                transform=f"rotate(-90 {lx} {cy:.1f})",
            )
        )
    if x_label:
        out.append(
            _text(
                x_label,
                plot_w,
                size=font,
                x=f"{left + plot_w / 2:.1f}",
                y=f"{top + plot_h + 34:.1f}",
                text_anchor="middle",
            )
        )
    if target is not None:
        y = ypos(float(target.value))
        out.append(
            _el(
                "line",
                x1=f"{left:.1f}",
                y1=f"{y:.1f}",
                x2=f"{left + plot_w:.1f}",
                y2=f"{y:.1f}",
                stroke=TARGET,
                stroke_width="2",
                stroke_dasharray="6 3",
                class_="chart-target",
            )
        )
        out.extend(_target_label(target.label, y, left, top, plot_w, plot_h, font, taken))
    for index, s in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(s.values[: len(categories)]):
            if value is None:
                runs.append([])
                continue
            runs[-1].append((xpos(i), ypos(float(value))))
        group = [f"<g {_attrs(class_='chart-series')}>"]
        for run in runs:
            if len(run) > 1:
                d = "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in run)
                group.append(
                    _el(
                        "path",
                        d=d,
                        fill="none",
                        stroke=colour,
                        stroke_width="2.5",
                        stroke_dasharray=DASHES[index % len(DASHES)],
                        stroke_linejoin="round",
                    )
                )
            for x, y in run:
                group.append(
                    _marker(MARKERS[index % len(MARKERS)], x, y, colour, 3.5 if small else 4.5)
                )
        group.append("</g>")
        out.extend(group)
    return _close(out, legend_items, top + plot_h + 34 + (18 if x_label else 0))


def _target_label(label, y, left, top, plot_w, plot_h, font, taken) -> list[str]:
    """The target line's label on a white box: above the line at the right, else below it,
    else at the left: the first place inside the plot clear of the labels ``taken``."""
    shown = fit(label, font, plot_w - 12, bold=True)
    label_w = text_width(shown, font, bold=True)
    places = [
        (left + plot_w - 4, y - 5, "end"),
        (left + plot_w - 4, y + font + 3, "end"),
        (left + 4 + label_w, y - 5, "end"),
        (left + 4 + label_w, y + font + 3, "end"),
    ]
    x, base = places[0][:2]
    for px, py, anchor in places:
        box = text_box(px, py, shown, font, anchor, bold=True)
        if box[1] >= top and box[3] <= top + plot_h and not any(_overlaps(box, t) for t in taken):
            x, base = px, py
            break
    # A white box behind the label keeps it readable over the data (paint-order halos are
    # not drawn by WeasyPrint).
    return [
        _el(
            "rect",
            x=f"{x - label_w - 3:.1f}",
            y=f"{base - font:.1f}",
            width=f"{label_w + 6:.1f}",
            height=f"{font + 3}",
            fill="#ffffff",
            fill_opacity="0.85",
        ),
        _text(
            label,
            plot_w - 12,
            size=font,
            bold=True,
            x=f"{x:.1f}",
            y=f"{base:.1f}",
            text_anchor="end",
            fill=TARGET,
            font_weight="bold",
        ),
    ]


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    orientation: str = "vertical",
    stacked: bool = False,
    value_label: str = "",
    category_label: str = "",
    desc: str | None = None,
    value_format: Callable[[Number | None], str] = default_format,
    show_values: bool = True,
    width: int = 640,
    height: int | None = None,
    show_title: bool = True,
    chart_id: str | None = None,
) -> SafeString:
    """A bar chart: one group of bars per category, one bar per series (or stacked).

    ``orientation`` is "vertical" (columns) or "horizontal" (bars, good for long category
    names such as centres or funding sources). Values are written next to the bars unless
    ``show_values`` is false (or, on columns, when they are wider than a column: the data
    table has them). Negative values are drawn below/left of the zero line.

    Every text is measured (``stemnet.chart_metrics``): the margins fit the category names,
    the tick and the value labels; fewer ticks are drawn when their labels would touch; a
    long category name wraps onto two lines or is shortened with "…" (the full name in a
    ``<title>``).
    """
    if orientation not in ("vertical", "horizontal"):
        raise ValueError("orientation must be 'vertical' or 'horizontal'")
    categories = [str(c) for c in categories]
    chart_id = chart_id or _chart_id("bar", title, categories, series)
    horizontal = orientation == "horizontal"
    groups = max(len(categories), 1)
    per_group = 1 if stacked else max(len(series), 1)
    title_lines, title_y = _title(title, width, 15) if show_title else ([], 0.0)
    above = bool(horizontal and category_label)  # the category label sits above the plot
    name_w = [text_width(c, 12) for c in categories]
    if height is None:
        per = 10 + 16 * per_group
        if horizontal and max(name_w, default=0) + 12 > width * 0.4:
            per = max(per, 30)  # room for names on two lines
        height = (90 + groups * per) if horizontal else 360
        height = int(max(height, 200) + (title_y - 20 if show_title else 0) + 16 * above)
    top = (title_y + 14 if show_title else 12) + 16 * above
    legend_items, legend_height = _legend(series, 12, 0, width - 24, bars=True, chart_id=chart_id)
    if len(series) < 2:
        legend_items, legend_height = [], 0
    low, high = _value_range(series, [], None, None, stacked=stacked, categories=len(categories))
    whole = _all_whole(series, [])
    counts = (3, 2) if width < 420 else (5, 4, 3, 2)
    value_texts = [
        value_format(v) for s in series for v in s.values[: len(categories)] if v is not None
    ]
    value_w = (
        max((text_width(t, 11) for t in value_texts), default=0)
        if show_values and not stacked
        else 0
    )

    def tick_w(ticks) -> float:
        return max(text_width(value_format(t), 12) for t in ticks)

    if horizontal:
        left = min(max(40, max(name_w, default=0) + 12), width * 0.4)
        bottom = 28 + (18 if value_label else 0) + legend_height + 6
        right = value_w + 10 if value_w else 16
        plot_h = height - top - bottom
        for _attempt in range(3):
            plot_w = width - left - right
            ticks = _ticks(
                low,
                high,
                whole,
                counts,
                lambda t, w=plot_w: w / max(len(t) - 1, 1) >= tick_w(t) + 8,
            )
            # the last tick's label is centred on the plot's end: room for its half
            needed = text_width(value_format(ticks[-1]), 12) / 2 + 4
            if needed <= right:
                break
            right = needed
        plot_w = width - left - right
    else:
        bottom = 30 + (18 if category_label else 0) + legend_height + 6
        top += 8 if value_w else 0  # the values written above the highest column
        plot_h = height - top - bottom
        ticks = _ticks(low, high, whole, counts, lambda t: plot_h / max(len(t) - 1, 1) >= 16)
        left = tick_w(ticks) + 6 + (24 if value_label else 8)
        right = 16
        plot_w = width - left - right
    low, high = ticks[0], ticks[-1]
    length = plot_w if horizontal else plot_h

    def scale(value: float) -> float:
        return (value - low) / (high - low) * length

    out = _open(
        chart_id,
        title,
        desc or _summary(_("Bar chart"), categories, series, value_format),
        width,
        height,
        "bar",
    )
    out.append(_patterns(chart_id, len(series)))
    out.extend(title_lines)
    for tick in ticks:
        pos = scale(tick)
        if horizontal:
            x = left + pos
            out.append(
                _el(
                    "line",
                    x1=f"{x:.1f}",
                    y1=f"{top}",
                    x2=f"{x:.1f}",
                    y2=f"{top + plot_h}",
                    stroke=GRID,
                    stroke_width="1",
                )
            )
            out.append(
                _el(
                    "text",
                    value_format(tick),
                    x=f"{x:.1f}",
                    y=f"{top + plot_h + 16}",
                    text_anchor="middle",
                )
            )
        else:
            y = top + plot_h - pos
            out.append(
                _el(
                    "line",
                    x1=f"{left:.1f}",
                    y1=f"{y:.1f}",
                    x2=f"{left + plot_w:.1f}",
                    y2=f"{y:.1f}",
                    stroke=GRID,
                    stroke_width="1",
                )
            )
            out.append(
                _el(
                    "text",
                    value_format(tick),
                    x=f"{left - 6:.1f}",
                    y=f"{y + 4:.1f}",
                    text_anchor="end",
                )
            )
    zero = scale(0.0)
    band = (plot_h if horizontal else plot_w) / groups
    bar = min(band * 0.8 / per_group, 56.0)
    if not horizontal and value_w > (bar if per_group > 1 else band) - 2:
        value_w = 0  # wider than a column: the data table has the values
    name_room = left - 12 if horizontal else band - 4
    if horizontal or max(name_w, default=0) <= name_room or len(categories) <= 6:
        shown = set(range(len(categories)))
    else:  # many columns (years ...): every n-th label
        shown = set(_every(name_w, band))
    for gi, category in enumerate(categories):
        base = band * gi + (band - bar * per_group) / 2
        stack_pos, stack_neg = 0.0, 0.0
        for si, s in enumerate(series):
            value = _num(s.values[gi]) if gi < len(s.values) else None
            if value is None:
                continue
            offset = base if stacked else base + bar * si
            if stacked:
                start = stack_pos if value >= 0 else stack_neg
                begin, end = scale(start), scale(start + value)
                if value >= 0:
                    stack_pos += value
                else:
                    stack_neg += value
            else:
                begin, end = zero, scale(value)
            lo, hi = min(begin, end), max(begin, end)
            colour = COLOURS[si % len(COLOURS)]
            fill = _bar_fill(chart_id, si)
            if horizontal:
                x, y, w, h = left + lo, top + offset, hi - lo, bar
            else:
                x, y, w, h = left + offset, top + plot_h - hi, bar, hi - lo
            label = f"{s.name}, {category}: {value_format(s.values[gi])}"
            rect = _attrs(
                x=f"{x:.1f}",
                y=f"{y:.1f}",
                width=f"{w:.1f}",
                height=f"{h:.1f}",
                fill=fill,
                stroke=colour,
                stroke_width="1",
            )
            out.append(f"<rect {rect}>{_el('title', label)}</rect>")
            if value_w:
                if horizontal:
                    out.append(
                        _el(
                            "text",
                            value_format(s.values[gi]),
                            x=f"{x + w + 4:.1f}",
                            y=f"{y + h / 2 + 4:.1f}",
                            font_size="11",
                        )
                    )
                else:
                    out.append(
                        _el(
                            "text",
                            value_format(s.values[gi]),
                            x=f"{x + w / 2:.1f}",
                            y=f"{y - 4:.1f}",
                            text_anchor="middle",
                            font_size="11",
                        )
                    )
        centre = base + bar * per_group / 2
        if gi not in shown:
            continue
        if horizontal:
            out.extend(_category_name(category, name_room, left - 6, top + centre, band))
        else:
            out.append(
                _text(
                    category,
                    None if len(shown) < len(categories) else name_room,
                    x=f"{left + centre:.1f}",
                    y=f"{top + plot_h + 16}",
                    text_anchor="middle",
                )
            )
    if horizontal:
        out.append(
            _el(
                "line",
                x1=f"{left + zero:.1f}",
                y1=f"{top}",
                x2=f"{left + zero:.1f}",
                y2=f"{top + plot_h}",
                stroke=AXIS,
                stroke_width="1",
            )
        )
    else:
        y = top + plot_h - zero
        out.append(
            _el(
                "line",
                x1=f"{left:.1f}",
                y1=f"{y:.1f}",
                x2=f"{left + plot_w:.1f}",
                y2=f"{y:.1f}",
                stroke=AXIS,
                stroke_width="1",
            )
        )
    axis_y = top + plot_h + 34
    if horizontal:
        if value_label:
            out.append(
                _text(
                    value_label,
                    plot_w,
                    x=f"{left + plot_w / 2:.1f}",
                    y=f"{axis_y}",
                    text_anchor="middle",
                )
            )
        if category_label:
            out.append(
                _text(category_label, width - 24, x="12", y=f"{top - 6}", font_style="italic")
            )
    else:
        if value_label:
            cy = top + plot_h / 2
            out.append(
                _text(
                    value_label,
                    plot_h,
                    x="14",
                    y=f"{cy:.1f}",
                    text_anchor="middle",
                    transform=f"rotate(-90 14 {cy:.1f})",
                )
            )
        if category_label:
            out.append(
                _text(
                    category_label,
                    plot_w,
                    x=f"{left + plot_w / 2:.1f}",
                    y=f"{axis_y}",
                    text_anchor="middle",
                )
            )
    has_axis_label = bool(value_label if horizontal else category_label)
    return _close(out, legend_items, top + plot_h + 34 + (18 if has_axis_label else 0))


def _category_name(name: str, room: float, x: float, centre: float, band: float) -> list[str]:
    """A horizontal bar's category name, right-aligned at ``x``: on one line, on two when
    it is too long and the band has room for two, else shortened with "…"."""
    if text_width(name, 12) <= room:
        return [_el("text", name, x=f"{x:.1f}", y=f"{centre + 4:.1f}", text_anchor="end")]
    if band < 27:
        return [_text(name, room, x=f"{x:.1f}", y=f"{centre + 4:.1f}", text_anchor="end")]
    lines = wrap(name, 12, room)
    out = [f"<g>{_el('title', name)}"] if " ".join(lines) != " ".join(name.split()) else ["<g>"]
    for index, line in enumerate(lines):
        y = centre + 4 + (index - (len(lines) - 1) / 2) * 13
        out.append(_el("text", line, x=f"{x:.1f}", y=f"{y:.1f}", text_anchor="end"))
    out.append("</g>")
    return out


def chart_table(
    *,
    caption: str,
    categories: Sequence[str],
    series: Sequence[Series],
    category_header: str = "",
    value_format: Callable[[Number | None], str] = default_format,
) -> ChartTable:
    """The chart's data as a table (one row per category, one column per series).

    The text alternative to show under the picture (in a ``<details>`` on pages, as a table
    in PDFs); missing values read "–".
    """
    rows = []
    for index, category in enumerate(categories):
        rows.append(
            [str(category)]
            + [value_format(s.values[index] if index < len(s.values) else None) for s in series]
        )
    return ChartTable(
        caption=caption, headers=[category_header] + [s.name for s in series], rows=rows
    )

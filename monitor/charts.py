"""
The monitor's charts, drawn by the portal's one renderer (``stemnet.charts``).

``indicator_chart`` is used by the monitor pages and by the reports (PDF), so both show the
same picture: the total and one series per breakdown category, the current target as a
dashed line and the reference period marked. An indicator observed in a single period is
drawn as bars of its breakdown instead.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from stemnet.charts import ChartTable, Series, TargetLine, bar_chart, chart_table, line_chart

from .models import Indicator, Target, Unit
from .selectors import IndicatorSummary


def format_value(indicator: Indicator, value: Decimal | None, *, signed: bool = False) -> str:
    """A value in the indicator's unit and decimals, localised: ``45,16 %``, ``31.751``."""
    if value is None:
        return "–"
    places = indicator.decimals if indicator.unit != Unit.EUR else 2
    value = round(Decimal(value), places)
    text = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if signed and value > 0:
        text = "+" + text
    if indicator.unit == Unit.SHARE:
        return f"{text} %" if not signed else _("%(value)s pp") % {"value": text}
    if indicator.unit == Unit.EUR:
        return f"€ {text}"
    return text


def target_label(target: Target) -> str:
    return _("Target %(period)s: %(comparator)s %(value)s") % {
        "period": target.period,
        "comparator": target.get_comparator_display(),
        "value": format_value(target.indicator, target.value),
    }


def _series(summary: IndicatorSummary) -> list[Series]:
    out = []
    for data in summary.series:
        by_period = data.by_period()
        values = [by_period[p].value if p in by_period else None for p in summary.periods]
        name = summary.indicator.name if data.is_total else data.label
        out.append(Series(name, values))
    return out


def indicator_chart(
    summary: IndicatorSummary, *, small: bool = False, chart_id: str | None = None
) -> tuple[str, ChartTable]:
    """The SVG chart of an indicator and its data table (the text alternative)."""
    indicator = summary.indicator
    unit = indicator.get_unit_display()

    def fmt(value):
        return format_value(indicator, value) if value is not None else "–"

    def axis(value):
        return number_format(Decimal(str(value)).normalize(), use_l10n=True, force_grouping=True)

    series = _series(summary)
    if len(summary.periods) == 1:
        period = summary.periods[0]
        categories = [data.label for data in summary.series]
        values = [s.values[0] for s in series]
        svg = bar_chart(
            title=indicator.name,
            categories=categories,
            series=[Series(period, values)],
            orientation="horizontal",
            value_label=unit,
            value_format=fmt,
            show_title=not small,
            width=320 if small else 640,
            chart_id=chart_id,
        )
        table = chart_table(
            caption=indicator.name,
            category_header=_("Breakdown"),
            categories=categories,
            series=[Series(period, values)],
            value_format=fmt,
        )
        return svg, table
    target = summary.target
    svg = line_chart(
        title=indicator.name,
        categories=summary.periods,
        series=series,
        y_label=unit,
        x_label="" if small else _("Period"),
        target=TargetLine(target.value, target_label(target)) if target else None,
        reference=indicator.reference_period or None,
        reference_label=_("reference %(period)s") % {"period": indicator.reference_period}
        if not small
        else _("reference"),
        value_format=fmt,
        tick_format=axis,
        width=320 if small else 720,
        height=200 if small else 400,
        show_title=not small,
        chart_id=chart_id,
    )
    table = chart_table(
        caption=indicator.name,
        category_header=_("Period"),
        categories=summary.periods,
        series=series,
        value_format=fmt,
    )
    return svg, table

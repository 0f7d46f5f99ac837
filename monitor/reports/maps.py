"""The map of the network's reach: this year's participants per province (the dashboard's
figures, ``selectors.dashboard``: one rule, one place) on the province map of
``stemnet.maps``, with the network's centres marked. Shown on the network page, and ready for
the ministry dashboard and the yearly PDF through ``{% participants_map %}``
(``templatetags/report_maps.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from networks.models import Centre, Province
from stemnet import maps
from stemnet.charts import ChartTable, Number

from . import selectors, text


@dataclass(frozen=True)
class ReachMap:
    """A map with its text alternative: the values and the marked centres as tables."""

    svg: str
    table: ChartTable
    markers: ChartTable | None

    @property
    def tables(self) -> list[ChartTable]:
        return [self.table] + ([self.markers] if self.markers else [])


def province_names() -> dict[str, str]:
    return {code: str(label) for code, label in Province.choices}


def centre_markers(centres: Iterable[Centre]) -> list[maps.Marker]:
    """A marker for each centre whose address, or else its host's city, names a municipality
    of ``stemnet/data/places.json``; the others are left off (and so out of the table)."""
    markers = []
    for centre in centres:
        found = maps.locate(centre.address, centre.host.city if centre.host else "")
        if found is not None:
            place, lon, lat = found
            markers.append(maps.Marker(centre.name, lon, lat, place))
    return markers


def network_centres() -> list[Centre]:
    code = getattr(settings, "REPORTS_NETWORK_CODE", "VL")
    return list(
        Centre.objects.filter(network__code=code).select_related("host").order_by("kind", "name")
    )


def reach_map(
    values: Mapping[str, Number | None],
    *,
    title: str,
    value_label: str,
    value_format: Callable[[Number | None], str] = text.number,
    centres: Iterable[Centre] | None = None,
    chart_id: str | None = None,
    whole: bool | None = None,
) -> ReachMap:
    """Any per-province figure (participants, the share of schools reached) as a map
    with the network's centres marked, and its tables. ``whole``: the values are counts
    (``stemnet.maps.province_map``; pass ``False`` for shares)."""
    names = province_names()
    markers = centre_markers(network_centres() if centres is None else centres)
    svg = maps.province_map(
        values,
        names=names,
        title=title,
        value_label=value_label,
        value_format=value_format,
        markers=markers,
        marker_label=_("STEM centre"),
        chart_id=chart_id,
        whole=whole,
    )
    table = maps.province_table(
        values, names=names, caption=title, value_label=value_label, value_format=value_format
    )
    marker_table = (
        maps.marker_table(markers, caption=_("Centres marked on the map"), label_header=_("Centre"))
        if markers
        else None
    )
    return ReachMap(svg=svg, table=table, markers=marker_table)


def participants_map(
    *, year: int | None = None, board: selectors.Dashboard | None = None
) -> ReachMap:
    """Participants per province in ``year`` (counted by the organising centre's province, as
    the dashboard counts them), with the centres marked. A page that has the dashboard's
    figures already passes them as ``board`` (no second count)."""
    if board is None:
        if year is None:
            raise TypeError("participants_map needs a year or a board")
        board = selectors.dashboard(year=year)
    values = {headline.code: headline.participants for headline in board.provinces}
    title = _("Participants per province, %(year)s") % {"year": board.period.label}
    return reach_map(values, title=title, value_label=_("Participants"), chart_id="reach-map")


def schools_map(schools: dict) -> ReachMap:
    """The share of the register's schools reached per province (a report's or the
    dashboard's ``schools`` block, ``trainings.counting.schools_reached``: by the school's
    province), with the network's centres marked; a province without a school in the
    register reads "no data"."""
    return reach_map(
        {code: row["share_reached"] for code, row in schools["by_province"].items()},
        title=_("Share of the schools reached per province"),
        value_label=_("Schools reached (%)"),
        value_format=text.percent,
        chart_id="schools-map",
        whole=False,
    )

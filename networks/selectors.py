"""Reads of the networks app: the directory, a network's and a centre's page, the comparison.

Each page's rows come in a fixed number of queries (select_related/prefetch done here), so the
query count does not grow with the number of centres, partners or funding lines.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, cast

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .comparison import comparison_size_error, home_network_code, portal_reach
from .models import Centre, Focus, Funding, GoodPractice, Membership, Network, Partnership
from .permissions import can_see_centre_funding, can_see_network_funding

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User

# Size of a network for the directory filter: by the number of centres it reports.
SIZES = {
    "small": (_("Up to 10 centres"), Q(size__lte=10)),
    "medium": (_("11 to 50 centres"), Q(size__gt=10, size__lte=50)),
    "large": (_("More than 50 centres"), Q(size__gt=50)),
}

CODE = re.compile(r"[-a-zA-Z0-9_]{1,10}")  # network and centre codes (slugs, at most 10)


def memberships_of(user: User) -> list[tuple[str, int | None]]:
    """A person's roles as ``(role, centre_id)`` pairs: what ``stemnet.access`` guards read.
    One query."""
    return list(Membership.objects.filter(user=user).values_list("role", "centre_id"))


# --- directory ------------------------------------------------------------------------------


def network_directory(*, country: str = "", focus: str = "", size: str = "") -> QuerySet[Network]:
    """Networks with their coordinator and ``size`` (centres reported, else centres recorded).

    Unknown filter values are ignored (the form has already said so).
    """
    networks = (
        Network.objects.select_related("coordinating_organisation")
        .annotate(centres_recorded=Count("centres"))
        .annotate(size=Coalesce("centres_reported", "centres_recorded"))
        .order_by("name")
    )
    if country:
        networks = networks.filter(country=country)
    if focus in Focus.values:
        networks = networks.filter(focus_codes__has_code=focus)
    if size in SIZES:
        networks = networks.filter(SIZES[size][1])
    return networks


def network_countries() -> list[str]:
    return list(Network.objects.order_by("country").values_list("country", flat=True).distinct())


# --- funding tables -------------------------------------------------------------------------


@dataclass
class FundingTable:
    """Funding by source (rows) and year (columns), with totals; amounts in EUR."""

    years: list[int] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # {"source", "kind", "amounts": [...], "total"}
    totals: list[Decimal] = field(default_factory=list)
    total: Decimal = Decimal("0.00")

    def __bool__(self) -> bool:
        return bool(self.rows)


def funding_table(fundings: list[Funding]) -> FundingTable:
    """Pivot funding lines into a table. Planned and received lines of the same source and
    year are added up only when they are of the same status: received wins over planned, so a
    planned amount that was later received is not counted twice."""
    received = {(f.source_id, f.year) for f in fundings if f.status == Funding.Status.RECEIVED}
    cells: dict[tuple, Decimal] = defaultdict(Decimal)
    sources = {}
    for f in fundings:
        if f.status == Funding.Status.PLANNED and (f.source_id, f.year) in received:
            continue
        cells[(f.source_id, f.year)] += f.amount_eur
        sources[f.source_id] = f
    years = sorted({year for _source, year in cells})
    table = FundingTable(years=years)
    for source_id, line in sorted(sources.items(), key=lambda item: item[1].source.name):
        amounts = [cells.get((source_id, year)) for year in years]
        table.rows.append(
            {
                "source": line.source,
                "kind": line.get_kind_display(),
                "amounts": amounts,
                "total": sum((a or 0 for a in amounts), Decimal("0.00")),
            }
        )
    table.totals = [
        sum((cells.get((s, y), Decimal("0")) for s in sources), Decimal("0.00")) for y in years
    ]
    table.total = sum(table.totals, Decimal("0.00"))
    return table


# --- network page ---------------------------------------------------------------------------


@dataclass
class NetworkPage:
    network: Network
    centres: list[Centre]
    areas: list[tuple[str, list[Centre]]]
    partnerships: list[Partnership]
    funding_visible: bool
    funding: FundingTable


def network_page(*, code: str, user: User | AnonymousUser) -> NetworkPage | None:
    """Everything the network page shows, in five queries whatever the number of rows."""
    network = Network.objects.select_related("coordinating_organisation").filter(code=code).first()
    if network is None:
        return None
    centres = list(network.centres.select_related("host").order_by("kind", "name"))
    areas: dict[str, list[Centre]] = defaultdict(list)
    for centre in centres:
        areas[centre.area or "—"].append(centre)
    partnerships = list(
        Partnership.objects.filter(Q(network=network) | Q(centre__network=network))
        .select_related("organisation", "centre")
        .order_by("organisation__name", "kind")
    )
    visible = can_see_network_funding(user, network)
    table = FundingTable()
    if visible:
        table = funding_table(
            list(
                Funding.objects.filter(
                    Q(network=network) | Q(centre__network=network)
                ).select_related("source")
            )
        )
    return NetworkPage(
        network=network,
        centres=centres,
        areas=sorted(areas.items()),
        partnerships=partnerships,
        funding_visible=visible,
        funding=table,
    )


# --- centre page ----------------------------------------------------------------------------


@dataclass
class CentrePage:
    centre: Centre
    partnerships: list[Partnership]
    funding_visible: bool
    funding: FundingTable


def centre_page(*, code: str, user: User | AnonymousUser) -> CentrePage | None:
    centre = Centre.objects.select_related("network", "host").filter(code=code).first()
    if centre is None:
        return None
    partnerships = list(
        centre.partnerships.select_related("organisation").order_by("organisation__name", "kind")
    )
    # The good practices are the library's now: the page lists them with its template tag.
    visible = can_see_centre_funding(user, centre)
    table = (
        funding_table(list(centre.fundings.select_related("source"))) if visible else FundingTable()
    )
    return CentrePage(
        centre=centre,
        partnerships=partnerships,
        funding_visible=visible,
        funding=table,
    )


def centre_practices(centre: Centre) -> list[GoodPractice]:
    """All good practices of a centre, drafts included (for its coordinators)."""
    return list(centre.good_practices.order_by("status", "title"))


# --- comparison -----------------------------------------------------------------------------


@dataclass
class Range:
    """A figure that is one number or a range; ``at_least`` when it is a lower bound."""

    low: Decimal | None
    high: Decimal | None = None
    currency: str = ""
    at_least: bool = False

    @property
    def known(self) -> bool:
        return self.low is not None

    @property
    def is_range(self) -> bool:
        return self.high is not None and self.high != self.low


@dataclass
class ComparisonRow:
    kind: str  # "network" or "centre"
    code: str
    name: str
    organisation: str
    start_year: int | None
    initiative: str
    focus: str
    budget: Range
    budget_note: str
    centres: str
    reach: Range
    reach_note: str
    cost_per_teacher: Range
    url_name: str
    portal_note: str = ""  # set on the home network's row: its figures come from the portal
    schools: int | None = None  # schools or institutions reached


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def cost_per_teacher(budget: Range, reach: Range, *, partial: bool = False) -> Range:
    """Budget divided by teachers reached, as a range when either figure is a range:
    lowest budget / highest reach up to highest budget / lowest reach. Unknown when either
    figure is missing or the reach is zero; a lower bound when the budget is ``partial``
    (it covers only part of the network, so the real cost is higher)."""
    if budget.low is None or not reach.known or not reach.low:  # ``not budget.known``, for mypy
        return Range(None)
    budget_high = budget.high if budget.high is not None else budget.low
    reach_high = reach.high if reach.high is not None else reach.low
    if not reach_high:
        return Range(None)
    low = _whole(budget.low / reach_high)
    high = _whole(budget_high / reach.low)
    return Range(low, high if high != low else None, currency=budget.currency, at_least=partial)


def _network_row(network: Network) -> ComparisonRow:
    budget = Range(network.budget_min, network.budget_max, currency=network.budget_currency)
    reach = Range(
        Decimal(network.reach_teachers_min) if network.reach_teachers_min is not None else None,
        Decimal(network.reach_teachers_max) if network.reach_teachers_max is not None else None,
    )
    organisation = network.structure or str(network.coordinating_organisation or "")
    return ComparisonRow(
        kind="network",
        code=network.code,
        name=network.name,
        organisation=organisation,
        start_year=network.launch_year,
        initiative=network.initiative,
        focus=network.main_focus,
        budget=budget,
        budget_note=network.budget_note,
        centres=network.centres_note or str(network.centres_reported or ""),
        reach=reach,
        reach_note=network.reach_note,
        cost_per_teacher=cost_per_teacher(budget, reach, partial=network.budget_partial),
        url_name="networks:network",
        schools=network.reach_schools,
    )


def _home_network_row(network: Network, user: User | AnonymousUser) -> ComparisonRow:
    """The portal's own network, from what the portal holds rather than from the study: the
    earliest launch year of the network and its centres, the funding received in its latest
    year with funding (where its funding may be seen), the teachers of its latest year with
    trainings (the yearly report's figure) and the centres recorded. Three queries plus the
    yearly report's."""
    row = _network_row(network)
    launches = list(network.centres.values_list("launch_year", flat=True))
    starts = [year for year in [network.launch_year, *launches] if year]
    row.start_year = min(starts) if starts else None
    row.centres = ngettext(
        "%(n)d centre in the portal", "%(n)d centres in the portal", len(launches)
    ) % {"n": len(launches)}
    row.budget, row.budget_note, budget_year = Range(None), "", None
    if can_see_network_funding(user, network):
        latest = (
            Funding.objects.filter(
                Q(network=network) | Q(centre__network=network), status=Funding.Status.RECEIVED
            )
            .values("year")
            .annotate(total=Sum("amount_eur"))
            .order_by("-year")
            .first()
        )
        if latest:
            budget_year = latest["year"]
            row.budget = Range(latest["total"], currency="EUR")
            row.budget_note = str(_("Funding received in %(year)s") % {"year": budget_year})
    reach = portal_reach(network.code)
    row.reach, row.reach_note, row.schools = Range(None), "", None
    if reach is not None:
        row.reach = Range(Decimal(reach.teachers))
        row.reach_note = str(
            _("Teachers with a counted participation in %(year)s") % {"year": reach.year}
        )
        row.schools = reach.schools
    same_year = reach is not None and budget_year == reach.year
    row.cost_per_teacher = cost_per_teacher(row.budget, row.reach) if same_year else Range(None)
    row.portal_note = str(_("Computed from the portal"))
    return row


def _centre_row(
    centre: Centre, budget_by_centre: dict[int, tuple[int, Decimal]], user: User | AnonymousUser
) -> ComparisonRow:
    if can_see_centre_funding(user, centre) and centre.pk in budget_by_centre:
        year, amount = budget_by_centre[centre.pk]
        budget = Range(amount, currency="EUR")
        note = _("Funding recorded for %(year)s") % {"year": year}
    else:
        budget = Range(None)
        note = ""
    reach = Range(Decimal(centre.reach_teachers) if centre.reach_teachers is not None else None)
    return ComparisonRow(
        kind="centre",
        code=centre.code,
        name=centre.name,
        organisation=str(centre.host or ""),
        start_year=centre.launch_year,
        initiative=centre.network.initiative,
        focus=centre.network.main_focus,
        budget=budget,
        budget_note=note,
        centres=centre.area,
        reach=reach,
        reach_note="",
        cost_per_teacher=cost_per_teacher(budget, reach),
        url_name="networks:centre",
    )


def _latest_budget_by_centre(centres: list[Centre]) -> dict[int, tuple[int, Decimal]]:
    """Per centre: the latest year with funding and its total (received, else planned)."""
    lines = list(Funding.objects.filter(centre__in=centres).select_related("source"))
    by_centre: dict[int, list[Funding]] = defaultdict(list)
    for line in lines:
        by_centre[cast(int, line.centre_id)].append(line)  # centre__in: never None
    result = {}
    for centre_id, centre_lines in by_centre.items():
        table = funding_table(centre_lines)
        result[centre_id] = (table.years[-1], table.totals[-1])
    return result


@dataclass
class Comparison:
    rows: list[ComparisonRow]
    errors: list[str]

    @property
    def has_portal_row(self) -> bool:
        return any(row.portal_note for row in self.rows)


def compare(
    *, network_codes: list[str], centre_codes: list[str], user: User | AnonymousUser
) -> Comparison:
    """Rows for the picked networks and centres, in the order picked, or messages saying why
    the pick cannot be compared (too few, too many, unknown codes). Never raises for bad input.
    """
    network_codes = list(dict.fromkeys(c for c in network_codes if c))
    centre_codes = list(dict.fromkeys(c for c in centre_codes if c))
    errors: list[str] = []
    picked = len(network_codes) + len(centre_codes)
    if picked == 0:
        return Comparison(rows=[], errors=[])
    size_error = comparison_size_error(picked)
    if size_error:
        return Comparison(rows=[], errors=[*errors, size_error])
    # Only well-formed codes reach the database (PostgreSQL refuses a NUL in a string).
    networks = {
        n.code: n
        for n in Network.objects.select_related("coordinating_organisation").filter(
            code__in=[c for c in network_codes if CODE.fullmatch(c)]
        )
    }
    centres = {
        c.code: c
        for c in Centre.objects.select_related("network", "host").filter(
            code__in=[c for c in centre_codes if CODE.fullmatch(c)]
        )
    }
    unknown = [c for c in network_codes if c not in networks]
    unknown += [c for c in centre_codes if c not in centres]
    if unknown:
        errors.append(
            str(
                _("Unknown network or centre: %(codes)s.")
                % {"codes": ", ".join(c.replace("\x00", "") for c in unknown)}
            )
        )
        return Comparison(rows=[], errors=errors)
    budgets = _latest_budget_by_centre(list(centres.values())) if centres else {}
    home = home_network_code()
    rows = [
        _home_network_row(networks[c], user) if c == home else _network_row(networks[c])
        for c in network_codes
    ]
    rows += [_centre_row(centres[c], budgets, user) for c in centre_codes]
    return Comparison(rows=rows, errors=[])


def compare_choices() -> tuple[list[Network], list[Centre]]:
    """What a visitor can pick on the comparison page."""
    networks = list(Network.objects.order_by("name"))
    centres = list(Centre.objects.select_related("network").order_by("network__name", "name"))
    return networks, centres

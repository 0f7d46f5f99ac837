"""
Reads of the STEM monitor, each with a fixed number of queries whatever the data size.

``overview()`` and ``indicator_page()`` return ``IndicatorSummary`` objects: the indicator,
its observations grouped into series (the total first, then one per breakdown category), the
latest total against the current target, and the reference observation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.validators import slug_re
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from .models import Indicator, Observation, Target, Unit, breakdown_label

MET, NOT_MET, NO_TARGET, NO_DATA = "met", "not_met", "no_target", "no_data"
PENDING = "pending"  # a target whose own period has no data (yet): never judged on other years
TOWARD, AWAY, LEVEL = "toward", "away", "level"


@dataclass
class SeriesData:
    dimension: str
    category: str
    observations: list[Observation]

    @property
    def label(self) -> str:
        return breakdown_label(self.dimension, self.category)

    @property
    def is_total(self) -> bool:
        return not self.dimension

    def by_period(self) -> dict[str, Observation]:
        return {o.period: o for o in self.observations}


@dataclass
class Row:
    observation: Observation
    change: Decimal | None  # against the same breakdown in the reference period
    change_relative: Decimal | None  # in % of the reference value (counts and euros only)


@dataclass
class IndicatorSummary:
    indicator: Indicator
    periods: list[str]
    series: list[SeriesData]
    targets: list[Target]
    latest: Observation | None = None
    target: Target | None = None
    reference: Observation | None = None
    rows: list[Row] = field(default_factory=list)

    @property
    def judged(self) -> Observation | None:
        """The total's observation of the target's own period: the only one it is judged on."""
        if self.target is None or self.total is None:
            return None
        return self.total.by_period().get(self.target.period)

    @property
    def status(self) -> str:
        """Met or not met on data of the target's period only; ``pending`` without it (the
        page then shows the latest value and the ``trend`` toward the target)."""
        if self.latest is None:
            return NO_DATA
        if self.target is None:
            return NO_TARGET
        if self.judged is None:
            return PENDING
        return MET if self.target.is_met_by(self.judged.value) else NOT_MET

    @property
    def trend(self) -> str | None:
        """Whether the last two totals move toward the target (``toward``), away from it or
        not at all; None without a target or two totals."""
        if self.target is None or self.total is None or len(self.total.observations) < 2:
            return None
        before, last = self.total.observations[-2].value, self.total.observations[-1].value
        if last == before:
            return LEVEL
        rising = last > before
        wants_more = self.target.comparator == Target.Comparator.AT_LEAST
        return TOWARD if rising == wants_more else AWAY

    @property
    def total(self) -> SeriesData | None:
        return next((s for s in self.series if s.is_total), None)

    @property
    def change_since_reference(self) -> Decimal | None:
        if self.latest is None or self.reference is None:
            return None
        return self.latest.value - self.reference.value


def _observations_prefetch() -> Prefetch:
    return Prefetch(
        "observations",
        queryset=Observation.objects.order_by("period_start", "dimension", "category"),
    )


def _targets_prefetch() -> Prefetch:
    return Prefetch("targets", queryset=Target.objects.order_by("period_start"))


def summarise(indicator: Indicator) -> IndicatorSummary:
    """Build the summary from an indicator whose observations and targets are prefetched."""
    observations = list(indicator.observations.all())
    targets = list(indicator.targets.all())
    for observation in observations:  # spares a query per observation in templates
        observation.indicator = indicator
    starts = {}
    grouped: dict[tuple[str, str], list[Observation]] = {}
    for observation in observations:
        starts[observation.period] = observation.period_start
        grouped.setdefault((observation.dimension, observation.category), []).append(observation)
    series = [
        SeriesData(d, c, obs)
        for (d, c), obs in sorted(grouped.items(), key=lambda item: (item[0][0] != "", item[0]))
    ]
    summary = IndicatorSummary(
        indicator=indicator,
        periods=sorted(starts, key=lambda p: (starts[p], p)),
        series=series,
        targets=targets,
        target=targets[-1] if targets else None,
    )
    total = summary.total
    if total is not None:
        summary.latest = total.observations[-1]
        summary.reference = total.by_period().get(indicator.reference_period)
    references = {
        (s.dimension, s.category): s.by_period().get(indicator.reference_period) for s in series
    }
    for observation in observations:
        ref = references.get((observation.dimension, observation.category))
        change = relative = None
        if ref is not None:
            change = observation.value - ref.value
            if indicator.unit != Unit.SHARE and ref.value:
                relative = (change / ref.value * 100).quantize(Decimal("0.1"))
        summary.rows.append(Row(observation, change, relative))
    return summary


def overview() -> list[IndicatorSummary]:
    """Every indicator that has observations, in their order; three queries."""
    indicators = Indicator.objects.filter(
        Exists(Observation.objects.filter(indicator=OuterRef("pk")))
    ).prefetch_related(_observations_prefetch(), _targets_prefetch())
    return [summarise(indicator) for indicator in indicators]


def indicator_page(code: str) -> IndicatorSummary:
    """One indicator with everything its page shows; raises Http404 for an unknown code."""
    indicator = (
        Indicator.objects.select_related("numerator", "denominator")
        .prefetch_related(_observations_prefetch(), _targets_prefetch())
        .filter(code=code)
        .first()
    )
    if indicator is None:
        raise Http404
    return summarise(indicator)


def indicator_choices() -> QuerySet[Indicator]:
    return Indicator.objects.only("pk", "code", "name_nl", "name_en", "position")


def indicator_by_code(code: str | None) -> Indicator | None:
    """The indicator with this code; None for no code or one that is no slug (a code from a
    query string may hold anything, a NUL byte that PostgreSQL refuses too)."""
    if not code or not slug_re.match(code):
        return None
    return Indicator.objects.filter(code=code).first()

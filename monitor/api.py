"""
The STEM monitor in the read-only open-data API (``/api/v1/``): indicators, observations
(filtered by indicator, period range and breakdown) and targets. No personal data: the monitor
holds none. Writes are impossible: the views are read-only viewsets (POST/PUT/DELETE -> 405).
"""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from stemnet import api
from stemnet.api import CodeFilter, OpenDataViewSet, TruthFilter

from .models import CATEGORIES, Dimension, Indicator, Observation, Target
from .periods import FIRST_YEAR, LAST_YEAR, parse_period


class IndicatorSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:indicator-detail", lookup_field="code"
    )
    # null for a count: only a share has a numerator and a denominator
    numerator = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    denominator = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Indicator
        fields = [
            "url",
            "code",
            "name_nl",
            "name_en",
            "definition_nl",
            "definition_en",
            "unit",
            "decimals",
            "numerator",
            "numerator_dimension",
            "numerator_category",
            "denominator",
            "factor",
            "segment",
            "period_kind",
            "reference_period",
            "source",
            "source_url",
        ]


class ObservationSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Observation
        fields = [
            "id",
            "indicator",
            "period",
            "period_start",
            "dimension",
            "category",
            "value",
            "numerator",
            "denominator",
            "note",
        ]


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Target
        fields = ["id", "indicator", "period", "period_start", "comparator", "value", "source_text"]


# Every period the monitor knows: the calendar years and school years it accepts
# (``periods.parse_period``), listed so that the schema states exactly which values are valid.
PERIODS = [
    period
    for year in range(FIRST_YEAR, LAST_YEAR + 1)
    for period in (str(year), f"{year}-{year + 1}")
]
_PERIOD_STARTS = {period: int(period[:4]) for period in PERIODS}
CATEGORY_CHOICES = sorted(
    {(code, code) for categories in CATEGORIES.values() for code in categories}
)


class PeriodField(forms.CharField):
    """A period exactly as written (no spaces around it), turned into the year it starts."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if value not in _PERIOD_STARTS:
            parse_period(value)  # raises with the message that says what is wrong
            raise DjangoValidationError(
                _(
                    "'%(value)s' is not a period: enter a school year like 2013-2014 or a year "
                    "like 2014."
                ),
                code="period",
                params={"value": value},
            )
        return _PERIOD_STARTS[value]


@extend_schema_field({"type": "string", "enum": PERIODS})
class PeriodFilter(filters.Filter):
    """A period (its start year reaches the filter method)."""

    field_class = PeriodField


class ObservationFilter(filters.FilterSet):
    indicator = CodeFilter(
        field_name="indicator__code", help_text="Indicator code, e.g. intake_stem_share."
    )
    period_from = PeriodFilter(
        method="filter_from", help_text="First period, e.g. 2009-2010 or 2014."
    )
    period_to = PeriodFilter(method="filter_to", help_text="Last period, e.g. 2013-2014 or 2015.")
    dimension = filters.ChoiceFilter(
        choices=[c for c in Dimension.choices if c[0]],
        help_text="Breakdown dimension; see also total.",
    )
    category = filters.ChoiceFilter(
        choices=CATEGORY_CHOICES, help_text="Breakdown category, e.g. female or ASO."
    )
    total = TruthFilter(
        method="filter_total", help_text="true: only totals; false: only breakdowns."
    )

    class Meta:
        model = Observation
        fields = ["indicator", "period_from", "period_to", "dimension", "category", "total"]

    def filter_from(self, queryset, name, value):
        return queryset.filter(period_start__gte=value)

    def filter_to(self, queryset, name, value):
        return queryset.filter(period_start__lte=value)

    def filter_total(self, queryset, name, value):
        return queryset.filter(dimension="") if value else queryset.exclude(dimension="")

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        first, last = data.get("period_from"), data.get("period_to")
        if first is not None and last is not None and first > last:
            raise ValidationError({"period_to": [_("period_to comes before period_from.")]})
        return super().filter_queryset(queryset)


class TargetFilter(filters.FilterSet):
    indicator__code = CodeFilter(field_name="indicator__code", help_text="Indicator code.")

    class Meta:
        model = Target
        fields = ["indicator__code"]


class IndicatorViewSet(OpenDataViewSet):
    """Indicators of the STEM monitor. A share is numerator / denominator x factor."""

    queryset = Indicator.objects.select_related("numerator", "denominator").order_by(
        "position", "code"
    )
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    lookup_kind = "code"  # anything else is a 404 before the database


class ObservationViewSet(OpenDataViewSet):
    """Observations: one value per indicator, period and breakdown (blank = total)."""

    queryset = Observation.objects.select_related("indicator").order_by(
        "indicator__position", "indicator__code", "period_start", "dimension", "category", "pk"
    )
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilter
    filter_backends = [filters.DjangoFilterBackend]


class TargetViewSet(OpenDataViewSet):
    """Targets: the value an indicator should reach (gte) or stay under (lte) by a period."""

    queryset = Target.objects.select_related("indicator").order_by(
        "indicator__position", "indicator__code", "period_start", "pk"
    )
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    filter_backends = [filters.DjangoFilterBackend]


api.register("indicators", IndicatorViewSet, basename="indicator")
api.register("observations", ObservationViewSet, basename="observation")
api.register("targets", TargetViewSet, basename="target")

"""
The STEM monitor in the read-only open-data API (``/api/v1/``): indicators, observations
(filtered by indicator, period range and breakdown) and targets. No personal data: the monitor
holds none. Writes are impossible: the views are read-only viewsets (POST/PUT/DELETE -> 405).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from stemnet import api
from stemnet.api import OpenDataPagination

from .models import Dimension, Indicator, Observation, Target
from .periods import parse_period


class IndicatorSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:indicator-detail", lookup_field="code"
    )
    numerator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    denominator = serializers.SlugRelatedField(slug_field="code", read_only=True)

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


def _period_start(value: str) -> int:
    try:
        return parse_period(value)[1]
    except DjangoValidationError as exc:
        raise ValidationError({"period": exc.messages}) from None


class ObservationFilter(filters.FilterSet):
    indicator = filters.CharFilter(
        field_name="indicator__code", help_text="Indicator code, e.g. intake_stem_share."
    )
    period_from = filters.CharFilter(
        method="filter_from", help_text="First period, e.g. 2009-2010 or 2014."
    )
    period_to = filters.CharFilter(
        method="filter_to", help_text="Last period, e.g. 2013-2014 or 2015."
    )
    dimension = filters.ChoiceFilter(
        choices=[c for c in Dimension.choices if c[0]],
        help_text="Breakdown dimension; see also total.",
    )
    category = filters.CharFilter(help_text="Breakdown category, e.g. female or ASO.")
    total = filters.BooleanFilter(
        method="filter_total", help_text="true: only totals; false: only breakdowns."
    )

    class Meta:
        model = Observation
        fields = ["indicator", "period_from", "period_to", "dimension", "category", "total"]

    def filter_from(self, queryset, name, value):
        return queryset.filter(period_start__gte=_period_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(period_start__lte=_period_start(value))

    def filter_total(self, queryset, name, value):
        return queryset.filter(dimension="") if value else queryset.exclude(dimension="")

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if (
            data.get("period_from")
            and data.get("period_to")
            and (_period_start(data["period_from"]) > _period_start(data["period_to"]))
        ):
            raise ValidationError({"period_to": ["period_to comes before period_from."]})
        return super().filter_queryset(queryset)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators of the STEM monitor. A share is numerator / denominator x factor."""

    queryset = Indicator.objects.select_related("numerator", "denominator").order_by(
        "position", "code"
    )
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    lookup_value_converter = "slug"  # anything else is a 404 before the database
    pagination_class = OpenDataPagination


class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    """Observations: one value per indicator, period and breakdown (blank = total)."""

    queryset = Observation.objects.select_related("indicator").order_by(
        "indicator__position", "indicator__code", "period_start", "dimension", "category", "pk"
    )
    serializer_class = ObservationSerializer
    lookup_value_converter = "int"
    filterset_class = ObservationFilter
    filter_backends = [filters.DjangoFilterBackend]
    pagination_class = OpenDataPagination


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    """Targets: the value an indicator should reach (gte) or stay under (lte) by a period."""

    queryset = Target.objects.select_related("indicator").order_by(
        "indicator__position", "indicator__code", "period_start", "pk"
    )
    serializer_class = TargetSerializer
    lookup_value_converter = "int"
    filter_backends = [filters.DjangoFilterBackend]
    filterset_fields = {"indicator__code": ["exact"]}
    pagination_class = OpenDataPagination


api.register("indicators", IndicatorViewSet, basename="indicator")
api.register("observations", ObservationViewSet, basename="observation")
api.register("targets", TargetViewSet, basename="target")

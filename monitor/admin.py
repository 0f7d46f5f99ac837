"""The Django admin of the STEM monitor, with import and export through the same resources as
``import_data`` (so the same rules). The admin's forms run the models' ``clean()`` too."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .models import Indicator, Observation, Target
from .resources import IndicatorResource, ObservationResource, TargetResource


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    fields = ("period", "dimension", "category", "value", "numerator", "denominator", "note")


@admin.register(Indicator)
class IndicatorAdmin(ImportExportModelAdmin):
    resource_classes = [IndicatorResource]
    list_display = (
        "code",
        "name_nl",
        "unit",
        "segment",
        "period_kind",
        "reference_period",
        "position",
    )
    list_filter = ("unit", "segment", "period_kind")
    search_fields = ("code", "name_nl", "name_en")
    raw_id_fields = ("numerator", "denominator")
    inlines = [ObservationInline]


@admin.register(Observation)
class ObservationAdmin(ImportExportModelAdmin):
    resource_classes = [ObservationResource]
    list_display = (
        "indicator",
        "period",
        "dimension",
        "category",
        "value",
        "numerator",
        "denominator",
    )
    list_filter = ("indicator", "dimension")
    list_select_related = ("indicator",)
    search_fields = ("indicator__code", "period")


@admin.register(Target)
class TargetAdmin(ImportExportModelAdmin):
    resource_classes = [TargetResource]
    list_display = ("indicator", "period", "comparator", "value")
    list_select_related = ("indicator",)

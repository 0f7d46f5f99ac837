"""
Import kinds of the STEM monitor: ``indicators``, ``observations``, ``targets``.

Built on the shared row-parsing resource ``stemnet.resources.TableResource`` (each row
parsed once, bad cells reported per column, duplicates inside a file refused, rows matched on
natural keys so that importing a file twice changes nothing). On top of that the models'
``clean()`` runs for every row (``clean_model_instances``), so an import refuses exactly what
the form and the services refuse; with any bad row nothing is written (``stemnet.imports``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemnet import imports
from stemnet.resources import TableResource, parse_choice, parse_int, parse_number

from .models import Dimension, Indicator, Observation, PeriodKind, Segment, Target, Unit

COMPARATORS = {"gte": "gte", ">=": "gte", "≥": "gte", "lte": "lte", "<=": "lte", "≤": "lte"}


def parse_comparator(value: str) -> str:
    comparator = COMPARATORS.get(value.strip().lower())
    if comparator is None:
        raise ValueError(_("Enter gte (at least, ≥) or lte (at most, ≤)."))
    return comparator


class MonitorResource(TableResource):
    class Meta(TableResource.Meta):
        clean_model_instances = True

    def indicator(self, row, errors, column="indicator", *, blank_ok=False):
        code = str(row.get(column) or "").strip()
        if not code and blank_ok:
            return None
        found = Indicator.objects.filter(code=code).first() if code else None
        if found is None:
            errors[column] = [_("Unknown indicator '%(value)s'.") % {"value": code}]
        return found


class IndicatorResource(MonitorResource):
    class Meta(MonitorResource.Meta):
        model = Indicator
        import_id_fields = ("code",)
        fields = (
            "code",
            "name_nl",
            "name_en",
            "unit",
            "segment",
            "period_kind",
            "reference_period",
            "source",
            "source_url",
            "definition_nl",
            "definition_en",
            "decimals",
            "numerator",
            "numerator_dimension",
            "numerator_category",
            "denominator",
            "factor",
            "position",
        )

    def parse(self, row, errors):
        code = str(row.get("code") or "").strip()
        if not re.fullmatch(r"[-a-z0-9_]{1,60}", code):
            errors["code"] = [_("A code has 1 to 60 lower-case letters, digits, - or _.")]
        decimals = self.cell(row, errors, "decimals", parse_int, blank_ok=True)
        position = self.cell(row, errors, "position", parse_int, blank_ok=True)
        factor = self.cell(row, errors, "factor", parse_number, blank_ok=True)
        return {
            "code": code,
            "name_nl": self.text(row, errors, "name_nl", required=True, max_length=200),
            "name_en": self.text(row, errors, "name_en", required=True, max_length=200),
            "unit": self.cell(row, errors, "unit", parse_choice, Unit),
            "segment": self.cell(row, errors, "segment", parse_choice, Segment),
            "period_kind": self.cell(row, errors, "period_kind", parse_choice, PeriodKind),
            "reference_period": self.text(row, errors, "reference_period", max_length=9),
            "source": self.text(row, errors, "source", required=True),
            "source_url": self.text(row, errors, "source_url", max_length=200),
            "definition_nl": self.text(row, errors, "definition_nl", max_length=2000),
            "definition_en": self.text(row, errors, "definition_en", max_length=2000),
            "decimals": 0 if decimals is None else decimals,
            "numerator": self.indicator(row, errors, "numerator", blank_ok=True),
            "numerator_dimension": self.cell(
                row, errors, "numerator_dimension", parse_choice, Dimension, blank_ok=True
            )
            or "",
            "numerator_category": self.text(row, errors, "numerator_category", max_length=30),
            "denominator": self.indicator(row, errors, "denominator", blank_ok=True),
            "factor": Decimal("100") if factor is None else factor,
            "position": 0 if position is None else position,
        }


class IndicatorKeyLoader:
    """Find the existing row by the resource's natural key (``import_id_fields``), from the
    values ``parse`` put in the row; a row whose indicator is unknown is new (and refused)."""

    def __init__(self, resource, dataset):
        self.resource = resource

    def get_instance(self, row):
        if row.get("indicator") is None:
            return None
        meta = self.resource._meta
        return meta.model.objects.filter(**{f: row[f] for f in meta.import_id_fields}).first()


class PeriodResource(MonitorResource):
    """Rows of one indicator and period (observations, targets): a second row for the same key
    is reported on its period."""

    class Meta(MonitorResource.Meta):
        instance_loader_class = IndicatorKeyLoader

    def key_column(self):
        return "period"

    def indicator_and_period(self, row, errors) -> dict:
        return {
            "indicator": self.indicator(row, errors),
            "period": self.text(row, errors, "period", required=True, max_length=9),
        }


class ObservationResource(PeriodResource):
    class Meta(PeriodResource.Meta):
        model = Observation
        import_id_fields = ("indicator", "period", "dimension", "category")
        fields = (
            "indicator",
            "period",
            "dimension",
            "category",
            "value",
            "numerator",
            "denominator",
            "note",
        )

    def parse(self, row, errors):
        return {
            **self.indicator_and_period(row, errors),
            "dimension": self.cell(row, errors, "dimension", parse_choice, Dimension, blank_ok=True)
            or "",
            "category": self.text(row, errors, "category", max_length=30),
            "value": self.cell(row, errors, "value", parse_number),
            "numerator": self.cell(row, errors, "numerator", parse_number, blank_ok=True),
            "denominator": self.cell(row, errors, "denominator", parse_number, blank_ok=True),
            "note": self.text(row, errors, "note"),
        }


class TargetResource(PeriodResource):
    class Meta(PeriodResource.Meta):
        model = Target
        import_id_fields = ("indicator", "period")
        fields = ("indicator", "period", "comparator", "value", "source_text")

    def parse(self, row, errors):
        return {
            **self.indicator_and_period(row, errors),
            "comparator": self.cell(row, errors, "comparator", parse_comparator),
            "value": self.cell(row, errors, "value", parse_number),
            "source_text": self.text(row, errors, "source_text", max_length=2000),
        }


imports.register_kind(
    "indicators",
    label=gettext_lazy("Monitor indicators"),
    resource=IndicatorResource,
    columns=(
        "code",
        "name_nl",
        "name_en",
        "unit",
        "segment",
        "period_kind",
        "reference_period",
        "source",
    ),
    optional_columns=(
        "source_url",
        "definition_nl",
        "definition_en",
        "decimals",
        "numerator",
        "numerator_dimension",
        "numerator_category",
        "denominator",
        "factor",
        "position",
    ),
)
imports.register_kind(
    "observations",
    label=gettext_lazy("Monitor observations"),
    resource=ObservationResource,
    columns=("indicator", "period", "value"),
    needs=("indicators",),
    optional_columns=("dimension", "category", "numerator", "denominator", "note"),
)
imports.register_kind(
    "targets",
    label=gettext_lazy("Monitor targets"),
    resource=TargetResource,
    columns=("indicator", "period", "comparator", "value"),
    needs=("indicators",),
    optional_columns=("source_text",),
)

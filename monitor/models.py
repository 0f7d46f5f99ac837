"""
The STEM monitor: indicators, their observations per period and breakdown, and targets.

Shares are modelled the way indicator platforms such as DHIS2 do: a share indicator is a
numerator indicator over a denominator indicator times a factor (100 for a percentage), so
that a share can be recomputed from its counts and broken down. Breakdowns (gender, education
form, level, occupation) are dimensions of an observation, never separate indicators: "share
of girls among STEM pupils" is the STEM-pupils count broken down by gender ``female`` over the
same count in total.

The rules every write must respect live in ``clean()`` (called by the services, the form and
the import): periods well-formed and of the indicator's kind, counts never negative, a share
agreeing with its numerator and denominator within rounding, one observation per indicator,
period and breakdown.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from . import periods


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    SHARE = "share", _("share (%)")
    EUR = "eur", _("euro")


class Segment(models.TextChoices):
    SECONDARY_THIRD_GRADE = "secondary_3", _("secondary education, third grade")
    SECONDARY = "secondary", _("secondary education")
    HIGHER = "higher", _("higher education")
    LABOUR_MARKET = "labour_market", _("labour market")
    OTHER = "other", _("other")


class PeriodKind(models.TextChoices):
    SCHOOL_YEAR = periods.SCHOOL_YEAR, _("school year (2013-2014)")
    CALENDAR_YEAR = periods.CALENDAR_YEAR, _("calendar year (2014)")


class Dimension(models.TextChoices):
    """What an observation is broken down by; blank means the total."""

    TOTAL = "", _("total")
    GENDER = "gender", _("gender")
    EDUCATION_FORM = "education_form", _("education form")
    LEVEL = "level", _("level")
    OCCUPATION = "occupation", _("occupation")


# The categories each dimension allows, with their labels.
CATEGORIES: dict[str, dict[str, str]] = {
    Dimension.GENDER: {"female": _("girls / women"), "male": _("boys / men")},
    Dimension.EDUCATION_FORM: {"ASO": "ASO", "TSO": "TSO", "KSO": "KSO", "BSO": "BSO"},
    Dimension.LEVEL: {
        "secondary": _("secondary education"),
        "higher_professional": _("professional bachelor"),
        "higher_academic": _("academic bachelor and master"),
    },
    Dimension.OCCUPATION: {"stem": _("STEM occupations"), "non_stem": _("non-STEM occupations")},
}


def breakdown_label(dimension: str, category: str) -> str:
    if not dimension:
        return gettext("total")
    return str(CATEGORIES.get(dimension, {}).get(category, category))


def validate_breakdown(dimension: str, category: str, field: str = "category") -> None:
    """Both blank (the total), or a known dimension with one of its categories."""
    if not dimension and not category:
        return
    if dimension not in CATEGORIES:
        raise ValidationError(
            {
                "dimension": gettext("Unknown breakdown '%(value)s'. Use: %(known)s")
                % {"value": dimension, "known": ", ".join(CATEGORIES)}
            }
        )
    if category not in CATEGORIES[dimension]:
        raise ValidationError(
            {
                field: gettext("'%(value)s' is not a category of %(dimension)s. Use: %(known)s")
                % {
                    "value": category,
                    "dimension": dimension,
                    "known": ", ".join(CATEGORIES[dimension]),
                }
            }
        )


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_nl = models.TextField(_("definition (Dutch)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField(
        _("decimals"),
        default=0,
        validators=[MaxValueValidator(4)],
        help_text=_("Decimals shown, and the rounding a share may differ by from its counts."),
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("numerator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a share: the count on top."),
    )
    numerator_dimension = models.CharField(
        _("numerator breakdown"),
        max_length=20,
        blank=True,
        choices=Dimension.choices,
        help_text=_("For a share of a part, e.g. girls among STEM pupils: gender."),
    )
    numerator_category = models.CharField(_("numerator category"), max_length=30, blank=True)
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("denominator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a share: the count below."),
    )
    factor = models.DecimalField(
        _("factor"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(1)],
    )
    segment = models.CharField(_("education segment"), max_length=20, choices=Segment.choices)
    period_kind = models.CharField(
        _("periods"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.SCHOOL_YEAR
    )
    reference_period = models.CharField(
        _("reference period"), max_length=9, blank=True, validators=[periods.validate_period]
    )
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source URL"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        english = (get_language() or "").startswith("en")
        return (self.name_en if english else self.name_nl) or self.name_nl

    @property
    def definition(self) -> str:
        english = (get_language() or "").startswith("en")
        return (self.definition_en if english else self.definition_nl) or self.definition_nl

    @property
    def numerator_breakdown_label(self) -> str:
        return breakdown_label(self.numerator_dimension, self.numerator_category)

    @property
    def is_share(self) -> bool:
        return self.unit == Unit.SHARE

    def clean(self):
        errors: dict[str, list[str]] = {}
        if self.is_share:
            if self.numerator_id is None:
                errors["numerator"] = [gettext("A share needs a numerator indicator.")]
            if self.denominator_id is None:
                errors["denominator"] = [gettext("A share needs a denominator indicator.")]
            for name in ("numerator", "denominator"):
                other = getattr(self, name)
                if other is not None and (other.pk == self.pk or other.unit != Unit.COUNT):
                    errors.setdefault(name, []).append(
                        gettext("Choose another indicator that counts.")
                    )
            try:
                validate_breakdown(
                    self.numerator_dimension, self.numerator_category, "numerator_category"
                )
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    key = "numerator_dimension" if key == "dimension" else key
                    errors.setdefault(key, []).extend(messages)
        elif self.numerator_id or self.denominator_id or self.numerator_dimension:
            errors["unit"] = [gettext("Only a share has a numerator and a denominator.")]
        if self.reference_period:
            try:
                kind, _start = periods.parse_period(self.reference_period)
            except ValidationError:
                pass  # the field validator reports it
            else:
                if kind != self.period_kind:
                    errors["reference_period"] = [
                        gettext("The reference period must be a period of the indicator's kind.")
                    ]
        if errors:
            raise ValidationError(errors)

    def rounding_tolerance(self) -> Decimal:
        """How far a share may lie from numerator / denominator x factor: half a last digit."""
        return Decimal("0.5").scaleb(-self.decimals) + Decimal("0.00005")


class Observation(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    period = models.CharField(
        _("period"),
        max_length=9,
        validators=[periods.validate_period],
        help_text=_("A school year like 2013-2014 or a year like 2014."),
    )
    period_start = models.PositiveSmallIntegerField(_("first year"), editable=False, db_index=True)
    dimension = models.CharField(
        _("breakdown"), max_length=20, blank=True, choices=Dimension.choices
    )
    category = models.CharField(_("category"), max_length=30, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    numerator = models.DecimalField(
        _("numerator"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period_start", "dimension", "category"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "dimension", "category"],
                name="monitor_observation_one_per_period_and_breakdown",
                violation_error_message=_(
                    "There already is an observation of this indicator for this period and "
                    "breakdown."
                ),
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="monitor_observation_numerator_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="monitor_observation_denominator_positive",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period} {self.breakdown_label}: {self.value}"

    @property
    def breakdown_label(self) -> str:
        return breakdown_label(self.dimension, self.category)

    def clean(self):
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        try:
            kind, self.period_start = periods.parse_period(self.period)
        except ValidationError:
            pass  # the field's validator reports it (full_clean runs both)
        else:
            if self.indicator_id and kind != self.indicator.period_kind:
                add(
                    "period",
                    gettext("This indicator is measured per %(kind)s.")
                    % {"kind": self.indicator.get_period_kind_display()},
                )
        try:
            validate_breakdown(self.dimension, self.category)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                for message in messages:
                    add(key, message)
        if self.indicator_id is None or self.value is None:
            if errors:
                raise ValidationError(errors)
            return
        indicator = self.indicator
        if indicator.unit == Unit.COUNT:
            if self.value < 0:
                add("value", gettext("A count is never negative."))
            elif self.value != self.value.to_integral_value():
                add("value", gettext("A count is a whole number."))
        if indicator.unit == Unit.SHARE:
            if self.value < 0:
                add("value", gettext("A share is never negative."))
        elif self.numerator is not None or self.denominator is not None:
            add("numerator", gettext("Only a share has a numerator and a denominator."))
        for name in ("numerator", "denominator"):
            number = getattr(self, name)
            if number is not None and number < 0:
                add(name, gettext("A count is never negative."))
        if self.denominator is not None and self.denominator == 0:
            add("denominator", gettext("The denominator cannot be 0."))
        if (
            indicator.unit == Unit.SHARE
            and self.numerator is not None
            and self.denominator
            and "numerator" not in errors
            and "denominator" not in errors
            and "value" not in errors
        ):
            computed = self.numerator / self.denominator * indicator.factor
            if abs(computed - self.value) > indicator.rounding_tolerance():
                add(
                    "value",
                    gettext("%(numerator)s / %(denominator)s gives %(computed)s, not %(value)s.")
                    % {
                        "numerator": _plain(self.numerator),
                        "denominator": _plain(self.denominator),
                        "computed": _plain(round(computed, indicator.decimals)),
                        "value": _plain(self.value),
                    },
                )
        if errors:
            raise ValidationError(errors)

    def recomputed(self) -> Decimal | None:
        """numerator / denominator x factor, rounded to the indicator's decimals."""
        if self.numerator is None or not self.denominator:
            return None
        share = self.numerator / self.denominator * self.indicator.factor
        return round(share, self.indicator.decimals)


class Target(models.Model):
    class Comparator(models.TextChoices):
        AT_LEAST = "gte", "≥"
        AT_MOST = "lte", "≤"

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    period = models.CharField(_("period"), max_length=9, validators=[periods.validate_period])
    period_start = models.PositiveSmallIntegerField(_("first year"), editable=False)
    comparator = models.CharField(_("comparator"), max_length=3, choices=Comparator.choices)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    source_text = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="monitor_target_one_per_period",
                violation_error_message=_("This indicator already has a target for this period."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period} {self.get_comparator_display()} {self.value}"

    def clean(self):
        errors: dict[str, list[str]] = {}
        try:
            kind, self.period_start = periods.parse_period(self.period)
        except ValidationError:
            pass  # the field's validator reports it (full_clean runs both)
        else:
            if self.indicator_id and kind != self.indicator.period_kind:
                errors["period"] = [
                    gettext("This indicator is measured per %(kind)s.")
                    % {"kind": self.indicator.get_period_kind_display()}
                ]
        if (
            self.indicator_id
            and self.value is not None
            and self.value < 0
            and self.indicator.unit in (Unit.COUNT, Unit.SHARE)
        ):
            errors["value"] = [gettext("A count or a share is never negative.")]
        if errors:
            raise ValidationError(errors)

    def is_met_by(self, value: Decimal) -> bool:
        if self.comparator == self.Comparator.AT_LEAST:
            return value >= self.value
        return value <= self.value


def _plain(number: Decimal) -> str:
    """A Decimal without trailing zeros and without exponent (``45.1600`` -> ``45.16``)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

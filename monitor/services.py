"""
Every write of the STEM monitor: indicators, observations and targets.

The rules themselves live in the models' ``clean()`` (so the form, the import and these
services refuse the same things with the same message); the services run them, write, and
say what they change.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from .models import Indicator, Observation, Target


def indicator_save(
    *,
    code: str,
    name_nl: str,
    name_en: str,
    unit: str,
    segment: str,
    source: str,
    source_url: str = "",
    definition_nl: str = "",
    definition_en: str = "",
    decimals: int = 0,
    period_kind: str = "school_year",
    reference_period: str = "",
    numerator: Indicator | None = None,
    numerator_dimension: str = "",
    numerator_category: str = "",
    denominator: Indicator | None = None,
    factor: Decimal = Decimal("100"),
    position: int = 0,
) -> Indicator:
    """Create the indicator ``code`` or bring it up to date with these values.

    Raises ValidationError (nothing written) when the values break a rule of ``Indicator``
    (a share without numerator or denominator, a malformed reference period ...).
    Safe to run twice: the second call changes nothing.
    """
    indicator = Indicator.objects.filter(code=code).first() or Indicator(code=code)
    values = {
        "name_nl": name_nl,
        "name_en": name_en,
        "unit": unit,
        "segment": segment,
        "source": source,
        "source_url": source_url,
        "definition_nl": definition_nl,
        "definition_en": definition_en,
        "decimals": decimals,
        "period_kind": period_kind,
        "reference_period": reference_period,
        "numerator": numerator,
        "numerator_dimension": numerator_dimension,
        "numerator_category": numerator_category,
        "denominator": denominator,
        "factor": factor,
        "position": position,
    }
    for name, value in values.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    return indicator


def observation_record(
    *,
    indicator: Indicator,
    period: str,
    value: Decimal,
    dimension: str = "",
    category: str = "",
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    note: str = "",
) -> Observation:
    """Record a new observation of ``indicator`` for ``period`` and breakdown.

    Raises ValidationError and writes nothing when a rule is broken: a malformed period or one
    of the wrong kind, an unknown breakdown, a negative or fractional count, a share that does
    not agree with its numerator and denominator within rounding, or an observation that
    already exists for this indicator, period and breakdown (so running it twice refuses the
    second time rather than writing a duplicate).
    """
    observation = Observation(
        indicator=indicator,
        period=period.strip(),
        value=value,
        dimension=dimension,
        category=category,
        numerator=numerator,
        denominator=denominator,
        note=note,
    )
    observation.full_clean()
    with transaction.atomic():
        observation.save()
    return observation


def observation_save(
    *,
    indicator: Indicator,
    period: str,
    value: Decimal,
    dimension: str = "",
    category: str = "",
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    note: str = "",
) -> Observation:
    """Create or correct the observation of ``indicator`` for ``period`` and breakdown.

    Same rules as ``observation_record``; an existing observation is overwritten. Used by the
    demo loader. Safe to run twice.
    """
    observation = Observation.objects.filter(
        indicator=indicator, period=period.strip(), dimension=dimension, category=category
    ).first()
    if observation is None:
        return observation_record(
            indicator=indicator,
            period=period,
            value=value,
            dimension=dimension,
            category=category,
            numerator=numerator,
            denominator=denominator,
            note=note,
        )
    observation.value, observation.numerator, observation.denominator, observation.note = (
        value,
        numerator,
        denominator,
        note,
    )
    observation.full_clean()
    observation.save()
    return observation


def target_save(
    *, indicator: Indicator, period: str, comparator: str, value: Decimal, source_text: str = ""
) -> Target:
    """Set the target of ``indicator`` for ``period`` (creating or replacing it).

    Raises ValidationError (nothing written) for a malformed period, a period of the wrong
    kind or a negative count or share. Safe to run twice.
    """
    target = Target.objects.filter(indicator=indicator, period=period.strip()).first() or Target(
        indicator=indicator, period=period.strip()
    )
    target.comparator, target.value, target.source_text = comparator, value, source_text
    target.full_clean()
    target.save()
    return target

"""Factories of the monitor app."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from monitor.models import Indicator, Observation, Segment, Target, Unit
from monitor.periods import period_start


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"indicator_{n}")
    name_nl = factory.Sequence(lambda n: f"Indicator {n} (nl)")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = Unit.COUNT
    segment = Segment.SECONDARY_THIRD_GRADE
    source = "STEM-monitor 2015"
    reference_period = "2011-2012"


class ShareIndicatorFactory(IndicatorFactory):
    unit = Unit.SHARE
    decimals = 2
    numerator = factory.SubFactory(IndicatorFactory)
    denominator = factory.SubFactory(IndicatorFactory)


class ObservationFactory(DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2011-2012"
    period_start = factory.LazyAttribute(lambda o: period_start(o.period))
    value = Decimal("100")


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2019-2020"
    period_start = factory.LazyAttribute(lambda o: period_start(o.period))
    comparator = Target.Comparator.AT_LEAST
    value = Decimal("100")

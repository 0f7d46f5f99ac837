"""monitor/services.py: every write runs the models' rules and says what it changes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from monitor.models import Indicator, Observation, Target, Unit
from monitor.services import indicator_save, observation_record, observation_save, target_save

from .factories import IndicatorFactory, ShareIndicatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_observation_record_writes_once_and_refuses_the_duplicate():
    indicator = IndicatorFactory()
    observation = observation_record(
        indicator=indicator, period=" 2012-2013 ", value=Decimal(29697)
    )
    assert (observation.period, observation.period_start) == ("2012-2013", 2012)
    with pytest.raises(ValidationError) as exc:
        observation_record(indicator=indicator, period="2012-2013", value=Decimal(1))
    assert "already is an observation" in exc.value.messages[0]
    assert Observation.objects.get().value == 29697


def test_observation_record_writes_nothing_on_a_broken_rule():
    share = ShareIndicatorFactory()
    with pytest.raises(ValidationError):
        observation_record(
            indicator=share,
            period="2006-2007",
            value=Decimal("50"),
            numerator=Decimal(31751),
            denominator=Decimal(70312),
        )
    assert not Observation.objects.exists()


def test_observation_save_creates_then_corrects():
    indicator = IndicatorFactory()
    first = observation_save(indicator=indicator, period="2012-2013", value=Decimal(3))
    again = observation_save(indicator=indicator, period="2012-2013", value=Decimal(4))
    assert first.pk == again.pk and Observation.objects.get().value == 4


def test_target_save_is_idempotent_and_validated():
    indicator = IndicatorFactory()
    target_save(indicator=indicator, period="2019-2020", comparator="gte", value=Decimal(5))
    target_save(indicator=indicator, period="2019-2020", comparator="gte", value=Decimal(5))
    assert Target.objects.count() == 1
    with pytest.raises(ValidationError):
        target_save(indicator=indicator, period="2019", comparator="gte", value=Decimal(5))
    assert Target.objects.count() == 1


def test_indicator_save_creates_updates_and_validates():
    count = indicator_save(
        code="n", name_nl="n", name_en="n", unit=Unit.COUNT, segment="other", source="s"
    )
    denominator = IndicatorFactory()
    share = indicator_save(
        code="s",
        name_nl="s",
        name_en="s",
        unit=Unit.SHARE,
        segment="other",
        source="s",
        numerator=count,
        denominator=denominator,
        decimals=2,
    )
    again = indicator_save(
        code="s",
        name_nl="s2",
        name_en="s",
        unit=Unit.SHARE,
        segment="other",
        source="s",
        numerator=count,
        denominator=denominator,
        decimals=2,
    )
    assert share.pk == again.pk and Indicator.objects.get(code="s").name_nl == "s2"
    with pytest.raises(ValidationError):
        indicator_save(
            code="bad", name_nl="b", name_en="b", unit=Unit.SHARE, segment="other", source="s"
        )
    assert not Indicator.objects.filter(code="bad").exists()

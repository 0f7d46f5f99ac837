"""The monitor's rules, as the models enforce them for every write (monitor/models.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from monitor.models import Indicator, Observation, Target, Unit
from monitor.periods import parse_period

from .factories import IndicatorFactory, ObservationFactory, ShareIndicatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as exc:
        instance.full_clean()
    return exc.value.message_dict


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2013-2014", ("school_year", 2013)),
        (" 2014 ", ("calendar_year", 2014)),
    ],
)
def test_well_formed_periods(value, expected):
    assert parse_period(value) == expected


@pytest.mark.parametrize(
    "value",
    ["2014-2013", "2013-2015", "2013/2014", "13-14", "", "1900", "2013-2014-2015", "twintig"],
)
def test_malformed_or_unordered_periods_are_refused(value):
    with pytest.raises(ValidationError):
        parse_period(value)


def test_observation_period_must_be_of_the_indicators_kind():
    indicator = IndicatorFactory(period_kind="school_year")
    errors = errors_of(Observation(indicator=indicator, period="2014", value=1))
    assert "measured per" in errors["period"][0]
    errors = errors_of(Observation(indicator=indicator, period="2014-2013", value=1))
    assert "in order" in errors["period"][0]


def test_a_valid_observation_gets_its_period_start():
    observation = Observation(indicator=IndicatorFactory(), period="2013-2014", value=5)
    observation.full_clean()
    assert observation.period_start == 2013


@pytest.mark.parametrize(
    "value, message",
    [
        (Decimal("-1"), "A count is never negative."),
        (Decimal("3.5"), "A count is a whole number."),
    ],
)
def test_a_count_is_a_whole_number_never_negative(value, message):
    errors = errors_of(Observation(indicator=IndicatorFactory(), period="2013-2014", value=value))
    assert errors["value"] == [message]


def test_a_share_must_agree_with_its_numerator_and_denominator_within_rounding():
    share = ShareIndicatorFactory(decimals=2)
    # 31751 / 70312 x 100 = 45.1573...; with two decimals the tolerance is half a hundredth,
    # so 45.16 passes and 45.15 (0.0073 away) does not.
    ok = Observation(
        indicator=share,
        period="2006-2007",
        value=Decimal("45.16"),
        numerator=31751,
        denominator=70312,
    )
    ok.full_clean()
    for wrong in ("45.15", "45.17", "54.16"):
        errors = errors_of(
            Observation(
                indicator=share,
                period="2006-2007",
                value=Decimal(wrong),
                numerator=31751,
                denominator=70312,
            )
        )
        assert errors["value"] == [f"31751 / 70312 gives 45.16, not {wrong}."]


def test_a_share_with_only_a_denominator_or_only_a_value_is_allowed():
    share = ShareIndicatorFactory()
    Observation(
        indicator=share, period="2006-2007", value=Decimal("45.87"), denominator=57235
    ).full_clean()
    Observation(indicator=share, period="2006-2007", value=Decimal("27.59")).full_clean()


def test_counts_of_a_share_are_never_negative_and_the_denominator_never_zero():
    share = ShareIndicatorFactory()
    errors = errors_of(
        Observation(
            indicator=share, period="2006-2007", value=Decimal("10"), numerator=-1, denominator=10
        )
    )
    assert errors["numerator"] == ["A count is never negative."]
    errors = errors_of(
        Observation(
            indicator=share, period="2006-2007", value=Decimal("10"), numerator=1, denominator=0
        )
    )
    assert errors["denominator"] == ["The denominator cannot be 0."]
    errors = errors_of(Observation(indicator=share, period="2006-2007", value=Decimal("-3")))
    assert errors["value"] == ["A share is never negative."]


def test_only_a_share_has_numerator_and_denominator():
    errors = errors_of(
        Observation(
            indicator=IndicatorFactory(), period="2006-2007", value=3, numerator=1, denominator=2
        )
    )
    assert errors["numerator"] == ["Only a share has a numerator and a denominator."]


def test_a_duplicate_observation_is_refused():
    existing = ObservationFactory(period="2011-2012")
    errors = errors_of(Observation(indicator=existing.indicator, period="2011-2012", value=7))
    assert errors["__all__"] == [
        "There already is an observation of this indicator for this period and breakdown."
    ]
    # another breakdown of the same period is a different observation
    Observation(
        indicator=existing.indicator,
        period="2011-2012",
        value=7,
        dimension="gender",
        category="female",
    ).full_clean()


def test_breakdowns_are_dimensions_with_known_categories():
    indicator = IndicatorFactory()
    errors = errors_of(
        Observation(
            indicator=indicator, period="2011-2012", value=1, dimension="gender", category="ASO"
        )
    )
    assert "is not a category of gender" in errors["category"][0]
    errors = errors_of(
        Observation(
            indicator=indicator, period="2011-2012", value=1, dimension="", category="female"
        )
    )
    assert "dimension" in errors


def test_a_share_indicator_needs_count_indicators_above_and_below():
    share = Indicator(
        code="s", name_nl="s", name_en="s", unit=Unit.SHARE, segment="other", source="x"
    )
    errors = errors_of(share)
    assert set(errors) >= {"numerator", "denominator"}
    other_share = ShareIndicatorFactory()
    share.numerator = other_share
    share.denominator = IndicatorFactory()
    assert errors_of(share)["numerator"] == ["Choose another indicator that counts."]
    count = Indicator(
        code="c",
        name_nl="c",
        name_en="c",
        unit=Unit.COUNT,
        segment="other",
        source="x",
        denominator=IndicatorFactory(),
    )
    assert errors_of(count)["unit"] == ["Only a share has a numerator and a denominator."]


def test_reference_period_is_well_formed_and_of_the_indicators_kind():
    indicator = IndicatorFactory.build(code="r", reference_period="2011-2013")
    assert "reference_period" in errors_of(indicator)
    indicator = IndicatorFactory.build(code="r", reference_period="2011", period_kind="school_year")
    assert errors_of(indicator)["reference_period"] == [
        "The reference period must be a period of the indicator's kind."
    ]


def test_targets_compare_and_validate():
    indicator = IndicatorFactory()
    target = Target(indicator=indicator, period="2019-2020", comparator="gte", value=10)
    target.full_clean()
    assert target.is_met_by(Decimal(10)) and not target.is_met_by(Decimal("9.99"))
    target.comparator = "lte"
    assert target.is_met_by(Decimal(3)) and not target.is_met_by(Decimal(11))
    target.value = -1
    assert errors_of(target)["value"] == ["A count or a share is never negative."]
    assert "period" in errors_of(
        Target(indicator=indicator, period="2020-2019", comparator="gte", value=1)
    )

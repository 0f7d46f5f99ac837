"""The demo monitor reproduces figures 1 and 2 of the STEM-monitor 2015 exactly, as ETION's
inspiration note "STEM in ons onderwijs, hype of noodzaak?" gives them."""

from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest

from monitor import demo
from monitor.models import Indicator, Observation, Target

pytestmark = pytest.mark.django_db

# Copied by hand from the inspiration note, independently of monitor/demo.py.
# Figuur 1: schooljaar, aantal leerlingen, aantal STEM, % STEM, % STEM vrouw
SEED_FIGURE_1 = """
2006-2007 70.312 31.751 45,16% 27,59%
2007-2008 71.682 32.141 44,84% 27,32%
2008-2009 72.074 32.097 44,53% 27,65%
2009-2010 71.209 30.845 43,32% 27,51%
2010-2011 68.805 29.994 43,59% 27,40%
2011-2012 68.043 29.929 43,99% 28,43%
2012-2013 68.021 29.697 43,66% 29,38%
2013-2014 68.560 29.812 43,48% 29,68%
"""
# Figuur 2: schooljaar, aantal studiebewijzen, % STEM studiebewijzen
SEED_FIGURE_2 = """
2006-2007 57.235 45,87%
2007-2008 58.764 45,62%
2008-2009 60.033 45,20%
2009-2010 60.735 45,11%
2010-2011 60.230 43,87%
2011-2012 58.529 44,19%
2012-2013 58.084 44,61%
"""


def parse(table: str) -> list[list]:
    rows = []
    for line in table.strip().splitlines():
        period, *cells = line.split()
        rows.append(
            [period]
            + [Decimal(c.replace(".", "").replace("%", "").replace(",", ".")) for c in cells]
        )
    return rows


def series(code: str) -> dict[str, Observation]:
    return {o.period: o for o in Observation.objects.filter(indicator__code=code, dimension="")}


@pytest.fixture
def loaded():
    demo.load(StringIO())


def test_figure_1_is_reproduced_and_its_shares_recompute_from_the_counts(loaded):
    pupils, stem = series("intake_pupils"), series("intake_stem")
    share, girls = series("intake_stem_share"), series("intake_stem_girls_share")
    rows = parse(SEED_FIGURE_1)
    assert sorted(pupils) == [row[0] for row in rows]
    for period, n_pupils, n_stem, pct_stem, pct_girls in rows:
        assert pupils[period].value == n_pupils
        assert stem[period].value == n_stem
        assert share[period].value == pct_stem
        assert girls[period].value == pct_girls
        # the share is recomputed from the counts, not only copied
        computed = (n_stem / n_pupils * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert computed == pct_stem, period
        assert share[period].recomputed() == pct_stem
        assert (share[period].numerator, share[period].denominator) == (n_stem, n_pupils)
        # girls among STEM pupils: the denominator is the STEM count of the same year
        assert girls[period].denominator == n_stem


def test_figure_2_is_reproduced_and_its_shares_fit_a_whole_count(loaded):
    qualifications = series("outflow_qualifications")
    share = series("outflow_stem_share")
    rows = parse(SEED_FIGURE_2)
    assert sorted(qualifications) == [row[0] for row in rows]
    for period, n_qualifications, pct_stem in rows:
        assert qualifications[period].value == n_qualifications
        assert share[period].value == pct_stem
        assert share[period].denominator == n_qualifications
        # The note gives no STEM count for figure 2: recompute the share from the whole
        # number of STEM qualifications it implies, which must round back to the same share.
        implied = (pct_stem * n_qualifications / 100).to_integral_value(ROUND_HALF_UP)
        assert (implied / n_qualifications * 100).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        ) == pct_stem, period


def test_vacancies_and_targets(loaded):
    received = {
        (o.category or "total"): o.value
        for o in Observation.objects.filter(indicator__code="vdab_vacancies_received")
    }
    assert received == {"total": 159088, "stem": 37434, "non_stem": 121654}
    open_ = {
        (o.category or "total"): o.value
        for o in Observation.objects.filter(indicator__code="vdab_vacancies_open")
    }
    assert open_ == {"total": 28332, "stem": 9290, "non_stem": 19042}
    girls = Target.objects.get(indicator__code="intake_stem_girls_share")
    assert (girls.comparator, girls.value, girls.period) == ("gte", Decimal("33.33"), "2019-2020")
    assert Indicator.objects.get(code="intake_stem_share").reference_period == "2011-2012"


def test_loading_twice_changes_nothing(loaded):
    before = list(Observation.objects.order_by("pk").values())
    targets = list(Target.objects.order_by("pk").values())
    indicators = list(Indicator.objects.order_by("pk").values())
    demo.load(StringIO())
    assert list(Observation.objects.order_by("pk").values_list("pk", "value")) == [
        (o["id"], o["value"]) for o in before
    ]
    assert list(Target.objects.order_by("pk").values()) == targets
    assert list(Indicator.objects.order_by("pk").values()) == indicators

"""monitor/resources.py: the import kinds indicators, observations and targets."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from monitor.models import Indicator, Observation, Target
from stemnet.imports import import_file

from .factories import IndicatorFactory, ObservationFactory, ShareIndicatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "examples"


def run(kind: str, text: str, *, dry_run=False):
    return import_file(kind, text.encode(), f"{kind}.csv", dry_run=dry_run)


def test_example_files_import_on_an_empty_database_and_again_unchanged():
    for kind in ("indicators", "observations", "targets"):
        report = import_file(
            kind, (EXAMPLES / f"{kind}.csv").read_bytes(), f"{kind}.csv", dry_run=False
        )
        assert report.ok, report.errors
        assert report.new == report.rows
    assert Indicator.objects.count() == 4
    assert Observation.objects.count() == 32
    share = Observation.objects.get(indicator__code="intake_stem_share", period="2011-2012")
    assert (share.value, share.numerator, share.denominator) == (Decimal("43.99"), 29929, 68043)
    girls = Indicator.objects.get(code="intake_stem_girls_share")
    assert (girls.numerator.code, girls.numerator_dimension, girls.numerator_category) == (
        "intake_stem",
        "gender",
        "female",
    )
    assert Target.objects.get().value == Decimal("33.33")
    for kind in ("indicators", "observations", "targets"):
        report = import_file(
            kind, (EXAMPLES / f"{kind}.csv").read_bytes(), f"{kind}.csv", dry_run=False
        )
        assert report.ok and report.unchanged == report.rows


def test_the_command_imports_with_dry_run(capsys):
    IndicatorFactory(code="intake_pupils")
    path = EXAMPLES.parent / "examples" / "observations.csv"
    # the file names indicators that do not exist: refused, nothing written
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_data", "observations", str(path), "--dry-run")
    assert not Observation.objects.exists()


OBS_HEADER = "indicator,period,dimension,category,value,numerator,denominator,note\n"


@pytest.mark.parametrize(
    "row, column, message",
    [
        ("c,2014-2013,,,5,,,", "period", "in order"),
        ("c,2014,,,5,,,", "period", "measured per"),
        ("c,2013/14,,,5,,,", "period", "is not a period"),
        ("c,2013-2014,,,-5,,,", "value", "never negative"),
        ("c,2013-2014,,,5.5,,,", "value", "whole number"),
        ("c,2013-2014,,,vijf,,,", "value", "is not a number"),
        ("c,2013-2014,gender,ASO,5,,,", "category", "is not a category of gender"),
        ("c,2013-2014,colour,red,5,,,", "dimension", "Unknown code"),
        ("nope,2013-2014,,,5,,,", "indicator", "Unknown indicator"),
        ("s,2013-2014,,,50,29929,68043,", "value", "29929 / 68043 gives 43.99, not 50"),
        ("s,2013-2014,,,0,0,0,", "denominator", "cannot be 0"),
        ("c,2013-2014,,,5,1,2,", "numerator", "Only a share"),
    ],
)
def test_each_rule_refuses_the_row_with_line_column_and_reason_and_writes_nothing(
    row, column, message
):
    IndicatorFactory(code="c")
    ShareIndicatorFactory(code="s", decimals=2)
    report = run("observations", OBS_HEADER + "c,2012-2013,,,7,,,\n" + row + "\n")
    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [(3, column)], report.errors
    assert message in report.errors[0].message
    assert not Observation.objects.exists()  # the good first row is not written either


def test_a_duplicate_row_in_the_file_is_refused():
    IndicatorFactory(code="c")
    report = run("observations", OBS_HEADER + "c,2012-2013,,,7,,,\nc,2012-2013,,,8,,,\n")
    assert [(e.line, e.column) for e in report.errors] == [(3, "period")]
    assert "Duplicate of line 2" in report.errors[0].message
    assert not Observation.objects.exists()


def test_an_existing_observation_is_corrected_by_a_reimport():
    existing = ObservationFactory(indicator=IndicatorFactory(code="c"), period="2012-2013", value=7)
    report = run("observations", OBS_HEADER + "c,2012-2013,,,8,,,\n")
    assert report.ok and report.updated == 1
    existing.refresh_from_db()
    assert existing.value == 8


def test_dry_run_writes_nothing():
    IndicatorFactory(code="c")
    report = run("observations", OBS_HEADER + "c,2012-2013,,,7,,,\n", dry_run=True)
    assert report.ok and report.new == 1
    assert not Observation.objects.exists()


def test_decimal_comma_and_thousands():
    IndicatorFactory(code="c")
    ShareIndicatorFactory(code="s", decimals=2)
    report = run(
        "observations",
        OBS_HEADER + 'c,2012-2013,,,"1.234,0",,,\ns,2012-2013,,,"43,99",29929,68043,\n',
    )
    assert report.ok, report.errors
    assert Observation.objects.get(indicator__code="c").value == 1234


IND_HEADER = "code,name_nl,name_en,unit,segment,period_kind,reference_period,source"


@pytest.mark.parametrize(
    "row, column",
    [
        ("Bad Code,n,n,count,other,school_year,,s", "code"),
        ("x,n,n,percent,other,school_year,,s", "unit"),
        ("x,n,n,count,other,school_year,2011-2013,s", "reference_period"),
        ("x,n,n,count,other,calendar_year,2011-2012,s", "reference_period"),
        ("x,,n,count,other,school_year,,s", "name_nl"),
    ],
)
def test_indicator_rows_are_validated(row, column):
    report = run("indicators", f"{IND_HEADER}\n{row}\n")
    assert [e.column for e in report.errors] == [column], report.errors
    assert not Indicator.objects.exists()


def test_a_share_indicator_needs_numerator_and_denominator():
    report = run(
        "indicators",
        f"{IND_HEADER},numerator,denominator\n"
        "c,n,n,count,other,school_year,,s,,\n"
        "s,n,n,share,other,school_year,,s,c,\n",
    )
    assert [(e.line, e.column) for e in report.errors] == [(3, "denominator")]
    assert not Indicator.objects.exists()


def test_target_rows():
    IndicatorFactory(code="c")
    header = "indicator,period,comparator,value\n"
    report = run("targets", header + "c,2019-2020,>=,10\nc,2020-2021,≤,5\n")
    assert report.ok
    assert sorted(Target.objects.values_list("comparator", flat=True)) == ["gte", "lte"]
    report = run("targets", header + "c,2021-2022,more,10\nc,2022,gte,10\nc,2023-2024,gte,-1\n")
    assert [(e.line, e.column) for e in report.errors] == [
        (2, "comparator"),
        (3, "period"),
        (4, "value"),
    ]
    assert Target.objects.count() == 2


def test_missing_and_unknown_columns():
    report = run("observations", "indicator,period,colour\nc,2012-2013,red\n")
    assert {(e.column, e.message) for e in report.errors} == {
        ("value", "This column is missing."),
        ("colour", "Unknown column."),
    }

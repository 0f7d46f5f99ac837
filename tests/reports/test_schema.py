"""The reports' JSON against their published JSON Schemas (``docs/schemas/``, draft 2020-12):
``yearly_report … --format json`` for the network, a centre and a province of the demo data
(``loaddemo``), and ``compare_report … --format json``; and the documented types that a
schema alone does not pin down (a share has one decimal, unknown cost is null)."""

import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command

from stemnet.accounts.models import PersonRole

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def errors(kind: str, data: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(kind).iter_errors(data)
    ]


def run(command: str, tmp_path, *args: str) -> dict:
    out = tmp_path / "report.json"
    call_command(command, *args, "--format", "json", "--output", str(out), stdout=io.StringIO())
    return json.loads(out.read_text())


@pytest.fixture
def demo():
    call_command("loaddemo", stdout=io.StringIO())


def _numbers(value, path=""):
    """(path, number) of every JSON number in ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers(item, f"{path}[{index}]")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield path, value


@pytest.mark.parametrize("scope", [("--network", "VL"), ("--centre", "VOV"), ("--province", "VOV")])
def test_yearly_report_json_validates_against_its_schema(demo, tmp_path, scope):
    data = run("yearly_report", tmp_path, *scope, "--year", "2017")
    assert errors("yearly", data) == []
    # the demo's 2017 masterclasses (East Flanders) are in each of these scopes: every
    # section is filled, so the schema is checked on real rows, not on empty lists
    assert data["participants"]["total"] >= 45
    assert Decimal(data["budget"]["paid_eur"]) > 0 and data["budget"]["sources"]
    assert data["centres"] and data["indicators"] and data["open_answers"]
    assert data["indicators"][0]["series"][0]["observations"]
    assert set(data["participants"]["by_role"]) == set(PersonRole.values)
    # shares have one decimal (a float that prints with more is a rounding slip)
    for path, number in _numbers(data):
        if path.endswith("_share") or path.endswith("response_rate"):
            assert Decimal(str(number)) == Decimal(str(number)).quantize(Decimal("0.1")), path


def test_the_schema_refuses_what_the_docs_rule_out(demo, tmp_path):
    data = run("yearly_report", tmp_path, "--network", "VL", "--year", "2017")
    for path, wrong in [
        (("budget", "paid_eur"), 29012.01),  # money is a string
        (("budget", "paid_eur"), "29012.1"),  # with exactly two decimals
        (("participants", "total"), "45"),  # counts are integers
        (("evaluation", "satisfied_share"), "80.0"),  # shares are numbers
        (("currency",), "GBP"),
    ]:
        broken = json.loads(json.dumps(data))
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = wrong
        assert errors("yearly", broken), (path, wrong)
    data["unexpected"] = 1
    assert errors("yearly", data)


def test_cost_per_participant_is_null_without_budget_lines(world, tmp_path):
    """Unknown is not zero: participants but no budget line give null, not "0.00"."""
    from monitor.reports.demo import load_masterclasses_2017
    from trainings.models import BudgetLine

    load_masterclasses_2017()
    BudgetLine.objects.all().delete()
    data = run("yearly_report", tmp_path, "--centre", "VOV", "--year", "2017")
    assert errors("yearly", data) == []
    assert data["participants"]["total"] == 45
    assert data["budget"]["paid_eur"] == "0.00"
    assert data["budget"]["cost_per_participant_eur"] is None
    # a line that exists and sums to zero is a known zero
    from networks.models import Centre
    from tests.trainings.factories import BudgetLineFactory

    BudgetLineFactory(
        centre=Centre.objects.get(code="VOV"),
        year=2017,
        planned_eur=Decimal("0.00"),
        paid_eur=Decimal("0.00"),
    )
    data = run("yearly_report", tmp_path, "--centre", "VOV", "--year", "2017")
    assert data["budget"]["cost_per_participant_eur"] == "0.00"


@pytest.mark.parametrize(
    "scopes",
    [("--centres", "VOV,VWV"), ("--provinces", "VOV,VWV"), ("--networks", "VL,FI,UK,DE")],
)
def test_comparison_json_validates_against_its_schema(demo, tmp_path, scopes):
    data = run("compare_report", tmp_path, *scopes, "--year", "2017")
    assert errors("comparison", data) == []
    assert len(data["rows"]) == len(scopes[1].split(","))

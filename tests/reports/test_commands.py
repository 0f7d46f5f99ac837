"""``manage.py yearly_report`` and ``compare_report`` with exactly their documented arguments."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from monitor.reports.demo import load_masterclasses_2017
from tests.factories import CentreFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_yearly_report_writes_the_seed_answer_as_json(world, tmp_path):
    load_masterclasses_2017()
    out = tmp_path / "vl-2017.json"
    call_command(
        "yearly_report",
        "--network",
        "VL",
        "--year",
        "2017",
        "--format",
        "json",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    data = json.loads(out.read_text())
    assert data["participants"]["total"] == 45
    assert data["budget"]["paid_eur"] == "29012.01"


def test_yearly_report_with_dates_and_other_formats(world, tmp_path):
    load_masterclasses_2017()
    pdf = tmp_path / "vov.pdf"
    call_command(
        "yearly_report",
        "--province",
        "VOV",
        "--from",
        "2016-12-15",
        "--to",
        "2017-12-14",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        stdout=io.StringIO(),
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "vwv.xlsx"
    call_command(
        "yearly_report",
        "--centre",
        "VWV",
        "--year",
        "2017",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
        stdout=io.StringIO(),
    )
    values = {r[0]: r[2] for r in load_workbook(xlsx).worksheets[0].iter_rows(values_only=True)}
    assert values["participants.total"] == 0


def test_compare_report(world, tmp_path):
    load_masterclasses_2017()
    out = tmp_path / "c.json"
    call_command(
        "compare_report",
        "--centres",
        "VOV,VWV",
        "--year",
        "2017",
        "--format",
        "json",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    rows = json.loads(out.read_text())["rows"]
    assert [(r["code"], r["participants"]) for r in rows] == [("VOV", 45), ("VWV", 0)]
    call_command(
        "compare_report",
        "--provinces",
        "VOV,VWV,VAN",
        "--year",
        "2017",
        "--format",
        "pdf",
        "--output",
        str(tmp_path / "c.pdf"),
        stdout=io.StringIO(),
    )
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "arguments",
    [
        ["yearly_report", "--centre", "NOPE", "--year", "2017"],
        ["yearly_report", "--centre", "VOV", "--from", "2017-01-01"],
        ["yearly_report", "--centre", "VOV", "--from", "2017-02-01", "--to", "2017-01-01"],
        ["compare_report", "--centres", "VOV", "--year", "2017"],
        ["yearly_report", "--network", "VL", "--centre", "VOV", "--year", "2017"],
        ["yearly_report", "--year", "2017"],
        ["yearly_report", "--centre", "VOV"],
        [
            "yearly_report",
            "--centre",
            "VOV",
            "--year",
            "2017",
            "--from",
            "2017-01-01",
            "--to",
            "2017-02-01",
        ],
        ["yearly_report", "--centre", "VOV", "--year", "17"],
        ["compare_report", "--centres", "VOV,VWV", "--provinces", "VAN,VLI", "--year", "2017"],
        ["compare_report", "--centres", "VOV,VWV", "--from", "1 januari", "--to", "2017-02-01"],
    ],
)
def test_bad_arguments_say_why_and_write_nothing(world, tmp_path, arguments):
    out = tmp_path / "x.json"
    with pytest.raises(CommandError):
        call_command(*arguments, "--format", "json", "--output", str(out), stdout=io.StringIO())
    assert not out.exists()


def test_compare_report_takes_two_to_twelve_scopes(world, tmp_path):
    codes = ["VOV", "VWV"] + [CentreFactory(network=world.network).code for _ in range(11)]
    twelve = tmp_path / "twelve.json"
    call_command(
        "compare_report",
        "--centres",
        ",".join(codes[:12]),
        "--year",
        "2017",
        "--format",
        "json",
        "--output",
        str(twelve),
        stdout=io.StringIO(),
    )
    assert [row["code"] for row in json.loads(twelve.read_text())["rows"]] == codes[:12]
    thirteen = tmp_path / "thirteen.json"
    with pytest.raises(
        CommandError, match="minstens 2 en hoogstens 12 om te vergelijken; je koos er 13"
    ):
        call_command(
            "compare_report",
            "--centres",
            ",".join(codes),
            "--year",
            "2017",
            "--format",
            "json",
            "--output",
            str(thirteen),
            stdout=io.StringIO(),
        )
    assert not thirteen.exists()


def test_compare_report_of_networks_as_xlsx(world, tmp_path):
    NetworkFactory(code="IMST", name="Innovationen machen Schulen Top")
    out = tmp_path / "networks.xlsx"
    call_command(
        "compare_report",
        "--networks",
        "VL,IMST",
        "--from",
        "2017-01-01",
        "--to",
        "2017-06-30",
        "--format",
        "xlsx",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    text = {
        str(cell)
        for row in load_workbook(out).worksheets[0].iter_rows(values_only=True)
        for cell in row
        if cell is not None
    }
    assert {"STEMNET Vlaanderen", "Innovationen machen Schulen Top"} <= text


@pytest.mark.parametrize(
    "arguments",
    [
        ["--format", "docx", "--output", "x.docx"],
        ["--output", "x.json"],
        ["--format", "json"],
    ],
)
def test_format_and_output_are_required_and_checked(world, tmp_path, monkeypatch, arguments):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError):
        call_command(
            "yearly_report", "--network", "VL", "--year", "2017", *arguments, stdout=io.StringIO()
        )
    assert not list(tmp_path.iterdir())

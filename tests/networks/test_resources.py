"""Imports of organisations, centres and funding: all-or-nothing, every bad row reported."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from networks.models import Centre, Funding, Organisation
from networks.resources import parse_amount
from stemnet import imports
from tests.factories import CentreFactory, NetworkFactory, OrganisationFactory

EXAMPLES = Path(settings.BASE_DIR) / "fixtures" / "examples"


@pytest.fixture
def flemish(db):
    network = NetworkFactory(code="VL")
    vives = OrganisationFactory(name="VIVES Hogeschool")
    CentreFactory(code="VOV", network=network, host=OrganisationFactory(name="Arteveldehogeschool"))
    CentreFactory(code="VWV", network=network, host=vives)
    return network


def run(kind, path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", kind, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(kind, path):
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_data", kind, str(path), stdout=io.StringIO(), stderr=err)
    assert excinfo.value.returncode == 1
    assert "nothing was written" in str(excinfo.value)
    return err.getvalue()


def snapshot():
    return (
        list(Organisation.objects.values_list("name", "kind", "website").order_by("name")),
        list(Centre.objects.values_list("code", "name", "staff_fte").order_by("code")),
        list(Funding.objects.values_list("year", "amount_eur").order_by("pk")),
    )


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_example_files_import_and_a_second_run_changes_nothing(flemish, ext):
    out, _err = run("organisations", EXAMPLES / f"organisations.{ext}")
    assert "5 rows" in out
    run("centres", EXAMPLES / f"centres.{ext}")
    run("funding", EXAMPLES / f"funding.{ext}")
    assert Centre.objects.get(code="VWV").staff_fte == Decimal("2.0")
    assert Centre.objects.get(code="VOV").address == "Hoogpoort 15, 9000 Gent"
    stem_plus = Funding.objects.get(network__code="VL")
    assert stem_plus.amount_eur == Decimal("65000.00") and stem_plus.centre is None
    assert Funding.objects.get(centre__code="VOV").status == Funding.Status.PLANNED
    before = snapshot()
    for kind in ("organisations", "centres", "funding"):
        out, _err = run(kind, EXAMPLES / f"{kind}.{ext}")
        assert " 0 were created, 0 were updated" in out, (kind, out)
    assert snapshot() == before


def test_dry_run_writes_nothing(flemish):
    before = snapshot()
    out, _err = run("organisations", EXAMPLES / "organisations.csv", "--dry-run")
    assert "would be created" in out
    assert snapshot() == before


def test_update_by_natural_key(flemish, tmp_path):
    OrganisationFactory(name="Agoria Vlaanderen", kind="company")
    path = write(
        tmp_path,
        "f.csv",
        "centre,year,source,kind,amount_eur,status\n"
        "VOV,2026,Agoria Vlaanderen,company,1000,planned\n",
    )
    run("funding", path)
    path = write(
        tmp_path,
        "f.csv",
        "centre,year,source,kind,amount_eur,status\n"
        'VOV,2026,Agoria Vlaanderen,company,"1.250,50",planned\n',
    )
    out, _err = run("funding", path)
    assert "1 were updated" in out
    assert Funding.objects.get().amount_eur == Decimal("1250.50")


BAD_FUNDING = [
    # (name, content, expected fragments on stderr)
    (
        "unknown centre",
        "centre,year,source,kind,amount_eur,status\n"
        "VOV,2026,VIVES Hogeschool,university,100,planned\n"
        "XYZ,2026,VIVES Hogeschool,university,100,planned\n",
        ["3, centre", "XYZ"],
    ),
    (
        "negative amount",
        "centre,year,source,kind,amount_eur,status\n"
        "VOV,2026,VIVES Hogeschool,university,-250,received\n",
        ["2, amount_eur", "-250"],
    ),
    (
        "malformed number",
        "centre,year,source,kind,amount_eur,status\n"
        "VOV,2026,VIVES Hogeschool,university,12.5.3,received\n"
        "VWV,twintig,VIVES Hogeschool,university,100,received\n",
        ["2, amount_eur", "12.5.3", "3, year", "twintig"],
    ),
    (
        "missing column",
        "centre,year,source,kind,status\nVOV,2026,VIVES Hogeschool,university,received\n",
        ["1, amount_eur"],
    ),
    (
        "unknown kind and source",
        "centre,year,source,kind,amount_eur,status\nVOV,2026,Nobody,gift,100,received\n",
        ["2, kind", "gift", "2, source", "Nobody"],
    ),
    (
        "both centre and network",
        "centre,network,year,source,kind,amount_eur,status\n"
        "VOV,VL,2026,VIVES Hogeschool,university,100,received\n",
        ["2, centre"],
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "fragments"), BAD_FUNDING, ids=[b[0] for b in BAD_FUNDING]
)
def test_bad_funding_file_writes_nothing(flemish, tmp_path, name, content, fragments):
    before = snapshot()
    err = run_failing("funding", write(tmp_path, "funding.csv", content))
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    assert snapshot() == before


def test_wrong_encoding_is_refused(flemish, tmp_path):
    path = write(
        tmp_path,
        "organisations.csv",
        "name,kind\nÉcole supérieure,school\nHogeschool Gent,university_college\n",
        encoding="latin-1",
    )
    before = snapshot()
    err = run_failing("organisations", path)
    assert "UTF-8" in err
    assert snapshot() == before


def test_bad_xlsx_row_writes_nothing_of_the_good_rows(flemish, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "network", "name", "kind", "host", "staff_fte"])
    sheet.append(
        ["VBR", "VL", "STEM-centrum Vlaams-Brabant", "regional", "VIVES Hogeschool", "1,5"]
    )
    sheet.append(["NEW", "NOPE", "Centrum", "regional", "Onbekende hogeschool", "-1"])
    path = tmp_path / "centres.xlsx"
    book.save(path)
    before = snapshot()
    err = run_failing("centres", path)
    assert "3, network" in err and "NOPE" in err
    assert "3, host" in err and "3, staff_fte" in err
    assert "2," not in err
    assert snapshot() == before


def test_coordinator_context_refuses_other_centres(flemish):
    data = (
        b"centre,year,source,kind,amount_eur,status\n"
        b"VWV,2026,VIVES Hogeschool,university,100,planned\n"
    )
    vov = Centre.objects.get(code="VOV")
    report = imports.import_file(
        "funding", data, "f.csv", dry_run=False, context={"centre_ids": {vov.pk}}
    )
    assert not report.ok
    assert report.errors[0].column == "centre"
    assert not Funding.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("65000", Decimal("65000")),
        ("65000,00", Decimal("65000.00")),
        ("1.250,50", Decimal("1250.50")),
        ("1,250.50", Decimal("1250.50")),
        ("€ 1 250", Decimal("1250")),
        ("", None),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["12.5.3", "abc", "1e5", "--1"])
def test_parse_amount_refuses_malformed(text):
    with pytest.raises(ValueError, match=r"\w"):
        parse_amount(text)


def test_bad_organisation_rows_write_nothing(flemish, tmp_path):
    path = write(
        tmp_path,
        "organisations.csv",
        "name,kind,country,city,website\n"
        "Hogeschool PXL,university_college,BE,Hasselt,https://www.pxl.be\n"
        "Vereniging X,club,BE,Gent,\n"
        ",school,BE,Gent,\n"
        "Bedrijf Y,company,BE,Gent,geen adres\n",
    )
    before = snapshot()
    err = run_failing("organisations", path)
    assert "3, kind" in err and "club" in err
    assert "4, name" in err
    assert "5, website" in err
    assert "2," not in err
    assert snapshot() == before

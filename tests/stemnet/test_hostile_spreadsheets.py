"""Hostile uploads are refused in bounded memory and time, writing nothing (stemnet/tabular.py).

The XLSX files are written by hand (the XML into a zip), as an attacker would: a sheet may
declare any dimension and put one cell anywhere.
"""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from stemnet.tabular import TableFileError, read_table
from trainings.models import Training

COLUMNS = (
    "code",
    "title",
    "centre",
    "format",
    "stem_domains",
    "levels",
    "hours",
    "target_participants",
    "fee_eur",
    "published",
)
ROW = ("t1", "Robotica", "VOV", "short", "T", "aso", "3", "10", "0", "no")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
{strings_type}
</Types>"""
STRINGS_TYPE = """<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
{strings_rel}
</Relationships>"""
STRINGS_REL = """<Relationship Id="rId2" Target="sharedStrings.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>"""
SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"""


def letters(column: int) -> str:
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


def row_xml(number: int, values) -> str:
    cells = "".join(
        f'<c r="{letters(i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values, start=1)
    )
    return f'<row r="{number}">{cells}</row>'


def hand_made_xlsx(extra_rows: str = "", dimension="A1:XFD1048576", strings: str = "") -> bytes:
    """A header and one good row of trainings, then ``extra_rows`` (raw XML)."""
    rows = row_xml(1, COLUMNS) + row_xml(2, ROW) + extra_rows
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(strings_type=STRINGS_TYPE if strings else ""),
        )
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.format(strings_rel=STRINGS_REL if strings else ""),
        )
        archive.writestr("xl/worksheets/sheet1.xml", SHEET.format(dimension=dimension, rows=rows))
        if strings:
            archive.writestr("xl/sharedStrings.xml", strings)
    return buffer.getvalue()


FAR_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def message_of(error: TableFileError, language: str) -> str:
    with translation.override(language):
        return str(error)


# --- through the import page, as a coordinator ------------------------------------------------


def test_sparse_dimension_xlsx_is_refused_in_bounded_memory_and_time(world, client_for):
    data = hand_made_xlsx(FAR_CELL)
    assert len(data) < 5_000
    client = client_for(world.coordinator)
    assert client.get(reverse("workspace:import")).status_code == 200  # URLs, templates loaded
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = client.post(
            reverse("workspace:import"),
            {"kind": "trainings", "file": SimpleUploadedFile("hostile.xlsx", data)},
        )
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    report = response.context["report"]
    assert not report.ok and report.rows == 0 and report.preview == []
    assert response.context["job_id"] is None
    [error] = report.errors
    assert error.line == 0
    language = response.wsgi_request.LANGUAGE_CODE
    with translation.override(language), pytest.raises(TableFileError) as expected:
        read_table(data, "hostile.xlsx")
    assert error.message == str(expected.value)
    assert "100000" in error.message
    assert error.message in response.content.decode()
    assert peak < 200 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
    assert seconds < 2, f"{seconds:.2f} s"
    assert not Training.objects.exists()


# --- the reader ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (FAR_CELL, "more than 100000 rows"),
        ('<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>', "XFD3"),
        ('<row r="3"><c r="CW3"><v>1</v></c></row>', "at most 100 columns"),
        ('<row r="200000"><c r="A200000"><v>1</v></c></row>', "more than 100000 rows"),
        ('<row r="3.5"><c><v>1</v></c></row>', "not a valid XLSX"),
        ("<row>" + '<c s="1"/>' * 20_000 + "</row>", "more cells than an import may have"),
    ],
)
def test_cells_beyond_the_limits_are_refused(extra, expected):
    with translation.override("en"), pytest.raises(TableFileError, match=expected):
        read_table(hand_made_xlsx(extra), "t.xlsx")


def test_the_declared_dimension_and_empty_formatted_cells_far_away_are_ignored():
    far_but_empty = '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    started = time.perf_counter()
    dataset = read_table(hand_made_xlsx(far_but_empty), "t.xlsx")
    assert time.perf_counter() - started < 2
    assert dataset.headers == list(COLUMNS)
    assert list(dataset) == [ROW]


def test_cells_after_the_last_header_are_never_kept():
    extra = '<row r="3"><c r="A3" t="inlineStr"><is><t>t2</t></is></c><c r="CV3"><v>9</v></c></row>'
    dataset = read_table(hand_made_xlsx(extra), "t.xlsx")
    assert dataset[1] == ("t2",) + ("",) * (len(COLUMNS) - 1)


def test_too_many_shared_strings_are_refused(settings):
    settings.IMPORT_MAX_CELLS = 1000
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<si><t>a</t></si>" * 1001
        + "</sst>"
    )
    with translation.override("en"), pytest.raises(TableFileError, match=r"more cells.*1000"):
        read_table(hand_made_xlsx(strings=strings), "t.xlsx")


def test_a_real_workbook_still_reads():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(COLUMNS))
    book.active.append(list(ROW))
    buffer = io.BytesIO()
    book.save(buffer)
    assert list(read_table(buffer.getvalue(), "t.xlsx")) == [ROW]


# --- CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"code,title\nt1," + b"x" * 200_000 + b"\n", "Line 2 is longer than 100000 characters"),
        (
            b"code,title\r\nt1,a\r\nt2," + b"x" * 200_000 + b"\r\n",
            "Line 3 is longer than 100000 characters",
        ),
        (b"code,title\n" + b"," * 150 + b"\n", "Line 2 has more than 100 columns"),
        (b"code,title\nt1,a\x00b\n", "NUL characters"),
        # one quoted cell over 20,000 short lines: past the csv module's own limit
        (
            b'code,title\nt1,"' + b"abcdefghi\n" * 20_000 + b'"\n',
            "from line 2 on; check its quotes",
        ),
    ],
)
def test_hostile_csv_is_refused_with_a_clear_message(data, expected):
    started = time.perf_counter()
    with translation.override("en"), pytest.raises(TableFileError, match=expected):
        read_table(data, "t.csv")
    assert time.perf_counter() - started < 2

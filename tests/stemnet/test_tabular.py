"""Reading uploads safely (stemnet/tabular.py)."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from stemnet.tabular import TableFileError, neutralise, read_table


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_with_bom_and_semicolons_as_flemish_excel_saves_it():
    data = "\ufeffCode;Naam\nVOV;Oost-Vlaanderen\n".encode()
    dataset = read_table(data, "centres.csv")
    assert dataset.headers == ["code", "naam"]
    assert dataset[0] == ("VOV", "Oost-Vlaanderen")


def test_csv_with_commas_and_quotes():
    dataset = read_table(b'code,title\nT1,"Robots, sensoren"\n', "x.csv")
    assert dataset[0] == ("T1", "Robots, sensoren")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "x.csv", "leeg"),
        (b"code,title\n", "x.csv", "geen gegevens"),
        ("code,titel\nT1,Caf\xe9\n".encode("latin-1"), "x.csv", "niet in UTF-8"),
        (b"code,code\n1,2\n", "x.csv", "twee keer voor: code"),
        (b"code,\n1,2\n", "x.csv", "geen naam"),
        (b"not a zip", "x.xlsx", "geen geldig XLSX"),
        (b"a,b\n1,2\n", "x.pdf", "CSV- of XLSX"),
    ],
)
def test_bad_files_get_a_clear_message_in_dutch(data, name, message):
    with pytest.raises(TableFileError, match=message):
        read_table(data, name)


def test_size_and_row_limits(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    with pytest.raises(TableFileError, match="te groot"):
        read_table(b"a,b\n" + b"1,2\n" * 50, "x.csv")
    settings.IMPORT_MAX_UPLOAD_BYTES = 10_000
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(TableFileError, match="meer dan 3 rijen"):
        read_table(b"a,b\n" + b"1,2\n" * 5, "x.csv")


def test_xlsx_cells_become_text():
    import datetime as dt

    data = xlsx(
        [["code", "hours", "starts_at", "fee"], ["T1", 6, dt.datetime(2017, 10, 12, 9, 0), 12.5]]
    )
    dataset = read_table(data, "x.xlsx")
    assert dataset[0] == ("T1", "6", "2017-10-12 09:00:00", "12.5")


def test_xlsx_formula_is_refused():
    data = xlsx([["code", "fee"], ["T1", "=1+1"]])
    with pytest.raises(TableFileError, match="Rij 2 bevat een formule"):
        read_table(data, "x.xlsx")


def test_xlsx_bomb_is_refused_by_its_uncompressed_size(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    with pytest.raises(TableFileError, match="uitgepakt groter"):
        read_table(buffer.getvalue(), "bomb.xlsx")


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+31", "-2+3", "@SUM(A1)"])
def test_formula_like_cells_are_neutralised_on_export(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Gent") == "Gent"
    assert neutralise(12) == 12


def test_xlsx_is_parsed_with_defusedxml():
    """openpyxl uses defusedxml when it is importable: entity expansion and external
    entities in an XLSX's XML are refused."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True

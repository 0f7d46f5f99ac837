"""
Reading and writing spreadsheets safely: CSV (UTF-8, comma or semicolon) and XLSX.

Reading enforces the upload limits (bytes, uncompressed bytes of an XLSX, rows, columns,
cells, line length) while it streams, in bounded memory and time whatever a file declares,
refuses formula cells and NUL characters and returns every cell as text, so that the import
resources see one format.
Writing neutralises cells that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import tablib
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Limits beside the settings' IMPORT_MAX_UPLOAD_BYTES, _UNCOMPRESSED_BYTES and _ROWS; each
# may be set as IMPORT_MAX_COLUMNS, IMPORT_MAX_CELLS and IMPORT_MAX_LINE_CHARS.
DEFAULT_MAX_COLUMNS = 100
DEFAULT_MAX_CELLS = 2_000_000
DEFAULT_MAX_LINE_CHARS = 100_000
XLSX_MAX_COLUMNS = 16_384  # a worksheet's own limit (column XFD)


class TableFileError(ValueError):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


def _check_size(data: bytes) -> None:
    if not data.strip():
        raise TableFileError(_("The file is empty."))
    if len(data) > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise TableFileError(
            _("The file is too large (at most %(mb)d MB).")
            % {"mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)}
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(Decimal(repr(value)).normalize()) if not value.is_integer() else str(int(value))
    return str(value).strip()


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_columns() -> int:
    """The most columns a file may use (``IMPORT_MAX_COLUMNS``)."""
    return _limit("IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)


def _too_many_rows() -> TableFileError:
    return TableFileError(
        _("The file has more than %(max)d rows.") % {"max": settings.IMPORT_MAX_ROWS}
    )


def _too_many_columns(where: str) -> TableFileError:
    return TableFileError(
        _("%(where)s lies beyond the last column allowed; a file has at most %(max)d columns.")
        % {"where": where, "max": max_columns()}
    )


def _xml_number(text: str) -> int:
    """A row number as openpyxl reads it (``"7"``, or ``"7.0"`` from some writers)."""
    number = float(text)
    if not number.is_integer():
        raise ValueError(text)
    return int(number)


def _scan_sheet(source) -> tuple[int, int]:
    """The last row and column holding a value in a worksheet's XML, read as a stream.

    The sheet's declared dimension is never used: a 5 KB file may declare A1:XFD1048576.
    Raises ``TableFileError`` as soon as a value lies beyond ``IMPORT_MAX_ROWS`` (+ the
    header) or ``IMPORT_MAX_COLUMNS``, a row holds more cells than a sheet can have, or the
    sheet holds more than ``IMPORT_MAX_CELLS`` cells. Empty (formatted) cells beyond the
    limits are ignored, as the reading never goes there. Memory: one row at a time.
    """
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
    from openpyxl.xml.functions import iterparse  # defusedxml's, as openpyxl parses

    last_row_allowed = settings.IMPORT_MAX_ROWS + 1
    columns, cells_allowed = max_columns(), _limit("IMPORT_MAX_CELLS", DEFAULT_MAX_CELLS)
    last_row = last_column = row_number = column = cells_in_row = cells = 0
    sheet_data = None
    for event, element in iterparse(source, events=("start", "end")):
        tag = element.tag.rpartition("}")[2]
        if event == "start":
            if tag == "sheetData":
                sheet_data = element
            elif tag == "row":
                reference = element.get("r")
                row_number = _xml_number(reference) if reference else row_number + 1
                column = cells_in_row = 0
            elif tag == "c" and element.get("r") is not None:
                letters, _row = coordinate_from_string(element.get("r"))
                column = column_index_from_string(letters) - 1
            continue
        if tag == "c":
            column += 1
            cells_in_row += 1
            cells += 1
            if cells_in_row > XLSX_MAX_COLUMNS or cells > cells_allowed:
                raise TableFileError(
                    _("The file holds more cells than an import may have (%(max)d).")
                    % {"max": cells_allowed}
                )
            if len(element):  # a value, an inline string or a formula
                if row_number > last_row_allowed:
                    raise _too_many_rows()
                if column > columns:
                    raise _too_many_columns(element.get("r") or f"#{column}")
                last_row, last_column = max(last_row, row_number), max(last_column, column)
            element.clear()
        elif tag == "row" and sheet_data is not None:
            sheet_data.clear()  # the rows read so far: keep none of them
    return last_row, last_column


def _scan_strings(source) -> None:
    """Refuse a table of shared strings larger than a sheet may use (read as a stream)."""
    from openpyxl.xml.functions import iterparse

    allowed, count = _limit("IMPORT_MAX_CELLS", DEFAULT_MAX_CELLS), 0
    for _event, element in iterparse(source):
        if element.tag.rpartition("}")[2] == "si":
            count += 1
            if count > allowed:
                raise TableFileError(
                    _("The file holds more cells than an import may have (%(max)d).")
                    % {"max": allowed}
                )
            element.clear()


def _open_xlsx(data: bytes):
    """The first worksheet of an XLSX, and how far its values reach (see ``_scan_sheet``)."""
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
    reader.read_manifest()
    strings = reader.package.find(SHARED_STRINGS)
    if strings is not None:
        with reader.archive.open(strings.PartName[1:]) as source:
            _scan_strings(source)
    reader.read()
    workbook = reader.wb
    sheet = workbook.worksheets[0]
    with reader.archive.open(sheet._worksheet_path) as source:
        last_row, last_column = _scan_sheet(source)
    return workbook, sheet, last_row, last_column


def _read_xlsx(data: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise TableFileError(_("This is not a valid XLSX file.")) from exc
    uncompressed = sum(info.file_size for info in archive.infolist())
    if uncompressed > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise TableFileError(_("The XLSX file unpacks to more than the allowed size."))

    try:
        workbook, sheet, last_row, last_column = _open_xlsx(data)
    except TableFileError:
        raise
    except Exception as exc:  # openpyxl and the XML parser raise many kinds on a damaged file
        raise TableFileError(_("This is not a valid XLSX file.")) from exc
    rows: list[list[str]] = []
    width = last_column
    try:
        if last_row:
            # Bounded by what the scan found, never by the sheet's declared dimension.
            cells_by_row = sheet.iter_rows(min_row=1, max_row=last_row, max_col=last_column)
        else:
            cells_by_row = iter(())
        for number, row in enumerate(cells_by_row, start=1):
            cells = []
            for cell in row[:width]:
                if getattr(cell, "data_type", None) == "f":
                    raise TableFileError(
                        _("Row %(row)d holds a formula (%(cell)s); enter values, not formulas.")
                        % {"row": number, "cell": getattr(cell, "coordinate", "?")}
                    )
                text = _text(cell.value)
                if "\x00" in text:
                    raise TableFileError(
                        _("Row %(row)d holds a NUL character (%(cell)s); enter plain text.")
                        % {"row": number, "cell": getattr(cell, "coordinate", "?")}
                    )
                cells.append(text)
            if number == 1:  # the header: later cells beyond its last name are never kept
                while cells and not cells[-1]:
                    cells.pop()
                width = len(cells)
            rows.append(cells)
    finally:
        workbook.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise TableFileError(_("The file is empty."))
    header, body = rows[0], rows[1:]
    return header, [r + [""] * (len(header) - len(r)) for r in body]


def _read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableFileError(
            _("The file is not encoded as UTF-8. Save it as 'CSV UTF-8' and upload it again.")
        ) from exc
    if "\x00" in text:  # a binary file, or UTF-16 ("Unicode text") without its byte order mark
        raise TableFileError(
            _("The file holds NUL characters. Save it as 'CSV UTF-8' and upload it again.")
        )
    longest = _limit("IMPORT_MAX_LINE_CHARS", DEFAULT_MAX_LINE_CHARS)
    # One pass over the lines (a regular expression for a run of ``longest`` characters
    # would start again at every character: seconds for a large file).
    pieces = re.split(r"[\r\n]", text)
    if max(map(len, pieces), default=0) > longest:
        start = 0
        for piece in pieces:
            if len(piece) > longest:
                break
            start += len(piece) + 1
        raise TableFileError(
            _("Line %(line)d is longer than %(max)d characters.")
            % {"line": text.count("\n", 0, start) + 1, "max": longest}
        )
    del pieces
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns = max_columns()
    rows = []
    row_ended = 0  # the line the last row read ended on
    try:
        for number, row in enumerate(reader, start=1):
            if number > settings.IMPORT_MAX_ROWS + 1:
                raise _too_many_rows()
            if len(row) > columns:
                raise TableFileError(
                    _("Line %(line)d has more than %(max)d columns.")
                    % {"line": reader.line_num, "max": columns}
                )
            rows.append([cell.strip() for cell in row])
            row_ended = reader.line_num
    except csv.Error as exc:  # its text is for programmers: say where, and the likely cause
        raise TableFileError(
            _('The CSV file cannot be read from line %(line)d on; check its quotes (").')
            % {"line": row_ended + 1}
        ) from exc
    rows = [r for r in rows if any(r)]
    if not rows:
        raise TableFileError(_("The file is empty."))
    header, body = rows[0], rows[1:]
    width = len(header)
    return header, [r[:width] + [""] * (width - len(r)) for r in body]


def read_table(data: bytes, filename: str) -> tablib.Dataset:
    """Read an uploaded CSV or XLSX into a Dataset of text cells.

    Raises ``TableFileError`` with a message for the user when the file is empty, too large,
    not UTF-8, holds NUL characters, is not a real XLSX, holds a formula, or has a blank or
    repeated column name.
    """
    _check_size(data)
    name = filename.lower()
    if name.endswith(".xlsx"):
        header, body = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        header, body = _read_csv(data)
    else:
        raise TableFileError(_("Upload a CSV or XLSX file."))
    header = [h.strip().lower() for h in header]
    if any(not h for h in header):
        raise TableFileError(_("A column has no name in the first row."))
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise TableFileError(_("Columns appear twice: %(cols)s") % {"cols": ", ".join(repeated)})
    if not body:
        raise TableFileError(_("The file has a header row but no data rows."))
    return tablib.Dataset(*body, headers=header)


def neutralise(value):
    """A cell value that a spreadsheet shows as text instead of running it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def table_response(
    headers: list[str], rows, *, filename: str, fmt: str, sheet: str = ""
) -> HttpResponse:
    """A CSV or XLSX download of ``rows``, with formula-like text neutralised (in the header
    row too: a header may be text people typed, such as a question); ``sheet`` names the XLSX
    worksheet. Numbers, dates and naive datetimes stay typed cells in XLSX."""
    dataset = tablib.Dataset(headers=[neutralise(h) for h in headers], title=sheet or None)
    for row in rows:
        dataset.append([neutralise(v) for v in row])
    if fmt == "xlsx":
        content = dataset.export("xlsx")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content = "\ufeff" + dataset.export("csv")
        content_type = "text/csv; charset=utf-8"
    else:
        raise ValueError(f"unknown format {fmt!r}")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def template_response(
    headers: list[str],
    example: dict[str, str],
    notes: dict[str, str],
    *,
    filename: str,
    fmt: str,
    sheet: str = "",
) -> HttpResponse:
    """An import template: the exact ``headers`` and one ``example`` row, as CSV or XLSX.

    The XLSX version carries ``notes`` (per column, in the user's language) as comments on
    the header cells and on a second sheet; only the first sheet is ever imported, so the
    notes never get in the way. CSV has no room for notes: headers and the row only.
    """
    row = [example.get(h, "") for h in headers]
    if fmt == "csv":
        return table_response(headers, [row], filename=filename, fmt="csv")
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}")
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    data = book.active
    data.title = _sheet_title(sheet) or "Sheet1"
    data.append(headers)
    data.append([neutralise(v) for v in row])
    for cell, header in zip(data[1], headers, strict=True):
        cell.font = Font(bold=True)
        note = notes.get(header, "")
        if note:
            comment = Comment(note, "STEMNET")
            comment.width = 320
            comment.height = 40 + 18 * (len(note) // 40 + 1)
            cell.comment = comment
        width = max(len(header), len(str(example.get(header, "")))) + 2
        data.column_dimensions[cell.column_letter].width = min(width, 50)
    data.freeze_panes = "A2"
    explained = book.create_sheet(_sheet_title(_("Explanation")))
    explained.append([_("Column"), _("What to write")])
    for cell in explained[1]:
        cell.font = Font(bold=True)
    for header in headers:
        explained.append([header, neutralise(notes.get(header, ""))])
    explained.column_dimensions["A"].width = 22
    explained.column_dimensions["B"].width = 100
    for (cell,) in explained.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _sheet_title(text: str) -> str:
    """At most 31 characters, none of those a worksheet name may not hold."""
    return "".join(c for c in str(text) if c not in "[]:*?/\\")[:31]

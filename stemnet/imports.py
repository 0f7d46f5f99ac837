"""
All-or-nothing imports of CSV and XLSX files through django-import-export resources.

Each app registers its kinds from ``<app>/resources.py`` with ``register_kind``; the command
``python manage.py import_data KIND FILE [--dry-run]``, the coordinator workspace and Celery jobs
all go through ``import_table``. With any bad row nothing is written, and every bad row is
reported with its line number in the file (the header is line 1), its column and the reason.
Re-importing the same file changes nothing: resources match rows on natural keys and skip
unchanged rows.

Most kinds import row by row through django-import-export. A kind of many rows (participants)
may instead check the whole table at once and write it in bulk: its resource has
``import_rows(dataset, *, dry_run)`` and returns a ``BulkOutcome``; the driver keeps the same
contract (one transaction, rolled back on any error and on a dry run). ``insert_rows`` is its
writer: one ``COPY`` per table on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import itertools
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.db.models import JSONField, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.results import RowResult

from .tabular import TableFileError, read_table

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportKind:
    name: str
    label: str
    resource: Callable[..., object]  # a Resource class, or a factory taking **context
    columns: tuple[str, ...]  # every column the file must have, in documented order
    optional_columns: tuple[str, ...] = ()
    # kinds whose rows this kind names (import those first), e.g. sessions -> trainings
    needs: tuple[str, ...] = ()
    # per column: what to write (a lazy translation), shown on the import page and as the
    # comments of a template's header; and the TextChoices of a column of codes
    column_help: dict[str, str] = field(default_factory=dict)
    column_choices: dict[str, type] = field(default_factory=dict)

    @property
    def all_columns(self) -> tuple[str, ...]:
        return self.columns + self.optional_columns


@dataclass
class RowError:
    line: int  # line in the file, header is line 1; 0 for the file as a whole
    column: str
    message: str

    def __str__(self):
        where = _("line %(line)d") % {"line": self.line} if self.line else _("file")
        return f"{where}, {self.column or '-'}: {self.message}"


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # what the person importing should know that is not an error (a row imported otherwise
    # than it asked, e.g. a training kept as a draft)
    notes: list[RowError] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the file's own column names
    # [{"line", "action", "values", "cells": [{"value", "errors"}], "errors"}]; see _preview
    preview: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.__dict__ for e in self.errors],
            "notes": [n.__dict__ for n in self.notes],
            "headers": list(self.headers),
        }


@dataclass
class BulkOutcome:
    """What a resource that checks and writes the whole table at once (``import_rows``)
    found: the counts, every bad row's errors, notes, and per row (in file order) what
    happened to it: ``new``, ``update`` or ``skip`` (unchanged), for the preview."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[RowError] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


_kinds: dict[str, ImportKind] = {}


def register_kind(
    name: str,
    *,
    label: str,
    resource,
    columns,
    optional_columns=(),
    needs=(),
    column_help: dict | None = None,
    column_choices: dict | None = None,
) -> None:
    _kinds[name] = ImportKind(
        name,
        label,
        resource,
        tuple(columns),
        tuple(optional_columns),
        tuple(needs),
        dict(column_help or {}),
        dict(column_choices or {}),
    )


def kinds() -> dict[str, ImportKind]:
    return dict(sorted(_kinds.items()))


def get_kind(name: str) -> ImportKind:
    try:
        return _kinds[name]
    except KeyError:
        raise KeyError(
            _("Unknown import kind '%(kind)s'. Known kinds: %(known)s")
            % {"kind": name, "known": ", ".join(sorted(_kinds))}
        ) from None


def column_notes(kind: ImportKind) -> dict[str, str]:
    """Per column of ``kind``: what to write and, for a column of codes, the codes and names
    it accepts (in the active language). For the import page and the templates."""
    from .resources import accepted_values

    notes = {}
    for column in kind.all_columns:
        parts = []
        if column in kind.column_help:
            parts.append(str(kind.column_help[column]))
        if column in kind.column_choices:
            parts.append(
                _("Codes or names: %(values)s.")
                % {"values": accepted_values(kind.column_choices[column])}
            )
        notes[column] = " ".join(parts)
    return notes


def _column_errors(kind: ImportKind, headers: list[str]) -> list[RowError]:
    missing = [c for c in kind.columns if c not in headers]
    unknown = [h for h in headers if h not in kind.columns and h not in kind.optional_columns]
    errors = [RowError(1, c, _("This column is missing.")) for c in missing]
    errors += [RowError(1, h, _("Unknown column.")) for h in unknown]
    return errors


def _messages(value) -> list[str]:
    if isinstance(value, ValidationError):
        return value.messages
    if isinstance(value, list | tuple):
        out = []
        for item in value:
            out.extend(_messages(item))
        return out
    return [str(value)]


def _unexpected(exc: Exception) -> str:
    """What a person reads for an error that no check foresaw: never the exception's text
    (``numeric field overflow DETAIL: …``); that goes to the log."""
    logger.warning("import row failed", exc_info=exc)
    return _("This row could not be saved (an unexpected error); check its values.")


def _row_errors(resource, result) -> list[RowError]:
    column_of = {f.attribute: f.column_name for f in resource.fields.values() if f.attribute}

    def column(attribute: str) -> str:
        return "" if attribute == NON_FIELD_ERRORS else column_of.get(attribute, attribute)

    errors: list[RowError] = []
    for base in result.base_errors:
        errors.append(RowError(0, "", _unexpected(base.error)))
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            for message in _messages(messages):
                errors.append(RowError(invalid.number + 1, column(attribute), message))
    for number, row_errors in result.row_errors():
        for error in row_errors:
            exc = error.error
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                for attribute, messages in exc.error_dict.items():
                    for message in _messages(messages):
                        errors.append(RowError(number + 1, column(attribute), message))
            elif isinstance(exc, ValidationError):
                for message in exc.messages:
                    errors.append(RowError(number + 1, "", message))
            else:
                errors.append(RowError(number + 1, "", _unexpected(exc)))
    errors.sort(key=lambda e: (e.line, e.column))
    return errors


def import_dataset(
    kind_name: str, dataset, *, dry_run: bool, context: dict | None = None, preview_rows: int = 0
) -> ImportReport:
    """Import a Dataset of kind ``kind_name``; with any error nothing is written.

    ``context`` is passed to the resource (for example the coordinator's centres, to refuse
    rows of other centres). Safe to run twice: the second run reports every row unchanged.
    """
    kind = get_kind(kind_name)
    report = ImportReport(kind=kind.name, dry_run=dry_run, rows=len(dataset))
    report.headers = list(dataset.headers or [])
    report.errors = _column_errors(kind, report.headers)
    if report.errors:
        return report
    resource = kind.resource(**(context or {}))
    with transaction.atomic():
        if hasattr(resource, "import_rows"):
            outcome = _import_in_bulk(resource, dataset, dry_run=dry_run)
        else:
            outcome = _import_row_by_row(resource, dataset, dry_run=dry_run)
        report.errors = sorted(outcome.errors, key=lambda e: (e.line, e.column))
        report.notes = outcome.notes
        if report.errors or dry_run:
            transaction.set_rollback(True)
    report.new, report.updated, report.unchanged = outcome.new, outcome.updated, outcome.unchanged
    if preview_rows:
        report.preview = _preview(
            dataset, report.headers, outcome.actions[:preview_rows], report.errors, preview_rows
        )
    return report


def _import_row_by_row(resource, dataset, *, dry_run: bool) -> BulkOutcome:
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    return BulkOutcome(
        new=result.totals[RowResult.IMPORT_TYPE_NEW],
        updated=result.totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=result.totals[RowResult.IMPORT_TYPE_SKIP],
        errors=_row_errors(resource, result),
        notes=[RowError(*note) for note in getattr(resource, "notes", [])],
        actions=[row.import_type for row in result.rows],
    )


def _import_in_bulk(resource, dataset, *, dry_run: bool) -> BulkOutcome:
    """``resource.import_rows``; an exception no check foresaw (the database refusing a
    write) is an error of the file, as django-import-export reports it."""
    try:
        return resource.import_rows(dataset, dry_run=dry_run)
    except Exception as exc:  # the transaction is then rolled back by the caller
        return BulkOutcome(errors=[RowError(0, "", _unexpected(exc))])


def _preview(
    dataset, headers: list[str], actions: list[str], errors: list[RowError], limit: int
) -> list[dict]:
    """Up to ``limit`` rows as the file gives them (``headers``: its own columns), each cell
    with its errors: the first rows of a good file (with what will happen to each), or the
    rows with errors of a bad one."""
    by_line: dict[int, dict[str, list[str]]] = {}
    for error in errors:
        if error.line >= 2:
            column = error.column if error.column in headers else ""
            by_line.setdefault(error.line, {}).setdefault(column, []).append(error.message)
    if errors:
        lines = sorted(by_line)[:limit]
        action_of = dict.fromkeys(lines, "error")
    else:
        action_of = dict(enumerate(actions[:limit], start=2))
        lines = list(action_of)
    preview = []
    for line in lines:
        values = [str(v) for v in dataset[line - 2]][: len(headers)]
        found = by_line.get(line, {})
        preview.append(
            {
                "line": line,
                "action": action_of[line],
                "values": values,
                "cells": [
                    {"value": value, "errors": found.get(header, [])}
                    for header, value in zip(headers, values, strict=False)
                ],
                "errors": found.get("", []),
            }
        )
    return preview


def import_file(
    kind_name: str,
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
    context: dict | None = None,
    preview_rows: int = 0,
) -> ImportReport:
    """Read an uploaded file and import it (see ``import_dataset``). Never raises for bad input."""
    get_kind(kind_name)
    with collector_paused():
        try:
            dataset = read_table(data, filename)
        except TableFileError as exc:
            return ImportReport(kind=kind_name, dry_run=dry_run, errors=[RowError(0, "", str(exc))])
        return import_dataset(
            kind_name, dataset, dry_run=dry_run, context=context, preview_rows=preview_rows
        )


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while a file is read and imported, then on
    again. A 50,000-row file makes about a million lists, tuples and dicts that all live
    until the import ends, and every full collection walks them all again: a sixth of the
    participants import's time. Nothing of an import depends on collecting cycles early.
    When the collector is already off (another import in another thread) this changes
    nothing, so it is never left off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# --- writing in bulk ------------------------------------------------------------------------

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
COPY_NULL = "\\N"


def _copy_text(value) -> str:
    """One value as a cell of PostgreSQL's COPY text format."""
    if value is None:
        return COPY_NULL
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def copy_cell(model_field, value) -> str:
    """One value of ``model_field`` as a cell of PostgreSQL's COPY text format (JSON fields
    serialised); ``_copy_column`` does the same a column at a time."""
    if isinstance(model_field, JSONField) and value is not None:
        value = json.dumps(value, cls=model_field.encoder)
    return _copy_text(value)


def _copy_column(model_field, values: Sequence) -> Sequence[str]:
    """A column of values as COPY text cells. Done a column at a time, by the types it
    holds: most columns of a file hold strings without a backslash, tab or line break, or
    numbers, and need no conversion per value (a 50,000-row import would otherwise spend more
    time here than COPY itself)."""
    if isinstance(model_field, JSONField):
        text: dict[int, str] = {}  # by id(): the rows of one import share their lists
        for value in values:
            if id(value) not in text:
                text[id(value)] = json.dumps(value, cls=model_field.encoder)
        values = [text[id(value)] for value in values]
    kinds = set(map(type, values))
    null = COPY_NULL
    if kinds == {str}:
        together = "\n".join(values)
        if (
            "\\" in together
            or "\t" in together
            or "\r" in together
            or together.count("\n") != len(values) - 1
        ):
            return [value.translate(_COPY_ESCAPES) for value in values]
        return values
    if kinds <= {type(None)}:
        return [null] * len(values)
    if kinds <= {int, type(None)}:
        return [null if value is None else str(value) for value in values]
    if kinds <= {dt.datetime, type(None)}:
        return [null if value is None else value.isoformat() for value in values]
    return [_copy_text(value) for value in values]


def insert_rows(model: type[Model], columns: Mapping[str, Sequence], *, ids: bool = False) -> list:
    """Insert new rows of ``model`` given by column: per field (by attname, ``user_id``) its
    values, one per row; every other field takes its default (``auto_now`` and
    ``auto_now_add``: now), JSON fields are serialised. Returns the new primary keys in row
    order when ``ids`` (else an empty list). Runs in the caller's transaction and sends no
    signals, like ``bulk_create``.

    PostgreSQL: the keys are taken from the table's sequence in one query, then the rows go
    in with one ``COPY`` (statement triggers fire once, as for one ``INSERT``). Other
    databases: ``bulk_create`` (on SQLite before 3.35 the keys are None).
    """
    count = len(next(iter(columns.values()), ()))
    if not count:
        return []
    if any(len(values) != count for values in columns.values()):
        raise ValueError("insert_rows: columns of different lengths")
    if connection.vendor != "postgresql":
        names = list(columns)
        objs = [
            model(**dict(zip(names, row, strict=True)))
            for row in zip(*columns.values(), strict=True)
        ]
        model._default_manager.bulk_create(objs, batch_size=1000)
        return [obj.pk for obj in objs] if ids else []
    meta = model._meta
    fields = {f.attname: f for f in meta.concrete_fields}
    given = [fields[name] for name in columns]
    rest = [f for f in meta.concrete_fields if f.attname not in columns and not f.primary_key]
    now = timezone.now()
    done: dict[tuple, Sequence[str]] = {}  # one list given for two columns: converted once
    cells: list[Iterable[str]] = []
    for f, values in zip(given, columns.values(), strict=True):
        key = (id(values), type(f))
        if key not in done:
            done[key] = _copy_column(f, values)
        cells.append(done[key])
    names = [str(f.column) for f in given]
    if rest:
        defaults = [
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in rest
        ]
        constant = "\t".join(_copy_column(f, [v])[0] for f, v in zip(rest, defaults, strict=True))
        cells.append(itertools.repeat(constant, count))
        names += [str(f.column) for f in rest]
    keys: list[int] = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(meta.db_table), meta.pk.column, count],
            )
            keys = sorted(key for (key,) in cursor.fetchall())
            cells.insert(0, list(map(str, keys)))
            names.insert(0, str(meta.pk.column))
        lines = zip(*cells, strict=False)  # the constant cells repeat without end
        text = io.StringIO("\n".join(map("\t".join, lines)) + "\n")
        sql = f"COPY {quote(meta.db_table)} ({', '.join(map(quote, names))}) FROM STDIN"
        cursor.cursor.copy_expert(sql, text, size=1 << 20)
    return keys

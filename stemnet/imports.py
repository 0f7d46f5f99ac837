"""
All-or-nothing imports of CSV and XLSX files through django-import-export resources.

Each app registers its kinds from ``<app>/resources.py`` with ``register_kind``; the command
``python manage.py import_data KIND FILE [--dry-run]``, the coordinator workspace and Celery jobs
all go through ``import_table``. With any bad row nothing is written, and every bad row is
reported with its line number in the file (the header is line 1), its column and the reason.
Re-importing the same file changes nothing: resources match rows on natural keys and skip
unchanged rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
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
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        report.errors = _row_errors(resource, result)
        report.notes = [RowError(*note) for note in getattr(resource, "notes", [])]
        if report.errors or dry_run:
            transaction.set_rollback(True)
    report.new = result.totals[RowResult.IMPORT_TYPE_NEW]
    report.updated = result.totals[RowResult.IMPORT_TYPE_UPDATE]
    report.unchanged = result.totals[RowResult.IMPORT_TYPE_SKIP]
    if preview_rows:
        report.preview = _preview(dataset, report.headers, result, report.errors, preview_rows)
    return report


def _preview(dataset, headers: list[str], result, errors: list[RowError], limit: int) -> list[dict]:
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
        actions = dict.fromkeys(lines, "error")
    else:
        actions = {n: row.import_type for n, row in enumerate(result.rows[:limit], start=2)}
        lines = list(actions)
    preview = []
    for line in lines:
        values = [str(v) for v in dataset[line - 2]][: len(headers)]
        found = by_line.get(line, {})
        preview.append(
            {
                "line": line,
                "action": actions[line],
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
    try:
        dataset = read_table(data, filename)
    except TableFileError as exc:
        return ImportReport(kind=kind_name, dry_run=dry_run, errors=[RowError(0, "", str(exc))])
    return import_dataset(
        kind_name, dataset, dry_run=dry_run, context=context, preview_rows=preview_rows
    )

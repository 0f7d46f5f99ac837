"""
One report, three files: JSON (every figure, in the documented types of ``docs/reports.md``
and ``docs/schemas/``: counts integers, money strings with two decimals, shares numbers),
XLSX (openpyxl: named sheets, typed cells with number formats, a sheet of definitions, text
neutralised so no cell runs as a formula) and PDF (WeasyPrint through ``stemnet.pdf``, tagged
PDF/UA-1, with a small hand-written print stylesheet).

Every renderer takes what the report service computed (``figures.yearly_report`` or
``comparison.comparison_report``) and formats it; none computes a figure of its own.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from monitor.charts import format_value, indicator_chart, target_label
from networks.templatetags.networks_tags import money as money_in
from stemnet.charts import Series, bar_chart, chart_table
from stemnet.pdf import html_to_pdf
from stemnet.tabular import neutralise

from . import maps, text
from .figures import Money, YearlyReport

JSON_TYPE = "application/json"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


# --- JSON ------------------------------------------------------------------------------------


class ReportEncoder(DjangoJSONEncoder):
    """The documented types (``docs/reports.md``, ``docs/schemas/``): money (``Money``) as a
    string with two decimals, exact ("29012.01"); every other decimal (a share with one
    decimal, hours, an indicator's value) as a JSON number; dates as ISO strings."""

    def default(self, o):
        if isinstance(o, Money):
            return f"{o:.2f}"
        if isinstance(o, Decimal):
            return float(o)
        return super().default(o)


def to_json(figures: dict) -> bytes:
    return json.dumps(figures, cls=ReportEncoder, ensure_ascii=False, indent=2).encode()


# --- XLSX ------------------------------------------------------------------------------------
# Numbers stay numbers, with a number format: money as "€ 29.012,01"; a share as the same
# percentage as in the JSON (45.0) with a format that adds " %" ("45,0 %"); counts and hours
# with grouping; dates are dates. Text is neutralised so no cell runs as a formula.

MONEY_FORMAT = "[$€-813] #,##0.00"  # euro, nl-BE
PERCENT_FORMAT = '0.0" %"'
COUNT_FORMAT = "#,##0"
HOURS_FORMAT = "#,##0.0"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _cell(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal | int | float | dt.date):
        return value
    return neutralise(str(value))


def _typed(sheet, value, number_format: str | None):
    """``value`` as a cell of the write-only ``sheet``, with ``number_format`` when it is a
    number or a date (text and empty cells keep the default)."""
    value = _cell(value)
    if number_format is None or isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _sheet(
    book,
    title: str,
    headers: list[str],
    rows,
    *,
    formats: list[str | None] | None = None,
    widths: list[int] | None = None,
) -> None:
    """A sheet named ``title`` (31 characters at most) with a bold header row that stays in
    view. ``formats``: a number format per column (None: none); a row may instead hold
    ``(value, number_format)`` pairs, as ``_formatted`` makes, for a format per cell."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title=title[:31])
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for h in headers:
        cell = WriteOnlyCell(sheet, value=_cell(h))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if isinstance(value, _Formatted):
                cells.append(_typed(sheet, value.value, value.number_format))
            else:
                fmt = formats[index] if formats and index < len(formats) else None
                cells.append(_typed(sheet, value, fmt))
        sheet.append(cells)


class _Formatted:
    """A cell value with its own number format (a column that mixes money and counts)."""

    __slots__ = ("number_format", "value")

    def __init__(self, value, number_format: str | None):
        self.value, self.number_format = value, number_format


def _workbook():
    from openpyxl import Workbook

    return Workbook(write_only=True)


def _save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _figure_cell(key: str, value) -> _Formatted:
    """A figure of the summary with the number format its key calls for."""
    last = key.rsplit(".", 1)[-1]
    if last.endswith("_eur"):
        return _Formatted(value, MONEY_FORMAT)
    if last.endswith("_share") or last == "response_rate":
        return _Formatted(value, PERCENT_FORMAT)
    if last == "contact_hours":
        return _Formatted(value, HOURS_FORMAT)
    return _Formatted(value, COUNT_FORMAT)


def _indicator_format(indicator: dict) -> str:
    """An indicator's values as the monitor shows them: its unit and its decimals."""
    if indicator["unit"] == "eur":
        return MONEY_FORMAT
    places = "0" + ("." + "0" * indicator["decimals"] if indicator["decimals"] else "")
    if indicator["unit"] == "share":
        return f'{places}" %"'
    return "#,##" + places


def _comparator_label(comparator: str | None) -> str | None:
    return {"gte": _("at least"), "lte": _("at most")}.get(comparator or "")


def status_labels() -> dict[str, str]:
    """A monitor target's status as the indicator page words it."""
    return {
        "met": _("target met"),
        "not_met": _("target not met"),
        "pending": _("no data for the target's period yet"),
        "no_target": _("no target"),
        "no_data": _("no data"),
    }


def trend_labels() -> dict[str, str]:
    return {
        "toward": _("the latest values move toward the target"),
        "away": _("the latest values move away from the target"),
        "level": _("the latest values do not move"),
    }


def definitions() -> list[tuple[str, str, str]]:
    """(key, label, definition in one sentence) of every figure of a yearly report: the
    XLSX's "Definitions" sheet, in the words of ``docs/reports.md``."""
    labels = dict(text.summary_keys())
    sentences = {
        "participants.total": _(
            "Distinct persons with a counted enrolment in a counted training: a training "
            "counts when it belongs to a centre of the scope and has a session starting in the "
            "period; an enrolment counts when it is attended, or enrolled in a training not "
            "held yet."
        ),
        "participants.participations": _(
            "The counted enrolments: a person in two trainings counts twice."
        ),
        "participants.teachers": _("The participants whose profile gives the role teacher."),
        "participants.by_role": _(
            "The participants by the role in their profile; a person without a profile counts "
            "as other."
        ),
        "participants.by_domain": _(
            "The teachers by the STEM domain they count themselves in (teachers only)."
        ),
        "participants.by_level": _(
            "The teachers by the education levels they teach at: a teacher counts once for "
            "every level, so the levels may add up to more than the teachers."
        ),
        "participants.teachers_without_domain": _(
            "Teachers whose profile leaves the STEM domain empty."
        ),
        "participants.teachers_without_level": _(
            "Teachers whose profile leaves the education levels empty."
        ),
        "trainings.count": _(
            "Trainings of the scope's centres with a session starting in the period."
        ),
        "trainings.sessions": _("The sessions of those trainings that start in the period."),
        "trainings.contact_hours": _("The sum of the trainings' contact hours."),
        "trainings.target_participants": _("The sum of the trainings' target numbers."),
        "trainings.target_counted": _(
            "The counted enrolments of the group each training's target names: all "
            "participants, or teachers only."
        ),
        "trainings.target_reached_share": _(
            "The enrolments counted toward the targets as a percentage of the sum of the targets."
        ),
        "budget.planned_eur": _(
            "The planned amounts of the budget lines of the scope's centres for the calendar "
            "years the period touches, in euro."
        ),
        "budget.paid_eur": _("The paid amounts of those budget lines, in euro."),
        "budget.cost_per_participant_eur": _(
            "The amount paid divided by the participants, to the cent; empty (unknown) without "
            "budget lines or without participants."
        ),
        "evaluation.responses": _(
            "The responses to the after-training and follow-up questionnaires of the counted "
            "trainings."
        ),
        "evaluation.satisfied_share": _(
            "The share of the answers to the overall question that give 4 or 5 out of 5."
        ),
        "evaluation.recommend_share": _(
            "The share of the answers to the question whether they would recommend the "
            "training that say yes."
        ),
        "evaluation.invited": _("The invitations to those questionnaires that were sent."),
        "evaluation.answered": _("Of those invitations, the answered ones."),
        "evaluation.response_rate": _(
            "The answered invitations as a percentage of the invitations sent; empty when none "
            "was sent."
        ),
        "schools.reached": _(
            "Distinct schools of the register, active in the period, that the counted "
            "participants' profiles name at the time of the report."
        ),
        "schools.register_total": _(
            "The schools of the register active at some time in the period: started on or "
            "before its end, not ended before its start."
        ),
        "schools.share_reached": _(
            "The schools reached as a percentage of the schools in the register; per province "
            "and per level the same, a school with several levels counting in each."
        ),
        "schools.without_school": _(
            "Participants who count for no school of the register: no profile, no school of "
            "the register, or one not active in the period."
        ),
        "indicators": _(
            "The STEM monitor's indicators with their latest value and current target; they "
            "cover all of Flanders whatever the scope."
        ),
    }
    labels.update(
        {
            "participants.by_role": _("Participants by role"),
            "participants.by_domain": _("Teachers by STEM domain"),
            "participants.by_level": _("Teachers by education level"),
            "indicators": _("Indicators"),
        }
    )
    return [(key, labels.get(key, key), sentence) for key, sentence in sentences.items()]


def yearly_xlsx(report: YearlyReport) -> bytes:
    figures = report.figures
    book = _workbook()
    generated = parse_datetime(figures["generated_at"])
    head = [
        ("scope", _("Scope"), f"{figures['scope']['name']} ({figures['scope']['code']})"),
        ("period.from", _("From"), _Formatted(report.period.start, DATE_FORMAT)),
        ("period.to", _("To"), _Formatted(report.period.end, DATE_FORMAT)),
        (
            "generated_at",
            _("Generated"),
            _Formatted(
                timezone.localtime(generated).replace(tzinfo=None) if generated else None,
                DATETIME_FORMAT,
            ),
        ),
        ("currency", _("Currency"), figures["currency"]),
    ]
    rows = head + [
        (key, label, _figure_cell(key, text.lookup(figures, key)))
        for key, label in text.summary_keys()
    ]
    _sheet(book, _("Summary"), [_("Key"), _("Figure"), _("Value")], rows, widths=[36, 48, 18])
    _sheet(
        book,
        _("Budget by source"),
        [_("Source"), pgettext("money", "Planned (EUR)"), _("Paid (EUR)")],
        [(s["name"], s["planned_eur"], s["paid_eur"]) for s in report.budget_sources],
        formats=[None, MONEY_FORMAT, MONEY_FORMAT],
        widths=[48, 16, 16],
    )
    _sheet(
        book,
        _("Centres"),
        [
            _("Code"),
            _("Centre"),
            _("Province"),
            _("Trainings"),
            _("Contact hours"),
            _("Participants"),
            _("Participations"),
            _("Paid (EUR)"),
        ],
        [
            (
                c["code"],
                c["name"],
                text.province_label(c["province"]),
                c["trainings"],
                c["contact_hours"],
                c["participants"],
                c["participations"],
                c["paid_eur"],
            )
            for c in report.centres
        ],
        formats=[
            None,
            None,
            None,
            COUNT_FORMAT,
            HOURS_FORMAT,
            COUNT_FORMAT,
            COUNT_FORMAT,
            MONEY_FORMAT,
        ],
        widths=[10, 36, 20, 12, 12, 12, 12, 16],
    )
    _quality_sheet(book, figures.get("quality"))
    _schools_sheet(book, figures["schools"])
    _support_sheet(book, figures.get("support"))
    _projects_sheet(book, figures.get("projects"))
    if figures.get("location"):
        _location_sheet(book, figures["location"])
    _sheet(
        book,
        _("Open answers"),
        [_("Training"), _("Question"), _("Answer")],
        [(a.training, a.question, a.text) for a in report.open_answers],
        widths=[36, 36, 80],
    )
    statuses, trends = status_labels(), trend_labels()
    _sheet(
        book,
        _("Indicators"),
        [
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Latest period"),
            _("Latest value"),
            _("Target period"),
            _("Comparator"),
            _("Target value"),
            _("Status"),
            _("Trend"),
        ],
        [
            (
                i["code"],
                i["name"],
                _unit_label(i["unit"]),
                i["latest_period"],
                _Formatted(i["latest_value"], _indicator_format(i)),
                i["target_period"],
                _comparator_label(i["target_comparator"]),
                _Formatted(i["target_value"], _indicator_format(i)),
                statuses.get(i["status"], i["status"]),
                trends.get(i["trend"]) if i["trend"] else None,
            )
            for i in figures.get("indicators", [])
        ],
        widths=[20, 48, 14, 14, 14, 14, 12, 14, 36, 36],
    )
    _sheet(
        book,
        _("Evaluation by group"),
        [
            _("Split"),
            _("Key"),
            _("Group"),
            pgettext("evaluation", "Responses"),
            _("Satisfied (%)"),
            _("Would recommend (%)"),
        ],
        [
            (
                split_label,
                key,
                label,
                g["responses"],
                g["satisfied_share"],
                g["recommend_share"],
            )
            for split, split_label in _splits()
            for key, label, g in text.evaluation_groups(figures["evaluation"], split)
        ],
        formats=[None, None, None, COUNT_FORMAT, PERCENT_FORMAT, PERCENT_FORMAT],
        widths=[12, 16, 36, 12, 14, 18],
    )
    _sheet(
        book,
        _("Definitions"),
        [_("Key"), _("Figure"), _("Definition")],
        definitions(),
        widths=[36, 40, 100],
    )
    return _save(book)


def quality_rows(quality: dict | None) -> list[dict]:
    """The ``quality`` block per centre with the actions' status and due date as text (the
    XLSX's "Quality" sheet and the PDF's section): findings and actions of the yearly review."""
    from trainings.quality.models import QualityAction

    labels = dict(QualityAction.Status.choices)
    return [
        {
            **centre,
            "actions": [
                {
                    **a,
                    "status_label": str(labels.get(a["status"], a["status"])),
                    "due": dt.date.fromisoformat(a["due_on"]),
                }
                for a in centre["actions"]
            ],
        }
        for centre in (quality or {}).get("centres", [])
    ]


def _quality_sheet(book, quality: dict | None) -> None:
    """The scientific committee's findings and actions per centre; only when a centre of the
    report has a yearly review."""
    rows = []
    for centre in quality_rows(quality):
        for finding in centre["findings"]:
            rows.append((centre["name"], _("Finding"), finding, None, None, None))
        for a in centre["actions"]:
            rows.append(
                (
                    centre["name"],
                    _("Action"),
                    a["description"],
                    a["owner"],
                    _Formatted(a["due"], DATE_FORMAT),
                    a["status_label"],
                )
            )
    if rows:
        headers = [_("Centre"), _("Kind"), _("Text"), _("Owner"), _("Due date"), _("Status")]
        _sheet(book, _("Quality"), headers, rows, widths=[30, 12, 80, 30, 12, 14])


def support_rows(support: dict | None) -> list[tuple[str, object, str | None]]:
    """(label, value, number format) of the ``support`` block (the XLSX's "Support" sheet and
    the PDF's section): bursaries granted and paid, teachers supported, the cost per
    participant with and without support."""
    if not support:
        return []
    return [
        (_("Support granted (EUR)"), support["granted_eur"], MONEY_FORMAT),
        (_("Support paid (EUR)"), support["paid_eur"], MONEY_FORMAT),
        (_("Teachers supported"), support["teachers_supported"], COUNT_FORMAT),
        (_("Cost per participant (EUR)"), support["cost_per_participant_eur"], MONEY_FORMAT),
        (
            _("Cost per participant without support (EUR)"),
            support["cost_per_participant_without_support_eur"],
            MONEY_FORMAT,
        ),
    ]


def _support_sheet(book, support: dict | None) -> None:
    """Support for teachers: the figures, then granted and paid per funding source."""
    if not support:
        return
    rows: list[tuple] = [
        (label, _Formatted(value, fmt), None) for label, value, fmt in support_rows(support)
    ]
    rows += [
        (
            s["name"],
            _Formatted(s["granted_eur"], MONEY_FORMAT),
            _Formatted(s["paid_eur"], MONEY_FORMAT),
        )
        for s in support["by_source"]
    ]
    headers = [_("Figure or funding source"), _("Value or granted (EUR)"), _("Paid (EUR)")]
    _sheet(book, _("Support for teachers"), headers, rows, widths=[48, 22, 16])


def project_rows(projects: dict | None) -> list[tuple[str, str, str, dict]]:
    """(breakdown, code, name, figures) of the ``projects`` block (the XLSX's "School
    projects" sheet and the PDF's table): the total, then every province of the schools,
    then every centre of the calls."""
    if not projects:
        return []
    return [
        (_("Total"), "", _("All calls of the scope"), projects),
        *[(_("Province"), r["province"], r["name"], r) for r in projects["by_province"]],
        *[(_("Centre"), r["code"], r["name"], r) for r in projects["by_centre"]],
    ]


def _projects_sheet(book, projects: dict | None) -> None:
    """School development projects: applications, accepted projects, grants, schools (only
    when the scope has any, as the PDF's section)."""
    if not projects or not (projects["applications"] or projects["accepted"]):
        return
    keys = ["applications", "accepted", "grants_planned_eur", "grants_paid_eur", "schools"]
    rows = [
        (breakdown, code, name, *(row[k] for k in keys), row["schools_with_project"])
        for breakdown, code, name, row in project_rows(projects)
    ]
    _sheet(
        book,
        _("School projects"),
        [
            _("Breakdown"),
            _("Code"),
            _("Name"),
            _("Applications"),
            _("Accepted projects"),
            _("Grants planned (EUR)"),
            _("Grants paid (EUR)"),
            _("Schools that applied"),
            _("Schools with a project"),
        ],
        rows,
        formats=[None, None, None, COUNT_FORMAT, COUNT_FORMAT, MONEY_FORMAT, MONEY_FORMAT]
        + [COUNT_FORMAT, COUNT_FORMAT],
        widths=[12, 8, 36, 14, 14, 18, 18, 14, 14],
    )


def school_rows(schools: dict) -> list[tuple[str, str, str, dict]]:
    """(breakdown, code, label, figures) of the schools reached: the total, then every
    province, then every level (the XLSX's "Schools" sheet and the PDF's tables)."""
    provinces, levels = _("Province"), _("Level offered")
    return [
        (_("Total"), "", _("All schools of the register"), schools),
        *[
            (provinces, code, text.province_label(code), row)
            for code, row in schools["by_province"].items()
        ],
        *[
            (levels, code, text.school_level_labels().get(code, code), row)
            for code, row in schools["by_level"].items()
        ],
    ]


def _schools_sheet(book, schools: dict) -> None:
    _sheet(
        book,
        _("Schools"),
        [
            _("Breakdown"),
            _("Code"),
            _("Group"),
            _("Schools reached"),
            _("Schools in the register"),
            _("Schools reached (%)"),
        ],
        [
            (breakdown, code, label, row["reached"], row["register_total"], row["share_reached"])
            for breakdown, code, label, row in school_rows(schools)
        ]
        + [
            (
                _("Participants without a school of the register"),
                "",
                "",
                schools["without_school"],
                None,
                None,
            )
        ],
        formats=[None, None, None, COUNT_FORMAT, COUNT_FORMAT, PERCENT_FORMAT],
        widths=[44, 10, 36, 16, 20, 18],
    )


def _location_sheet(book, location: dict) -> None:
    """The ``location`` block: sessions counted where they were held (the other sheets count
    by organising centre)."""
    headers = [_("Held in"), _("Code"), _("Sessions"), _("Trainings"), _("Participations")]
    formats = [None, None, COUNT_FORMAT, COUNT_FORMAT, COUNT_FORMAT]
    if location.get("province"):
        rows = [
            (
                location["name"],
                location["province"],
                location["sessions"],
                location["trainings"],
                location["participations"],
            )
        ]
    else:
        rows = [
            (row["name"], code, row["sessions"], row["trainings"], row["participations"])
            for code, row in location["by_province"].items()
        ]
    _sheet(book, _("Where held"), headers, rows, formats=formats, widths=[44, 10, 12, 12, 16])


def _unit_label(unit: str) -> str:
    from monitor.models import Unit

    return str(dict(Unit.choices).get(unit, unit))


def _splits() -> list[tuple[str, str]]:
    return [("by_role", _("Role")), ("by_centre", _("Centre"))]


# The comparison's columns in the XLSX: (header, value of a row, number format of a row).
# Money keeps its currency: the budget per year in the network's own (its format shows £ for
# the UK's), the portal's amounts in euros; nothing is converted.
CURRENCY_FORMATS = {"EUR": MONEY_FORMAT, "GBP": "[$£-809] #,##0.00"}
YEAR_FORMAT = "0"


def currency_format(code: str) -> str:
    """The XLSX number format of an amount in ``code`` (ISO 4217), with its symbol."""
    return CURRENCY_FORMATS.get(code, f'"{code}" #,##0.00')


def _budget(row: dict) -> dict:
    return row["budget_per_year"]


def _teachers(row: dict) -> dict:
    return row["reach"]["teachers"]


class Column(NamedTuple):
    key: str
    header: str
    value: Callable[[dict], object]
    number_format: Callable[[dict], str] | None = None


def comparison_columns() -> list[Column]:
    """Key, header, value and number format (a function of the row, or ``None``) of each XLSX
    column of the comparison."""

    def budget_format(row):
        return currency_format(_budget(row)["currency"])

    def fixed(number_format):
        return lambda _row: number_format

    euro = fixed(currency_format("EUR"))
    return [
        Column("code", _("Code"), lambda r: r["code"], None),
        Column("name", _("Name"), lambda r: r["name"], None),
        Column("organisation", _("Organisation"), lambda r: r["organisation"], None),
        Column("start_year", _("Start year"), lambda r: r["start_year"], fixed(YEAR_FORMAT)),
        Column("initiative", _("Initiative"), lambda r: r["initiative"], None),
        Column("focus", _("Main focus"), lambda r: r["focus"], None),
        Column(
            "budget_low", _("Budget per year, lowest"), lambda r: _budget(r)["low"], budget_format
        ),
        Column(
            "budget_high",
            _("Budget per year, highest"),
            lambda r: _budget(r)["high"],
            budget_format,
        ),
        Column("currency", _("Currency"), lambda r: _budget(r)["currency"], None),
        Column(
            "budget_partial",
            _("Budget covers part of the network only"),
            lambda r: _("yes") if _budget(r)["partial"] else _("no"),
            None,
        ),
        Column("budget_note", _("Budget, as reported"), lambda r: r["budget_note"], None),
        Column(
            "teachers_low",
            _("Teachers reached per year, lowest"),
            lambda r: _teachers(r)["low"],
            fixed(COUNT_FORMAT),
        ),
        Column(
            "teachers_high",
            _("Teachers reached per year, highest"),
            lambda r: _teachers(r)["high"],
            fixed(COUNT_FORMAT),
        ),
        Column(
            "schools",
            _("Schools or institutions reached"),
            lambda r: r["reach"]["schools"],
            fixed(COUNT_FORMAT),
        ),
        Column(
            "schools_share_reached",
            _("Schools of the register reached (%)"),
            lambda r: r.get("schools_share_reached"),
            fixed(PERCENT_FORMAT),
        ),
        Column("centres", _("Centres"), lambda r: r["reach"]["centres"], fixed(COUNT_FORMAT)),
        Column(
            "centres_note", _("Centres, as reported"), lambda r: r["reach"]["centres_note"], None
        ),
        Column("reach_note", _("Reach, as reported"), lambda r: r["reach"]["note"], None),
        Column("participants", _("Participants"), lambda r: r["participants"], fixed(COUNT_FORMAT)),
        Column("teachers", _("Teachers"), lambda r: r["teachers"], fixed(COUNT_FORMAT)),
        Column("trainings", _("Trainings"), lambda r: r["trainings"], fixed(COUNT_FORMAT)),
        Column(
            "contact_hours", _("Contact hours"), lambda r: r["contact_hours"], fixed(HOURS_FORMAT)
        ),
        Column("paid_eur", _("Budget paid (EUR)"), lambda r: r["paid_eur"], euro),
        Column(
            "cost_per_participant_eur",
            _("Cost per participant (EUR)"),
            lambda r: r["cost_per_participant_eur"],
            euro,
        ),
        Column(
            "satisfied_share",
            _("Satisfied (%)"),
            lambda r: r["satisfied_share"],
            fixed(PERCENT_FORMAT),
        ),
        Column(
            "recommend_share",
            _("Would recommend (%)"),
            lambda r: r["recommend_share"],
            fixed(PERCENT_FORMAT),
        ),
        Column(
            "response_rate",
            _("Response rate (%)"),
            lambda r: r["response_rate"],
            fixed(PERCENT_FORMAT),
        ),
        Column(
            "project_applications",
            _("School project applications"),
            lambda r: r.get("project_applications"),
            fixed(COUNT_FORMAT),
        ),
        Column(
            "projects_accepted",
            _("School projects accepted"),
            lambda r: r.get("projects_accepted"),
            fixed(COUNT_FORMAT),
        ),
        Column(
            "project_grants_paid_eur",
            _("School project grants paid (EUR)"),
            lambda r: r.get("project_grants_paid_eur"),
            euro,
        ),
        Column("note", _("Note"), _row_note, None),
    ]


def comparison_headers() -> list[str]:
    return [column.header for column in comparison_columns()]


def _unknown_cost(row: dict) -> bool:
    return row["cost_per_participant_eur"] is None


def _unknown_cost_note() -> str:
    return _(
        "Cost per participant unknown: no budget lines (or no participants) in the period; "
        "unknown is not zero."
    )


def _no_trainings_note() -> str:
    return _("The portal holds no trainings of this network in the period.")


def _row_note(row: dict) -> str:
    """The row's notes in one cell: computed from the portal, no trainings in the portal, an
    unknown cost."""
    notes = [row["note"]] if row.get("note") else []
    if not _in_portal(row):
        notes.append(_no_trainings_note())
    elif _unknown_cost(row):
        notes.append(_unknown_cost_note())
    return " ".join(notes)


def _comparison_sheet(book, title: str, rows: list[dict]) -> None:
    """The comparison's main sheet: numbers with their number formats (money with its own
    currency's symbol, per row); an unknown cost is an empty cell, its row's note says why."""
    columns = comparison_columns()
    _sheet(
        book,
        title,
        [column.header for column in columns],
        [
            [
                _Formatted(column.value(row), column.number_format(row))
                if column.number_format
                else column.value(row)
                for column in columns
            ]
            for row in rows
        ],
        widths=[10, 30, 30, 9, 30, 40] + [16] * (len(columns) - 7) + [60],
    )


def comparison_xlsx(figures: dict) -> bytes:
    book = _workbook()
    _comparison_sheet(book, _("Comparison"), figures["rows"])
    _sheet(
        book,
        _("Evaluation by role"),
        [
            _("Name"),
            _("Key"),
            _("Role"),
            pgettext("evaluation", "Responses"),
            _("Satisfied (%)"),
            _("Would recommend (%)"),
        ],
        [
            (row["name"], key, label, g["responses"], g["satisfied_share"], g["recommend_share"])
            for row in figures["rows"]
            for key, label, g in _role_groups(row)
        ],
    )
    _sheet(
        book,
        _("Period"),
        [_("From"), _("To"), _("Generated")],
        [(figures["period"]["from"], figures["period"]["to"], figures["generated_at"])],
    )
    _sheet(book, _("Notes"), [_("Note")], [(note,) for note in comparison_notes(figures)])
    return _save(book)


def comparison_notes(figures: dict, *, currencies: bool = True) -> list[str]:
    """What every format of the comparison says beside its table: the currencies (nothing
    converted), rows computed from the portal, unknown costs, the small-group rule."""
    notes = [figures["currencies"]["note"]] if currencies else []
    notes += [
        f"{row['name']}: {row['note']}"
        for row in figures["rows"]
        if row.get("computed_from_portal")
    ]
    if any(_unknown_cost(row) and _in_portal(row) for row in figures["rows"]):
        notes.append(_unknown_cost_note())
    notes.append(
        _(
            "A group with fewer than %(n)d responses is not shown on its own, so that nobody "
            "can be recognised."
        )
        % {"n": figures["min_group_size"]}
    )
    return notes


# --- PDF -------------------------------------------------------------------------------------


def _generated(figures: dict) -> str:
    moment = parse_datetime(figures["generated_at"]) or timezone.now()
    return date_format(timezone.localtime(moment), "j F Y")


def _bars(title: str, labels: dict[str, str], values: dict, *, money: bool = False) -> dict:
    """A horizontal bar chart and its table; the renderer wraps or shortens a long label
    (the full one stays in the chart's ``<title>`` and in the table)."""
    categories = list(labels.values())
    series = [Series(title, [values[key] for key in labels])]
    fmt = text.money_chart if money else text.number
    return {
        "title": title,
        "svg": bar_chart(
            title=title,
            categories=categories,
            series=series,
            orientation="horizontal",
            value_format=fmt,
            width=640,
        ),
        "table": chart_table(caption=title, categories=categories, series=series, value_format=fmt),
    }


def _sections(report: YearlyReport) -> list[dict]:
    """The centres grouped by province: one table per province, so long tables split."""
    groups: dict[str, list[dict]] = {}
    for centre in report.centres:
        groups.setdefault(text.province_label(centre["province"]), []).append(centre)
    return [{"title": title, "centres": rows} for title, rows in groups.items()]


def _open_answers(report: YearlyReport) -> list[dict]:
    groups: dict[str, list] = {}
    for answer in report.open_answers:
        groups.setdefault(answer.training, []).append(answer)
    return [{"training": t, "answers": a} for t, a in groups.items()]


def _charts_indicators(report: YearlyReport) -> bool:
    """Whether the report draws the monitor's indicators as charts: the network's report
    does; a centre's or a province's lists them once in a compact table (the indicators
    cover all of Flanders, whatever the scope)."""
    return report.scope.kind == "network"


def _indicators(report: YearlyReport, *, charts: bool = True) -> list[dict]:
    labels = status_labels()
    out = []
    for summary in report.indicators:
        svg = ""
        if charts:
            svg, _table = indicator_chart(summary, chart_id=f"report-{summary.indicator.code}")
        latest = summary.latest
        out.append(
            {
                "summary": summary,
                "svg": svg,
                "latest": format_value(summary.indicator, latest.value) if latest else "–",
                "target": target_label(summary.target) if summary.target else "",
                "status": labels.get(summary.status, summary.status),
            }
        )
    return out


def _evaluation_splits(report: YearlyReport) -> list[dict]:
    """The PDF's tables of the evaluation by role, and by centre where several are involved."""
    evaluation = report.figures["evaluation"]
    splits = [
        {
            "caption": _("Evaluations by the respondents' role"),
            "column": _("Role"),
            "groups": text.evaluation_groups(evaluation, "by_role"),
            "empty": _("Too few responses per role to show them separately."),
        }
    ]
    if len(report.centres) > 1:
        splits.append(
            {
                "caption": _("Evaluations by centre"),
                "column": _("Centre"),
                "groups": text.evaluation_groups(evaluation, "by_centre"),
                "empty": _("Too few responses per centre to show them separately."),
            }
        )
    return splits


def yearly_pdf(report: YearlyReport) -> bytes:
    figures = report.figures
    people = figures["participants"]
    charts = {
        "roles": _bars(_("Participants by role"), text.role_labels(), people["by_role"]),
        "domains": _bars(_("Teachers by STEM domain"), text.domain_labels(), people["by_domain"]),
        "levels": _bars(_("Teachers by education level"), text.level_labels(), people["by_level"]),
    }
    if report.budget_sources:
        charts["budget"] = _bars(
            _("Budget paid by source"),
            {s["name"]: s["name"] for s in report.budget_sources},
            figures["budget"]["by_source"],
            money=True,
        )
    html = render_to_string(
        "reports/yearly_pdf.html",
        {
            "f": figures,
            "report": report,
            "summary": text.summary_sentences(figures),
            "charts": charts,
            "sections": _sections(report),
            "open_answers": _open_answers(report),
            "indicators": _indicators(report, charts=_charts_indicators(report)),
            "indicators_charted": _charts_indicators(report),
            "generated": _generated(figures),
            "roles": [(label, people["by_role"][key]) for key, label in text.role_labels().items()],
            "domains": [
                (label, people["by_domain"][key]) for key, label in text.domain_labels().items()
            ],
            "levels": [
                (label, people["by_level"][key]) for key, label in text.level_labels().items()
            ],
            "level_sum": sum(people["by_level"].values()),
            "evaluation_splits": _evaluation_splits(report),
            "school_levels": [
                (label, figures["schools"]["by_level"][key])
                for key, label in text.school_level_labels().items()
            ],
            "schools_map": maps.schools_map(figures["schools"]),
            "quality": quality_rows(figures.get("quality")),
        },
    )
    return html_to_pdf(html)


def _role_groups(row: dict) -> list[tuple[str, str, dict]]:
    """A comparison row's groups by role (what the small-group rule let its report show)."""
    return text.evaluation_groups({"by_role": row["evaluation_by_role"]}, "by_role")


def _amount_text(value, currency: str) -> str:
    """An amount in its own currency, whole amounts without cents: "£ 11.000.000" (a
    no-break space after the symbol, so a range wraps only at its dash)."""
    return money_in(value, currency).replace(" ", "\u00a0") if value is not None else "–"


def _range_text(value: dict, fmt) -> str:
    """A ``{"low", "high"}`` range as text with ``fmt`` for each end; "–" when unknown."""
    if value["low"] is None:
        return "–"
    if value["high"] is None:
        return fmt(value["low"])
    return f"{fmt(value['low'])} – {fmt(value['high'])}"


def _budget_text(budget: dict) -> str:
    return _range_text(budget, lambda v: _amount_text(v, budget["currency"]))


def _reach_lines(reach: dict, schools_share=None) -> list[str]:
    """The reach cell of the PDF: teachers per year, schools or institutions (Germany's
    4.300) with, for a row computed from the portal, the share of the register's schools
    (``schools_share``), and the note as reported."""
    lines = []
    if reach["teachers"]["low"] is not None:
        lines.append(
            _("%(teachers)s teachers") % {"teachers": _range_text(reach["teachers"], text.number)}
        )
    if reach["schools"] is not None:
        lines.append(
            ngettext(
                "%(n)s school or institution",
                "%(n)s schools or institutions",
                reach["schools"],
            )
            % {"n": text.number(reach["schools"])}
        )
        if schools_share is not None:
            lines.append(
                _("%(share)s of the register's schools") % {"share": text.percent(schools_share)}
            )
    return lines or ["–"]


def _centres_text(reach: dict) -> str:
    if reach["centres_note"]:
        return reach["centres_note"]
    return text.number(reach["centres"]) if reach["centres"] is not None else "–"


def _eur_text(value) -> str:
    """Euros with cents, the symbol held to the number (a narrow column wraps elsewhere)."""
    return text.money(value).replace(" ", "\u00a0")


def _cost_text(value) -> str:
    """The cost per participant; ``None`` is "unknown" (no budget lines), never € 0,00."""
    return _("unknown") if value is None else _eur_text(value)


def _in_portal(row: dict) -> bool:
    """Whether the portal holds figures for the row: trainings of the period, or the home
    network (whose zeros are the portal's)."""
    return bool(row["trainings"]) or row.get("computed_from_portal") or row["kind"] != "network"


def comparison_pdf(figures: dict) -> bytes:
    rows = []
    for row in figures["rows"]:
        rows.append(
            {
                **row,
                "budget_text": _budget_text(row["budget_per_year"]),
                "centres_text": _centres_text(row["reach"]),
                "reach_lines": _reach_lines(row["reach"], row.get("schools_share_reached")),
                "paid_text": _eur_text(row["paid_eur"]),
                "cost_text": _cost_text(row["cost_per_participant_eur"]),
                "in_portal": _in_portal(row),
                "by_role": _role_groups(row),
            }
        )
    charted = [row for row in rows if row["in_portal"]]
    charts = []
    if len(charted) >= 2:
        names = [row["name"] for row in charted]
        charts = [
            {
                "svg": bar_chart(
                    title=title,
                    categories=names,
                    orientation="horizontal",
                    series=[Series(title, [row[key] for row in charted])],
                    value_format=fmt,
                    width=480,
                )
            }
            for title, key, fmt in [
                (_("Participants"), "participants", text.number),
                (_("Cost per participant (EUR)"), "cost_per_participant_eur", text.money_chart),
            ]
        ]
    html = render_to_string(
        "reports/comparison_pdf.html",
        {
            "f": figures,
            "rows": rows,
            "charts": charts,
            "notes": comparison_notes(figures, currencies=False),  # said above the table
            "no_trainings": _no_trainings_note(),
            "generated": _generated(figures),
            "start": dt.date.fromisoformat(figures["period"]["from"]),
            "end": dt.date.fromisoformat(figures["period"]["to"]),
            "min_group_size": figures["min_group_size"],
            "kind_label": {
                "network": _("networks"),
                "centre": _("centres"),
                "province": _("provinces"),
            }[figures["scope_kind"]],
        },
    )
    return html_to_pdf(html)

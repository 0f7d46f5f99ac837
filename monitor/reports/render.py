"""
One report, three files: JSON (the figures as they are), XLSX (openpyxl, text neutralised so
no cell runs as a formula) and PDF (WeasyPrint through ``stemnet.pdf``, tagged PDF/UA-1, with a
small hand-written print stylesheet).

Every renderer takes what the report service computed (``figures.yearly_report`` or
``comparison.comparison_report``) and formats it; none computes a figure of its own.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from monitor.charts import format_value, indicator_chart, target_label
from stemnet.charts import Series, bar_chart, chart_table
from stemnet.pdf import html_to_pdf
from stemnet.tabular import neutralise

from . import text
from .figures import YearlyReport

JSON_TYPE = "application/json"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


# --- JSON ------------------------------------------------------------------------------------


def to_json(figures: dict) -> bytes:
    """Decimals are written as strings ("29012.01"): exact, never a rounded float."""
    return json.dumps(figures, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


# --- XLSX ------------------------------------------------------------------------------------


def _cell(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal | int | float):
        return value
    return neutralise(str(value))


def _sheet(book, title: str, headers: list[str], rows) -> None:
    sheet = book.create_sheet(title=title[:31])
    sheet.append([_cell(h) for h in headers])
    for row in rows:
        sheet.append([_cell(v) for v in row])


def _workbook():
    from openpyxl import Workbook

    return Workbook(write_only=True)


def _save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def yearly_xlsx(report: YearlyReport) -> bytes:
    figures = report.figures
    book = _workbook()
    head = [
        ("scope", _("Scope"), f"{figures['scope']['name']} ({figures['scope']['code']})"),
        ("period.from", _("From"), figures["period"]["from"]),
        ("period.to", _("To"), figures["period"]["to"]),
        ("generated_at", _("Generated"), figures["generated_at"]),
    ]
    rows = head + [(key, label, text.lookup(figures, key)) for key, label in text.summary_keys()]
    _sheet(book, _("Summary"), [_("Key"), _("Figure"), _("Value")], rows)
    _sheet(
        book,
        _("Budget by source"),
        [_("Source"), pgettext("money", "Planned (EUR)"), _("Paid (EUR)")],
        [(s["name"], s["planned_eur"], s["paid_eur"]) for s in report.budget_sources],
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
    )
    _sheet(
        book,
        _("Open answers"),
        [_("Training"), _("Question"), _("Answer")],
        [(a.training, a.question, a.text) for a in report.open_answers],
    )
    _sheet(
        book,
        _("Indicators"),
        [
            _("Code"),
            _("Indicator"),
            _("Latest period"),
            _("Latest value"),
            _("Target period"),
            _("Target"),
            _("Status"),
        ],
        [
            (
                i["code"],
                i["name"],
                i["latest_period"],
                i["latest_value"],
                i["target_period"],
                f"{'≥' if i['target_comparator'] == 'gte' else '≤'} {i['target_value']}"
                if i["target_value"] is not None
                else None,
                i["status"],
            )
            for i in figures.get("indicators", [])
        ],
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
            (split_label, key, label, g["responses"], g["satisfied_share"], g["recommend_share"])
            for split, split_label in _splits()
            for key, label, g in text.evaluation_groups(figures["evaluation"], split)
        ],
    )
    return _save(book)


def _splits() -> list[tuple[str, str]]:
    return [("by_role", _("Role")), ("by_centre", _("Centre"))]


COMPARISON_COLUMNS = [
    "name",
    "organisation",
    "start_year",
    "initiative",
    "focus",
    "budget_per_year_eur",
    "reach_teachers",
    "participants",
    "contact_hours",
    "paid_eur",
    "cost_per_participant_eur",
    "satisfied_share",
    "recommend_share",
    "response_rate",
]


def comparison_headers() -> list[str]:
    labels = {
        "name": _("Name"),
        "organisation": _("Organisation"),
        "start_year": _("Start year"),
        "initiative": _("Initiative"),
        "focus": _("Main focus"),
        "budget_per_year_eur": _("Budget per year (EUR)"),
        "reach_teachers": _("Reach (teachers per year)"),
        "participants": _("Participants"),
        "contact_hours": _("Contact hours"),
        "paid_eur": _("Budget paid (EUR)"),
        "cost_per_participant_eur": _("Cost per participant (EUR)"),
        "satisfied_share": _("Satisfied (%)"),
        "recommend_share": _("Would recommend (%)"),
        "response_rate": _("Response rate (%)"),
    }
    return [labels[key] for key in COMPARISON_COLUMNS]


def _range_text(value: dict, *, money: bool = False) -> str:
    fmt = text.money if money else text.number
    if value["low"] is None:
        return "–"
    if value["high"] is None:
        return fmt(value["low"])
    return f"{fmt(value['low'])} – {fmt(value['high'])}"


def _range_cell(value: dict):
    if value["high"] is None:
        return value["low"]
    return f"{value['low']} – {value['high']}"


def comparison_xlsx(figures: dict) -> bytes:
    book = _workbook()
    rows = []
    for row in figures["rows"]:
        rows.append(
            [
                _range_cell(row[key]) if isinstance(row[key], dict) else row[key]
                for key in COMPARISON_COLUMNS
            ]
        )
    _sheet(book, _("Comparison"), comparison_headers(), rows)
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
    return _save(book)


# --- PDF -------------------------------------------------------------------------------------


def _generated(figures: dict) -> str:
    moment = parse_datetime(figures["generated_at"]) or timezone.now()
    return date_format(timezone.localtime(moment), "j F Y")


def _bars(title: str, labels: dict[str, str], values: dict, *, money: bool = False) -> dict:
    categories = [label if len(label) <= 34 else label[:33] + "…" for label in labels.values()]
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


def _indicators(report: YearlyReport) -> list[dict]:
    out = []
    for summary in report.indicators:
        svg, _table = indicator_chart(summary, chart_id=f"report-{summary.indicator.code}")
        latest = summary.latest
        out.append(
            {
                "summary": summary,
                "svg": svg,
                "latest": format_value(summary.indicator, latest.value) if latest else "–",
                "target": target_label(summary.target) if summary.target else "",
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
            "indicators": _indicators(report),
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
        },
    )
    return html_to_pdf(html)


def _role_groups(row: dict) -> list[tuple[str, str, dict]]:
    """A comparison row's groups by role (what the small-group rule let its report show)."""
    return text.evaluation_groups({"by_role": row["evaluation_by_role"]}, "by_role")


def comparison_pdf(figures: dict) -> bytes:
    rows = []
    for row in figures["rows"]:
        rows.append(
            {
                **row,
                "budget_text": _range_text(row["budget_per_year_eur"], money=True),
                "reach_text": _range_text(row["reach_teachers"]),
                "by_role": _role_groups(row),
            }
        )
    names = [row["name"] for row in figures["rows"]]
    charts = [
        {
            "svg": bar_chart(
                title=title,
                categories=names,
                orientation="horizontal",
                series=[Series(title, [row[key] for row in figures["rows"]])],
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

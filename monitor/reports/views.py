"""Pages of the ministry reports: ask for a report, follow its progress, download it again;
and the ministry dashboard. Each view reads the input, checks access once, calls one service
or selector, and renders."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stemnet import access
from stemnet.charts import Series, bar_chart, chart_table, default_format, line_chart

from . import maps, permissions, selectors, services, text
from .forms import ComparisonForm, YearlyReportForm
from .scope import CENTRE, NETWORK, PROVINCE, Scope

COMPARE_PREFIX = "compare"


def _reports_page(request, *, yearly=None, comparison=None, status=200):
    return render(
        request,
        "reports/reports.html",
        {
            "yearly_form": yearly or YearlyReportForm(user=request.user),
            "comparison_form": comparison
            or ComparisonForm(user=request.user, prefix=COMPARE_PREFIX),
            "jobs": selectors.recent_reports(request.user),
            "show_dashboard": access.sees_whole_network(request.user),
        },
        status=status,
    )


@require_GET
def reports(request):
    return _reports_page(request)


def _request(request, form, page_key: str):
    """Start (or join) the job the valid ``form`` asks for, or show the form again (400)."""
    if form.is_valid():
        try:
            job, created = services.report_request(**form.service_arguments(), user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if not created:
                messages.info(request, _("This report is already being built: you joined it."))
            return redirect("reports:job", token=job.token)
    return _reports_page(request, **{page_key: form}, status=400)


@require_POST
def report_request(request):
    return _request(request, YearlyReportForm(request.POST, user=request.user), "yearly")


@require_POST
def comparison_request(request):
    form = ComparisonForm(request.POST, user=request.user, prefix=COMPARE_PREFIX)
    return _request(request, form, "comparison")


@require_GET
def report_job(request, token):
    job = permissions.get_report_job_for_user(request.user, token)
    return render(request, "reports/job.html", {"job": job, "names": selectors.scope_names(job)})


@require_GET
def report_progress(request, token):
    """The progress fragment htmx polls every two seconds while the job runs; opened
    without htmx, the whole job page."""
    job = permissions.get_report_job_for_user(request.user, token)
    if request.headers.get("HX-Request") != "true":
        response = render(
            request, "reports/job.html", {"job": job, "names": selectors.scope_names(job)}
        )
    else:
        response = render(request, "reports/_progress.html", {"job": job})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def report_download(request, token, fmt=None):
    """A done job's file in ``fmt`` (default: the job's one format). A job in all formats
    offers its files on its page; a job not done yet sends back to that page."""
    job = permissions.get_report_job_for_user(request.user, token)
    if fmt is not None and fmt not in job.file_formats:
        raise Http404
    if job.status != job.Status.DONE:
        return redirect("reports:job", token=job.token)
    fmt = fmt or (job.format if job.format != job.Format.ALL else None)
    if fmt is None:
        return redirect("reports:job", token=job.token)
    path = services.report_path(job, fmt)
    if path is None or not path.is_file():
        raise Http404
    name = (
        f"{job.get_kind_display()}-{job.scope_codes.replace(',', '-')}-"
        f"{job.period_from:%Y%m%d}-{job.period_to:%Y%m%d}.{services.EXTENSIONS[fmt]}"
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=name.lower().replace(" ", "-"),
        content_type=services.CONTENT_TYPES[fmt],
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def report_retry(request, token):
    job = permissions.get_report_job_for_user(request.user, token)
    job = services.report_retry(job=job)
    return redirect("reports:job", token=job.token)


@require_GET
def dashboard(request):
    """The network's dashboard: its figures and each province's (``?year=``)."""
    return _dashboard_page(request, selectors.network_scope())


# --- the dashboard's year, comparison, trend and drill-down ----------------------------------


def _dashboard_year(request, years: list[int]) -> int:
    """``?year=``: one of the years with figures (the picker's); without one, the latest year
    with data (``selectors.latest_year_with_data``); anything else is that year, with a
    word."""
    this_year = selectors.latest_year_with_data()
    raw = request.GET.get("year", "")
    if not raw:
        return this_year
    if re.fullmatch(r"[0-9]{4}", raw) and int(raw) in years:
        return int(raw)
    if re.fullmatch(r"[0-9]{4}", raw):
        message = _("There are no figures for %(year)s: you see those of %(this_year)s.")
        messages.warning(request, message % {"year": raw, "this_year": this_year})
    else:
        message = _("That is not a year: you see the figures of %(this_year)s.")
        messages.warning(request, message % {"this_year": this_year})
    return this_year


# A chart is drawn twice: wide, and narrow for phones (its text stays readable); the page's
# stylesheet shows one of them, and both share one data table.
WIDE, NARROW = {"width": 560, "height": 300}, {"width": 340, "height": 260}


def _trend_charts(page, name: str) -> list[dict]:
    """The five-year trend of participants and of trainings, each with its data table."""
    years = [str(point.year) for point in page.trend]
    charts = []
    for key, label, title in (
        ("participants", _("Participants"), _("Participants per year, %(name)s")),
        ("trainings", _("Trainings"), _("Trainings per year, %(name)s")),
    ):
        series = [Series(label, [getattr(point, key) for point in page.trend])]
        title = title % {"name": name}
        svgs = {
            size: line_chart(
                title=title,
                categories=years,
                series=series,
                x_label=_("Year"),
                value_format=text.number,
                chart_id=f"dashboard-trend-{key}-{size}",
                **dimensions,
            )
            for size, dimensions in (("wide", WIDE), ("narrow", NARROW))
        }
        table = chart_table(
            caption=title,
            categories=years,
            series=series,
            category_header=_("Year"),
            value_format=text.number,
        )
        charts.append({**svgs, "table": table})
    return charts


def _rows_chart(page, title: str, category_header: str) -> dict | None:
    """Participants per province (the network) or per centre (a province)."""
    rows = page.board.rows
    if not rows:
        return None
    names = [row.name for row in rows]
    series = [Series(_("Participants"), [row.participants for row in rows])]
    title = title % {"year": page.board.period.label}
    svgs = {
        size: bar_chart(
            title=title,
            categories=names,
            series=series,
            orientation="horizontal",
            value_format=default_format,
            width=width,
            chart_id=f"dashboard-rows-{size}",
        )
        for size, width in (("wide", 640), ("narrow", 340))
    }
    table = chart_table(
        caption=title,
        categories=names,
        series=series,
        category_header=category_header,
        value_format=text.number,
    )
    return {**svgs, "table": table}


def _dashboard_page(request, scope, *, centre=None):
    years = selectors.dashboard_years()
    year = _dashboard_year(request, years)
    name = centre.name if centre is not None else ""
    page = selectors.dashboard_page(scope=scope, year=year, name=name, first_year=min(years))
    name = page.board.total.name
    context = {
        "page": page,
        "board": page.board,
        "scope": scope,
        "centre": centre,
        "year": year,
        "years": years,
        "trend_charts": _trend_charts(page, name),
    }
    if scope.kind == NETWORK:
        title = _("Participants per province, %(year)s")
        context["rows_chart"] = _rows_chart(page, title, _("Province"))
        context["unplaced"] = selectors.centres_without_province()
        context["schools"] = schools = selectors.schools_board(year=year)
        context["schools_map"] = maps.schools_map(schools.total)
    elif scope.kind == PROVINCE:
        title = _("Participants per centre, %(year)s")
        context["rows_chart"] = _rows_chart(page, title, _("Centre"))
    return render(request, "reports/dashboard.html", context)


@require_GET
def dashboard_province(request, code):
    """A province's dashboard: its figures and its centres'."""
    scope = selectors.dashboard_province(code)
    if scope is None:
        raise Http404
    return _dashboard_page(request, scope)


@require_GET
def dashboard_centre(request, code):
    """A centre's dashboard: its figures and its trainings of the year."""
    centre = selectors.dashboard_centre(code)
    if centre is None:
        raise Http404
    return _dashboard_page(request, Scope(CENTRE, centre.code), centre=centre)

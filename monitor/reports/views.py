"""Pages of the ministry reports: ask for a report, follow its progress, download it again;
and the ministry dashboard. Each view reads the input, checks access once, calls one service
or selector, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stemnet import access
from stemnet.charts import Series, bar_chart, chart_table, default_format

from . import permissions, selectors, services, text
from .forms import ComparisonForm, YearlyReportForm

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
def report_download(request, token):
    job = permissions.get_report_job_for_user(request.user, token)
    if job.status != job.Status.DONE:
        return redirect("reports:job", token=job.token)
    path = services.report_path(job)
    if not job.file_name or not path.is_file():
        raise Http404
    name = (
        f"{job.get_kind_display()}-{job.scope_codes.replace(',', '-')}-"
        f"{job.period_from:%Y%m%d}-{job.period_to:%Y%m%d}.{job.format}"
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=name.lower().replace(" ", "-"),
        content_type=services.CONTENT_TYPES[job.format],
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
    data = selectors.dashboard(year=timezone.localdate().year)
    names = [h.name for h in data.provinces]
    series = [Series(_("Participants"), [h.participants for h in data.provinces])]
    title = _("Participants per province, %(year)s") % {"year": data.period.label}
    return render(
        request,
        "reports/dashboard.html",
        {
            "data": data,
            "rows": [data.network, *data.provinces],
            "svg": bar_chart(
                title=title,
                categories=names,
                series=series,
                orientation="horizontal",
                value_format=default_format,
                chart_id="dashboard-provinces",
            ),
            "table": chart_table(
                caption=title,
                categories=names,
                series=series,
                category_header=_("Province"),
                value_format=text.number,
            ),
        },
    )

"""Pages of the STEM monitor: the overview, an indicator, its downloads, and data entry."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stemnet.tabular import table_response

from . import selectors
from .charts import format_value, indicator_chart
from .forms import ObservationForm
from .permissions import can_enter_observations
from .services import observation_record

DOWNLOAD_FORMATS = ("csv", "xlsx")


@require_GET
def overview(request):
    summaries = selectors.overview()
    cards = []
    for summary in summaries:
        svg, table = indicator_chart(summary, small=True, chart_id=f"mini-{summary.indicator.code}")
        cards.append({"summary": summary, "svg": svg, "table": table})
    return render(
        request,
        "monitor/overview.html",
        {"cards": cards, "can_enter": can_enter_observations(request.user)},
    )


@require_GET
def indicator_detail(request, code):
    summary = selectors.indicator_page(code)
    svg, table = indicator_chart(summary, chart_id=f"chart-{code}")
    return render(
        request,
        "monitor/indicator_detail.html",
        {
            "summary": summary,
            "indicator": summary.indicator,
            "svg": svg,
            "table": table,
            "can_enter": can_enter_observations(request.user),
        },
    )


@require_GET
def indicator_download(request, code, fmt):
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404
    summary = selectors.indicator_page(code)
    indicator = summary.indicator
    headers = [
        "indicator",
        "period",
        "dimension",
        "category",
        "value",
        "numerator",
        "denominator",
        "unit",
        f"change_vs_{indicator.reference_period or 'reference'}",
        "note",
    ]
    rows = [
        [
            indicator.code,
            row.observation.period,
            row.observation.dimension,
            row.observation.category,
            row.observation.value,
            row.observation.numerator,
            row.observation.denominator,
            indicator.unit,
            row.change,
            row.observation.note,
        ]
        for row in summary.rows
    ]
    return table_response(
        headers, rows, filename=f"stem-monitor-{indicator.code}", fmt=fmt, sheet=_("Observations")
    )


@require_http_methods(["GET", "POST"])
def observation_create(request):
    form = ObservationForm(
        request.POST or None,
        initial={"indicator": selectors.indicator_by_code(request.GET.get("indicator"))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            observation = observation_record(**form.service_arguments())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Observation saved: %(indicator)s, %(period)s, %(value)s.")
                % {
                    "indicator": observation.indicator.name,
                    "period": observation.period,
                    "value": format_value(observation.indicator, observation.value),
                },
            )
            return redirect("monitor:indicator", code=observation.indicator.code)
    return render(request, "monitor/observation_form.html", {"form": form})

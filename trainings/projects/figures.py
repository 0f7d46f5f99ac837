"""
The figures of school development projects for the yearly report, computed once here and read
by ``monitor.reports.figures`` (JSON, XLSX, PDF and the comparison show the same numbers).

For the calls of the scope's centres (``centres``: a condition on ``Call``, e.g.
``Q(centre__code="VOV")``) and a period:
- ``calls``: calls whose deadline falls in the period;
- ``applications``: applications submitted in the period (drafts never count);
- ``accepted``: projects granted in the period's budget years (``Project.year``, the year of
  the budget line their grant is on);
- ``grants_planned_eur`` / ``grants_paid_eur``: those projects' grants and what was paid of
  them: the same money as the budget lines of category "school development projects" (part
  of the report's ``budget`` block, counted once there);
- ``schools``: distinct schools that submitted an application in the period;
  ``schools_with_project``: distinct schools of the accepted projects;
- ``reports_published``: final reports published in the period (action-research reports);
- ``by_province``: the same per province of the schools (the register's), Brussels included;
- ``by_centre``: the same per centre of the calls.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from networks.models import Province

from .models import Application, Call, Project

ZERO = Decimal("0.00")


def _row(applications, projects) -> dict[str, Any]:
    money = projects.aggregate(planned=Sum("grant_eur"), paid=Sum("paid_eur"))
    return {
        "applications": applications.count(),
        "accepted": projects.count(),
        "grants_planned_eur": money["planned"] or ZERO,
        "grants_paid_eur": money["paid"] or ZERO,
        "schools": applications.values("school_id").distinct().count(),
        "schools_with_project": projects.values("application__school_id").distinct().count(),
    }


def project_figures(
    *, centres: Q, start: dt.datetime, end: dt.datetime, years: list[int]
) -> dict[str, Any]:
    """The ``projects`` block for calls of ``centres`` (a condition on ``Call``), between the
    aware datetimes ``start`` (included) and ``end`` (excluded), budget ``years``. Reads
    only; a fixed number of queries whatever the data (two per province and centre row)."""
    calls = Call.objects.filter(centres)
    applications = Application.objects.filter(
        call__in=calls, submitted_at__gte=start, submitted_at__lt=end
    ).exclude(status=Application.Status.DRAFT)
    projects = Project.objects.filter(application__call__in=calls, year__in=years)
    block = {
        "calls": calls.filter(deadline__gte=start, deadline__lt=end).count(),
        **_row(applications, projects),
        "reports_published": Project.objects.filter(
            application__call__in=calls,
            final_report_published_at__gte=start,
            final_report_published_at__lt=end,
        ).count(),
    }
    by_province = []
    for code, name in Province.choices:
        row = _row(
            applications.filter(school__province=code),
            projects.filter(application__school__province=code),
        )
        if row["applications"] or row["accepted"]:
            by_province.append({"province": code, "name": str(name), **row})
    block["by_province"] = by_province
    by_centre = []
    centre_rows = (
        calls.values("centre__code", "centre__name")
        .annotate(n=Count("pk"))
        .order_by("centre__name")
    )
    for centre in centre_rows:
        code = centre["centre__code"]
        row = _row(
            applications.filter(call__centre__code=code),
            projects.filter(application__call__centre__code=code),
        )
        if row["applications"] or row["accepted"]:
            by_centre.append({"code": code, "name": centre["centre__name"], **row})
    block["by_centre"] = by_centre
    return block

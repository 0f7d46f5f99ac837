"""Permission matrix rows of the ministry reports (see tests/matrix.py)."""

import datetime as dt

from monitor.reports.models import ReportJob
from tests.matrix import REDIRECT, Row, public, roles


def a_centre_report(world):
    """A queued yearly report of ``world.centre`` (its coordinator's; not another centre's)."""
    job, _ = ReportJob.objects.get_or_create(
        key="matrix",
        kind="yearly",
        scope_kind="centre",
        scope_codes=world.centre.code,
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 31),
        format="pdf",
        requested_by=world.coordinator,
    )
    return {"token": job.token}


def a_centre_report_file(world):
    """One file (the PDF) of ``a_centre_report``: queued, so the download sends to its page."""
    return {**a_centre_report(world), "fmt": "pdf"}


# Reports: ministry staff all, coordinators their own centre (404 for another's), others 403.
REPORT_STAFF = roles("coordinator", "ministry", other_centre=404)
POST_ONLY = roles("coordinator", "other_coordinator", "ministry", status=405)

ROWS = [
    Row("reports:index", roles("coordinator", "other_coordinator", "ministry")),
    Row("reports:request", POST_ONLY),
    Row("reports:comparison_request", POST_ONLY),
    Row("reports:job", REPORT_STAFF, kwargs=a_centre_report),
    Row("reports:progress", REPORT_STAFF, kwargs=a_centre_report),
    Row(
        "reports:download",
        roles("coordinator", "ministry", status=REDIRECT, other_centre=404),
        kwargs=a_centre_report,
    ),
    Row(
        "reports:download_format",
        roles("coordinator", "ministry", status=REDIRECT, other_centre=404),
        kwargs=a_centre_report_file,
    ),
    Row("reports:retry", POST_ONLY, kwargs=a_centre_report),
    # The dashboard and its drill-down (a year, a province, a centre): ministry staff only;
    # coordinators get 403 on every page of it, their own centre's too.
    Row("reports:dashboard", roles("ministry")),
    Row("reports:dashboard_province", roles("ministry"), kwargs={"code": "VOV"}, query="year=x"),
    Row("reports:dashboard_centre", roles("ministry"), kwargs={"code": "VOV"}),
    # The network's yearly headline figures in the open-data API: public, read-only.
    Row("api:yearly-figures-list", public()),
    Row("api:yearly-figures-detail", public(), kwargs={"year": 2026}),
]

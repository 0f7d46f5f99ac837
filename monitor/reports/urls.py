"""URLs of the ministry reports (namespace ``reports``), under ``/monitor/``."""

from django.urls import path

from stemnet.access import Role, requires

from . import views

STAFF = requires(Role.MINISTRY, Role.COORDINATOR)  # coordinators: their own centre only
MINISTRY = requires(Role.MINISTRY)  # the dashboard and its drill-down: the whole network

app_name = "reports"
urlpatterns = [
    path("rapporten/", STAFF(views.reports), name="index"),
    path("rapporten/jaarrapport/", STAFF(views.report_request), name="request"),
    path("rapporten/vergelijking/", STAFF(views.comparison_request), name="comparison_request"),
    path("rapporten/<token:token>/", STAFF(views.report_job), name="job"),
    path("rapporten/<token:token>/voortgang/", STAFF(views.report_progress), name="progress"),
    path("rapporten/<token:token>/download/", STAFF(views.report_download), name="download"),
    path(
        "rapporten/<token:token>/download/<slug:fmt>/",
        STAFF(views.report_download),
        name="download_format",
    ),
    path("rapporten/<token:token>/opnieuw/", STAFF(views.report_retry), name="retry"),
    path("dashboard/", MINISTRY(views.dashboard), name="dashboard"),
    path(
        "dashboard/provincie/<slug:code>/",
        MINISTRY(views.dashboard_province),
        name="dashboard_province",
    ),
    path(
        "dashboard/centrum/<slug:code>/", MINISTRY(views.dashboard_centre), name="dashboard_centre"
    ),
]

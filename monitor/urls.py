from django.urls import path

from stemnet.access import Role, public, requires

from . import views
from .reports import views as reports

STAFF = requires(Role.MINISTRY, Role.COORDINATOR)  # coordinators: their own centre only

app_name = "monitor"
urlpatterns = [
    path("", public(views.overview), name="overview"),
    path("indicator/<slug:code>/", public(views.indicator_detail), name="indicator"),
    path(
        "indicator/<slug:code>/gegevens.<str:fmt>",
        public(views.indicator_download),
        name="indicator_download",
    ),
    path("invoer/", requires(Role.MINISTRY)(views.observation_create), name="observation_create"),
    # Ministry reports (issue 7): monitor/reports/
    path("rapporten/", STAFF(reports.reports), name="reports"),
    path("rapporten/jaarrapport/", STAFF(reports.report_request), name="report_request"),
    path("rapporten/vergelijking/", STAFF(reports.comparison_request), name="comparison_request"),
    path("rapporten/<str:token>/", STAFF(reports.report_job), name="report_job"),
    path(
        "rapporten/<str:token>/voortgang/", STAFF(reports.report_progress), name="report_progress"
    ),
    path("rapporten/<str:token>/download/", STAFF(reports.report_download), name="report_download"),
    path("rapporten/<str:token>/opnieuw/", STAFF(reports.report_retry), name="report_retry"),
    path("dashboard/", requires(Role.MINISTRY)(reports.dashboard), name="dashboard"),
]

"""URLs of the ministry reports (namespace ``reports``), under ``/monitor/``."""

from django.urls import path

from stemnet.access import Role, requires

from . import views

STAFF = requires(Role.MINISTRY, Role.COORDINATOR)  # coordinators: their own centre only

app_name = "reports"
urlpatterns = [
    path("rapporten/", STAFF(views.reports), name="index"),
    path("rapporten/jaarrapport/", STAFF(views.report_request), name="request"),
    path("rapporten/vergelijking/", STAFF(views.comparison_request), name="comparison_request"),
    path("rapporten/<str:token>/", STAFF(views.report_job), name="job"),
    path("rapporten/<str:token>/voortgang/", STAFF(views.report_progress), name="progress"),
    path("rapporten/<str:token>/download/", STAFF(views.report_download), name="download"),
    path("rapporten/<str:token>/opnieuw/", STAFF(views.report_retry), name="retry"),
    path("dashboard/", requires(Role.MINISTRY)(views.dashboard), name="dashboard"),
]

"""URLs of school development projects, under ``/projecten/``: the public calls, the schools'
applications, the reviewers' pages, and the coordinators' calls, review tables, decisions
and projects."""

from django.urls import path

from stemnet.access import Role, public, requires, signed_in

from . import views

coordinator = requires(Role.COORDINATOR)

app_name = "projects"
urlpatterns = [
    path("", public(views.call_index), name="calls"),
    path("oproep/<int:pk>/", public(views.call_detail), name="call"),
    path("oproep/<int:pk>/aanvragen/", signed_in(views.apply), name="apply"),
    path("verslag/<int:pk>/", public(views.project_public), name="project_public"),
    path("mijn/", signed_in(views.my_applications), name="my_applications"),
    path("aanvraag/<int:pk>/", signed_in(views.application_detail), name="application"),
    path("aanvraag/<int:pk>/bewerken/", signed_in(views.application_edit), name="application_edit"),
    path("bijlage/<int:pk>/", signed_in(views.attachment_download), name="attachment"),
    path("beoordelen/", signed_in(views.my_reviews), name="my_reviews"),
    path("aanvraag/<int:pk>/beoordelen/", signed_in(views.review), name="review"),
    path("aanvraag/<int:pk>/belangenconflict/", signed_in(views.conflict), name="conflict"),
    path("project/<int:pk>/", signed_in(views.project_detail), name="project"),
    path("beheer/", coordinator(views.manage), name="manage"),
    path("beheer/projecten/", coordinator(views.project_index), name="project_index"),
    path("beheer/nieuw/", coordinator(views.call_create), name="call_create"),
    path("beheer/<int:pk>/bewerken/", coordinator(views.call_edit), name="call_edit"),
    path("beheer/<int:pk>/status/", coordinator(views.call_status), name="call_status"),
    path("beheer/<int:pk>/beoordelaars/", coordinator(views.reviewers), name="reviewers"),
    path("beheer/<int:pk>/beoordelingen/", coordinator(views.review_table), name="review_table"),
    path("beheer/aanvraag/<int:pk>/beslissing/", coordinator(views.decide), name="decide"),
]

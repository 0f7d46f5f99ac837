"""URLs of the networks app; each declares who may open it (``stemnet.access``)."""

from django.urls import path

from stemnet.access import Role, public, requires

from . import views

app_name = "networks"
coordinators = requires(Role.COORDINATOR)  # admins always pass; others' centres give 404

urlpatterns = [
    path("", public(views.directory), name="directory"),
    path("vergelijken/", public(views.compare), name="compare"),
    path("centra/<slug:code>/", public(views.centre_detail), name="centre"),
    path("centra/<slug:code>/bewerken/", coordinators(views.centre_edit), name="centre_edit"),
    path(
        "centra/<slug:code>/praktijken/nieuw/",
        coordinators(views.practice_create),
        name="practice_create",
    ),
    path("praktijken/<int:pk>/", public(views.practice_detail), name="practice"),
    path(
        "praktijken/<int:pk>/bijlage/",
        public(views.practice_attachment),  # who may see the practice: checked in the view
        name="practice_attachment",
    ),
    path("praktijken/<int:pk>/bewerken/", coordinators(views.practice_edit), name="practice_edit"),
    path("<slug:code>/", public(views.network_detail), name="network"),
]

from django.urls import path

from stemnet.access import Role, public, requires

from . import views

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
]

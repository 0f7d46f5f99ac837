"""URLs of the trainings app: the catalogue and the teacher's pages. The coordinator
workspace (``trainings.workspace``) and the answer pages (``trainings.evaluations``) have
their own."""

from django.urls import path

from stemnet.access import public, signed_in

from .teams.views import team_enrol_page
from .views import mine, searches
from .views import public as public_views

app_name = "trainings"
urlpatterns = [
    path("", public(public_views.catalogue), name="catalogue"),
    path("aanbod/<slug:code>/", public(public_views.training_detail), name="detail"),
    path(
        "aanbod/<slug:code>/agenda.ics",
        public(public_views.training_calendar),
        name="training_calendar",
    ),
    path("aanbod/<slug:code>/inschrijven/", signed_in(public_views.enrol), name="enrol"),
    path("aanbod/<slug:code>/team/", signed_in(team_enrol_page), name="team_enrol"),
    path("agenda/<token:token>.ics", public(public_views.calendar_feed), name="calendar_feed"),
    path("attest/controle/", public(public_views.certificate_verify), name="certificate_verify"),
    path("mijn/", signed_in(mine.my_trainings), name="my_trainings"),
    path("mijn/agenda-link/", signed_in(mine.calendar_feed_new), name="calendar_feed_new"),
    path("mijn/<int:pk>/annuleren/", signed_in(mine.cancel), name="cancel"),
    path("mijn/<int:pk>/plaats-aanvaarden/", signed_in(mine.claim_offer), name="claim_offer"),
    path("mijn/<int:pk>/attest.pdf", signed_in(mine.certificate), name="certificate"),
    path("mijn/zoekopdrachten/", signed_in(searches.saved_searches), name="saved_searches"),
    path(
        "mijn/zoekopdrachten/bewaren/",
        signed_in(searches.saved_search_create),
        name="saved_search_create",
    ),
    path(
        "zoekopdracht/<token:token>/afmelden/",
        public(searches.saved_search_unsubscribe),
        name="saved_search_unsubscribe",
    ),
]

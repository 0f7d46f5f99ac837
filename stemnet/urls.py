from django.contrib import admin
from django.urls import include, path

from . import views
from .access import public

urlpatterns = [
    path("", public(views.home), name="home"),
    path("healthz/", public(views.healthz), name="healthz"),
    path("readyz/", public(views.readyz), name="readyz"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (a PDF, JSON).
    path("favicon.ico", public(views.favicon), name="favicon"),
    path("taal/", public(views.set_language), name="set_language"),
    path("account/", include("allauth.urls")),
    path("profiel/", include("stemnet.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("nascholingen/", include("trainings.urls")),
    path("nascholingen/", include("trainings.workspace.urls")),
    path("nascholingen/", include("trainings.evaluations.urls")),
    path("projecten/", include("trainings.projects.urls")),
    path("kwaliteit/", include("trainings.quality.urls")),
    path("ondersteuning/", include("trainings.support.urls")),
    path("bibliotheek/", include("trainings.library.urls")),
    path("nieuwsbrieven/", include("trainings.newsletters.urls")),
    path("netwerken/", include("networks.urls")),
    path("scholen/", include("networks.schools.urls")),
    path("monitor/", include("monitor.urls")),
    path("monitor/", include("monitor.reports.urls")),
    path("api/v1/", include("stemnet.api_urls")),
]

admin.site.site_header = "STEMNET Vlaanderen"
admin.site.site_title = "STEMNET"
# Uploads are never served from MEDIA_URL, not even with DEBUG on: each kind has a download
# view that checks access (e.g. networks:practice_attachment, stemnet/uploads.py).

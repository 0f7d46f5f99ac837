"""
The read-only open-data API, version 1 (mounted at ``/api/v1/``): the STEM monitor and the
public training catalogue, an OpenAPI schema and its reference as a portal page
(``stemnet.api_docs``: drawn on the server from the schema, so it passes the accessibility checks
that Swagger UI's script-built page fails; Redoc injects inline styles, which the CSP refuses).
Every URL is public:
the guard is set on each router pattern's callback so that the URL-guard system check sees it.
Each app adds its viewsets to the shared router (``stemnet.api.register``).
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .access import public
from .api import router

app_name = "api"

for pattern in router.urls:
    public(pattern.callback)

urlpatterns = [
    *router.urls,
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", public(views.api_docs), name="docs"),
]

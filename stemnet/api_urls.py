"""
The read-only open-data API, version 1 (mounted at ``/api/v1/``): the STEM monitor and the
public training catalogue, an OpenAPI schema and browsable docs (Swagger UI served from
drf-spectacular-sidecar, no CDN; its split view keeps the page's script out of the HTML for the
CSP. Redoc is left out: it injects inline styles, which the CSP refuses). Every URL is public:
the guard is set on each router pattern's callback so that the URL-guard system check sees it.
Each app adds its viewsets to the shared router (``stemnet.api.register``).
"""

from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)

from .access import public
from .api import router

app_name = "api"

for pattern in router.urls:
    public(pattern.callback)

urlpatterns = [
    *router.urls,
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", public(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]

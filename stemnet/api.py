"""
The open-data API's shared parts: one router that each app adds its read-only viewsets to
(``register``, called from the app's ``api.py``, which its ``AppConfig.ready`` imports), and
the pagination every endpoint uses. ``stemnet/api_urls.py`` mounts the router under
``/api/v1/``; this module knows no domain app.
"""

from rest_framework.pagination import PageNumberPagination
from rest_framework.routers import DefaultRouter

router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.include_format_suffixes = False


class OpenDataPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def register(prefix: str, viewset, *, basename: str) -> None:
    """Publish ``viewset`` at ``/api/v1/<prefix>/``. Safe to call twice for the same prefix."""
    if any(existing == prefix for existing, _viewset, _basename in router.registry):
        return
    router.register(prefix, viewset, basename=basename)

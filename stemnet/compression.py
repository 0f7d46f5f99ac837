"""
Compressed responses: HTML, JSON, CSV and other text, through Django's ``GZipMiddleware``.

Static files are compressed ahead of time by WhiteNoise (``CompressedManifestStaticFilesStorage``)
and keep their own ``Content-Encoding``, which the middleware leaves alone; PDFs, spreadsheets
and images are compressed formats already and are passed through.

BREACH (an attacker who can make a victim's browser send requests and can watch the size of
the compressed responses guesses a secret on the page byte by byte from a value the page
reflects):
- Django's CSRF token is masked afresh in every response, so it never repeats;
- Django's ``GZipMiddleware`` (since 4.2) adds a random-length filename to every gzip stream
  ("Heal The Breach"), so the size of a response no longer tells a guess that matched;
- the session cookie is ``SameSite=Lax``: another site cannot make a signed-in request that
  carries it except by a top-level GET;
- the pages that show a secret of their own besides the CSRF token (a personal calendar link,
  anonymous survey links) are never compressed (``@uncompressed``).
"""

from functools import wraps

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/problem+json",
    "application/javascript",
    "application/xml",
    "application/vnd.oai.openapi",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    """``GZipMiddleware`` for text only, and never for a response marked ``uncompressed``."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if getattr(response, "uncompressed", False) or not content_type.startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)


def uncompressed(view):
    """Never compress this view's responses: the page shows a secret besides the CSRF token."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.uncompressed = True
        return response

    return wrapped

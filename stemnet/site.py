"""
The site's own address, ``SITE_URL`` (for example ``https://stemnet.vlaanderen``): the one
source of every absolute URL the portal writes where no request can supply the host: e-mails,
calendar feeds, certificate verification links, PDFs and allauth's mails. The embedded
default (DEBUG on) is the address ``make run`` serves; with DEBUG off the system check
``stemnet.E002`` refuses to start without it.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings

SITE_NAME = "STEMNET Vlaanderen"


def site_url() -> str:
    """``SITE_URL`` without a trailing slash."""
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/")


def absolute_url(location: str) -> str:
    """``location`` (a path, or a URL built from some request's host) on the site's own
    address: ``/nascholingen/mijn/`` becomes ``https://stemnet.vlaanderen/nascholingen/mijn/``."""
    bits = urlsplit(location)
    path = bits.path or "/"
    if bits.query:
        path += f"?{bits.query}"
    if bits.fragment:
        path += f"#{bits.fragment}"
    return site_url() + path


def current_site() -> SimpleNamespace:
    """What allauth's mails call the site (``current_site.name`` and ``.domain``)."""
    return SimpleNamespace(name=SITE_NAME, domain=urlsplit(site_url()).netloc)

"""Unguessable tokens for links that work without log-in (answer links, report downloads,
calendar feeds): 256 random bits, URL-safe.

``<token:…>`` in a URL pattern takes only the characters a token is made of, so that a
mangled link (a NUL byte, a control character) is a 404 at the URL and never reaches the
database, where PostgreSQL refuses a NUL in a string with a server error.
"""

import secrets

from django.urls import register_converter


def new_token() -> str:
    """A fresh token of 43 URL-safe characters (32 random bytes)."""
    return secrets.token_urlsafe(32)


class TokenConverter:
    """The URL-safe base64 alphabet of ``new_token`` (and of hex ids), at most 64 characters:
    the token columns' length."""

    regex = r"[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(TokenConverter, "token")

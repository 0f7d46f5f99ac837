"""Unguessable tokens for links that work without log-in (answer links, report downloads,
calendar feeds): 256 random bits, URL-safe."""

import secrets


def new_token() -> str:
    """A fresh token of 43 URL-safe characters (32 random bytes)."""
    return secrets.token_urlsafe(32)

"""Who may do what in the STEM monitor. Reading is public; entering data is for ministry
staff and admins (the URL guard ``requires(Role.MINISTRY)`` lets admins pass too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stemnet.access import sees_whole_network

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User


def can_enter_observations(user: User | AnonymousUser) -> bool:
    """Ministry staff and admins enter observations; everyone else only reads."""
    return sees_whole_network(user)

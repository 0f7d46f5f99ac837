"""
The one permission layer.

Every URL of the project declares in its ``urls.py`` who may open it, by wrapping its view in
one of the guards below (``public``, ``signed_in``, ``requires``). A system check
(``stemnet.checks``) refuses to start when a project URL carries no guard, so no view can be
left unguarded.

Outcomes, the same everywhere:
- anonymous visitor on a non-public page -> redirect to the log-in page;
- signed in without the role -> 403;
- an object of another centre -> 404 (see ``get_or_404_for``: missing and forbidden look alike).

Roles are memberships, never flags: a person may hold several. Memberships are the networks
app's (``networks.Membership``); it hands them to this module through
``register_membership_source``, so the wiring in ``stemnet`` imports no domain app.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model, QuerySet

    from stemnet.accounts.models import User

_M = TypeVar("_M", bound="Model")


class Role(StrEnum):
    COORDINATOR = "coordinator"  # of one or more centres
    MINISTRY = "ministry"  # read-only across the whole network
    COMMITTEE = "committee"  # scientific committee: of one centre, or network-wide
    STEERING = "steering"  # steering group: reads the quality cycle across the network
    ADMIN = "admin"  # everything (Django superuser)


MembershipSource: TypeAlias = "Callable[[User], list[tuple[str, int | None]]]"
_membership_source: MembershipSource | None = None


def register_membership_source(source: MembershipSource) -> None:
    """Tell the guards where roles come from: ``source(user)`` returns the person's
    memberships as ``(role, centre_id)`` pairs. The networks app, which owns memberships,
    registers it when it starts (``NetworksConfig.ready``); this module knows no domain app."""
    global _membership_source
    _membership_source = source


def _memberships(user: User) -> list[tuple[str, int | None]]:
    """Load a person's memberships once per request and keep them on the user object."""
    cached = getattr(user, "_stemnet_memberships", None)
    if cached is None:
        if _membership_source is None:
            raise ImproperlyConfigured("No membership source registered (is networks installed?)")
        cached = list(_membership_source(user))
        user._stemnet_memberships = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


def roles_of(user: User | AnonymousUser) -> frozenset[Role]:
    """The roles a person holds: from their memberships, plus ADMIN for superusers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    roles = {Role(role) for role, _centre_id in _memberships(user)}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return frozenset(roles)


def is_admin(user: User | AnonymousUser) -> bool:
    return Role.ADMIN in roles_of(user)


def sees_whole_network(user: User | AnonymousUser) -> bool:
    """Ministry staff and admins read every centre."""
    return bool({Role.MINISTRY, Role.ADMIN} & roles_of(user))


def coordinated_centre_ids(user: User | AnonymousUser) -> frozenset[int]:
    """The centres this person coordinates (may change)."""
    if Role.COORDINATOR not in roles_of(user):
        return frozenset()
    person = cast("User", user)  # roles_of gives roles to signed-in persons only
    return frozenset(
        centre_id
        for role, centre_id in _memberships(person)
        if role == Role.COORDINATOR and centre_id is not None
    )


def role_scope(user: User | AnonymousUser, role: Role) -> tuple[bool, frozenset[int]]:
    """Where ``user`` holds ``role``: ``(network_wide, centre_ids)``; a membership without a
    centre is network-wide (a committee member of the whole network)."""
    if role not in roles_of(user):
        return False, frozenset()
    person = cast("User", user)
    held = [centre_id for r, centre_id in _memberships(person) if r == role]
    return None in held, frozenset(c for c in held if c is not None)


def can_read_centre(user: User | AnonymousUser, centre_id: int) -> bool:
    return sees_whole_network(user) or centre_id in coordinated_centre_ids(user)


def can_change_centre(user: User | AnonymousUser, centre_id: int) -> bool:
    """Coordinators change their own centre; admins any. Ministry staff only read."""
    return is_admin(user) or centre_id in coordinated_centre_ids(user)


def get_or_404_for(queryset: QuerySet[_M], allowed: Callable[[_M], bool], **lookup: Any) -> _M:
    """Fetch one object and check access; a missing and a forbidden object both give 404.

    Used by every ``get_<thing>_for_user`` so that the existence of another centre's objects
    is never revealed.
    """
    obj = queryset.filter(**lookup).first()
    if obj is None or not allowed(obj):
        raise Http404
    return obj


# --- URL guards -----------------------------------------------------------------------------


def _mark(view, policy: str, roles: Iterable[Role] = ()):
    view.access_policy = policy
    view.access_roles = frozenset(roles)
    return view


def public(view):
    """Anyone, signed in or not."""
    return _mark(view, "public")


def signed_in(view):
    """Any person with an account; anonymous visitors are sent to the log-in page."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(guarded, "signed_in")


def requires(*roles: Role):
    """Persons holding at least one of ``roles`` (admins always pass); others get 403."""
    wanted = frozenset(roles)

    def decorator(view):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = roles_of(request.user)
            if Role.ADMIN not in held and not (held & wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(guarded, "roles", wanted)

    return decorator

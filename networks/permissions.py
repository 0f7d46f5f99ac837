"""Who may see and change what in the networks app (built on ``stemnet.access``).

- Network and centre pages are public. Funding lines are public only where the network marks
  its funding public; ministry staff and admins see all funding, a coordinator that of their
  own centre.
- Coordinators change their own centre and its good practices; admins any. Another centre's
  objects give 404 (``access.get_or_404_for``), so their existence is not revealed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stemnet import access

from .models import Centre, GoodPractice, Network

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User


def can_see_network_funding(user: User | AnonymousUser, network: Network) -> bool:
    return network.funding_public or access.sees_whole_network(user)


def can_see_centre_funding(user: User | AnonymousUser, centre: Centre) -> bool:
    return can_see_network_funding(user, centre.network) or access.can_read_centre(user, centre.pk)


def can_change_centre(user: User | AnonymousUser, centre: Centre) -> bool:
    return access.can_change_centre(user, centre.pk)


def can_view_good_practice(user: User | AnonymousUser, practice: GoodPractice) -> bool:
    return practice.status == GoodPractice.Status.PUBLISHED or can_change_centre(
        user, practice.centre
    )


def get_centre_for_change(user: User, code: str) -> Centre:
    """The centre ``code`` if ``user`` may change it; 404 for a missing or another centre."""
    return access.get_or_404_for(
        Centre.objects.select_related("network", "host"),
        lambda centre: can_change_centre(user, centre),
        code=code,
    )


def get_good_practice_for_change(user: User, pk: int) -> GoodPractice:
    return access.get_or_404_for(
        GoodPractice.objects.select_related("centre__network"),
        lambda practice: can_change_centre(user, practice.centre),
        pk=pk,
    )


def get_good_practice_for_user(user: User | AnonymousUser, pk: int) -> GoodPractice:
    """A published good practice, or a draft for those who may change it; otherwise 404."""
    return access.get_or_404_for(
        GoodPractice.objects.select_related("centre__network"),
        lambda practice: can_view_good_practice(user, practice),
        pk=pk,
    )

"""Who may see and do what with support claims (missing and forbidden are both 404).

- the person sees and withdraws their own claims;
- a director confirms a claim of a teacher of their school while it waits for them, by account
  (``services.can_confirm_as_director``) or by the personal link mailed to them;
- the coordinators of the training's centre decide and pay; admins everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from stemnet.access import can_change_centre, coordinated_centre_ids, get_or_404_for, is_admin

from .models import Claim, SupportScheme
from .services import can_confirm_as_director

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User


def _claims() -> QuerySet[Claim]:
    return Claim.objects.select_related(
        "person__profile__school", "scheme__source", "enrolment__training__centre"
    ).prefetch_related("items")


def can_decide_claim(user: User | AnonymousUser, claim: Claim) -> bool:
    return can_change_centre(user, claim.enrolment.training.centre_id)


def get_own_claim(user: User, pk: int) -> Claim:
    return get_or_404_for(_claims(), lambda c: c.person_id == user.pk, pk=pk)


def get_claim_for_director(user: User, pk: int) -> Claim:
    return get_or_404_for(
        _claims(),
        lambda c: c.status == Claim.Status.AWAITING_DIRECTOR and can_confirm_as_director(user, c),
        pk=pk,
    )


def get_claim_by_director_token(token: str) -> Claim:
    return get_or_404_for(
        _claims(),
        lambda c: c.status == Claim.Status.AWAITING_DIRECTOR and bool(c.director_token),
        director_token=token,
    )


def get_claim_for_coordinator(user: User | AnonymousUser, pk: int) -> Claim:
    return get_or_404_for(_claims(), lambda c: can_decide_claim(user, c), pk=pk)


def decidable_centre_ids(user: User | AnonymousUser) -> frozenset[int] | None:
    """The centres whose claims ``user`` decides; ``None`` for all (admins)."""
    return None if is_admin(user) else coordinated_centre_ids(user)


def get_scheme_for_user(user: User | AnonymousUser, pk: int) -> SupportScheme:
    return get_or_404_for(
        SupportScheme.objects.select_related("centre", "training", "source"),
        lambda s: can_change_centre(user, s.centre_id),
        pk=pk,
    )

"""Who may read and change what in the coordinator workspace.

Coordinators read and change their own centre's trainings, sessions, attendance, imports and
budget lines (questionnaires: ``trainings.evaluations.permissions``); ministry staff read every
centre; admins do everything.
Another centre's object is a 404 (missing and forbidden look alike, see ``get_or_404_for``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from stemnet.access import (
    can_change_centre,
    can_read_centre,
    coordinated_centre_ids,
    get_or_404_for,
    is_admin,
    sees_whole_network,
)
from trainings.models import BudgetLine, Session, Training

if TYPE_CHECKING:
    from stemnet.accounts.models import User


def readable_centre_ids(user: User) -> frozenset[int] | None:
    """The centres ``user`` reads in the workspace; ``None`` means every centre."""
    if sees_whole_network(user):
        return None
    return coordinated_centre_ids(user)


def changeable_centre_ids(user: User) -> frozenset[int] | None:
    """The centres ``user`` may change; ``None`` means every centre (admins)."""
    if is_admin(user):
        return None
    return coordinated_centre_ids(user)


def can_change_training(user: User, training: Training) -> bool:
    return can_change_centre(user, training.centre_id)


def require_change(user: User, centre_id: int) -> None:
    """Raise PermissionDenied when ``user`` may read but not change ``centre_id``."""
    if not can_change_centre(user, centre_id):
        raise PermissionDenied


def get_training_for_user(user: User, pk: int) -> Training:
    return get_or_404_for(
        Training.objects.select_related("centre"),
        lambda t: can_read_centre(user, t.centre_id),
        pk=pk,
    )


def get_session_for_user(user: User, pk: int) -> Session:
    return get_or_404_for(
        Session.objects.select_related("training__centre"),
        lambda s: can_read_centre(user, s.training.centre_id),
        pk=pk,
    )


def get_budget_line_for_user(user: User, pk: int) -> BudgetLine:
    return get_or_404_for(
        BudgetLine.objects.select_related("centre", "training", "source"),
        lambda b: can_read_centre(user, b.centre_id),
        pk=pk,
    )

"""Who reads and who records the quality cycle of a centre.

- **decide** (approve or send back a training in review, open a centre's yearly review, record
  its findings and actions, record an external evaluation): members of the scientific
  committee of that centre or of the whole network (a membership without a centre), and admins.
- **read** (the same pages, without the forms): besides those, the steering group (the whole
  network, read-only), ministry staff (the whole network) and the centre's coordinators.
- The centre's setting "review before publication": its coordinators and admins
  (``access.can_change_centre``).

Another centre's object is a 404 (``access.get_or_404_for``): missing and forbidden look alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from networks.models import Centre
from stemnet.access import (
    Role,
    can_change_centre,
    can_read_centre,
    get_or_404_for,
    is_admin,
    role_scope,
    roles_of,
)

from ..models import Training
from .models import ExternalEvaluation, QualityAction

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User

    Person = User | AnonymousUser


def can_decide_for_centre(user: Person, centre_id: int) -> bool:
    """A member of the centre's (or the network's) scientific committee, or an admin."""
    if is_admin(user):
        return True
    network_wide, centres = role_scope(user, Role.COMMITTEE)
    return network_wide or centre_id in centres


def can_read_network_quality(user: Person) -> bool:
    """Reads the quality cycle of every centre: the steering group, network-wide committee
    members, ministry staff and admins."""
    held = roles_of(user)
    if {Role.STEERING, Role.MINISTRY, Role.ADMIN} & held:
        return True
    return role_scope(user, Role.COMMITTEE)[0]


def can_read_centre_quality(user: Person, centre_id: int) -> bool:
    return (
        can_read_network_quality(user)
        or can_decide_for_centre(user, centre_id)
        or can_read_centre(user, centre_id)
    )


def can_set_review_rule(user: Person, centre_id: int) -> bool:
    return can_change_centre(user, centre_id)


def readable_centre_ids(user: Person) -> frozenset[int] | None:
    """The centres whose quality ``user`` reads; ``None``: every centre."""
    if can_read_network_quality(user):
        return None
    _network_wide, committee = role_scope(user, Role.COMMITTEE)
    _network_wide, coordinated = role_scope(user, Role.COORDINATOR)
    return committee | coordinated


def can_record_evaluation(user: Person, evaluation: ExternalEvaluation) -> bool:
    if evaluation.centre_id:
        return can_decide_for_centre(user, evaluation.centre_id)
    return is_admin(user) or role_scope(user, Role.COMMITTEE)[0]


def can_read_evaluation(user: Person, evaluation: ExternalEvaluation) -> bool:
    """A centre's evaluation: as its quality; the network's: every reader of the quality
    cycle (also a centre's coordinator and committee member)."""
    if evaluation.centre_id:
        return can_read_centre_quality(user, evaluation.centre_id)
    return can_read_network_quality(user) or readable_centre_ids(user) != frozenset()


# --- fetch and check --------------------------------------------------------------------------


def get_centre_for_user(user: Person, code: str) -> Centre:
    return get_or_404_for(
        Centre.objects.select_related("network"),
        lambda c: can_read_centre_quality(user, c.pk),
        code=code,
    )


def get_training_in_review_for_user(user: Person, pk: int) -> Training:
    """A training that is (or was) reviewed: one in review, or one with a review on record.
    Readers of its centre's quality only; else 404."""
    training = get_or_404_for(
        Training.objects.select_related("centre"),
        lambda t: can_read_centre_quality(user, t.centre_id),
        pk=pk,
    )
    if training.status != Training.Status.IN_REVIEW and not training.quality_reviews.exists():
        raise Http404
    return training


def get_evaluation_for_user(user: Person, pk: int) -> ExternalEvaluation:
    return get_or_404_for(
        ExternalEvaluation.objects.select_related("centre", "network"),
        lambda e: can_read_evaluation(user, e),
        pk=pk,
    )


def get_action_for_user(user: Person, pk: int) -> QualityAction:
    """A follow-up action its recorder may change (committee of its centre, admins); else 404."""

    def allowed(action: QualityAction) -> bool:
        if action.yearly_review is not None:
            return can_decide_for_centre(user, action.yearly_review.centre_id)
        return action.evaluation is not None and can_record_evaluation(user, action.evaluation)

    return get_or_404_for(
        QualityAction.objects.select_related("yearly_review__centre", "evaluation"),
        allowed,
        pk=pk,
    )

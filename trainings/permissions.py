"""Who may see and do what on the public and teacher pages of the trainings app.

Published, held and closed trainings are public; a draft (or one in review) is seen only by
the coordinators of its centre, ministry staff and admins (everyone else gets 404). A person
sees and changes only their own enrolments (another person's enrolment is a 404: missing and
forbidden look alike).
The coordinator workspace has its own rules in ``trainings/workspace/permissions.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stemnet.access import can_read_centre, get_or_404_for

from .models import Enrolment, Training
from .services.enrolment import can_cancel_enrolment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User

__all__ = [
    "can_cancel_enrolment",
    "can_see_training",
    "get_enrolment_for_user",
    "get_training_for_user",
]


def can_see_training(user: User | AnonymousUser, training: Training) -> bool:
    # A training in review is not public yet, like a draft (its reviewers read it on the
    # quality pages, ``trainings.quality``).
    if training.status not in (Training.Status.DRAFT, Training.Status.IN_REVIEW):
        return True
    return can_read_centre(user, training.centre_id)


def get_training_for_user(user: User | AnonymousUser, code: str) -> Training:
    """The training with ``code`` if ``user`` may see it, else 404."""
    return get_or_404_for(
        Training.objects.select_related("centre"), lambda t: can_see_training(user, t), code=code
    )


def get_enrolment_for_user(user: User, pk: int) -> Enrolment:
    """The user's own enrolment ``pk``, else 404 (also for another person's enrolment)."""
    return get_or_404_for(
        Enrolment.objects.select_related("training", "training__centre", "person"),
        lambda e: e.person_id == user.pk,
        pk=pk,
    )

"""
What a centre's coordinator does with a training's people: add someone by hand, move someone
up or down the waiting list, give a waiting person a seat, remove someone with a reason.

Every change runs under the training's seat lock (``locking``) with the same seat rule as
enrolling (``trainings.counting``): a person added by hand gets a free seat, else the end of
the waiting list, unless the coordinator explicitly chooses a seat above the capacity
(kept on the enrolment: ``above_capacity``, ``added_by``). The person is told by e-mail.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import counting, history
from ..models import Enrolment, Training
from .locking import locked_capacity, training_locked
from .mail import enrolment_mail_queue
from .waitlist import promote_locked

if TYPE_CHECKING:
    from stemnet.accounts.models import User

Status = Enrolment.Status
CLOSED = (Training.Status.CANCELLED, Training.Status.CLOSED)


def _person_for(*, email: str, first_name: str, last_name: str) -> User:
    """The account with ``email``, or a new one without a password (the person sets one
    through "forgot password", the link in every mail's log-in page)."""
    from stemnet.accounts.models import User

    email = User.objects.normalize_email(email.strip()).lower()
    person = User.objects.filter(email__iexact=email).first()
    if person is not None:
        if person.anonymised_at:
            raise ValidationError({"email": _("This account was deleted.")})
        return person
    person = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
    person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    return person


def participant_add(
    *,
    training: Training,
    email: str,
    by: User,
    first_name: str = "",
    last_name: str = "",
    above_capacity: bool = False,
) -> Enrolment:
    """Enrol the person with ``email`` (found, or created without a password) by hand.

    A free seat when there is one; else the end of the waiting list, or, when
    ``above_capacity``, a seat beyond the capacity (an explicit choice, kept on the
    enrolment with who made it). The enrolment deadline does not apply to the centre. Queues
    the "enrolled" or "waitlisted" e-mail. Raises ValidationError when the training is
    cancelled or closed, or the person already holds a seat or waits. Not safe to run twice:
    the second call raises "already enrolled" and changes nothing.
    """
    now = timezone.now()
    with training_locked(training.pk) as locked:
        if locked.status in CLOSED:
            raise ValidationError(_("Nobody can be added to a cancelled or closed training."))
        person = _person_for(email=email, first_name=first_name, last_name=last_name)
        enrolment = Enrolment.objects.filter(training=locked, person=person).first()
        if enrolment is not None and enrolment.status != Status.CANCELLED:
            raise ValidationError(
                {
                    "email": _("%(name)s is already on the list (%(status)s).")
                    % {
                        "name": person.get_full_name() or person.email,
                        "status": enrolment.get_status_display(),
                    }
                }
            )
        enrolment = enrolment or Enrolment(training=locked, person=person)
        capacity = locked_capacity(locked)
        free = capacity is None or counting.seats_taken(locked, now=now) < capacity
        enrolment.added_by = by
        enrolment.cancelled_at = None
        enrolment.removal_reason = ""
        enrolment.offer_expires_at = None
        enrolment.above_capacity = not free and above_capacity
        if free or above_capacity:
            enrolment.status = Status.ENROLLED
            enrolment.waitlist_position = None
        else:
            enrolment.status = Status.WAITLISTED
            enrolment.waitlist_position = _last_position(locked) + 1
        enrolment.save()
        enrolment_mail_queue(enrolment, enrolment.status)
    return enrolment


def _last_position(training: Training) -> int:
    return (
        Enrolment.objects.filter(training=training, status=Status.WAITLISTED).aggregate(
            last=Max("waitlist_position")
        )["last"]
        or 0
    )


def waitlist_move(*, enrolment: Enrolment, up: bool) -> Enrolment:
    """Swap a waiting person with the one before (``up``) or after them on the list.

    Raises ValidationError when the person is not waiting. Moving the first up (or the last
    down) changes nothing. Both moves go into the training's history. Not idempotent: each
    call moves one place.
    """
    with training_locked(enrolment.training_id) as locked:
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.status != Status.WAITLISTED or enrolment.waitlist_position is None:
            raise ValidationError(_("Only people on the waiting list can be moved."))
        waiting = Enrolment.objects.filter(training=locked, status=Status.WAITLISTED)
        position = enrolment.waitlist_position
        neighbour = (
            waiting.filter(waitlist_position__lt=position).order_by("-waitlist_position")
            if up
            else waiting.filter(waitlist_position__gt=position).order_by("waitlist_position")
        ).first()
        if neighbour is None:
            return enrolment
        other = neighbour.waitlist_position
        # The list's positions are unique: free one before taking it.
        Enrolment.objects.filter(pk=enrolment.pk).update(waitlist_position=None)
        Enrolment.objects.filter(pk=neighbour.pk).update(waitlist_position=position)
        Enrolment.objects.filter(pk=enrolment.pk).update(waitlist_position=other)
        moved, passed = copy.copy(enrolment), copy.copy(neighbour)
        moved.waitlist_position, passed.waitlist_position = other, position
        history.log_bulk([(enrolment, moved), (neighbour, passed)])
        enrolment = moved
    return enrolment


def waitlist_seat_give(
    *, enrolment: Enrolment, by: User, above_capacity: bool = False
) -> Enrolment:
    """Give a waiting person a seat now, out of turn: a free seat, or one beyond the capacity
    when ``above_capacity`` (an explicit choice, kept). Queues the "promoted" e-mail. Raises
    ValidationError when the person is not waiting or no seat is free without
    ``above_capacity``. Safe to run twice: the second call finds them enrolled and raises."""
    now = timezone.now()
    with training_locked(enrolment.training_id) as locked:
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.status != Status.WAITLISTED:
            raise ValidationError(_("This person is not on the waiting list."))
        capacity = locked_capacity(locked)
        taken = counting.seats_taken(locked, now=now)
        holds_offer = enrolment.offer_expires_at is not None and enrolment.offer_expires_at > now
        free = capacity is None or holds_offer or taken < capacity
        if not free and not above_capacity:
            raise ValidationError(
                _("The training is full. Choose a seat above the capacity to add them anyway.")
            )
        enrolment.status = Status.ENROLLED
        enrolment.waitlist_position = None
        enrolment.offer_expires_at = None
        enrolment.above_capacity = not free
        enrolment.added_by = by
        enrolment.save()
        enrolment_mail_queue(enrolment, "promoted")
    return enrolment


def participant_remove(*, enrolment: Enrolment, by: User, reason: str) -> Enrolment:
    """Remove a person from the training (a seat or a waiting-list place), with ``reason``
    (kept, and told to the person); a freed seat goes to the waiting list. Raises
    ValidationError without a reason or for someone who attended. Safe to run twice: a
    removed enrolment stays as it is."""
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise ValidationError({"reason": _("Say why (the person is told).")})
    now = timezone.now()
    with training_locked(enrolment.training_id) as locked:
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.status == Status.CANCELLED:
            return enrolment
        if enrolment.status == Status.ATTENDED:
            raise ValidationError(_("Someone who attended cannot be removed."))
        held_seat = enrolment.status == Status.ENROLLED or (
            enrolment.offer_expires_at is not None and enrolment.offer_expires_at > now
        )
        enrolment.status = Status.CANCELLED
        enrolment.waitlist_position = None
        enrolment.offer_expires_at = None
        enrolment.cancelled_at = now
        enrolment.removal_reason = reason
        enrolment.save()
        enrolment_mail_queue(enrolment, "cancelled")
        if held_seat:
            promote_locked(locked, now=now)
    return enrolment


def walk_in_add(
    *, session, email: str, by: User, first_name: str = "", last_name: str = ""
) -> Enrolment:
    """Someone who came without enrolling: enrolled by hand (on a seat above the capacity if
    the training is full: they are there) and marked present at ``session``. Someone already
    on the list is enrolled from the waiting list if needed, then marked present. Raises
    ValidationError like ``participant_add``. Safe to run twice: the second call only marks
    them present again."""
    from .trainings import attendance_log

    with training_locked(session.training_id) as locked:
        person = _person_for(email=email, first_name=first_name, last_name=last_name)
        enrolment = Enrolment.objects.filter(training=locked, person=person).first()
        if enrolment is None or enrolment.status == Status.CANCELLED:
            enrolment = participant_add(
                training=locked,
                email=person.email,
                by=by,
                above_capacity=True,
            )
        elif enrolment.status == Status.WAITLISTED:
            enrolment = waitlist_seat_give(enrolment=enrolment, by=by, above_capacity=True)
        attendance_log(session=session, entries={enrolment.pk: (True, None)})
    return enrolment

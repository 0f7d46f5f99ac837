"""
Where enrolling happens: enrolling, cancelling, taking up an offered seat, and the checks on a
capacity change. Seats are counted under the training's lock (``locking``) with the seat rule
of ``trainings.counting``; freed seats go to the waiting list (``waitlist``); the e-mails are
queued through ``mail``.

Who holds a seat: people ``enrolled`` or ``attended``, and people on the waiting list who have
been *offered* a seat that has not yet expired (offer mode, see ``Training.promotion``).
A training's capacity is its ``shared_capacity`` or else the smallest capacity among its
sessions; no capacity at all means no limit.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stemnet import access

from .. import counting
from ..counting import SEAT_STATUSES, seat_holder_q
from ..models import Enrolment, Session, Training
from .locking import TryAgain, locked_capacity, training_locked
from .mail import enrolment_mail_queue
from .waitlist import promote_locked

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User

Status = Enrolment.Status

__all__ = ["TryAgain"]


def training_starts_at(training: Training) -> datetime | None:
    return training.sessions.aggregate(first=Min("starts_at"))["first"]


def enrolment_closed_reason(
    training: Training, *, starts_at: datetime | None, now: datetime | None = None
) -> str | None:
    """Why nobody can enrol now (a translated sentence), or ``None`` when enrolment is open."""
    now = now or timezone.now()
    if training.status != Training.Status.PUBLISHED:
        return _("This training is not open for enrolment.")
    if starts_at is not None and starts_at <= now:
        return _("This training has already started; enrolment is closed.")
    if training.enrolment_deadline is not None and training.enrolment_deadline <= now:
        return _("Enrolment for this training closed on %(deadline)s.") % {
            "deadline": timezone.localtime(training.enrolment_deadline).strftime("%d/%m/%Y %H:%M")
        }
    return None


def enrolment_create(*, person: User, training: Training) -> Enrolment:
    """Enrol ``person`` in ``training``: a seat when one is free, else the waiting list.

    A free seat goes to those already waiting first (``_promote``, when seats were freed
    without a promotion, e.g. by an import); the newcomer then joins the end of the list.

    Creates the enrolment (or reopens the person's own cancelled one) and queues the
    "enrolled" or "waitlisted" e-mail after commit. Raises ``ValidationError`` when the
    training is not published, has started, is past its enrolment deadline, or the person is
    already enrolled or waiting; ``TryAgain`` when the training stays locked too long.
    Not safe to run twice: the second call raises "already enrolled" and changes nothing.
    """
    now = timezone.now()
    with training_locked(training.pk) as locked:
        reason = enrolment_closed_reason(locked, starts_at=locked.first_start, now=now)
        if reason:
            raise ValidationError(reason, code="closed")

        # One round trip while the lock is held: the seats taken, the end of the waiting
        # list and this person's earlier enrolment (counted after the lock, never before).
        def count():
            return Enrolment.objects.filter(training=locked).aggregate(
                taken=Count("pk", filter=seat_holder_q(now=now)),
                last_position=Max("waitlist_position", filter=Q(status=Status.WAITLISTED)),
                own_status=Max("status", filter=Q(person=person)),
            )

        state = count()
        if state["own_status"] == Status.WAITLISTED:
            raise ValidationError(
                _("You are already on the waiting list for this training."), code="twice"
            )
        if state["own_status"] in SEAT_STATUSES:
            raise ValidationError(_("You are already enrolled in this training."), code="twice")
        capacity = locked_capacity(locked)
        if waiting_first(
            locked,
            now=now,
            capacity=capacity,
            taken=state["taken"],
            waiting=state["last_position"] is not None,
        ):
            state = count()
        enrolment = Enrolment(person=person, training=locked)
        if state["own_status"] == Status.CANCELLED:  # enrolling again reopens the same row
            enrolment = Enrolment.objects.get(person=person, training=locked)
        if capacity is None or state["taken"] < capacity:
            enrolment.status = Status.ENROLLED
            enrolment.waitlist_position = None
        else:
            enrolment.status = Status.WAITLISTED
            enrolment.waitlist_position = (state["last_position"] or 0) + 1
        enrolment.offer_expires_at = None
        enrolment.cancelled_at = None
        enrolment.save()
        enrolment_mail_queue(enrolment, enrolment.status)
    return enrolment


def waiting_first(
    training: Training, *, now: datetime, capacity: int | None, taken: int, waiting: bool
) -> bool:
    """Those waiting get a free seat before a newcomer (one person or a school's team): when
    seats are free while people wait (an import records statuses as given, so seats can be
    freed without a promotion), promote them first. The caller holds the training's lock and
    counts the seats again when this returns True (someone was promoted)."""
    if not waiting or (capacity is not None and taken >= capacity):
        return False
    return bool(promote_locked(training, now=now))


def can_cancel_enrolment(user: User | AnonymousUser, enrolment: Enrolment) -> bool:
    """The person themself, a coordinator of the training's centre, or an admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    return enrolment.person_id == user.pk or access.can_change_centre(
        user, enrolment.training.centre_id
    )


def enrolment_cancel(*, enrolment: Enrolment, by: User) -> Enrolment:
    """Cancel an enrolment or leave the waiting list; a freed seat goes to the waiting list.

    Sets status ``cancelled`` and ``cancelled_at``, then promotes (``waitlist_promote``) when
    the enrolment held a seat, and queues the "cancelled" e-mail. Raises ``PermissionDenied``
    when ``by`` may not cancel it, ``ValidationError`` for an attended enrolment or a seat in a
    training that has started, ``TryAgain`` when busy. Safe to run twice: cancelling a
    cancelled enrolment changes nothing.
    """
    if not can_cancel_enrolment(by, enrolment):
        raise PermissionDenied
    now = timezone.now()
    with training_locked(enrolment.training_id) as locked:
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.status == Status.CANCELLED:
            return enrolment
        if enrolment.status == Status.ATTENDED:
            raise ValidationError(_("An attended training cannot be cancelled."), code="attended")
        started = locked.first_start is not None and locked.first_start <= now
        if started and enrolment.status == Status.ENROLLED:
            raise ValidationError(
                _("This training has already started; please contact the centre to cancel."),
                code="started",
            )
        _cancel_locked(locked, enrolment, now=now, tell=True)
    return enrolment


def _cancel_locked(training: Training, enrolment: Enrolment, *, now: datetime, tell: bool) -> None:
    """Cancel ``enrolment`` of ``training`` (whose lock the caller holds), queue the
    "cancelled" e-mail when ``tell``, and give a seat it held to the waiting list."""
    held_seat = enrolment.status == Status.ENROLLED or (
        enrolment.offer_expires_at is not None and enrolment.offer_expires_at > now
    )
    enrolment.status = Status.CANCELLED
    enrolment.waitlist_position = None
    enrolment.offer_expires_at = None
    enrolment.cancelled_at = now
    enrolment.save()
    if tell:
        enrolment_mail_queue(enrolment, "cancelled")
    if held_seat:
        promote_locked(training, now=now)


def enrolments_release(*, person: User, now: datetime | None = None) -> list[Enrolment]:
    """Release the seats and waiting-list places of ``person``, who is leaving (their account
    is being deleted), in every training that has not started (no session yet, or the first
    still to come).

    Each is cancelled as ``enrolment_cancel`` does, and a freed seat goes to the waiting list
    (the next person is told), but ``person`` gets no e-mail. Enrolments of trainings that
    have started, attended and cancelled ones stay as they are: the reports count them.
    Returns the released enrolments. Raises ``TryAgain`` when a training stays locked. Safe
    to run twice: the second run finds nothing left to release.
    """
    now = now or timezone.now()
    holding = Q(person=person, status__in=[Status.ENROLLED, Status.WAITLISTED])
    training_ids = sorted(
        set(Enrolment.objects.filter(holding).values_list("training_id", flat=True))
    )
    released = []
    for training_id in training_ids:  # in one order, so two releases never deadlock
        with training_locked(training_id) as locked:
            if locked.first_start is not None and locked.first_start <= now:
                continue
            enrolment = Enrolment.objects.filter(holding, training=locked).first()
            if enrolment is None:
                continue
            _cancel_locked(locked, enrolment, now=now, tell=False)
            released.append(enrolment)
    return released


def offer_claim(*, enrolment: Enrolment, by: User) -> Enrolment:
    """Take up a seat offered from the waiting list before the offer expires.

    Sets status ``enrolled``. Raises ``PermissionDenied`` when ``by`` is not the person,
    ``ValidationError`` when there is no open offer (expired, never made). Safe to run twice:
    the second call raises "no open offer" and changes nothing.
    """
    if not getattr(by, "is_authenticated", False) or enrolment.person_id != by.pk:
        raise PermissionDenied
    now = timezone.now()
    with training_locked(enrolment.training_id):
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if (
            enrolment.status != Status.WAITLISTED
            or enrolment.offer_expires_at is None
            or enrolment.offer_expires_at <= now
        ):
            raise ValidationError(
                _(
                    "There is no open offer of a seat for you in this "
                    "training (it may have expired)."
                ),
                code="no_offer",
            )
        enrolment.status = Status.ENROLLED
        enrolment.waitlist_position = None
        enrolment.offer_expires_at = None
        enrolment.save()
        enrolment_mail_queue(enrolment, "enrolled")
    return enrolment


class _Unchanged:
    """The default of ``capacity_change_check``'s capacities: this capacity does not change
    (``None`` means *cleared*, so it cannot say "unchanged")."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


def capacity_change_check(
    *,
    training: Training,
    shared_capacity: int | None | _Unchanged = UNCHANGED,
    session: Session | None = None,
    session_capacity: int | None | _Unchanged = UNCHANGED,
) -> int | None:
    """The one check every capacity change goes through, before it is saved; returns the
    training's capacity after the change (``None``: no limit).

    ``shared_capacity``: the new shared capacity, ``None`` to clear it (the training then has
    the seats of its smallest session). ``session``: a session being added (no ``pk`` yet) or
    changed, as it will be saved; ``session_capacity`` overrides its ``capacity`` (``None``:
    no limit). Whatever is left out stays as it is in the database.

    A change that lowers the capacity below the seats held (``counting.seats_taken``: people
    enrolled, attended or offered a seat) raises ``ValidationError`` keyed by the form field
    (``shared_capacity``, or ``capacity`` for a session), with code ``below_held`` and both
    numbers in the message. Raising the capacity, or leaving it as it is, is always allowed,
    also when more seats are held than it has (seats given above the capacity by hand).

    Locks the training's row (``TryAgain`` when busy); call it inside the
    ``transaction.atomic()`` that saves the change, so that no enrolment slips in between,
    and call ``waitlist_promote`` after a rise. Writes nothing; safe to run twice.
    """
    with training_locked(training.pk) as locked:
        sessions = list(Session.objects.filter(training=locked).only("pk", "capacity"))
        before = counting.training_capacity(locked, sessions)
        field = "capacity"
        if not isinstance(shared_capacity, _Unchanged):
            locked.shared_capacity = shared_capacity
            field = "shared_capacity"
        if session is not None:
            changed = copy.copy(session)
            if not isinstance(session_capacity, _Unchanged):
                changed.capacity = session_capacity
            sessions = [s for s in sessions if session.pk is None or s.pk != session.pk]
            sessions.append(changed)
        after = counting.training_capacity(locked, sessions)
        if after is None or not _fewer_seats(after, than=before):
            return after
        held = counting.seats_taken(locked)
        if after >= held:
            return after
        numbers = {"capacity": after, "held": held}
        if field == "capacity":
            message = _(
                "A capacity of %(capacity)s for this session is below the seats already held "
                "in the training (people enrolled or offered a seat): %(held)s. Enter at least "
                "%(held)s, or leave it empty."
            )
        elif locked.shared_capacity is not None:
            message = _(
                "A shared capacity of %(capacity)s is below the seats already held (people "
                "enrolled or offered a seat): %(held)s. Enter at least %(held)s."
            )
        else:
            message = _(
                "Without a shared capacity the training has the seats of its smallest "
                "session, %(capacity)s, which is below the seats already held (people enrolled "
                "or offered a seat): %(held)s. Keep a shared capacity of at least %(held)s, or "
                "raise the sessions' capacities first."
            )
        raise ValidationError({field: ValidationError(message % numbers, code="below_held")})


def _fewer_seats(after: int | None, *, than: int | None) -> bool:
    """Whether capacity ``after`` has fewer seats than ``than`` (``None``: no limit)."""
    return after is not None and (than is None or after < than)

"""
The waiting list: who gets a seat that frees up, and seat offers.

Per ``Training.promotion`` the next person is enrolled directly or offered the seat for
``training.offer_hours``; a lapsed offer passes the seat on. Nobody is promoted once the
training has started. Everything here runs under the training's lock (``locking``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from .. import counting
from ..models import Enrolment, Training
from .locking import locked_capacity, training_locked
from .mail import enrolment_mail_queue

Status = Enrolment.Status


def waitlist_promote(*, training: Training, now: datetime | None = None) -> list[Enrolment]:
    """Give free seats to the waiting list, first come first served.

    Call after a seat frees up or capacity rises (the workspace does after a capacity change).
    Lapsed offers are withdrawn first (that person leaves the waiting list and is told).
    Per ``training.promotion`` the next people are enrolled directly or offered the seat for
    ``training.offer_hours``; each is told by e-mail. Nobody is promoted once the training has
    started. Returns the promoted enrolments. Raises ``TryAgain`` when busy. Safe to run
    twice: with no free seat it changes nothing.
    """
    with training_locked(training.pk) as locked:
        return promote_locked(locked, now=now or timezone.now())


def promote_locked(training: Training, *, now: datetime) -> list[Enrolment]:
    """The promotion itself (``waitlist_promote``); the caller holds the training's lock."""
    if training.first_start is not None and training.first_start <= now:
        return []
    lapsed = list(
        Enrolment.objects.filter(
            training=training, status=Status.WAITLISTED, offer_expires_at__lte=now
        )
    )
    for enrolment in lapsed:
        enrolment.status = Status.CANCELLED
        enrolment.waitlist_position = None
        enrolment.cancelled_at = now
        enrolment.save()
        enrolment_mail_queue(enrolment, "offer_expired")
    waiting = Enrolment.objects.filter(
        training=training, status=Status.WAITLISTED, offer_expires_at__isnull=True
    ).order_by("waitlist_position")
    capacity = locked_capacity(training)
    if capacity is not None:
        free = capacity - counting.seats_taken(training, now=now)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = []
    for enrolment in waiting:
        if training.promotion == Training.Promotion.OFFER:
            enrolment.offer_expires_at = now + timedelta(hours=training.offer_hours)
            kind = "offered"
        else:
            enrolment.status = Status.ENROLLED
            enrolment.waitlist_position = None
            kind = "promoted"
        enrolment.save()
        enrolment_mail_queue(enrolment, kind)
        promoted.append(enrolment)
    return promoted


def offers_expire(*, now: datetime | None = None) -> int:
    """Withdraw every lapsed offer and pass the seat on; returns how many trainings were seen.

    Safe to run twice (the second run finds no lapsed offers).
    """
    now = now or timezone.now()
    training_ids = set(
        Enrolment.objects.filter(status=Status.WAITLISTED, offer_expires_at__lte=now).values_list(
            "training_id", flat=True
        )
    )
    for training_id in sorted(training_ids):
        with training_locked(training_id) as locked:
            promote_locked(locked, now=now)
    return len(training_ids)

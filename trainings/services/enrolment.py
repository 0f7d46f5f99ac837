"""
Where enrolling happens: enrolling, the waiting list, offers, cancelling, capacity rules,
reminders, certificates and calendar feeds.

Seats are protected by one row lock per training (``SELECT … FOR UPDATE`` on the training),
taken once per transaction; availability is counted again after the lock is held, so two
requests can never both take the last seat. A request that cannot get the lock within
``LOCK_TIMEOUT_MS`` gets ``TryAgain`` (a polite message), never a server error.

Who holds a seat: people ``enrolled`` or ``attended``, and people on the waiting list who have
been *offered* a seat that has not yet expired (offer mode, see ``Training.promotion``).
A training's capacity is its ``shared_capacity`` or else the smallest capacity among its
sessions; no capacity at all means no limit.
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Count, Max, Min, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemnet import access

from ..models import CalendarFeed, Enrolment, Session, SessionReminder, Training

Status = Enrolment.Status
LOCK_TIMEOUT_MS = 3000
SEAT_STATUSES = (Status.ENROLLED, Status.ATTENDED)


class TryAgain(ValidationError):
    """The training is locked by other enrolments for longer than ``LOCK_TIMEOUT_MS``."""


# --- reading helpers (no writes) ------------------------------------------------------------


def training_capacity(training: Training, sessions=None) -> int | None:
    """The number of seats: the shared capacity, else the smallest session capacity.

    ``None`` means unlimited. ``sessions`` may be passed (or prefetched as
    ``training.sessions``) to avoid a query.
    """
    if training.shared_capacity is not None:
        return training.shared_capacity
    if sessions is None:
        sessions = training.sessions.all()
    capacities = [s.capacity for s in sessions if s.capacity is not None]
    return min(capacities) if capacities else None


def seat_holders(training_id: int, *, now: datetime | None = None):
    """Enrolments holding a seat: enrolled, attended, or offered a seat not yet expired."""
    now = now or timezone.now()
    return Enrolment.objects.filter(training_id=training_id).filter(
        Q(status__in=SEAT_STATUSES) | Q(status=Status.WAITLISTED, offer_expires_at__gt=now)
    )


def seats_taken(training: Training, *, now: datetime | None = None) -> int:
    return seat_holders(training.pk, now=now).count()


def places_left(capacity: int | None, taken: int) -> int | None:
    """Free seats, never negative; ``None`` when the training has no limit."""
    if capacity is None:
        return None
    return max(capacity - taken, 0)


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


# --- the lock -------------------------------------------------------------------------------


def _is_lock_timeout(exc: OperationalError) -> bool:
    cause = exc.__cause__  # psycopg2 names the SQLSTATE pgcode, psycopg 3 sqlstate
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    return code == "55P03" or "lock timeout" in str(exc).lower()


@contextmanager
def training_locked(training_id: int):
    """A transaction holding the training's row lock; yields the fresh training.

    Raises ``TryAgain`` when the lock is not granted within ``LOCK_TIMEOUT_MS`` (PostgreSQL),
    ``Training.DoesNotExist`` when it is gone. Inside an outer transaction the lock lasts until
    that transaction ends.
    """
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{int(LOCK_TIMEOUT_MS)}ms'")
            yield Training.objects.select_for_update().get(pk=training_id)
    except OperationalError as exc:
        if _is_lock_timeout(exc):
            raise TryAgain(
                _("Many people are enrolling right now. Please try again in a few seconds."),
                code="busy",
            ) from exc
        raise


def _send_on_commit(enrolment: Enrolment, kind: str) -> None:
    from ..tasks import send_enrolment_mail

    send_enrolment_mail.delay_on_commit(enrolment.pk, kind)


# --- enrolling ------------------------------------------------------------------------------


def enrolment_create(*, person, training: Training) -> Enrolment:
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
                taken=Count(
                    "pk",
                    filter=Q(status__in=SEAT_STATUSES)
                    | Q(status=Status.WAITLISTED, offer_expires_at__gt=now),
                ),
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
        capacity = _locked_capacity(locked)
        if (
            state["last_position"] is not None
            and (capacity is None or state["taken"] < capacity)
            and _promote(locked, now=now)
        ):
            # A seat was freed without promotion (an import records statuses as given):
            # those waiting get it before a newcomer.
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
        _send_on_commit(enrolment, enrolment.status)
    return enrolment


def _locked_capacity(training: Training) -> int | None:
    """The capacity of a training row fresh from the lock (``session_capacity`` is kept by a
    trigger in the same transaction as any session change, so it is exact here)."""
    if training.shared_capacity is not None:
        return training.shared_capacity
    return training.session_capacity


def can_cancel_enrolment(user, enrolment: Enrolment) -> bool:
    """The person themself, a coordinator of the training's centre, or an admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    return enrolment.person_id == user.pk or access.can_change_centre(
        user, enrolment.training.centre_id
    )


def enrolment_cancel(*, enrolment: Enrolment, by) -> Enrolment:
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
        held_seat = enrolment.status == Status.ENROLLED or (
            enrolment.offer_expires_at is not None and enrolment.offer_expires_at > now
        )
        enrolment.status = Status.CANCELLED
        enrolment.waitlist_position = None
        enrolment.offer_expires_at = None
        enrolment.cancelled_at = now
        enrolment.save()
        _send_on_commit(enrolment, "cancelled")
        if held_seat:
            _promote(locked, now=now)
    return enrolment


def offer_claim(*, enrolment: Enrolment, by) -> Enrolment:
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
        _send_on_commit(enrolment, "enrolled")
    return enrolment


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
        return _promote(locked, now=now or timezone.now())


def _promote(training: Training, *, now: datetime) -> list[Enrolment]:
    """The promotion itself; the caller holds the training's lock."""
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
        _send_on_commit(enrolment, "offer_expired")
    waiting = Enrolment.objects.filter(
        training=training, status=Status.WAITLISTED, offer_expires_at__isnull=True
    ).order_by("waitlist_position")
    capacity = _locked_capacity(training)
    if capacity is not None:
        free = capacity - seats_taken(training, now=now)
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
        _send_on_commit(enrolment, kind)
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
            _promote(locked, now=now)
    return len(training_ids)


def capacity_change_check(
    *,
    training: Training,
    shared_capacity: int | None = None,
    session: Session | None = None,
    session_capacity: int | None = None,
) -> int | None:
    """Check a capacity change before saving it; returns the training's new capacity.

    ``shared_capacity``: the new shared capacity (``None``: unchanged). ``session`` and
    ``session_capacity``: a session's new capacity. Locks the training's row; call it inside
    the ``transaction.atomic()`` that saves the change so that no enrolment slips in between,
    and call ``waitlist_promote`` after a rise. Raises ``ValidationError`` when the new capacity
    would be lower than the seats already taken. Writes nothing; safe to run twice.
    """
    with training_locked(training.pk) as locked:
        if shared_capacity is not None:
            locked.shared_capacity = shared_capacity
        sessions = list(Session.objects.filter(training=locked))
        if session is not None:
            sessions = [s for s in sessions if s.pk != session.pk]
            sessions.append(
                Session(
                    training=locked,
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                    capacity=session_capacity,
                )
            )
        capacity = training_capacity(locked, sessions)
        taken = seats_taken(locked)
        if capacity is not None and capacity < taken:
            raise ValidationError(
                _("The capacity cannot be lower than the number of people enrolled (%(count)s).")
                % {"count": taken},
                code="below_enrolled",
            )
        return capacity


# --- reminders ------------------------------------------------------------------------------


def session_reminders_send(*, now: datetime | None = None) -> int:
    """Send the reminder e-mail for every session that starts tomorrow (Brussels time).

    One ``SessionReminder`` row per enrolment and session is written in the same transaction
    as the e-mail is sent; the unique constraint makes a second send impossible, so running
    this twice (or in two workers at once) sends nothing more. Returns how many were sent.
    """
    now = timezone.localtime(now or timezone.now())
    tomorrow = (now + timedelta(days=1)).date()
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), datetime.min.time()))
    sessions = Session.objects.filter(
        starts_at__gte=start, starts_at__lt=end, training__status=Training.Status.PUBLISHED
    )
    sent = 0
    for session in sessions.select_related("training__centre"):
        waiting = (
            Enrolment.objects.filter(training_id=session.training_id, status=Status.ENROLLED)
            .exclude(reminders__session=session)
            .select_related("person")
        )
        for enrolment in waiting:
            with transaction.atomic():
                _reminder, created = SessionReminder.objects.get_or_create(
                    enrolment=enrolment, session=session
                )
                if not created:  # another worker was quicker
                    continue
                enrolment.training = session.training
                enrolment_mail_send(enrolment=enrolment, kind="reminder", session=session)
                sent += 1
    return sent


# --- e-mail ---------------------------------------------------------------------------------

MAIL_SUBJECTS = {
    "enrolled": gettext_lazy("Enrolment confirmed: %(title)s"),
    "waitlisted": gettext_lazy("On the waiting list: %(title)s"),
    "promoted": gettext_lazy("A seat became free: you are enrolled in %(title)s"),
    "offered": gettext_lazy("A seat is free for you: %(title)s"),
    "offer_expired": gettext_lazy("Offered seat expired: %(title)s"),
    "cancelled": gettext_lazy("Enrolment cancelled: %(title)s"),
    "reminder": gettext_lazy("Reminder: %(title)s starts tomorrow"),
}


def enrolment_mail_send(
    *,
    enrolment: Enrolment,
    kind: str,
    session: Session | None = None,
) -> None:
    """Send one e-mail about ``enrolment`` in the person's language (``user.language``).

    Sends every time it is called; idempotence is the caller's (see ``session_reminders_send``).
    Raises ``KeyError`` for an unknown kind.
    """
    person = enrolment.person
    if not person.email or person.anonymised_at:
        return
    subject_template = MAIL_SUBJECTS[kind]
    with translation.override(person.language or settings.LANGUAGE_CODE):
        context = {
            "enrolment": enrolment,
            "training": enrolment.training,
            "person": person,
            "session": session,
            "site_url": getattr(settings, "SITE_URL", ""),
        }
        subject = str(subject_template) % {"title": enrolment.training.title}
        body = render_to_string(f"trainings/email/{kind}.txt", context)
    EmailMessage(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body, to=[person.email]
    ).send()


# --- certificates ---------------------------------------------------------------------------


def certificate_code_issue(*, enrolment: Enrolment) -> str:
    """Give the enrolment its certificate verification code (once) and return it.

    Safe to run twice: an existing code is kept. Eligibility is checked by the caller
    (``trainings.selectors.certificate_for``).
    """
    if enrolment.certificate_code:
        return enrolment.certificate_code
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
    for _attempt in range(10):
        code = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))
        try:
            with transaction.atomic():
                Enrolment.objects.filter(pk=enrolment.pk, certificate_code__isnull=True).update(
                    certificate_code=code
                )
        except IntegrityError:  # the same code exists already: draw again
            continue
        enrolment.refresh_from_db(fields=["certificate_code"])
        return enrolment.certificate_code
    raise RuntimeError("Could not draw a unique certificate code.")


# --- calendar feed --------------------------------------------------------------------------


def calendar_feed_get_or_create(*, person) -> CalendarFeed:
    """The person's secret calendar-feed token, created on first use. Safe to run twice."""
    feed, _created = CalendarFeed.objects.get_or_create(
        person=person, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_feed_reset(*, person) -> CalendarFeed:
    """Replace the person's feed token: the old address stops working. Not idempotent."""
    feed = calendar_feed_get_or_create(person=person)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token"])
    return feed

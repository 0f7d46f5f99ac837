"""
The big changes to a training after it is planned: postponing it, cancelling it, deleting a
session, and starting a new edition from it.

Everyone concerned is told once the transaction commits: a postponed training or a deleted
session sends the "changed" mail (the sessions as they are now, with the calendar file whose
events keep their UID and get a higher SEQUENCE, so calendars replace them); a cancelled
training sends "training_cancelled" to everyone enrolled or waiting and releases their seats.
A cancelled training stays (with when and why), out of the delivered figures of the reports
(``trainings.counting.trainings_held_between``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import history
from ..models import Attendance, Enrolment, Session, Training
from ..search import search_index_refresh
from .locking import training_locked
from .mail import enrolment_mail_queue
from .trainings import SESSION_FIELDS, TRAINING_FIELDS

if TYPE_CHECKING:
    pass

Status = Enrolment.Status
TOLD = (Status.ENROLLED, Status.WAITLISTED)

# What a new edition copies from the training it repeats: every field the workspace edits
# (``trainings.TRAINING_FIELDS``) but its code and enrolment deadline (shifted below), and of
# each session all but its times (shifted) plus its trainers and experts; never its people.
EDITION_FIELDS = tuple(f for f in TRAINING_FIELDS if f not in ("code", "enrolment_deadline"))
SESSION_COPIED = tuple(f for f in SESSION_FIELDS if f not in ("starts_at", "ends_at"))


def _tell(training: Training, kind: str, statuses=(Status.ENROLLED,)) -> int:
    enrolments = list(
        Enrolment.objects.filter(training=training, status__in=statuses).only("pk", "status")
    )
    for enrolment in enrolments:
        enrolment_mail_queue(enrolment, kind)
    return len(enrolments)


def _shift(moment: dt.datetime, days: int) -> dt.datetime:
    """``moment`` moved by whole days on the Brussels clock (09:00 stays 09:00 across a
    change to or from summer time)."""
    wall_clock = timezone.localtime(moment).replace(tzinfo=None)
    return timezone.make_aware(wall_clock + dt.timedelta(days=days))


def training_postpone(*, training: Training, first_day: dt.date, now=None) -> Training:
    """Move every session of ``training`` so that the first falls on ``first_day`` (same
    hours, same gaps between sessions). Each session keeps its calendar UID and gets a
    higher SEQUENCE; the enrolled and the waiting are told ("changed"). Raises
    ValidationError when a session has started, the training is cancelled or closed, or
    ``first_day`` is in the past. Safe to run twice: the second call moves by zero days and
    tells nobody."""
    now = now or timezone.now()
    with training_locked(training.pk) as locked:
        if locked.status in (Training.Status.CANCELLED, Training.Status.CLOSED):
            raise ValidationError(_("A cancelled or closed training cannot be moved."))
        sessions = list(locked.sessions.order_by("starts_at"))
        if not sessions:
            raise ValidationError(_("This training has no sessions."))
        if sessions[0].starts_at <= now:
            raise ValidationError(_("The training has started; change its sessions one by one."))
        if first_day < timezone.localdate(now):
            raise ValidationError({"first_day": _("Choose a day from today on.")})
        days = (first_day - timezone.localtime(sessions[0].starts_at).date()).days
        if days == 0:
            return locked
        for session in reversed(sessions) if days > 0 else sessions:
            session.starts_at = _shift(session.starts_at, days)
            session.ends_at = _shift(session.ends_at, days)
            session.sequence += 1
            session.save(update_fields=["starts_at", "ends_at", "sequence"])
        if locked.enrolment_deadline is not None:
            locked.enrolment_deadline = _shift(locked.enrolment_deadline, days)
            locked.save(update_fields=["enrolment_deadline", "updated_at"])
        _tell(locked, "changed", TOLD)
    return locked


def training_cancel(*, training: Training, reason: str, now=None) -> Training:
    """Cancel ``training``: it leaves the catalogue and the delivered figures, every seat and
    waiting-list place is released (their enrolments cancelled), and everyone enrolled or
    waiting is told, with ``reason``. The training stays, with when and why. Raises
    ValidationError without a reason or when attendance was recorded (mark it held
    instead). Safe to run twice: a cancelled training stays as it is."""
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise ValidationError({"reason": _("Say why (everyone enrolled is told).")})
    now = now or timezone.now()
    with training_locked(training.pk) as locked:
        if locked.status == Training.Status.CANCELLED:
            return locked
        if Attendance.objects.filter(session__training=locked, present=True).exists():
            raise ValidationError(
                _("Attendance was recorded for this training: mark it as held instead.")
            )
        told = list(Enrolment.objects.filter(training=locked, status__in=TOLD))
        locked.status = Training.Status.CANCELLED
        locked.cancelled_at = now
        locked.cancellation_reason = reason
        locked.save(update_fields=["status", "cancelled_at", "cancellation_reason", "updated_at"])
        for enrolment in told:
            enrolment.status = Status.CANCELLED
            enrolment.waitlist_position = None
            enrolment.offer_expires_at = None
            enrolment.cancelled_at = now
            enrolment.save()
            enrolment_mail_queue(enrolment, "training_cancelled")
    return locked


def session_delete(*, session: Session, now=None) -> Training:
    """Delete a session that has no attendance recorded; the enrolled are told ("changed")
    when it had not ended. Raises ValidationError when attendance exists. Returns the
    training. Not idempotent: a second call finds no session (``Session.DoesNotExist``)."""
    now = now or timezone.now()
    with training_locked(session.training_id) as locked:
        session = Session.objects.get(pk=session.pk)
        if Attendance.objects.filter(session=session).exists():
            raise ValidationError(_("Attendance was recorded for this session; it stays."))
        upcoming = session.ends_at > now
        session.delete()
        if upcoming:
            _tell(locked, "changed")
    return locked


def _edition_code(training: Training, first_day: dt.date) -> str:
    base = training.code
    if base[-5:-4] == "-" and base[-4:].isdigit():  # robotica-2026 -> robotica-2027
        base = base[:-5]
    code = f"{base}-{first_day.year}"[:40]
    taken = set(Training.objects.filter(code__startswith=code).values_list("code", flat=True))
    number = 2
    candidate = code
    while candidate in taken:
        candidate = f"{code[:36]}-{number}"
        number += 1
    return candidate


def training_duplicate(*, training: Training, first_day: dt.date, code: str = "") -> Training:
    """A new edition of ``training``: a draft with the same content, its sessions moved so the
    first falls on ``first_day`` (same hours and gaps), no people, linked to this one
    (``previous_edition``) so reports can tell a training was repeated and where. ``code``:
    the new code (default: the old one with the new year). Raises ValidationError for a code
    in use. Not idempotent: each call makes a new edition."""
    sessions = list(training.sessions.order_by("starts_at").prefetch_related("speakers"))
    days = (first_day - timezone.localtime(sessions[0].starts_at).date()).days if sessions else 0
    edition = Training(
        centre_id=training.centre_id,
        code=(code or "").strip() or _edition_code(training, first_day),
        previous_edition=training,
        status=Training.Status.DRAFT,
        **{name: getattr(training, name) for name in EDITION_FIELDS},
    )
    if training.enrolment_deadline is not None:
        edition.enrolment_deadline = _shift(training.enrolment_deadline, days)
    edition.full_clean()
    try:
        with transaction.atomic():
            edition.save()
            copies = Session.objects.bulk_create(
                [
                    Session(
                        training=edition,
                        starts_at=_shift(s.starts_at, days),
                        ends_at=_shift(s.ends_at, days),
                        **{name: getattr(s, name) for name in SESSION_COPIED},
                    )
                    for s in sessions
                ]
            )
            Session.speakers.through.objects.bulk_create(
                [
                    Session.speakers.through(session_id=copy.pk, speaker_id=speaker.pk)
                    for original, copy in zip(sessions, copies, strict=True)
                    for speaker in original.speakers.all()
                ]
            )
            history.log_bulk([(None, session) for session in copies])
            search_index_refresh(training_ids=[edition.pk])  # bulk_create passes no signal
    except IntegrityError:
        raise ValidationError({"code": _("This code is in use.")}) from None
    return edition

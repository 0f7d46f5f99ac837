"""Reminders: an e-mail the day before each session, exactly once per person and session."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ..models import Enrolment, Session, SessionReminder, Training
from .mail import enrolment_mail_send

Status = Enrolment.Status


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

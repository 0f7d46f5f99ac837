"""
Every e-mail of the trainings app goes through here: the enrolment e-mails (enrolled, on the
waiting list, promoted, offered, offer expired, cancelled), the reminders, and the
evaluations app's invitations (``person_mail_send``). Services queue an enrolment e-mail with
``enrolment_mail_queue`` (after commit); the task ``trainings.send_enrolment_mail`` calls
``enrolment_mail_send``. No service sends through a task that calls back into a service.

Each e-mail is written in the person's language; links in it are absolute (``SITE_URL``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from stemnet.site import site_url

from ..models import Enrolment, Session

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from stemnet.accounts.models import User


def person_mail_send(
    *, person: User, subject: StrOrPromise | Callable[[], str], template: str, context: dict
) -> bool:
    """Send one e-mail to ``person`` in their language: ``subject`` (a lazy string or a
    function returning one, evaluated in that language) and ``template`` rendered with
    ``context``. Sends nothing to an anonymised person or one without an address; returns
    whether it sent. Sends every time it is called: idempotence is the caller's."""
    if not person.email or person.anonymised_at:
        return False
    with translation.override(person.language or settings.LANGUAGE_CODE):
        text = subject() if callable(subject) else str(subject)
        body = render_to_string(template, {"person": person, "site_url": site_url(), **context})
    EmailMessage(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{text}", body, to=[person.email]).send()
    return True


def mail_each_once(rows: QuerySet, *, send: Callable[[Any], object], now: dt.datetime) -> int:
    """For every row of ``rows`` (invitations, message deliveries: models with ``sent_at``)
    not sent yet: lock it, skipping rows another worker holds, ``send(row)`` and set
    ``sent_at`` to ``now``, in one transaction, so that no row is ever mailed twice, also when
    two workers or a redelivered task run at once. Returns how many were sent."""
    pending = list(rows.filter(sent_at__isnull=True).values_list("pk", flat=True))
    sent = 0
    for pk in pending:
        with transaction.atomic():
            row = (
                rows.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if row is None:
                continue
            send(row)
            row.sent_at = now
            row.save(update_fields=["sent_at"])
            sent += 1
    return sent


def enrolment_mail_queue(enrolment: Enrolment, kind: str) -> None:
    """Queue the ``kind`` e-mail about ``enrolment``, sent once the transaction commits."""
    from ..tasks import send_enrolment_mail

    send_enrolment_mail.delay_on_commit(enrolment.pk, kind)


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
    subject_template = MAIL_SUBJECTS[kind]
    person_mail_send(
        person=enrolment.person,
        subject=lambda: str(subject_template) % {"title": enrolment.training.title},
        template=f"trainings/email/{kind}.txt",
        context={
            "enrolment": enrolment,
            "training": enrolment.training,
            "session": session,
        },
    )

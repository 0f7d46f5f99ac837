"""
Every e-mail of the trainings app goes through here: the enrolment e-mails (enrolled, on the
waiting list, promoted, offered, offer expired, cancelled, changed), the reminders, the
coordinators' messages and the evaluations app's invitations (``person_mail_send``), each a
registered kind of ``stemnet.mail`` (multipart, one pair of base templates). Services
queue an enrolment e-mail with ``enrolment_mail_queue`` (after commit); the task
``trainings.send_enrolment_mail`` calls ``enrolment_mail_send``. No service sends through
a task that calls back into a service.

Each e-mail is written in the person's language; links in it are absolute (``SITE_URL``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stemnet.mail import Attachment, mail_build, mail_kind
from stemnet.outbox.services import send_after_commit
from stemnet.site import absolute_url

from ..models import CANCELLATION_RULE, Enrolment, Session

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from stemnet.accounts.models import User


def person_mail_send(
    *,
    person: User,
    subject: StrOrPromise | Callable[[], str],
    template: str,
    context: dict,
    details: Callable[[], Sequence[tuple[StrOrPromise, str]]] | None = None,
    actions: Callable[[], Sequence[tuple[StrOrPromise, str]]] | None = None,
    attachments: Callable[[], Iterable[Attachment]] | None = None,
    headers: dict[str, str] | None = None,
) -> bool:
    """Send one multipart e-mail (``stemnet.mail.mail_build``) to ``person`` in their
    language: ``subject`` (a lazy string or a function returning one), the body ``template``
    (a registered kind) with ``context``, and the ``details``, ``actions`` and
    ``attachments`` functions, all evaluated in that language. Sends nothing to an anonymised
    person or one without an address; returns whether it sent. Sends every time it is
    called: idempotence is the caller's."""
    if not person.email or person.anonymised_at:
        return False
    with translation.override(person.language or settings.LANGUAGE_CODE):
        message = mail_build(
            to=person.email,
            subject=subject() if callable(subject) else str(subject),
            template=template,
            context={"person": person, **context},
            name=person.first_name,
            details=details() if details else (),
            actions=actions() if actions else (),
            attachments=attachments() if attachments else (),
            headers=headers,
        )
    message.send()
    return True


def mail_each_once(
    rows: QuerySet, *, send: Callable[[Any], object], now: dt.datetime, field: str = "sent_at"
) -> int:
    """For every row of ``rows`` (invitations, message deliveries: models with ``field``, by
    default ``sent_at``) whose ``field`` is empty: lock it, skipping rows another worker holds,
    ``send(row)`` and set ``field`` to ``now``, in one transaction, so that no row is ever
    mailed twice, also when two workers or a redelivered task run at once. Returns how many
    were sent."""
    empty = {f"{field}__isnull": True}
    pending = list(rows.filter(**empty).values_list("pk", flat=True))
    sent = 0
    for pk in pending:
        with transaction.atomic():
            row = (
                rows.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, **empty)
                .first()
            )
            if row is None:
                continue
            send(row)
            setattr(row, field, now)
            row.save(update_fields=[field])
            sent += 1
    return sent


def enrolment_mail_queue(enrolment: Enrolment, kind: str) -> None:
    """Queue the ``kind`` e-mail about ``enrolment``, sent once the transaction commits."""
    from ..tasks import send_enrolment_mail

    send_after_commit(send_enrolment_mail, enrolment.pk, kind)


MAIL_SUBJECTS = {
    "enrolled": gettext_lazy("Enrolment confirmed: %(title)s"),
    "waitlisted": gettext_lazy("On the waiting list: %(title)s"),
    "promoted": gettext_lazy("A seat became free: you are enrolled in %(title)s"),
    "offered": gettext_lazy("A seat is free for you: %(title)s"),
    "offer_expired": gettext_lazy("Offered seat expired: %(title)s"),
    "cancelled": gettext_lazy("Enrolment cancelled: %(title)s"),
    "reminder": gettext_lazy("Reminder: %(title)s starts tomorrow"),
    "changed": gettext_lazy("Changed: %(title)s"),
    "training_cancelled": gettext_lazy("Cancelled: %(title)s does not take place"),
    "team_enrolled": gettext_lazy("Your school's team is enrolled: %(title)s"),
}
for _kind in MAIL_SUBJECTS:
    mail_kind(f"trainings/email/{_kind}", f"enrolment: {_kind}")
mail_kind("trainings/email/message", "a coordinator's message to a training's participants")
# The kinds that leave the person with a seat: their mail carries the sessions as .ics.
WITH_CALENDAR = {"enrolled", "promoted", "changed", "team_enrolled"}


def _when(session: Session) -> str:
    start = formats.date_format(timezone.localtime(session.starts_at), "l j F Y, H:i")
    end = formats.time_format(timezone.localtime(session.ends_at), "H:i")
    return f"{start}–{end}"


def _where(session: Session) -> str:
    return ", ".join(part for part in (session.address, session.online_url) if part)


def enrolment_details(enrolment: Enrolment) -> list[tuple[StrOrPromise, str]]:
    """What a person needs to come: each session's date, hours and place or online link, the
    centre, the fee and the cancellation rule (in the active language)."""
    training = enrolment.training
    sessions = list(training.sessions.all())
    lines = []
    for session in sessions:
        where = _where(session)
        lines.append(f"{_when(session)}" + (f" · {where}" if where else ""))
    fee = (
        _("€ %(fee)s") % {"fee": formats.number_format(training.fee_eur, 2, use_l10n=True)}
        if training.fee_eur
        else _("Free")
    )
    rows: list[tuple[StrOrPromise, str]] = [
        (_("Training"), training.title),
        (_("Centre"), training.centre.name),
        (ngettext("Session", "Sessions", len(sessions)), "\n".join(lines)),
        (_("Fee"), fee),
    ]
    if enrolment.status in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED):
        rows.append((_("Cancelling"), str(CANCELLATION_RULE)))
    if training.status == training.Status.CANCELLED:
        rows = rows[:2]  # no sessions or fee to come to
    return rows


def enrolment_actions(
    enrolment: Enrolment, *, decline: bool = False
) -> list[tuple[StrOrPromise, str]]:
    """The links of an enrolment e-mail; ``decline`` adds the one to cancel (a seat someone
    else took for the person, e.g. their school's team)."""
    first: list[tuple[StrOrPromise, str]] = []
    if decline:
        first = [(_("Decline"), absolute_url(reverse("trainings:cancel", args=[enrolment.pk])))]
    return first + [
        (_("My trainings"), absolute_url(reverse("trainings:my_trainings"))),
        (
            _("The training's page"),
            absolute_url(reverse("trainings:detail", kwargs={"code": enrolment.training.code})),
        ),
    ]


def enrolment_calendar(enrolment: Enrolment) -> list[Attachment]:
    """The training's sessions as an ``.ics`` file, with the UIDs of the calendar feed, so a
    calendar that has both shows each session once (and updates it when it changes)."""
    from ..calendar import calendar_ics

    training = enrolment.training
    ics = calendar_ics(training.sessions.select_related("training__centre"), name=training.title)
    return [Attachment(f"{training.code}.ics", ics, "text/calendar")]


def enrolment_mail_send(
    *,
    enrolment: Enrolment,
    kind: str,
    session: Session | None = None,
) -> None:
    """Send one e-mail about ``enrolment`` in the person's language (``user.language``): the
    kind's words, the training's details and, for a seat, the sessions as ``.ics``.

    Sends every time it is called; idempotence is the caller's (see ``session_reminders_send``).
    Raises ``KeyError`` for an unknown kind.
    """
    subject_template = MAIL_SUBJECTS[kind]
    person_mail_send(
        person=enrolment.person,
        subject=lambda: str(subject_template) % {"title": enrolment.training.title},
        template=f"trainings/email/{kind}",
        context={
            "enrolment": enrolment,
            "training": enrolment.training,
            "session": session,
        },
        details=lambda: enrolment_details(enrolment),
        actions=lambda: enrolment_actions(enrolment, decline=kind == "team_enrolled"),
        attachments=(lambda: enrolment_calendar(enrolment)) if kind in WITH_CALENDAR else None,
    )

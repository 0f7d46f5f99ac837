"""
Messages from a centre to the people of one training: all of them, those who hold a seat,
those on the waiting list or those who attended. ``training_message_send`` keeps the message
and one delivery per recipient and queues the sending task after commit;
``message_deliveries_send`` mails each delivery once (a redelivered task mails nobody twice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemnet.outbox.services import send_after_commit
from stemnet.site import absolute_url

from .. import counting
from ..models import Enrolment, MessageDelivery, Training, TrainingMessage
from .mail import mail_each_once, person_mail_send

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from stemnet.accounts.models import User

Audience = TrainingMessage.Audience


def audience_enrolments(training: Training, audience: str) -> QuerySet[Enrolment]:
    """The enrolments a message to ``audience`` reaches (never the cancelled)."""
    enrolments = Enrolment.objects.filter(training=training)
    if audience == Audience.ENROLLED:
        return enrolments.filter(status__in=counting.SEAT_STATUSES)
    if audience == Audience.WAITLISTED:
        return enrolments.filter(status=Enrolment.Status.WAITLISTED)
    if audience == Audience.ATTENDED:
        return enrolments.filter(status=Enrolment.Status.ATTENDED)
    return enrolments.exclude(status=Enrolment.Status.CANCELLED)


@transaction.atomic
def training_message_send(
    *, training: Training, sender: User, audience: str, subject: str, body: str
) -> TrainingMessage:
    """Keep the message and who it goes to; the e-mails leave after commit (Celery).

    Raises ValidationError when nobody is in the audience or a field is empty or too long."""
    subject, body = subject.strip(), body.strip()
    errors = {}
    if audience not in Audience.values:
        errors["audience"] = _("Choose who gets the message.")
    if not subject:
        errors["subject"] = _("Give the message a subject.")
    if not body:
        errors["body"] = _("Write the message.")
    if errors:
        raise ValidationError(errors)
    people = list(
        audience_enrolments(training, audience)
        .exclude(person__anonymised_at__isnull=False)
        .values_list("person_id", flat=True)
    )
    if not people:
        raise ValidationError({"audience": _("Nobody is in this group yet.")})
    message = TrainingMessage(
        training=training, sender=sender, audience=audience, subject=subject, body=body
    )
    message.full_clean(exclude=["training", "sender"])
    message.save()
    MessageDelivery.objects.bulk_create(
        [MessageDelivery(message=message, person_id=pk) for pk in people]
    )
    from ..tasks import send_training_message

    send_after_commit(send_training_message, message.pk)
    return message


SUBJECT = gettext_lazy("%(title)s: %(subject)s")


def message_deliveries_send(*, message_id: int) -> int:
    """Mail every delivery of the message not mailed yet, each once; returns how many."""

    def send(delivery: MessageDelivery) -> None:
        message = delivery.message
        title, subject = message.training.title, message.subject
        person_mail_send(
            person=delivery.person,
            subject=lambda: str(SUBJECT) % {"title": title, "subject": subject},
            template="trainings/email/message",
            context={"message": message, "training": message.training},
            actions=lambda: [
                (_("My trainings"), absolute_url(reverse("trainings:my_trainings"))),
            ],
        )

    return mail_each_once(
        MessageDelivery.objects.filter(message_id=message_id).select_related(
            "person", "message__training__centre"
        ),
        send=send,
        now=timezone.now(),
    )

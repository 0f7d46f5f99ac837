"""Background work of the trainings app: thin tasks taking primary keys, calling a service."""

from celery import shared_task
from django.core.cache import cache

from .models import Enrolment
from .services import mail, messages, reminders, waitlist

MAIL_SENT_TTL = 7 * 24 * 3600  # longer than any redelivery (the broker's visibility timeout)


@shared_task(name="trainings.send_enrolment_mail", bind=True, ignore_result=True)
def send_enrolment_mail(self, enrolment_id: int, kind: str) -> None:
    """Send one enrolment e-mail (queued after commit by the enrolment services, once per
    change).

    Does nothing when the enrolment is gone. Safe when redelivered (tasks are acknowledged
    late, so a worker lost mid-task hands it on): the sent task's id is kept in the cache and
    a second delivery of the same task sends nothing.
    """
    sent_key = f"trainings:enrolment-mail-sent:{self.request.id}" if self.request.id else None
    if sent_key and cache.get(sent_key):
        return
    enrolment = (
        Enrolment.objects.select_related("person", "training__centre")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is not None:
        mail.enrolment_mail_send(enrolment=enrolment, kind=kind)
    if sent_key:
        cache.set(sent_key, True, MAIL_SENT_TTL)


@shared_task(name="trainings.send_session_reminders")
def send_session_reminders() -> int:
    """Celery beat, hourly: reminders for tomorrow's sessions. Never sends one twice."""
    return reminders.session_reminders_send()


@shared_task(name="trainings.expire_offers")
def expire_offers() -> int:
    """Celery beat, every 15 minutes: lapsed seat offers pass to the next. Safe twice."""
    return waitlist.offers_expire()


# --- coordinator workspace ------------------------------------------------------------------


@shared_task(name="trainings.import_file_job")
def import_file_job(job_id: str, dry_run: bool = False) -> None:
    """Check (``dry_run``) or import a large upload kept by the workspace, reporting progress
    (see ``services.imports.import_run``). All-or-nothing; after an import a second run
    finds nothing to do."""
    from .services.imports import import_run

    import_run(job_id=job_id, dry_run=dry_run)


@shared_task(name="trainings.send_training_message", ignore_result=True)
def send_training_message(message_id: int) -> int:
    """Mail a coordinator's message to its recipients; each at most once, also when the task
    is redelivered (see ``services.messages.message_deliveries_send``)."""
    return messages.message_deliveries_send(message_id=message_id)


@shared_task(name="trainings.send_search_alerts")
def send_search_alerts() -> int:
    """Celery beat, daily: the new trainings of people's saved searches, one digest each.
    Never sends a training twice to a person (see ``alerts.search_alerts_send``)."""
    from .services.alerts import search_alerts_send

    return search_alerts_send()

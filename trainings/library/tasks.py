"""Background work of the library: thin Celery tasks that call a service."""

from celery import shared_task

from . import services


@shared_task(name="library.send_kit_reminders")
def send_kit_reminders() -> int:
    """Celery beat, hourly: the reminders before a kit's return date and when it is late.
    Never mails anyone twice (``services.kit_reminders_send``)."""
    return services.kit_reminders_send()

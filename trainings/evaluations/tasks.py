"""Background work of evaluations: thin tasks calling a service."""

from celery import shared_task

from .services import questionnaires_send


@shared_task(name="evaluations.send_questionnaires")
def send_questionnaires() -> int:
    """Celery beat, hourly: send the questionnaires that are due by their rules. Never sends
    the same invitation twice (see ``services.questionnaires_send``)."""
    return questionnaires_send()

"""Background work of evaluations: thin tasks calling a service."""

from celery import shared_task

from .services import questionnaires_send


@shared_task(name="evaluations.send_questionnaires")
def send_questionnaires() -> int:
    """Celery beat, hourly: send the questionnaires that are due by their rules. Never sends
    the same invitation twice (see ``services.questionnaires_send``)."""
    return questionnaires_send()


@shared_task(name="evaluations.send_questionnaire_reminders")
def send_questionnaire_reminders() -> int:
    """Celery beat, hourly: the one reminder to those who have not answered after the
    questionnaire's delay. Never twice (see ``services.questionnaire_reminders_send``)."""
    from .services import questionnaire_reminders_send

    return questionnaire_reminders_send()


@shared_task(name="evaluations.send_questionnaire_now")
def send_questionnaire_now(questionnaire_id: int) -> int:
    """The coordinator's "send now", off the request. Safe when redelivered (each invitation
    is mailed once)."""
    from .models import Questionnaire
    from .services import questionnaire_send_now

    questionnaire = Questionnaire.objects.filter(pk=questionnaire_id).first()
    if questionnaire is None or questionnaire.closed_at is not None:
        return 0
    return questionnaire_send_now(questionnaire=questionnaire)

"""Background work of school development projects: thin tasks taking primary keys."""

from celery import shared_task

from . import services
from .models import Application, Call


@shared_task(name="projects.send_call_announcement", ignore_result=True)
def send_call_announcement(call_id: int) -> int:
    """Mail a newly opened call to the people who may apply (``services.announcement_send``).
    Safe twice: each person gets it once (``Delivery`` rows)."""
    return services.announcement_send(call_id=call_id)


@shared_task(name="projects.send_deliveries", ignore_result=True)
def send_deliveries(call_id: int, kind: str, application_id: int | None = None) -> int:
    """Send the waiting e-mails of ``kind`` (receipt, decision, invitation) of a call or one
    of its applications. Safe twice: each ``Delivery`` is sent once. Nothing when gone."""
    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        return 0
    application = None
    if application_id is not None:
        application = Application.objects.filter(pk=application_id).first()
        if application is None:
            return 0
    return services.deliveries_send(call=call, kind=kind, application=application)

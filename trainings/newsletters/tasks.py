"""Background work of the newsletters: thin tasks taking primary keys, calling a service."""

from celery import shared_task

from . import services


@shared_task(name="newsletters.send_confirmation", ignore_result=True)
def send_confirmation(subscription_id: int, consented_at: str) -> None:
    """The confirmation mail of one subscription request. A redelivered task may mail the
    same confirmation again (harmless: it asks, it does not subscribe)."""
    services.confirmation_mail_send(subscription_id=subscription_id, consented_at=consented_at)


@shared_task(name="newsletters.send_issue_batch", ignore_result=True)
def send_issue_batch(issue_id: int) -> int:
    """One batch of an issue's deliveries; queues the next. Safe twice (row locks)."""
    return services.issue_batch_send(issue_id=issue_id)

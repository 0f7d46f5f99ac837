from celery import shared_task

from . import services


@shared_task(name="outbox.relay")
def outbox_relay() -> int:
    """Celery beat, every minute: hand the rows the broker missed; prune old handed ones."""
    handed = services.outbox_relay()
    services.outbox_prune()
    return handed

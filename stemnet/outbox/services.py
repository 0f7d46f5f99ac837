"""Work after a commit that survives a broker outage.

``send_after_commit(task, *args)`` replaces Celery's ``delay_on_commit``: it writes an
``OutboxTask`` row in the caller's transaction (so the work exists exactly when the change
does) and, once that transaction commits, hands it to the broker. When the broker is away the
request still succeeds: the failure is logged on the row and ``outbox_relay`` (Celery beat,
every minute; ``manage.py outbox_relay`` by hand) hands the rows that are still waiting once
the broker is back. Each row is handed under a row lock, so a request and the relay never
publish it twice; the task id is ``outbox-<pk>`` for tasks that deduplicate on it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxTask

logger = logging.getLogger(__name__)

RELAY_AFTER = dt.timedelta(seconds=30)  # the request's own try comes first
MAX_ATTEMPTS = 50  # a row that failed this often is left for staff (admin), not retried
BATCH = 500


def send_after_commit(task: Any, *args: Any, **kwargs: Any) -> OutboxTask:
    """Record ``task(*args, **kwargs)`` (a Celery task or its registered name) in the current
    transaction and hand it to the broker after the commit."""
    name = task if isinstance(task, str) else task.name
    row = OutboxTask.objects.create(task=name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: outbox_task_hand(row.pk))
    return row


def _publish(row: OutboxTask) -> None:
    if row.task not in current_app.tasks:  # a web process: the tasks modules load on demand
        current_app.loader.import_default_modules()
    task = current_app.tasks[row.task]
    # No publish retries in the request: a broker that is away costs one connection attempt,
    # and the relay tries again.
    task.apply_async(args=row.args, kwargs=row.kwargs, task_id=row.task_id, retry=False)


def outbox_task_hand(pk: int, *, now: dt.datetime | None = None) -> bool:
    """Hand one waiting row to the broker; True when it was handed now. Never raises: a
    failure is logged and kept on the row for the relay."""
    try:
        with transaction.atomic():
            row = (
                OutboxTask.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, handed_at__isnull=True)
                .first()
            )
            if row is None:  # handed already, or being handed by another process
                return False
            _publish(row)
            row.handed_at = now or timezone.now()
            row.attempts += 1
            row.save(update_fields=["handed_at", "attempts"])
        return True
    except Exception as exc:  # noqa: BLE001  (a broker, a task or the database: logged, kept)
        logger.warning("outbox: task #%s not handed to the broker yet: %r", pk, exc)
        try:
            OutboxTask.objects.filter(pk=pk, handed_at__isnull=True).update(
                attempts=F("attempts") + 1, last_error=repr(exc)[:1000]
            )
        except Exception:  # noqa: BLE001  (the database is away too: the relay finds the row)
            logger.exception("outbox: could not record the failure of task #%s", pk)
        return False


def outbox_relay(*, now: dt.datetime | None = None) -> int:
    """Hand every row that has waited longer than ``RELAY_AFTER`` and has not failed
    ``MAX_ATTEMPTS`` times; stops at the first failure (the broker is still away). Returns how
    many were handed."""
    now = now or timezone.now()
    waiting = OutboxTask.objects.filter(
        handed_at__isnull=True, created_at__lte=now - RELAY_AFTER, attempts__lt=MAX_ATTEMPTS
    ).values_list("pk", flat=True)[:BATCH]
    handed = 0
    for pk in list(waiting):
        if outbox_task_hand(pk, now=now):
            handed += 1
        elif OutboxTask.objects.filter(pk=pk, handed_at__isnull=True).exists():
            break
    if handed:
        logger.info("outbox: relay handed %s task(s) to the broker", handed)
    return handed


def outbox_waiting_count() -> int:
    """How many rows wait for the broker (for /healthz/ and the admin)."""
    return OutboxTask.objects.filter(handed_at__isnull=True).count()


def outbox_prune(*, older_than: dt.timedelta = dt.timedelta(days=30)) -> int:
    """Delete handed rows older than ``older_than``; returns how many."""
    cutoff = timezone.now() - older_than
    deleted, _ = OutboxTask.objects.filter(handed_at__lt=cutoff).delete()
    return deleted

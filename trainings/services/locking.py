"""
The seat lock: one row lock per training (``SELECT … FOR UPDATE`` on the training), taken once
per transaction. Every change to who holds a seat (enrolling, cancelling, promoting from the
waiting list, a capacity change) runs inside it and counts the seats again after the lock is
held, so two requests can never both take the last seat. A request that cannot get the lock
within ``LOCK_TIMEOUT_MS`` gets ``TryAgain`` (a polite message), never a server error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext as _

from ..models import Training

LOCK_TIMEOUT_MS = 3000


class TryAgain(ValidationError):
    """The training is locked by other enrolments for longer than ``LOCK_TIMEOUT_MS``."""


def _is_lock_timeout(exc: OperationalError) -> bool:
    cause = exc.__cause__  # psycopg2 names the SQLSTATE pgcode, psycopg 3 sqlstate
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    return code == "55P03" or "lock timeout" in str(exc).lower()


@contextmanager
def training_locked(training_id: int) -> Iterator[Training]:
    """A transaction holding the training's row lock; yields the fresh training.

    Raises ``TryAgain`` when the lock is not granted within ``LOCK_TIMEOUT_MS`` (PostgreSQL),
    ``Training.DoesNotExist`` when it is gone. Inside an outer transaction the lock lasts until
    that transaction ends.
    """
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{int(LOCK_TIMEOUT_MS)}ms'")
            yield Training.objects.select_for_update().get(pk=training_id)
    except OperationalError as exc:
        if _is_lock_timeout(exc):
            raise TryAgain(
                _("Many people are enrolling right now. Please try again in a few seconds."),
                code="busy",
            ) from exc
        raise


def locked_capacity(training: Training) -> int | None:
    """The capacity of a training row fresh from the lock (``session_capacity`` is kept by a
    trigger in the same transaction as any session change, so it is exact here)."""
    if training.shared_capacity is not None:
        return training.shared_capacity
    return training.session_capacity

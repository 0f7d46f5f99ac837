"""Infrastructure tasks (no domain logic)."""

import socket

from celery import shared_task
from django.db import connection


@shared_task(name="stemnet.ping")
def ping() -> dict:
    """Answer with the worker's host name after one database round trip.

    Changes nothing; safe to run any number of times. Used by the health check and by the
    integration test that proves the broker, the worker and the database are wired up.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"pong": one == 1, "worker": socket.gethostname()}

"""The embedded scheduler: Celery beat's schedule, run inside the development server.

Celery beat needs a broker, and the embedded default (``make run``: SQLite, eager Celery) has
none, so without this the jobs of ``CELERY_BEAT_SCHEDULE`` (evaluation invitations, session
reminders, lapsed seat offers, the January reports) would never run there. When
``EMBEDDED_SCHEDULER`` is on (by default: DEBUG and no broker) ``runserver`` starts one daemon
thread (``stemnet.apps``; in the autoreloader's child process only) that runs each entry
through its registered Celery task, in the thread (``Task.apply``): an interval entry right
at start and then at its interval, a crontab entry when it is due (Celery's own
``is_due``). One line per run on the console; a task that fails is logged and the others go
on. In production beat runs as its own service (docker-compose.yml) and this stays off.
"""

from __future__ import annotations

import copy
import logging
import os
import sys
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from celery import Celery, current_app
from celery.schedules import BaseSchedule
from celery.schedules import schedule as every
from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import autoreload, timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

MAX_WAIT = 60.0  # seconds between checks at most: a crontab entry runs at most a minute late
START_DELAY = 2.0  # seconds: let runserver finish starting before the first run
THREAD_NAME = "stemnet-scheduler"


class Entry:
    """One entry of the beat schedule, with its schedule bound to the scheduler's clock."""

    def __init__(self, name: str, spec: Mapping[str, Any], *, app: Celery, clock) -> None:
        self.name = name
        self.task: str = spec["task"]
        self.args: Sequence = spec.get("args", ())
        self.kwargs: Mapping = spec.get("kwargs", {})
        run_every = spec["schedule"]
        if isinstance(run_every, BaseSchedule):
            self.schedule = copy.copy(run_every)  # the settings' object stays as it is
            self.schedule.nowfun = clock
            self.schedule.app = app
        else:  # a timedelta or a number of seconds
            self.schedule = every(run_every, nowfun=clock, app=app)
        self.interval = isinstance(self.schedule, every)
        self.last_run_at: datetime | None = None


class Scheduler:
    """Runs the entries of a beat schedule; ``tick(now)`` runs those due at ``now``."""

    def __init__(
        self, beat_schedule: Mapping[str, Mapping[str, Any]], *, app: Celery | None = None
    ):
        self.app = app or current_app
        self._now: datetime = timezone.now()
        self.entries = [
            Entry(name, spec, app=self.app, clock=lambda: self._now)
            for name, spec in beat_schedule.items()
        ]

    def tick(self, now: datetime | None = None) -> float:
        """Run every entry due at ``now`` (default: the current time); return the seconds
        until the next check. The first tick runs every interval entry; a crontab entry
        first counts from that tick."""
        self._now = now or timezone.now()
        wait = MAX_WAIT
        for entry in self.entries:
            if entry.last_run_at is None and entry.interval:
                due, next_in = True, entry.schedule.seconds
            else:
                if entry.last_run_at is None:
                    entry.last_run_at = self._now
                due, next_in = entry.schedule.is_due(entry.last_run_at)
            if due:
                entry.last_run_at = self._now
                self.run(entry)
            wait = min(wait, next_in)
        return max(wait, 1.0)

    def run(self, entry: Entry) -> None:
        """Run one entry's task here and now; log its result, or its failure, in one line."""
        try:
            task = self.app.tasks.get(entry.task)
            if task is None:  # not imported yet: import every app's tasks, then look again
                autodiscover_modules("tasks")
                task = self.app.tasks.get(entry.task)
            if task is None:
                logger.error("[scheduler] %s: no such task registered", entry.task)
                return
            result = task.apply(args=entry.args, kwargs=entry.kwargs, throw=True)
            # The every-minute housekeeping (outbox relay, stale reports) says nothing when it
            # had nothing to do; every other run is one line.
            quiet = not result.result and entry.interval and entry.schedule.seconds < 600
            level = logging.DEBUG if quiet else logging.INFO
            logger.log(level, "[scheduler] %s: %s", entry.task, result.result)
        except Exception:
            logger.exception("[scheduler] %s failed", entry.task)
        finally:
            # As after a request; a caller inside a transaction (a test) keeps its connection.
            if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
                close_old_connections()

    def run_forever(self, stop: threading.Event) -> None:
        if stop.wait(START_DELAY):
            return
        logger.info(
            "[scheduler] %d scheduled tasks run in this process: %s",
            len(self.entries),
            ", ".join(entry.task for entry in self.entries),
        )
        while True:
            try:
                wait = self.tick()
            except Exception:  # never let the thread die: try again at the next check
                logger.exception("[scheduler] tick failed")
                wait = MAX_WAIT
            if stop.wait(min(wait, MAX_WAIT)):
                return


class _NotFromTheScheduler(logging.Filter):
    """Celery's own "Task ... succeeded" line, left out for the scheduler's runs (which log
    their own); eager tasks sent by requests keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.current_thread().name != THREAD_NAME


def should_start(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None):
    """Whether this process is the one to run the scheduler: ``EMBEDDED_SCHEDULER`` is on and
    this is ``runserver`` serving (the autoreloader's child, ``RUN_MAIN=true``, or
    ``--noreload``), never the autoreloader's watching parent, another command or a test."""
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    if not getattr(settings, "EMBEDDED_SCHEDULER", False):
        return False
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    return environ.get(autoreload.DJANGO_AUTORELOAD_ENV) == "true" or "--noreload" in argv


_lock = threading.Lock()
_thread: threading.Thread | None = None
_stop = threading.Event()


def start(beat_schedule: Mapping[str, Mapping[str, Any]] | None = None) -> threading.Thread:
    """Start the scheduler's daemon thread, once per process; return it."""
    global _thread
    with _lock:
        if _thread is None or not _thread.is_alive():
            scheduler = Scheduler(
                settings.CELERY_BEAT_SCHEDULE if beat_schedule is None else beat_schedule
            )
            _stop.clear()
            trace = logging.getLogger("celery.app.trace")
            if not any(isinstance(f, _NotFromTheScheduler) for f in trace.filters):
                trace.addFilter(_NotFromTheScheduler())
            _thread = threading.Thread(
                target=scheduler.run_forever, args=(_stop,), name=THREAD_NAME, daemon=True
            )
            _thread.start()
        return _thread


def stop(timeout: float = 5.0) -> None:
    """Stop the thread (for tests; the server's exit ends the daemon thread anyway)."""
    global _thread
    with _lock:
        _stop.set()
        if _thread is not None:
            _thread.join(timeout)
        _thread = None


__all__ = ["Scheduler", "should_start", "start", "stop"]

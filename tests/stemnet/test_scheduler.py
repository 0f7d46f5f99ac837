"""The embedded scheduler (stemnet.scheduler): the beat schedule run inside runserver."""

import datetime as dt
import io
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from celery import Celery
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from stemnet import scheduler
from stemnet.scheduler import Scheduler, should_start

ROOT = Path(__file__).resolve().parents[2]
BRUSSELS = ZoneInfo("Europe/Brussels")
T0 = dt.datetime(2026, 3, 10, 9, 0, tzinfo=BRUSSELS)


@pytest.fixture
def calls():
    return []


@pytest.fixture
def app(calls, db):
    """A Celery app of its own, so that the test tasks are registered nowhere else. (With
    ``db``: each run closes the database connections that are done, as after a request.)"""
    app = Celery("scheduler-test", set_as_current=False)
    app.conf.timezone = "Europe/Brussels"

    @app.task(name="test.hourly", shared=False)
    def hourly():
        calls.append("hourly")
        return 3

    @app.task(name="test.quarterly", shared=False)
    def quarterly():
        calls.append("quarterly")
        return 0

    @app.task(name="test.yearly", shared=False)
    def yearly():
        calls.append("yearly")
        return 1

    @app.task(name="test.boom", shared=False)
    def boom():
        calls.append("boom")
        raise RuntimeError("the database is on fire")

    return app


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.INFO, logger="stemnet.scheduler")
    return caplog


def every(task, **interval):
    return {"task": task, "schedule": dt.timedelta(**interval)}


def test_interval_entries_run_once_at_start_then_at_their_interval(app, calls, log):
    clock = Scheduler(
        {"a": every("test.hourly", hours=1), "b": every("test.quarterly", minutes=15)}, app=app
    )
    clock.tick(T0)
    assert calls == ["hourly", "quarterly"]
    clock.tick(T0 + dt.timedelta(minutes=1))
    clock.tick(T0 + dt.timedelta(minutes=14, seconds=59))
    assert calls == ["hourly", "quarterly"]  # not again before the interval
    clock.tick(T0 + dt.timedelta(minutes=15))
    assert calls == ["hourly", "quarterly", "quarterly"]
    clock.tick(T0 + dt.timedelta(minutes=59))
    assert calls.count("hourly") == 1
    clock.tick(T0 + dt.timedelta(hours=1))
    assert calls.count("hourly") == 2
    assert "[scheduler] test.hourly: 3" in log.messages
    assert "[scheduler] test.quarterly: 0" in log.messages


def test_tick_says_when_to_look_again(app):
    clock = Scheduler({"b": every("test.quarterly", minutes=15)}, app=app)
    assert clock.tick(T0) == scheduler.MAX_WAIT  # checks at least once a minute
    clock = Scheduler({"b": every("test.quarterly", seconds=20)}, app=app)
    assert clock.tick(T0) == 20


def test_a_crontab_entry_runs_only_when_due(app, calls):
    january = {
        "task": "test.yearly",
        "schedule": crontab(minute=0, hour=6, day_of_month=15, month_of_year=1),
    }
    clock = Scheduler({"reports": january}, app=app)
    start = dt.datetime(2026, 1, 14, 12, 0, tzinfo=BRUSSELS)
    clock.tick(start)
    assert calls == []  # not at start: only when due
    clock.tick(dt.datetime(2026, 1, 15, 5, 59, tzinfo=BRUSSELS))
    assert calls == []
    clock.tick(dt.datetime(2026, 1, 15, 6, 0, 30, tzinfo=BRUSSELS))
    assert calls == ["yearly"]
    clock.tick(dt.datetime(2026, 1, 15, 6, 1, tzinfo=BRUSSELS))
    clock.tick(dt.datetime(2026, 6, 1, 6, 0, tzinfo=BRUSSELS))
    assert calls == ["yearly"]
    clock.tick(dt.datetime(2027, 1, 15, 6, 0, tzinfo=BRUSSELS))
    assert calls == ["yearly", "yearly"]
    # the settings' own object is left alone (the scheduler binds a copy to its clock)
    assert january["schedule"].nowfun is None


def test_a_failing_task_is_logged_and_the_others_still_run(app, calls, log):
    clock = Scheduler(
        {
            "boom": every("test.boom", minutes=15),
            "missing": every("test.not_registered", minutes=15),
            "ok": every("test.hourly", hours=1),
        },
        app=app,
    )
    clock.tick(T0)
    assert calls == ["boom", "hourly"]
    assert "[scheduler] test.boom failed" in log.messages
    failure = next(r for r in log.records if r.getMessage() == "[scheduler] test.boom failed")
    assert "the database is on fire" in str(failure.exc_info[1])
    assert "[scheduler] test.not_registered: no such task registered" in log.messages
    assert "[scheduler] test.hourly: 3" in log.messages
    clock.tick(T0 + dt.timedelta(minutes=15))  # the failing one is tried again at its time
    assert calls == ["boom", "hourly", "boom"]


def test_it_is_off_in_tests_and_starts_only_in_the_serving_runserver(settings):
    assert not should_start()  # this process is pytest
    assert scheduler.THREAD_NAME not in {t.name for t in threading.enumerate()}
    settings.EMBEDDED_SCHEDULER = True
    serving = {"RUN_MAIN": "true"}  # the autoreloader's child, which serves
    assert should_start(["manage.py", "runserver", "127.0.0.1:8000"], serving)
    assert should_start(["manage.py", "runserver", "--noreload"], {})
    assert not should_start(["manage.py", "runserver"], {})  # the autoreloader's parent
    assert not should_start(["manage.py", "migrate"], serving)
    assert not should_start(["manage.py"], serving)
    settings.EMBEDDED_SCHEDULER = False
    assert not should_start(["manage.py", "runserver", "--noreload"], serving)


def _embedded_scheduler_setting(**env):
    unset = {"EMBEDDED_SCHEDULER", "DEBUG", "CELERY_BROKER_URL", "REDIS_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update({"REDIS_URL": "", **env})
    done = subprocess.run(
        [sys.executable, "-c", "import stemnet.settings as s; print(s.EMBEDDED_SCHEDULER)"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_the_default_is_on_only_when_embedded():
    assert _embedded_scheduler_setting() == "True"  # DEBUG, no broker: `make run`
    assert _embedded_scheduler_setting(CELERY_BROKER_URL="redis://127.0.0.1:6379/1") == "False"
    assert _embedded_scheduler_setting(REDIS_URL="redis://127.0.0.1:6379/0") == "False"
    assert _embedded_scheduler_setting(DEBUG="false", SECRET_KEY="x" * 50) == "False"
    assert _embedded_scheduler_setting(EMBEDDED_SCHEDULER="false") == "False"


def test_start_runs_one_daemon_thread():
    try:
        thread = scheduler.start({})
        assert thread.daemon and thread.is_alive() and thread.name == scheduler.THREAD_NAME
        assert scheduler.start({}) is thread  # once per process
    finally:
        scheduler.stop()
    assert not thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_after_loaddemo_one_tick_sends_the_demo_teachers_invitation_and_reminder(log):
    from trainings.evaluations.models import Invitation, Questionnaire
    from trainings.models import SessionReminder

    teacher = "leerkracht@stemnet.test"
    call_command("loaddemo", stdout=io.StringIO())
    # loading sends nothing: the scheduler's first run does
    assert not [m for m in mail.outbox if teacher in m.to]
    assert not Invitation.objects.filter(
        person__email=teacher, questionnaire__training__code="stem-labo-veiligheid"
    ).exists()

    Scheduler(settings.CELERY_BEAT_SCHEDULE).tick()

    invitation = Invitation.objects.get(
        person__email=teacher,
        questionnaire__training__code="stem-labo-veiligheid",
        questionnaire__kind=Questionnaire.Kind.POST,
    )
    assert invitation.sent_at is not None
    to_teacher = [m for m in mail.outbox if m.to == [teacher]]
    assert any(invitation.token in m.body for m in to_teacher)
    assert SessionReminder.objects.filter(
        enrolment__person__email=teacher,
        enrolment__training__code="onderzoekend-leren-reeks",
    ).exists()
    assert len(to_teacher) == 2  # the invitation and the reminder, nothing else
    assert "[scheduler] evaluations.send_questionnaires: 3" in log.messages
    assert "[scheduler] trainings.send_session_reminders: 1" in log.messages

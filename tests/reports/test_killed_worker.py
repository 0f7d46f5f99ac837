"""A report job whose worker is killed (parent and child, as an out-of-memory kill or
``docker kill`` does) ends within minutes: queued again while attempts remain, then failed
with a reason the person reads, never left "running"; "try again" on its page works at once.
The builds run in real processes that are really killed (real PostgreSQL: `make test`)."""

import datetime as dt
import os
import signal
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from monitor.reports import services
from monitor.reports.models import ReportJob
from monitor.reports.scope import Period
from stemnet.outbox.models import OutboxTask

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"


@pytest.fixture(autouse=True)
def broker_takes_the_tasks(monkeypatch):
    """The broker takes each task and no worker of this test's process runs it: the workers
    are the processes forked below."""
    from stemnet.outbox import services as outbox

    monkeypatch.setattr(outbox, "_publish", lambda row: None)


def _ask():
    job, _ = services.report_request(
        kind="yearly", scope_kind="network", codes=["VL"], period=Period.year(2017), fmt="pdf"
    )
    return job


def _build_in_a_process_that_hangs(job_id: int) -> int:
    """Fork a worker that starts the build, reports progress and hangs mid-PDF (its parent,
    this test, kills it); returns its pid once the job is running."""
    connection.close()  # the child opens its own
    pid = os.fork()
    if pid == 0:  # the worker
        try:
            os.setsid()  # its own process group, killed whole like a container

            def hang(job, progress=None):
                if progress:
                    progress(40, "PDF")
                time.sleep(600)

            services.build_files = hang
            services.report_build(job_id=job_id)
        finally:
            os._exit(0)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if job.status == ReportJob.Status.RUNNING and job.progress == 40:
            return pid
        time.sleep(0.05)
    os.killpg(pid, signal.SIGKILL)
    raise AssertionError("the worker never started the build")


def _kill(pid: int) -> None:
    os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def test_a_killed_workers_job_is_queued_again_then_failed_with_a_reason(world, require_postgres):
    job = _ask()
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        _kill(_build_in_a_process_that_hangs(job.pk))
        job.refresh_from_db()
        assert (job.status, job.attempts) == (ReportJob.Status.RUNNING, attempt)
        # The heartbeat died with the worker: within STALE (2 minutes) the beat task sees it.
        assert services.report_jobs_recover() == 0  # not yet stale: it may still be alive
        later = timezone.now() + services.STALE + dt.timedelta(seconds=1)
        assert dt.timedelta(minutes=5) >= services.STALE
        assert services.report_jobs_recover(now=later) == 1
        job.refresh_from_db()
        if attempt < services.MAX_ATTEMPTS:
            assert job.status == ReportJob.Status.QUEUED
            assert OutboxTask.objects.filter(task="reports.build_pdf_report").count() == attempt + 1
    assert job.status == ReportJob.Status.FAILED
    assert "stopte 3 keer" in job.error  # in the language of the one who asked (Dutch)
    # The same request now makes a fresh job instead of joining a dead one.
    again = _ask()
    assert again.pk != job.pk and again.status == ReportJob.Status.QUEUED


def test_a_live_build_keeps_its_lease(world, require_postgres, monkeypatch):
    monkeypatch.setattr(services, "HEARTBEAT", dt.timedelta(seconds=0.2))
    job = _ask()
    pid = _build_in_a_process_that_hangs(job.pk)
    try:
        first = ReportJob.objects.get(pk=job.pk).updated_at
        time.sleep(1.0)
        assert ReportJob.objects.get(pk=job.pk).updated_at > first  # the heartbeat touched it
        assert services.report_jobs_recover() == 0
    finally:
        _kill(pid)


def test_try_again_on_a_stale_job_queues_it_at_once(world, client, require_postgres):
    job = _ask()
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING,
        attempts=services.MAX_ATTEMPTS,
        updated_at=timezone.now() - dt.timedelta(minutes=10),
    )
    client.force_login(world.ministry, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("reports:retry", args=[job.token]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ReportJob.Status.QUEUED  # the person's try is one more


def test_the_recovery_runs_every_minute_in_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-recover-stale-jobs"]
    assert entry["task"] == "reports.recover_stale_jobs"
    assert entry["schedule"] == dt.timedelta(minutes=1)


def test_the_job_page_offers_try_again_on_a_stale_job(world, client, require_postgres):
    job = _ask()
    client.force_login(world.ministry, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("reports:job", args=[job.token])).content.decode()
    assert reverse("reports:retry", args=[job.token]) not in page  # queued a moment ago
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING, updated_at=timezone.now() - dt.timedelta(minutes=10)
    )
    page = client.get(reverse("reports:job", args=[job.token])).content.decode()
    assert reverse("reports:retry", args=[job.token]) in page

"""Celery: a real task through the Redis broker to a worker process started here."""

import importlib
import os
import re
import uuid
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.apps import apps as django_apps
from django.conf import settings

from stemnet import celery_app
from stemnet.tasks import ping
from tests.celery_worker import worker_process

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def require_broker():
    if not os.environ.get("CELERY_BROKER_URL"):
        if os.environ.get("STEMNET_SERVICES"):
            pytest.fail("make test must provide a Redis broker")
        pytest.skip("needs Redis: run `make test`")


@pytest.fixture
def worker(require_broker):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with worker_process(queues=[queue], name=f"{queue}@%h"):
        yield queue


def test_a_task_runs_on_a_real_worker_through_redis(worker):
    result = ping.apply_async(queue=worker)
    # Eager tasks run from several threads (the enrolment concurrency tests) can leave
    # Celery's process-wide "inside a task" flag set; this process is not a worker.
    with allow_join_result():
        answer = result.get(timeout=60)
    assert answer["pong"] is True
    assert answer["worker"]
    assert result.successful()


def test_time_limits_stay_under_the_visibility_timeout():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT < visibility
    assert settings.CELERY_TASK_ACKS_LATE  # a task killed mid-way is redelivered, not lost


def test_every_task_is_queued_on_commit_and_stays_under_the_visibility_timeout():
    """Tasks are queued only through the outbox (``stemnet.outbox.send_after_commit``: written
    with the change, handed after the commit), never with a bare ``delay``/``apply_async`` or
    ``delay_on_commit`` (lost when the broker is away); no task raises its own time limit above
    the broker's visibility timeout."""
    bare = []
    relay = ROOT / "stemnet" / "outbox" / "services.py"  # the one place that publishes
    for app in ("stemnet", "networks", "trainings", "monitor"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path == relay:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\.(delay|apply_async|delay_on_commit)\(", line):
                    bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bare, bare
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    ours_apps = [c for c in django_apps.get_app_configs() if Path(c.path).is_relative_to(ROOT)]
    for config in ours_apps:
        if (Path(config.path) / "tasks.py").exists():
            importlib.import_module(f"{config.name}.tasks")
    labels = {config.label for config in ours_apps}
    ours = [task for name, task in celery_app.tasks.items() if name.split(".")[0] in labels]
    assert len(ours) >= 9
    for task in ours:
        assert (task.time_limit or settings.CELERY_TASK_TIME_LIMIT) < visibility, task.name

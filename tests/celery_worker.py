"""A real Celery worker process for the tests that need one (tests/stemnet/test_celery.py and
the browser journeys' stage): the solo pool on the given queues, this checkout's code; tasks
sent meanwhile go to the broker instead of running in the test's process."""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from stemnet import celery_app

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def worker_process(*, queues, name: str, env: dict | None = None, loglevel: str = "WARNING"):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "stemnet",
            "worker",
            "--pool=solo",
            "-Q",
            ",".join(queues),
            "-n",
            name,
            "--without-mingle",
            "--without-gossip",
            f"--loglevel={loglevel}",
        ],
        cwd=ROOT,
        env=env if env is not None else os.environ.copy(),
    )
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        process.wait(timeout=30)

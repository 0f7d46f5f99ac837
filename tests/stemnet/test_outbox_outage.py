"""Fault injection: a real Redis broker, started here, stops while ten people enrol and cancel
at once; every request whose change committed answers success, and once the broker is back
the relay hands the work and every e-mail goes out exactly once, also when the broker
delivers each task twice (real PostgreSQL and Redis: `make test`)."""

import os
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu import Connection

from stemnet import celery_app
from stemnet.outbox import services
from stemnet.outbox.models import OutboxTask
from tests.factories import ProfileFactory
from trainings.models import Enrolment

from ..trainings.factories import SessionFactory, TrainingFactory

PEOPLE = 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    """A throwaway redis-server on loopback that can be stopped and started on its port."""

    def __init__(self, tmp_path):
        self.port = _free_port()
        self.dir = tmp_path
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def broker(tmp_path, require_postgres, monkeypatch):
    if not shutil.which("redis-server"):
        if os.environ.get("STEMNET_SERVICES"):
            pytest.fail("make test must provide redis-server")
        pytest.skip("needs redis-server: run `make test`")
    broker = Broker(tmp_path)
    broker.start()
    # Celery reads the broker's address from the environment before its settings.
    monkeypatch.setenv("CELERY_BROKER_URL", broker.url)
    monkeypatch.setenv("CELERY_BROKER_WRITE_URL", broker.url)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    celery_app._after_fork()  # drop the pooled connections to the suite's broker
    try:
        yield broker
    finally:
        if broker.process.poll() is None:
            broker.stop()
        celery_app.conf.task_always_eager = eager
        monkeypatch.undo()
        celery_app._after_fork()


def _drain(url: str) -> list:
    """The task messages waiting in the default queue, taken off it."""
    messages = []
    with Connection(url) as conn:
        queue = conn.SimpleQueue(celery_app.conf.task_default_queue, no_ack=True)
        while True:
            try:
                message = queue.get(timeout=1)
            except queue.Empty:
                break
            messages.append((message.headers["task"], message.headers["id"], message.payload))
        queue.close()
    return messages


def _run(messages) -> None:
    """Run the tasks as a worker would (here, in this process), each delivered twice."""
    for name, task_id, (args, kwargs, _embed) in messages * 2:
        celery_app.tasks[name].apply(args=args, kwargs=kwargs, task_id=task_id)


@pytest.mark.django_db(transaction=True)
def test_enrol_and_cancel_while_the_broker_is_away_lose_no_mail(broker, world):
    training = TrainingFactory(centre=world.centre, shared_capacity=PEOPLE)
    SessionFactory(training=training)
    people = [ProfileFactory(role="teacher").user for _ in range(PEOPLE)]
    url = reverse("trainings:enrol", args=[training.code])

    # Half enrol while the broker is up: their mail is handed at once.
    answers = []
    for person in people[: PEOPLE // 2]:
        client = Client()
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
        answers.append(client.post(url).status_code)
    assert OutboxTask.objects.filter(handed_at__isnull=True).count() == 0
    before = _drain(broker.url)  # a worker takes them before the broker goes
    assert len(before) == PEOPLE // 2

    broker.stop()
    barrier = threading.Barrier(PEOPLE)

    def act(person, index):
        client = Client(raise_request_exception=False)
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
        try:
            barrier.wait()
            if index < PEOPLE // 2:  # those enrolled cancel
                enrolment = Enrolment.objects.get(person=person, training=training)
                answers.append(
                    client.post(reverse("trainings:cancel", args=[enrolment.pk])).status_code
                )
            else:  # the others enrol
                answers.append(client.post(url).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(p, i)) for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(answers) == PEOPLE + PEOPLE // 2
    assert all(code in (200, 302) for code in answers), Counter(answers)
    states = Counter(Enrolment.objects.filter(training=training).values_list("status", flat=True))
    assert states == {Enrolment.Status.CANCELLED: 5, Enrolment.Status.ENROLLED: 5}
    waiting = OutboxTask.objects.filter(handed_at__isnull=True)
    assert waiting.count() == PEOPLE  # five cancellations, five enrolments
    assert all("Connection refused" in row.last_error or row.last_error for row in waiting)

    assert services.outbox_relay(now=timezone.now() + services.RELAY_AFTER) == 0  # still away
    broker.start()
    assert services.outbox_relay(now=timezone.now() + services.RELAY_AFTER) == PEOPLE
    assert services.outbox_relay(now=timezone.now() + services.RELAY_AFTER) == 0

    messages = _drain(broker.url)
    assert len(messages) == PEOPLE
    mail.outbox.clear()
    _run(before + messages)
    sent = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert len(sent) == PEOPLE + PEOPLE // 2  # every change its mail
    assert set(sent.values()) == {1}  # each exactly once, although delivered twice
    for person in people[: PEOPLE // 2]:
        assert sum(1 for to, _s in sent if to == person.email) == 2  # enrolled, cancelled

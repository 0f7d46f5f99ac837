"""stemnet.outbox: work after a commit is written with the change and handed to the broker
after it; a broker that is away costs the request nothing and the relay hands the work later,
once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from stemnet.outbox import services
from stemnet.outbox.models import OutboxTask
from trainings.models import Enrolment

from ..trainings.factories import SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_away(monkeypatch):
    """Every publish fails as it does when Redis is stopped."""

    def refuse(row):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(services, "_publish", refuse)


@pytest.fixture
def training(world):
    training = TrainingFactory(centre=world.centre, shared_capacity=5)
    SessionFactory(training=training)
    return training


def _enrol(client, training):
    return client.post(reverse("trainings:enrol", args=[training.code]))


def test_the_work_is_written_with_the_change_and_handed_after_the_commit(
    world, training, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _enrol(client_for(world.teacher), training)
    assert response.status_code == 302
    (row,) = OutboxTask.objects.all()
    assert (row.task, row.args[1]) == ("trainings.send_enrolment_mail", "enrolled")
    assert row.handed_at is not None and row.attempts == 1
    assert [m.to for m in mail.outbox] == [[world.teacher.email]]


def test_a_rolled_back_change_leaves_no_work(world, training, django_capture_on_commit_callbacks):
    from trainings.services.enrolment import enrolment_create

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enrolment_create(person=world.teacher, training=training)
        raise RuntimeError("the request failed after the change")
    assert not OutboxTask.objects.exists()
    assert not Enrolment.objects.exists()
    assert mail.outbox == []


def test_a_broker_away_costs_the_request_nothing_and_the_relay_sends_once(
    world, training, client_for, broker_away, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _enrol(client_for(world.teacher), training)
    assert response.status_code == 302  # the seat was taken: the answer says so
    assert Enrolment.objects.get().status == Enrolment.Status.ENROLLED
    row = OutboxTask.objects.get()
    assert row.handed_at is None and row.attempts == 1
    assert "Connection refused" in row.last_error
    assert mail.outbox == []

    later = timezone.now() + dt.timedelta(minutes=1)
    assert services.outbox_relay(now=later) == 0  # still away: kept, tried once more
    assert OutboxTask.objects.get().attempts == 2
    monkeypatch.undo()  # the broker is back
    assert services.outbox_relay(now=later) == 1
    assert services.outbox_relay(now=later) == 0  # handed rows are never handed again
    assert [m.to for m in mail.outbox] == [[world.teacher.email]]


def test_the_relay_leaves_fresh_rows_to_their_request_and_gives_up_on_a_poison_row(
    world, training, broker_away
):
    with transaction.atomic():
        fresh = services.send_after_commit("stemnet.ping")
    assert services.outbox_relay() == 0  # younger than RELAY_AFTER: the request's own try
    assert OutboxTask.objects.get(pk=fresh.pk).attempts == 0
    OutboxTask.objects.filter(pk=fresh.pk).update(attempts=services.MAX_ATTEMPTS)
    assert services.outbox_relay(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert OutboxTask.objects.get(pk=fresh.pk).attempts == services.MAX_ATTEMPTS


def test_the_command_hands_what_waits(world, training, capsys):
    OutboxTask.objects.create(
        task="stemnet.ping", created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    call_command("outbox_relay")
    assert "1 handed, 0 still waiting" in capsys.readouterr().out


def test_the_relay_runs_every_minute_in_beat_and_in_make_run(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-relay"]
    assert entry["task"] == "outbox.relay" and entry["schedule"] == dt.timedelta(minutes=1)
    from stemnet import celery_app
    from stemnet.outbox import tasks  # noqa: F401

    assert "outbox.relay" in celery_app.tasks


def test_handed_rows_are_pruned_after_thirty_days(world):
    old = timezone.now() - dt.timedelta(days=31)
    OutboxTask.objects.create(task="stemnet.ping", created_at=old, handed_at=old)
    OutboxTask.objects.create(task="stemnet.ping", created_at=old)  # never handed: kept
    assert services.outbox_prune() == 1
    assert OutboxTask.objects.filter(handed_at__isnull=True).count() == 1

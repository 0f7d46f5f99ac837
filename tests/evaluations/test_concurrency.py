"""Two beat runs at once never send the same questionnaire twice (real PostgreSQL only)."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection

from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.evaluations import services as ev
from trainings.evaluations.models import Invitation
from trainings.models import Attendance

NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_concurrent_sending_sends_each_invitation_once(world, require_postgres):
    training = TrainingFactory(centre=world.centre)
    start = NOW - dt.timedelta(days=2)
    session = SessionFactory(
        training=training, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    for enrolment in EnrolmentFactory.create_batch(20, training=training):
        Attendance.objects.create(enrolment=enrolment, session=session, present=True, hours=3)
    barrier = threading.Barrier(4)
    sent, errors = [], []

    def run():
        try:
            barrier.wait()
            sent.append(ev.questionnaires_send(now=NOW))
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sum(sent) == 20
    assert len(mail.outbox) == 20
    assert len({m.to[0] for m in mail.outbox}) == 20
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 20

"""Messages to a training's participants: who gets them, once, and where they see them."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from tests.trainings.factories import EnrolmentFactory, TrainingFactory
from trainings.models import Enrolment, MessageDelivery, TrainingMessage
from trainings.services.messages import message_deliveries_send, training_message_send

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def send(**kwargs):
    """``training_message_send`` and its commit (the sending task is queued on commit)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return training_message_send(**kwargs)


@pytest.fixture
def people(world):
    training = TrainingFactory(centre=world.centre, shared_capacity=2)
    seat = EnrolmentFactory(training=training, person=world.teacher)
    waiting = EnrolmentFactory(training=training, status=Status.WAITLISTED, waitlist_position=1)
    gone = EnrolmentFactory(training=training, status=Status.CANCELLED)
    return training, seat, waiting, gone


@pytest.mark.parametrize(
    ("audience", "who"),
    [("all", {"seat", "waiting"}), ("enrolled", {"seat"}), ("waitlisted", {"waiting"})],
)
def test_the_audience_decides_who_gets_it_never_the_cancelled(world, people, audience, who):
    training, seat, waiting, gone = people
    by_name = {"seat": seat.person.email, "waiting": waiting.person.email}
    mail.outbox.clear()
    send(
        training=training,
        sender=world.coordinator,
        audience=audience,
        subject="Parking",
        body="Parkeer achter het gebouw.",
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(by_name[w] for w in who)
    assert gone.person.email not in [m.to[0] for m in mail.outbox]
    assert all(training.title in m.subject and "Parking" in m.subject for m in mail.outbox)
    assert all("Parkeer achter het gebouw." in m.body for m in mail.outbox)


def test_a_redelivered_task_mails_nobody_twice(world, people):
    training, *_ = people
    mail.outbox.clear()
    message = send(
        training=training, sender=world.coordinator, audience="all", subject="S", body="B"
    )
    assert len(mail.outbox) == 2
    assert message_deliveries_send(message_id=message.pk) == 0
    assert len(mail.outbox) == 2
    assert not MessageDelivery.objects.filter(message=message, sent_at__isnull=True).exists()


def test_nobody_in_the_group_or_an_empty_text_writes_nothing(world, people):
    from django.core.exceptions import ValidationError

    training, *_ = people
    with pytest.raises(ValidationError) as error:
        send(
            training=training,
            sender=world.coordinator,
            audience="attended",
            subject="S",
            body="B",
        )
    assert "audience" in error.value.message_dict
    with pytest.raises(ValidationError):
        send(training=training, sender=world.coordinator, audience="all", subject=" ", body="")
    assert not TrainingMessage.objects.exists()


def test_the_page_sends_and_the_teacher_sees_it_under_my_trainings(world, people, client_for):
    training, *_ = people
    url = reverse("workspace:training_messages", args=[training.pk])
    client = client_for(world.coordinator)
    response = client.post(
        url, {"audience": "enrolled", "subject": "Lokaal gewijzigd", "body": "We zitten in B.12."}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Lokaal gewijzigd" in page
    mine = client_for(world.teacher).get(reverse("trainings:my_trainings")).content.decode()
    assert "Lokaal gewijzigd" in mine and "We zitten in B.12." in mine
    # Ministry staff read the list but send nothing; another centre's coordinator: 404.
    assert client_for(world.ministry).get(url).status_code == 200
    assert client_for(world.ministry).post(url, {"audience": "all"}).status_code == 403
    assert client_for(world.other_coordinator).get(url).status_code == 404
    assert TrainingMessage.objects.count() == 1


def test_a_bad_post_gives_messages_and_writes_nothing(world, people, client_for):
    training, *_ = people
    url = reverse("workspace:training_messages", args=[training.pk])
    response = client_for(world.coordinator).post(
        url, {"audience": "attended", "subject": "S\x00", "body": "x" * 6000}
    )
    assert response.status_code == 200
    assert not TrainingMessage.objects.exists()


def test_messages_are_in_the_data_export_and_erased_with_the_account(world, people):
    from stemnet import privacy

    training, *_ = people
    send(training=training, sender=world.coordinator, audience="enrolled", subject="S", body="B")
    assert privacy.export_person(world.teacher)["training_messages"][0]["subject"] == "S"
    for entry in privacy.registered():
        if entry.key == "training_messages":
            entry.erase(world.teacher)
            entry.erase(world.coordinator)
    assert not MessageDelivery.objects.filter(person=world.teacher).exists()
    assert TrainingMessage.objects.get().sender is None

"""trainings/services/enrolment.py and waitlist.py: seats, the waiting list, offers,
cancelling, capacity; and the e-mails, reminders and certificate codes they lead to."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import ProfileFactory
from trainings import counting
from trainings.models import Enrolment, SessionReminder, Training
from trainings.services import certificates, reminders, waitlist
from trainings.services import enrolment as services
from trainings.services import mail as mail_services

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

Status = Enrolment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_at_once(monkeypatch):
    """E-mails are queued after commit; the test's transaction never commits, so send now."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def people(n):
    return [ProfileFactory().user for _ in range(n)]


def training_with(capacity, *, promotion=Training.Promotion.DIRECT, days=14, **extra):
    training = TrainingFactory(shared_capacity=capacity, promotion=promotion, **extra)
    SessionFactory(training=training, starts_at=timezone.now() + dt.timedelta(days=days))
    return training


def statuses(training):
    return list(
        Enrolment.objects.filter(training=training)
        .order_by("pk")
        .values_list("status", "waitlist_position")
    )


def test_enrol_takes_seats_then_the_waiting_list_in_order():
    training = training_with(2)
    result = [services.enrolment_create(person=p, training=training) for p in people(4)]
    assert [(e.status, e.waitlist_position) for e in result] == [
        (Status.ENROLLED, None),
        (Status.ENROLLED, None),
        (Status.WAITLISTED, 1),
        (Status.WAITLISTED, 2),
    ]
    subjects = [m.subject for m in mail.outbox]
    assert sum("Inschrijving bevestigd" in s for s in subjects) == 2
    assert sum("wachtlijst" in s.lower() for s in subjects) == 2


def test_capacity_is_the_smallest_session_without_shared_capacity():
    training = TrainingFactory(shared_capacity=None)
    SessionFactory(training=training, capacity=5)
    SessionFactory(training=training, capacity=3)
    assert counting.training_capacity(training) == 3
    SessionFactory(training=TrainingFactory(shared_capacity=None), capacity=None)
    assert counting.training_capacity(TrainingFactory(shared_capacity=None)) is None


def test_enrolling_twice_is_refused_and_changes_nothing():
    training = training_with(5)
    person = people(1)[0]
    services.enrolment_create(person=person, training=training)
    before = statuses(training)
    with pytest.raises(ValidationError, match="al ingeschreven"):
        services.enrolment_create(person=person, training=training)
    assert statuses(training) == before


@pytest.mark.parametrize("case", ["draft", "closed", "started", "deadline"])
def test_enrolling_in_a_closed_training_is_refused(case):
    extra = {}
    days = 14
    if case == "draft":
        extra["status"] = Training.Status.DRAFT
    elif case == "closed":
        extra["status"] = Training.Status.CLOSED
    elif case == "started":
        days = -1
    else:
        extra["enrolment_deadline"] = timezone.now() - dt.timedelta(hours=1)
    training = training_with(5, days=days, **extra)
    with pytest.raises(ValidationError):
        services.enrolment_create(person=people(1)[0], training=training)
    assert not Enrolment.objects.filter(training=training).exists()


def test_cancel_promotes_the_first_on_the_waiting_list_directly():
    training = training_with(1)
    first, second, third = people(3)
    seat = services.enrolment_create(person=first, training=training)
    services.enrolment_create(person=second, training=training)
    services.enrolment_create(person=third, training=training)
    mail.outbox.clear()
    services.enrolment_cancel(enrolment=seat, by=first)
    assert Enrolment.objects.get(person=second).status == Status.ENROLLED
    third_enrolment = Enrolment.objects.get(person=third)
    assert (third_enrolment.status, third_enrolment.waitlist_position) == (Status.WAITLISTED, 2)
    assert {m.to[0] for m in mail.outbox} == {first.email, second.email}


def test_cancelling_twice_is_harmless_and_a_cancelled_person_may_enrol_again():
    training = training_with(2)
    person = people(1)[0]
    enrolment = services.enrolment_create(person=person, training=training)
    services.enrolment_cancel(enrolment=enrolment, by=person)
    services.enrolment_cancel(enrolment=enrolment, by=person)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.CANCELLED
    again = services.enrolment_create(person=person, training=training)
    assert (again.pk, again.status) == (enrolment.pk, Status.ENROLLED)


def test_cancelling_someone_elses_enrolment_is_forbidden(world):
    training = training_with(2, centre=world.centre)
    enrolment = services.enrolment_create(person=people(1)[0], training=training)
    with pytest.raises(PermissionDenied):
        services.enrolment_cancel(enrolment=enrolment, by=world.teacher)
    with pytest.raises(PermissionDenied):
        services.enrolment_cancel(enrolment=enrolment, by=world.other_coordinator)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.ENROLLED
    services.enrolment_cancel(enrolment=enrolment, by=world.coordinator)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.CANCELLED


def test_capacity_raise_promotes_in_order():
    training = training_with(1)
    enrolments = [services.enrolment_create(person=p, training=training) for p in people(4)]
    with pytest.raises(ValidationError) as refused:
        services.capacity_change_check(training=training, shared_capacity=0)
    assert refused.value.error_dict["shared_capacity"][0].code == "below_held"
    assert services.capacity_change_check(training=training, shared_capacity=3) == 3
    Training.objects.filter(pk=training.pk).update(shared_capacity=3)
    promoted = waitlist.waitlist_promote(training=training)
    assert [e.pk for e in promoted] == [enrolments[1].pk, enrolments[2].pk]
    assert Enrolment.objects.get(pk=enrolments[3].pk).status == Status.WAITLISTED


def test_session_capacity_cannot_drop_below_the_enrolled():
    training = TrainingFactory(shared_capacity=None)
    session = SessionFactory(training=training, capacity=3)
    for person in people(2):
        services.enrolment_create(person=person, training=training)
    with pytest.raises(ValidationError):
        services.capacity_change_check(training=training, session=session, session_capacity=1)
    assert (
        services.capacity_change_check(training=training, session=session, session_capacity=2) == 2
    )


def test_offer_mode_offers_the_seat_and_expiry_passes_it_on():
    training = training_with(1, promotion=Training.Promotion.OFFER)
    first, second, third = people(3)
    seat = services.enrolment_create(person=first, training=training)
    services.enrolment_create(person=second, training=training)
    services.enrolment_create(person=third, training=training)
    before = timezone.now()
    services.enrolment_cancel(enrolment=seat, by=first)
    offered = Enrolment.objects.get(person=second)
    assert offered.status == Status.WAITLISTED
    assert offered.offer_expires_at - before >= dt.timedelta(hours=48)
    # The offered seat is held: a newcomer goes to the waiting list.
    newcomer = services.enrolment_create(person=people(1)[0], training=training)
    assert newcomer.status == Status.WAITLISTED
    # Two days later nobody claimed it: it passes to the third person.
    waitlist.offers_expire(now=timezone.now() + dt.timedelta(hours=49))
    assert Enrolment.objects.get(person=second).status == Status.CANCELLED
    third_enrolment = Enrolment.objects.get(person=third)
    assert third_enrolment.offer_expires_at is not None
    services.offer_claim(enrolment=third_enrolment, by=third)
    assert Enrolment.objects.get(person=third).status == Status.ENROLLED


def test_an_expired_offer_cannot_be_claimed():
    training = training_with(1, promotion=Training.Promotion.OFFER)
    first, second = people(2)
    seat = services.enrolment_create(person=first, training=training)
    waiting = services.enrolment_create(person=second, training=training)
    services.enrolment_cancel(enrolment=seat, by=first)
    Enrolment.objects.filter(pk=waiting.pk).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        services.offer_claim(enrolment=waiting, by=second)
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.WAITLISTED


def test_nobody_is_promoted_once_the_training_has_started():
    training = training_with(1)
    first, second = people(2)
    seat = services.enrolment_create(person=first, training=training)
    services.enrolment_create(person=second, training=training)
    training.sessions.update(
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=2),
    )
    Training.objects.filter(pk=training.pk).update(shared_capacity=5)
    assert waitlist.waitlist_promote(training=training) == []
    with pytest.raises(ValidationError):
        services.enrolment_cancel(enrolment=seat, by=first)
    assert Enrolment.objects.get(person=second).status == Status.WAITLISTED


def test_promotion_continues_after_the_enrolment_deadline_until_the_start():
    """The deadline closes enrolment to newcomers; the waiting list still moves up."""
    training = training_with(1)
    first, second = people(2)
    seat = services.enrolment_create(person=first, training=training)
    services.enrolment_create(person=second, training=training)
    Training.objects.filter(pk=training.pk).update(
        enrolment_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="gesloten"):
        services.enrolment_create(person=people(1)[0], training=training)
    services.enrolment_cancel(enrolment=seat, by=first)
    assert Enrolment.objects.get(person=second).status == Status.ENROLLED


def test_reminders_are_sent_once_for_tomorrows_sessions():
    now = timezone.localtime().replace(hour=10, minute=0)
    training = TrainingFactory()
    tomorrow = SessionFactory(training=training, starts_at=now + dt.timedelta(days=1))
    SessionFactory(training=training, starts_at=now + dt.timedelta(days=3))
    enrolled = EnrolmentFactory(training=training)
    EnrolmentFactory(training=training, status=Status.WAITLISTED, waitlist_position=1)
    EnrolmentFactory(training=training, status=Status.CANCELLED)
    mail.outbox.clear()
    assert reminders.session_reminders_send(now=now) == 1
    assert reminders.session_reminders_send(now=now) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [enrolled.person.email]
    assert "morgen" in mail.outbox[0].subject
    assert SessionReminder.objects.get().session == tomorrow


def test_mail_follows_the_persons_language():
    training = training_with(3, title="Robotica in de klas")
    person = people(1)[0]
    person.language = "en"
    person.save()
    services.enrolment_create(person=person, training=training)
    assert mail.outbox[-1].subject == "[STEMNET] Enrolment confirmed: Robotica in de klas"


def test_certificate_code_is_issued_once():
    enrolment = EnrolmentFactory()
    code = certificates.certificate_code_issue(enrolment=enrolment)
    assert len(code) == 14 and code == certificates.certificate_code_issue(enrolment=enrolment)


@pytest.mark.parametrize("kind", sorted(mail_services.MAIL_SUBJECTS))
def test_every_mail_is_dutch_by_default_and_english_when_chosen(kind):
    """Each e-mail (confirmed, waitlisted, promoted, offered, cancelled, reminder, ...) has a
    Dutch subject and body, and an English one for a person who chose English."""
    training = training_with(3, title="Robotica in de klas")
    enrolment = EnrolmentFactory(training=training)
    session = training.sessions.first()
    texts = {}
    for language in ("nl-be", "en"):
        enrolment.person.language = language
        enrolment.person.save()
        mail.outbox.clear()
        mail_services.enrolment_mail_send(enrolment=enrolment, kind=kind, session=session)
        (message,) = mail.outbox
        assert message.to == [enrolment.person.email]
        assert "Robotica in de klas" in message.subject and "Robotica in de klas" in message.body
        texts[language] = message
    assert "Met vriendelijke groeten" in texts["nl-be"].body
    assert "Kind regards" in texts["en"].body
    assert texts["nl-be"].subject != texts["en"].subject
    assert texts["nl-be"].body.split("\n\n")[1] != texts["en"].body.split("\n\n")[1]


def test_leaving_the_waiting_list_frees_no_seat_and_keeps_the_order():
    training = training_with(1)
    seated, first, leaving, last = (
        services.enrolment_create(person=p, training=training) for p in people(4)
    )
    services.enrolment_cancel(enrolment=leaving, by=leaving.person)
    leaving.refresh_from_db()
    assert (leaving.status, leaving.waitlist_position) == (Status.CANCELLED, None)
    assert Enrolment.objects.get(pk=seated.pk).status == Status.ENROLLED  # nobody promoted
    services.enrolment_cancel(enrolment=seated, by=seated.person)
    assert Enrolment.objects.get(pk=first.pk).status == Status.ENROLLED
    assert Enrolment.objects.get(pk=last.pk).status == Status.WAITLISTED
    assert Enrolment.objects.get(pk=leaving.pk).status == Status.CANCELLED
    services.enrolment_cancel(enrolment=first, by=first.person)
    assert Enrolment.objects.get(pk=last.pk).status == Status.ENROLLED


def test_a_seat_freed_without_promotion_goes_to_the_waiting_list_before_a_newcomer():
    """An import records a cancellation as given and promotes nobody; the next enrolment
    first gives the free seat to the first in line."""
    training = training_with(1)
    seated, waiting = (services.enrolment_create(person=p, training=training) for p in people(2))
    Enrolment.objects.filter(pk=seated.pk).update(status=Status.CANCELLED)  # as an import does
    mail.outbox.clear()
    newcomer = services.enrolment_create(person=people(1)[0], training=training)
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.ENROLLED
    assert (newcomer.status, newcomer.waitlist_position) == (Status.WAITLISTED, 1)
    assert {m.to[0] for m in mail.outbox} == {waiting.person.email, newcomer.person.email}

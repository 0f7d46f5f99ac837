"""trainings/views/mine.py: a teacher's trainings, cancelling, offers, certificate, feed."""

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trainings.models import Attendance, Enrolment, Training
from trainings.services.calendar_feeds import calendar_feed_get_or_create

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
MINE = reverse("trainings:my_trainings")


def enrolment_in_new_training(person, *, days=10, sessions=2, **extra):
    training = TrainingFactory(**{"shared_capacity": 10, **extra})
    for i in range(sessions):
        SessionFactory(training=training, starts_at=timezone.now() + dt.timedelta(days=days + i))
    return EnrolmentFactory(person=person, training=training)


def attended(person, *, present_sessions=2, sessions=2, threshold=100):
    enrolment = enrolment_in_new_training(
        person, days=-30, sessions=sessions, attendance_threshold=threshold, ects=Decimal("1.0")
    )
    for session in list(enrolment.training.sessions.all())[:present_sessions]:
        Attendance.objects.create(
            enrolment=enrolment, session=session, present=True, hours=Decimal("3.0")
        )
    return enrolment


def test_my_trainings_groups_and_query_count(world, client_for):
    client = client_for(world.teacher)
    enrolment_in_new_training(world.teacher)
    attended(world.teacher)
    client.get(MINE)  # the first visit creates the calendar-feed token
    with CaptureQueriesContext(connection) as small:
        assert client.get(MINE).status_code == 200
    for _ in range(4):
        enrolment_in_new_training(world.teacher)
        attended(world.teacher)
    EnrolmentFactory(person=world.teacher, status=Status.WAITLISTED, waitlist_position=1)
    EnrolmentFactory(person=world.teacher, status=Status.CANCELLED)
    with CaptureQueriesContext(connection) as large:
        response = client.get(MINE)
    assert len(small.captured_queries) == len(large.captured_queries)
    groups = response.context["groups"]
    assert [len(groups[k]) for k in ("upcoming", "waiting", "past", "cancelled")] == [5, 1, 5, 1]


def test_cancel_own_enrolment_and_not_someone_elses(world, client_for):
    own = enrolment_in_new_training(world.teacher)
    other = enrolment_in_new_training(world.coordinator)
    client = client_for(world.teacher)
    response = client.post(reverse("trainings:cancel", args=[other.pk]))
    assert response.status_code == 404
    assert Enrolment.objects.get(pk=other.pk).status == Status.ENROLLED
    response = client.post(reverse("trainings:cancel", args=[own.pk]), follow=True)
    assert "Geannuleerd" in response.content.decode()
    assert Enrolment.objects.get(pk=own.pk).status == Status.CANCELLED


def test_cancelling_asks_first_and_the_question_changes_nothing(world, client_for):
    """The cancel link opens a question (the training, its dates, what happens to the seat,
    the fee); only the confirming POST cancels. A cancelled enrolment is not asked again."""
    enrolment = enrolment_in_new_training(world.teacher, fee_eur=Decimal("45.00"))
    client = client_for(world.teacher)
    response = client.get(reverse("trainings:cancel", args=[enrolment.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert enrolment.training.title in body and "Ja, annuleren" in body and "45,00" in body
    assert "wachtlijst" in body
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.ENROLLED
    client.post(reverse("trainings:cancel", args=[enrolment.pk]))
    response = client.get(reverse("trainings:cancel", args=[enrolment.pk]))
    assert response.status_code == 302 and response["Location"] == MINE


def test_cancelling_after_the_start_gives_a_message(world, client_for):
    enrolment = enrolment_in_new_training(world.teacher, days=-1)
    response = client_for(world.teacher).post(
        reverse("trainings:cancel", args=[enrolment.pk]), follow=True
    )
    assert "al begonnen" in response.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.ENROLLED


def test_claiming_an_offer(world, client_for):
    enrolment = enrolment_in_new_training(world.teacher, promotion=Training.Promotion.OFFER)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=Status.WAITLISTED,
        waitlist_position=1,
        offer_expires_at=timezone.now() + dt.timedelta(hours=5),
    )
    client = client_for(world.teacher)
    assert "Plaats aanvaarden" in client.get(MINE).content.decode()
    client.post(reverse("trainings:claim_offer", args=[enrolment.pk]))
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.ENROLLED
    response = client.post(reverse("trainings:claim_offer", args=[enrolment.pk]), follow=True)
    assert "geen plaats open" in response.content.decode()


def test_certificate_pdf_with_verification_code(world, client_for, settings):
    settings.SITE_URL = "https://stemnet.example.be"
    enrolment = attended(world.teacher)
    client = client_for(world.teacher)
    assert (
        reverse("trainings:certificate", args=[enrolment.pk]) in client.get(MINE).content.decode()
    )
    response = client.get(reverse("trainings:certificate", args=[enrolment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    enrolment.refresh_from_db()
    assert enrolment.certificate_code
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    # The printed check address is on the site's own address, not the request's host.
    assert "https://stemnet.example.be/nascholingen/attest/controle/" in text
    assert "testserver" not in text
    check = client.get(
        reverse("trainings:certificate_verify"), {"code": enrolment.certificate_code}
    )
    page = check.content.decode()
    assert "Dit attest is echt" in page
    assert "<dd>6,0</dd>" in page


@pytest.mark.parametrize("present, threshold, ok", [(1, 100, False), (1, 50, True), (0, 1, False)])
def test_certificate_needs_the_attendance_threshold(world, client_for, present, threshold, ok):
    enrolment = attended(world.teacher, present_sessions=present, threshold=threshold)
    response = client_for(world.teacher).get(reverse("trainings:certificate", args=[enrolment.pk]))
    assert response.status_code == (200 if ok else 404)


def test_no_certificate_of_someone_else(world, client_for):
    enrolment = attended(world.coordinator)
    response = client_for(world.teacher).get(reverse("trainings:certificate", args=[enrolment.pk]))
    assert response.status_code == 404
    assert Enrolment.objects.get(pk=enrolment.pk).certificate_code is None


def test_personal_calendar_feed(world, client_for, client):
    enrolment_in_new_training(world.teacher, sessions=3)
    EnrolmentFactory(person=world.teacher, status=Status.CANCELLED)
    token = calendar_feed_get_or_create(person=world.teacher).token
    response = client.get(reverse("trainings:calendar_feed", args=[token]))
    assert response.content.decode().count("BEGIN:VEVENT") == 3
    assert client.get(reverse("trainings:calendar_feed", args=["wrong"])).status_code == 404
    client_for(world.teacher).post(reverse("trainings:calendar_feed_new"))
    assert client.get(reverse("trainings:calendar_feed", args=[token])).status_code == 404


def test_certificate_by_default_needs_every_session_and_shows_hours_ects_and_code(
    world, client_for
):
    assert Training._meta.get_field("attendance_threshold").default == 100
    enrolment = enrolment_in_new_training(world.teacher, days=-30, sessions=2, ects=Decimal("1.5"))
    first, second = enrolment.training.sessions.all()
    Attendance.objects.create(
        enrolment=enrolment, session=first, present=True, hours=Decimal("3.0")
    )
    url = reverse("trainings:certificate", args=[enrolment.pk])
    client = client_for(world.teacher)
    assert client.get(url).status_code == 404  # one of two sessions: no certificate
    Attendance.objects.create(
        enrolment=enrolment, session=second, present=True, hours=Decimal("2.5")
    )
    response = client.get(url)
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    enrolment.refresh_from_db()
    flat = " ".join(text.split())
    # pdftotext may split a code at a glyph boundary ("KYUD -BLZJ"): compare without spaces.
    assert enrolment.certificate_code in "".join(text.split())
    assert "5,5" in flat and "1,5" in flat  # hours present, ECTS

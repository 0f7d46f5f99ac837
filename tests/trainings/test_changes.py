"""A training's changes after it is planned (trainings.services.changes) and its people by hand
(trainings.services.participants), through the services and the workspace pages."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from icalendar import Calendar

from tests.factories import ProfileFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings import counting
from trainings.models import Attendance, Enrolment, Training
from trainings.services import changes
from trainings.services import participants as people

BRUSSELS = ZoneInfo("Europe/Brussels")
S = Enrolment.Status


def on_commit():
    return TestCase.captureOnCommitCallbacks(execute=True)


def subjects(to):
    return [m.subject for m in mail.outbox if to in m.to]


@pytest.fixture
def planned(world):
    """A two-session training in March 2027 (across the change to summer time), one enrolled,
    one waiting, a capacity of 1."""
    start = dt.datetime(2027, 3, 16, 9, 0, tzinfo=BRUSSELS)
    training = TrainingFactory(centre=world.centre, code="robotica-2027", shared_capacity=1)
    first = SessionFactory(training=training, starts_at=start, ends_at=start.replace(hour=12))
    second_start = start + dt.timedelta(days=14)  # 30 March: summer time
    SessionFactory(training=training, starts_at=second_start, ends_at=second_start.replace(hour=12))
    enrolled = EnrolmentFactory(training=training, person=world.teacher)
    waiting = EnrolmentFactory(training=training, status=S.WAITLISTED, waitlist_position=1)
    mail.outbox.clear()
    return training, first, enrolled, waiting


def test_postponing_keeps_hours_and_gaps_raises_sequence_and_tells_everyone(world, planned, client):
    training, first, enrolled, waiting = planned
    with on_commit():
        changes.training_postpone(training=training, first_day=dt.date(2027, 4, 20))
    sessions = list(training.sessions.order_by("starts_at"))
    local = [s.starts_at.astimezone(BRUSSELS) for s in sessions]
    assert [(t.date(), t.hour) for t in local] == [
        (dt.date(2027, 4, 20), 9),
        (dt.date(2027, 5, 4), 9),
    ]
    assert [s.sequence for s in sessions] == [1, 1]
    told = {address for m in mail.outbox for address in m.to}
    assert told == {enrolled.person.email, waiting.person.email}
    assert all(m.subject.startswith("[STEMNET] Gewijzigd") for m in mail.outbox)
    # The calendar: the same UID as before, a higher SEQUENCE (calendars replace the event).
    feed = client.get(reverse("trainings:training_calendar", kwargs={"code": training.code}))
    events = {
        str(e["uid"]): int(e["sequence"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")
    }
    assert events[f"session-{first.pk}@stemnet-vlaanderen"] == 1
    attached = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert {str(e["uid"]) for e in attached.walk("VEVENT")} == set(events)
    mail.outbox.clear()
    with on_commit():  # the same day again: nothing moves, nobody is mailed
        changes.training_postpone(training=training, first_day=dt.date(2027, 4, 20))
    assert not mail.outbox
    assert [s.sequence for s in training.sessions.all()] == [1, 1]


def test_a_started_training_or_a_past_day_cannot_be_postponed(world, planned):
    training, first, *_ = planned
    with pytest.raises(ValidationError, match="begonnen"):
        changes.training_postpone(
            training=training, first_day=dt.date(2027, 5, 1), now=first.starts_at
        )
    with pytest.raises(ValidationError):
        changes.training_postpone(training=training, first_day=dt.date(2020, 1, 1))


def test_editing_a_sessions_time_raises_its_sequence(world, planned):
    from trainings.services.trainings import session_update

    training, first, *_ = planned
    with on_commit():
        session_update(session=first, fields={"location": "Campus Kortrijk"})
        session_update(session=first, fields={"location": "Campus Kortrijk"})  # no change
    first.refresh_from_db()
    assert first.sequence == 1


def test_cancelling_releases_every_place_tells_everyone_and_leaves_the_figures(world, planned):
    training, first, enrolled, waiting = planned
    start, end = dt.datetime(2027, 1, 1, tzinfo=BRUSSELS), dt.datetime(2028, 1, 1, tzinfo=BRUSSELS)
    assert training in counting.trainings_held_between(start, end)
    with pytest.raises(ValidationError):
        changes.training_cancel(training=training, reason="  ")
    with on_commit():
        changes.training_cancel(training=training, reason="Te weinig inschrijvingen")
    training.refresh_from_db()
    assert training.status == Training.Status.CANCELLED and training.cancelled_at
    assert training.cancellation_reason == "Te weinig inschrijvingen"
    assert set(training.enrolments.values_list("status", flat=True)) == {S.CANCELLED}
    assert counting.seats_taken(training) == 0
    assert training not in counting.trainings_held_between(start, end)
    for person in (enrolled.person, waiting.person):
        (message,) = [m for m in mail.outbox if person.email in m.to]
        assert "Geannuleerd" in message.subject and "Te weinig inschrijvingen" in message.body
    mail.outbox.clear()
    with on_commit():
        changes.training_cancel(training=training, reason="Nog eens")  # nothing more happens
    assert not mail.outbox
    training.refresh_from_db()
    assert training.cancellation_reason == "Te weinig inschrijvingen"


def test_a_training_with_attendance_is_not_cancelled(world, planned):
    training, first, enrolled, _ = planned
    Attendance.objects.create(enrolment=enrolled, session=first, present=True)
    with pytest.raises(ValidationError, match="gegeven"):
        changes.training_cancel(training=training, reason="Storm")


def test_a_session_with_attendance_stays_and_one_without_goes(world, planned):
    training, first, enrolled, _ = planned
    second = training.sessions.exclude(pk=first.pk).get()
    Attendance.objects.create(enrolment=enrolled, session=first, present=False)
    with pytest.raises(ValidationError):
        changes.session_delete(session=first)
    with on_commit():
        changes.session_delete(session=second)
    assert list(training.sessions.all()) == [first]
    assert subjects(enrolled.person.email) == ["[STEMNET] Gewijzigd: " + training.title]


def test_a_new_edition_copies_content_and_moved_sessions_but_no_people(world, planned):
    training, *_ = planned
    edition = changes.training_duplicate(training=training, first_day=dt.date(2028, 3, 14))
    assert edition.code == "robotica-2028" and edition.previous_edition == training
    assert edition.status == Training.Status.DRAFT and edition.title == training.title
    assert not edition.enrolments.exists()
    local = [s.starts_at.astimezone(BRUSSELS) for s in edition.sessions.order_by("starts_at")]
    assert [(t.date(), t.hour) for t in local] == [
        (dt.date(2028, 3, 14), 9),
        (dt.date(2028, 3, 28), 9),
    ]
    assert changes.training_duplicate(training=training, first_day=dt.date(2028, 3, 14)).code == (
        "robotica-2028-2"
    )
    with pytest.raises(ValidationError):
        changes.training_duplicate(
            training=training, first_day=dt.date(2028, 3, 14), code="robotica-2028"
        )


# --- people by hand -------------------------------------------------------------------------


def test_adding_by_hand_follows_the_seat_rules_unless_above_capacity_is_chosen(world, planned):
    training, first, enrolled, waiting = planned
    with on_commit():
        new = people.participant_add(
            training=training, email="Nieuw@Example.org", first_name="Lies", by=world.coordinator
        )
    assert new.person.email == "nieuw@example.org" and not new.person.has_usable_password()
    assert (new.status, new.waitlist_position) == (S.WAITLISTED, 2)
    assert subjects("nieuw@example.org") == [f"[STEMNET] Op de wachtlijst: {training.title}"]
    colleague = ProfileFactory().user
    extra = people.participant_add(
        training=training, email=colleague.email, by=world.coordinator, above_capacity=True
    )
    assert (
        extra.status == S.ENROLLED and extra.above_capacity and extra.added_by == world.coordinator
    )
    with pytest.raises(ValidationError, match="staat al"):
        people.participant_add(training=training, email=colleague.email, by=world.coordinator)


def test_the_waiting_list_moves_and_a_seat_is_given_by_hand(world, planned):
    training, first, enrolled, waiting = planned
    second = EnrolmentFactory(training=training, status=S.WAITLISTED, waitlist_position=2)
    people.waitlist_move(enrolment=second, up=True)
    order = list(
        training.enrolments.filter(status=S.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("pk", flat=True)
    )
    assert order == [second.pk, waiting.pk]
    people.waitlist_move(enrolment=second, up=True)  # already first: nothing changes
    with pytest.raises(ValidationError, match="volzet"):
        people.waitlist_seat_give(enrolment=second, by=world.coordinator)
    with on_commit():
        people.waitlist_seat_give(enrolment=second, by=world.coordinator, above_capacity=True)
    second.refresh_from_db()
    assert second.status == S.ENROLLED and second.above_capacity
    assert subjects(second.person.email) == [
        f"[STEMNET] Er kwam een plaats vrij: je bent ingeschreven voor {training.title}"
    ]


def test_removing_someone_needs_a_reason_tells_them_and_gives_the_seat_on(world, planned):
    training, first, enrolled, waiting = planned
    with pytest.raises(ValidationError):
        people.participant_remove(enrolment=enrolled, by=world.coordinator, reason="")
    with on_commit():
        people.participant_remove(
            enrolment=enrolled, by=world.coordinator, reason="Geen leerkracht STEM"
        )
    enrolled.refresh_from_db()
    waiting.refresh_from_db()
    assert enrolled.status == S.CANCELLED and enrolled.removal_reason == "Geen leerkracht STEM"
    assert waiting.status == S.ENROLLED
    (message,) = [m for m in mail.outbox if enrolled.person.email in m.to]
    assert "Geen leerkracht STEM" in message.body


# --- the pages ------------------------------------------------------------------------------


def test_the_coordinator_postpones_cancels_and_duplicates_through_the_pages(
    world, planned, client_for
):
    training, first, enrolled, waiting = planned
    client = client_for(world.coordinator)
    page = client.get(reverse("workspace:training_postpone", args=[training.pk]))
    assert page.status_code == 200 and "2 " in page.content.decode()
    for bad in ("99999-01-01", "NaN", "2027-02-30", "\x00"):
        response = client.post(
            reverse("workspace:training_postpone", args=[training.pk]), {"first_day": bad}
        )
        assert response.status_code == 200 and "field-error" in response.content.decode(), bad
    assert training.sessions.order_by("starts_at").first().starts_at == first.starts_at
    response = client.post(
        reverse("workspace:training_postpone", args=[training.pk]), {"first_day": "2027-04-20"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("workspace:training_duplicate", args=[training.pk]), {"first_day": "2028-03-14"}
    )
    edition = Training.objects.get(previous_edition=training)
    assert response["Location"] == reverse("workspace:training", args=[edition.pk])
    response = client.post(reverse("workspace:training_cancel", args=[training.pk]), {"reason": ""})
    assert response.status_code == 200
    training.refresh_from_db()
    assert training.status == Training.Status.PUBLISHED
    client.post(reverse("workspace:training_cancel", args=[training.pk]), {"reason": "Ziekte"})
    training.refresh_from_db()
    assert training.status == Training.Status.CANCELLED
    detail = client.get(reverse("workspace:training", args=[training.pk])).content.decode()
    assert "Ziekte" in detail and edition.code in detail


def test_the_participants_page_adds_moves_and_removes(world, planned, client_for):
    training, first, enrolled, waiting = planned
    client = client_for(world.coordinator)
    add = reverse("workspace:participant_add", args=[training.pk])
    assert client.post(add, {"email": "geen-adres"}).status_code == 200
    assert client.post(add, {"email": "an@example.org", "first_name": "An"}).status_code == 302
    page = client.get(reverse("workspace:participants", args=[training.pk])).content.decode()
    assert "an@example.org" in page and "Boven de capaciteit inschrijven" in page
    waitlist = reverse("workspace:participant_waitlist", args=[training.pk, waiting.pk])
    assert client.post(waitlist, {"action": "nonsense"}).status_code == 404
    client.post(waitlist, {"action": "down"})
    waiting.refresh_from_db()
    assert waiting.waitlist_position == 2
    remove = reverse("workspace:participant_remove", args=[training.pk, enrolled.pk])
    client.post(remove, {"reason": "Dubbel ingeschreven"})
    assert Enrolment.objects.get(pk=enrolled.pk).status == S.CANCELLED
    other = client_for(world.other_coordinator)
    assert other.post(remove, {"reason": "x"}).status_code == 404
    assert other.post(add, {"email": "x@example.org"}).status_code == 404


# --- the attendance page, the workspace list, the cancel page --------------------------------


def test_everyone_present_walk_ins_and_the_not_started_warning(world, planned, client_for):
    training, first, enrolled, waiting = planned
    client = client_for(world.coordinator)
    page = reverse("workspace:attendance", args=[first.pk])
    assert "nog niet begonnen" in client.get(page).content.decode()
    client.post(page, {"everyone": "1", f"hours-{enrolled.pk}": "twee"})
    assert Attendance.objects.get(enrolment=enrolled, session=first).present
    walk_in = reverse("workspace:attendance_walk_in", args=[first.pk])
    client.post(walk_in, {"email": "ter.plaatse@example.org", "first_name": "Sam"})
    client.post(walk_in, {"email": waiting.person.email})  # waiting: gets a seat, and is there
    client.post(walk_in, {"email": "ter.plaatse@example.org"})  # twice: no second enrolment
    present = Attendance.objects.filter(session=first, present=True)
    assert set(present.values_list("enrolment__person__email", flat=True)) == {
        enrolled.person.email,
        waiting.person.email,
        "ter.plaatse@example.org",
    }
    walk_in_enrolment = Enrolment.objects.get(person__email="ter.plaatse@example.org")
    assert walk_in_enrolment.above_capacity and walk_in_enrolment.status == S.ENROLLED
    response = client.post(walk_in, {"email": "geen adres"}, follow=True)
    assert "geldig e-mailadres" in response.content.decode()


def test_the_workspace_list_shows_enrolled_of_capacity_the_waiting_and_the_target_apart(
    world, planned, client_for
):
    training, *_ = planned
    training.target_participants = 20
    training.save()
    html = client_for(world.coordinator).get(reverse("workspace:dashboard")).content.decode()
    row = html[html.index(training.title) :]
    cells = re.findall(r'<td class="num">\s*(.*?)\s*</td>', row[: row.index("</tr>")], re.S)
    assert cells[1:] == ["1 / 1", "1", "20"], cells  # sessions, enrolled / capacity, ...


def test_the_cancel_page_shows_the_cancellation_rule(world, planned, client_for):
    training, first, enrolled, _ = planned
    page = client_for(world.teacher).get(reverse("trainings:cancel", args=[enrolled.pk]))
    assert "tot de eerste sessie begint" in page.content.decode()


def test_a_new_edition_keeps_the_address_accessibility_and_trainers(world, planned):
    from trainings.models import Speaker

    training, *_ = planned
    training.accessibility = "Rolstoeltoegankelijk via de zij-ingang."
    training.save()
    speaker = Speaker.objects.create(centre=world.centre, name="Sofie Claes")
    for session in training.sessions.all():
        session.street, session.postcode, session.municipality = "Hoogpoort 15", "9000", "Gent"
        session.save()
        session.speakers.add(speaker)
    edition = changes.training_duplicate(training=training, first_day=dt.date(2028, 3, 14))
    assert edition.accessibility == training.accessibility
    for session in edition.sessions.all():
        assert (session.street, session.postcode, session.municipality) == (
            "Hoogpoort 15",
            "9000",
            "Gent",
        )
        assert list(session.speakers.all()) == [speaker]

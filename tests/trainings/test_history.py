"""trainings/history.py and the workspace's history page: what the log of a training keeps
(who, when, what), what it leaves out, the writes in bulk that services log themselves, the
page (Dutch labels, newest first, pages, a fixed number of queries) and the person's data."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from stemnet import privacy
from stemnet.accounts import services as account_services
from tests.factories import ProfileFactory
from trainings import history
from trainings.models import Attendance, Enrolment, Session, Training
from trainings.services import changes, participants
from trainings.services import enrolment as enrolment_services
from trainings.services import trainings as services

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def entries_of(instance):
    return LogEntry.objects.get_for_object(instance).order_by("timestamp", "pk")


def person(first="An", last="Peeters", email="an.peeters@school.be"):
    return ProfileFactory(user__first_name=first, user__last_name=last, user__email=email).user


def future_training(world, capacity=None, **extra):
    training = TrainingFactory(centre=world.centre, shared_capacity=capacity, **extra)
    SessionFactory(training=training, starts_at=timezone.now() + dt.timedelta(days=10))
    return training


# --- what is logged --------------------------------------------------------------------------


def test_a_change_to_a_training_is_logged_with_its_author_and_only_the_fields_changed(world):
    training = future_training(world)
    with set_actor(world.coordinator):
        services.training_update(training=training, fields={"title": "Robotica", "ects": 2})
    entry = entries_of(training).last()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == world.coordinator
    assert set(entry.changes) == {"title", "ects"}
    assert entry.changes["title"][1] == "Robotica"


def test_a_new_training_leaves_out_the_columns_the_database_keeps(world):
    training = TrainingFactory(centre=world.centre)
    (entry,) = entries_of(training)
    assert entry.action == LogEntry.Action.CREATE
    left_out = set(history.EXCLUDED[Training])
    assert not left_out & set(entry.changes)
    assert {"title", "status"} <= set(entry.changes)


def test_an_enrolment_is_logged_without_the_persons_name_or_address(world):
    training = future_training(world)
    teacher = person()
    with set_actor(teacher):
        enrolment = enrolment_services.enrolment_create(person=teacher, training=training)
    (entry,) = entries_of(enrolment)
    assert entry.object_repr == f"enrolment {enrolment.pk}"
    assert entry.additional_data == {"training": training.pk, "person": teacher.pk}
    stored = f"{entry.object_repr} {entry.changes} {entry.additional_data}"
    assert "peeters" not in stored.lower() and "@" not in stored
    assert "person" not in entry.changes and "certificate_code" not in entry.changes
    assert entry.remote_addr is None  # AUDITLOG_DISABLE_REMOTE_ADDR


def test_a_request_logs_the_coordinator_as_the_author(world, client_for):
    training = future_training(world)
    enrolment = EnrolmentFactory(training=training, person=person())
    client = client_for(world.coordinator)
    url = reverse(
        "workspace:participant_remove", kwargs={"pk": training.pk, "enrolment_pk": enrolment.pk}
    )
    client.post(url, {"reason": "Dubbel ingeschreven"})
    entry = entries_of(enrolment).last()
    assert entry.actor == world.coordinator
    assert entry.changes["status"] == [Status.ENROLLED, Status.CANCELLED]
    assert entry.changes["removal_reason"] == ["", "Dubbel ingeschreven"]


def test_attendance_written_in_bulk_is_logged_per_person(world):
    training = future_training(world)
    session = training.sessions.get()
    first, second = (EnrolmentFactory(training=training) for _ in range(2))
    with set_actor(world.coordinator):
        services.attendance_log(
            session=session, entries={first.pk: (True, None), second.pk: (False, None)}
        )
        services.attendance_log(session=session, entries={second.pk: (True, Decimal("2.0"))})
    attendance = Attendance.objects.get(enrolment=second)
    created, changed = entries_of(attendance)
    assert created.action == LogEntry.Action.CREATE and changed.action == LogEntry.Action.UPDATE
    assert changed.actor == world.coordinator
    assert changed.changes == {"present": [False, True], "hours": ["0.0", "2.0"]}
    assert changed.additional_data["person"] == second.person_id
    assert changed.object_repr == f"attendance {attendance.pk}"


def test_marking_held_logs_who_attended(world):
    training = TrainingFactory(centre=world.centre)
    session = SessionFactory(training=training, starts_at=timezone.now() - dt.timedelta(days=2))
    enrolment = EnrolmentFactory(training=training)
    services.attendance_log(session=session, entries={enrolment.pk: (True, None)})
    services.training_mark_held(training=training)
    assert entries_of(enrolment).last().changes == {"status": [Status.ENROLLED, Status.ATTENDED]}


def test_moves_on_the_waiting_list_and_deleted_sessions_are_in_the_trainings_history(world):
    training = future_training(world, capacity=0)
    first = EnrolmentFactory(training=training, status=Status.WAITLISTED, waitlist_position=1)
    second = EnrolmentFactory(training=training, status=Status.WAITLISTED, waitlist_position=2)
    participants.waitlist_move(enrolment=second, up=True)
    assert entries_of(second).last().changes == {"waitlist_position": [2, 1]}
    assert entries_of(first).last().changes == {"waitlist_position": [1, 2]}
    extra = SessionFactory(training=training, starts_at=timezone.now() + dt.timedelta(days=20))
    extra_pk = extra.pk
    changes.session_delete(session=extra)
    found = list(history.training_entries(training))
    session_type = ContentType.objects.get_for_model(Session)
    assert any(
        e.content_type_id == session_type.pk
        and e.object_id == extra_pk
        and e.action == LogEntry.Action.DELETE
        for e in found
    )


def test_a_new_edition_logs_its_sessions(world):
    training = future_training(world)
    edition = changes.training_duplicate(
        training=training, first_day=timezone.localdate() + dt.timedelta(days=60)
    )
    session = edition.sessions.get()
    (entry,) = entries_of(session)
    assert entry.action == LogEntry.Action.CREATE
    assert entry.additional_data["training"] == edition.pk


# --- the page --------------------------------------------------------------------------------


def test_the_page_shows_when_who_what_and_the_fields_in_dutch_newest_first(world, client_for):
    world.coordinator.first_name, world.coordinator.last_name = "Cor", "Dinator"
    world.coordinator.save()
    training = future_training(world, capacity=5)
    teacher = person()
    enrolment = EnrolmentFactory(training=training, person=teacher)
    with set_actor(world.coordinator):
        participants.participant_remove(enrolment=enrolment, by=world.coordinator, reason="Ziek")
        services.training_update(training=training, fields={"title": "Robotica in de klas"})
    response = client_for(world.coordinator).get(
        reverse("workspace:training_history", kwargs={"pk": training.pk})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cor Dinator" in html
    assert "An Peeters" in html
    assert "Titel:" in html and "→ Robotica in de klas" in html
    assert "Status:" in html and "Ingeschreven → Geannuleerd" in html
    assert html.index("Robotica in de klas") < html.index("Ingeschreven → Geannuleerd")
    assert "an.peeters@school.be" not in html


def test_the_training_page_links_to_its_history(world, client_for):
    training = future_training(world)
    response = client_for(world.coordinator).get(
        reverse("workspace:training", kwargs={"pk": training.pk})
    )
    assert reverse("workspace:training_history", kwargs={"pk": training.pk}) in (
        response.content.decode()
    )


def test_a_deleted_participant_is_no_longer_named(world, client_for):
    training = future_training(world)
    teacher = person()
    EnrolmentFactory(training=training, person=teacher, status=Status.ATTENDED)
    account_services.account_delete(user=teacher)
    html = (
        client_for(world.coordinator)
        .get(reverse("workspace:training_history", kwargs={"pk": training.pk}))
        .content.decode()
    )
    assert "An Peeters" not in html
    with translation.override("nl-be"):  # "een verwijderd account" once translated
        assert gettext("a deleted account") in html


def _entries(training, n):
    """``n`` enrolments with a change each, with people, sessions and attendance."""
    session = training.sessions.first()
    enrolments = [EnrolmentFactory(training=training) for _ in range(n)]
    services.attendance_log(session=session, entries={e.pk: (True, None) for e in enrolments})
    for enrolment in enrolments:
        enrolment.removal_reason = "x"
        enrolment.save()


def test_the_page_takes_the_same_queries_whatever_the_number_of_entries(
    world, client_for, django_assert_max_num_queries
):
    """Session, user, memberships, training; then the count, the entries with their
    authors and the people they are about: 7, for a few entries as for a full page."""
    client = client_for(world.coordinator)
    small, large = future_training(world), future_training(world)
    _entries(small, 2)
    _entries(large, 30)
    client.get(reverse("workspace:training_history", kwargs={"pk": small.pk}))  # warm caches
    for training in (small, large):
        with django_assert_max_num_queries(7):
            response = client.get(reverse("workspace:training_history", kwargs={"pk": training.pk}))
        assert response.status_code == 200
    assert len(response.context["rows"]) == 50


def test_the_page_is_paginated_by_fifty(world, client_for):
    training = future_training(world)
    _entries(training, 30)  # 30 enrolments, 30 attendances, 30 changes, the training...
    client = client_for(world.coordinator)
    url = reverse("workspace:training_history", kwargs={"pk": training.pk})
    first = client.get(url)
    assert len(first.context["rows"]) == 50
    assert 'rel="next"' in first.content.decode()
    second = client.get(url, {"page": 2})
    assert 0 < len(second.context["rows"]) <= 50
    assert client.get(url, {"page": "x"}).status_code == 200


def test_another_centres_coordinator_gets_404_and_a_teacher_403(world, client_for):
    training = future_training(world)
    url = reverse("workspace:training_history", kwargs={"pk": training.pk})
    assert client_for(world.other_coordinator).get(url).status_code == 404
    assert client_for(world.teacher).get(url).status_code == 403
    response = client_for(None).get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


# --- personal data ---------------------------------------------------------------------------


def test_the_export_holds_the_changes_made_and_those_about_the_persons_enrolments(world):
    training = future_training(world)
    teacher = person()
    enrolment = EnrolmentFactory(training=training, person=teacher)
    with set_actor(world.coordinator):
        participants.participant_remove(enrolment=enrolment, by=world.coordinator, reason="Ziek")
    about = privacy.export_person(teacher)["training_history"]
    assert [row["object"] for row in about] == ["enrolment", "enrolment"]
    assert all(row["about_you"] and not row["made_by_you"] for row in about)
    assert about[-1]["changes"]["removal_reason"] == ["", "Ziek"]
    made = privacy.export_person(world.coordinator)["training_history"]
    assert made and all(row["made_by_you"] for row in made)
    assert made[-1]["training"] == training.pk


def test_deleting_an_account_clears_its_authorship_and_what_was_written_about_the_person(world):
    training = future_training(world)
    teacher = person()
    enrolment = EnrolmentFactory(training=training, person=teacher, status=Status.ATTENDED)
    with set_actor(world.coordinator):
        enrolment.removal_reason = "Kwam te laat"  # a value written about the person
        enrolment.save()
        services.training_update(training=training, fields={"title": "Nieuw"})
    coordinator_entries = LogEntry.objects.filter(actor=world.coordinator).count()
    assert coordinator_entries == 2
    account_services.account_delete(user=teacher)
    account_services.account_delete(user=world.coordinator)
    assert not LogEntry.objects.filter(actor=world.coordinator).exists()
    assert not LogEntry.objects.filter(actor_email="coordinator@example.org").exists()
    assert LogEntry.objects.filter(actor__isnull=True).count() >= coordinator_entries
    for entry in entries_of(enrolment):
        assert "removal_reason" not in (entry.changes or {})
    assert entries_of(training).last().changes["title"][1] == "Nieuw"  # the training's own
    before = privacy.export_person(teacher)["training_history"]
    account_services.account_delete(user=teacher)  # twice: nothing more to erase
    assert privacy.export_person(teacher)["training_history"] == before

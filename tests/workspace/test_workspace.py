"""The coordinator workspace: trainings, sessions, attendance, held/closed, imports."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Attendance, Enrolment, Session, Training
from trainings.services import imports as import_services
from trainings.services import trainings as services


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- services -------------------------------------------------------------------------------


def test_session_rules(world):
    training = TrainingFactory(centre=world.centre)
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.session_create(training=training, fields={"starts_at": start, "ends_at": start})
    EnrolmentFactory.create_batch(3, training=training)
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            training=training,
            fields={"starts_at": start, "ends_at": start + dt.timedelta(hours=2), "capacity": 2},
        )
    assert "of 2 " in str(exc.value) and "seat): 3." in str(exc.value)
    session = services.session_create(
        training=training,
        fields={"starts_at": start, "ends_at": start + dt.timedelta(hours=2), "capacity": 3},
    )
    with pytest.raises(ValidationError):
        services.session_update(session=session, fields={"capacity": 1})
    with pytest.raises(ValidationError):
        services.training_update(training=training, fields={"shared_capacity": 2})
    assert Session.objects.get().capacity == 3


@pytest.mark.parametrize("what", ["shared", "session"])
def test_raising_capacity_in_the_workspace_promotes_the_waiting_list(
    world, what, django_capture_on_commit_callbacks
):
    from trainings.services import enrolment

    shared = 1 if what == "shared" else None
    training = TrainingFactory(
        centre=world.centre, shared_capacity=shared, status=Training.Status.PUBLISHED
    )
    session = SessionFactory(
        training=training,
        capacity=None if shared else 1,
        starts_at=timezone.now() + dt.timedelta(days=10),
    )
    people = [EnrolmentFactory.build().person for _ in range(4)]
    for person in people:
        person.save()
    with django_capture_on_commit_callbacks(execute=True):
        first, *waiting = [enrolment.enrolment_create(person=p, training=training) for p in people]
    assert [e.status for e in waiting] == [Enrolment.Status.WAITLISTED] * 3
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        if what == "shared":
            services.training_update(training=training, fields={"shared_capacity": 3})
        else:
            services.session_update(session=session, fields={"capacity": 3})
    statuses = [Enrolment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [
        Enrolment.Status.ENROLLED,
        Enrolment.Status.ENROLLED,
        Enrolment.Status.WAITLISTED,
    ]
    assert len(callbacks) == 2  # the two promoted are told
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # safe twice
        if what == "shared":
            services.training_update(training=training, fields={"shared_capacity": 3})
        else:
            services.session_update(session=session, fields={"capacity": 3})
    assert not callbacks


def test_attendance_log_is_idempotent_and_defaults_hours(world):
    session = SessionFactory(training__centre=world.centre)
    a, b = EnrolmentFactory.create_batch(2, training=session.training)
    assert (
        services.attendance_log(session=session, entries={a.pk: (True, None), b.pk: (False, None)})
        == 2
    )
    assert Attendance.objects.get(enrolment=a).hours == Decimal("3.0")
    assert Attendance.objects.get(enrolment=b).hours == Decimal("0")
    assert (
        services.attendance_log(session=session, entries={a.pk: (True, None), b.pk: (False, None)})
        == 0
    )
    assert services.attendance_log(session=session, entries={b.pk: (True, Decimal("1.5"))}) == 1
    with pytest.raises(ValidationError):
        services.attendance_log(session=session, entries={a.pk: (True, Decimal("9"))})
    stranger = EnrolmentFactory()
    with pytest.raises(ValidationError):
        services.attendance_log(session=session, entries={stranger.pk: (True, None)})


def test_held_marks_attendees_and_close_needs_held(world):
    training = TrainingFactory(centre=world.centre, attendance_threshold=50)
    past = timezone.now() - dt.timedelta(days=7)
    s1 = SessionFactory(training=training, starts_at=past)
    SessionFactory(training=training, starts_at=past + dt.timedelta(days=1))
    came, missed = EnrolmentFactory.create_batch(2, training=training)
    services.attendance_log(session=s1, entries={came.pk: (True, None), missed.pk: (False, None)})
    with pytest.raises(ValidationError):
        services.training_close(training=training)
    services.training_mark_held(training=training)
    came.refresh_from_db()
    missed.refresh_from_db()
    assert came.status == Enrolment.Status.ATTENDED
    assert missed.status == Enrolment.Status.ENROLLED
    services.training_close(training=training)
    assert Training.objects.get(pk=training.pk).status == Training.Status.CLOSED
    with pytest.raises(ValidationError):
        services.training_mark_held(training=training)


def test_held_refused_before_the_last_session(world):
    training = TrainingFactory(centre=world.centre)
    SessionFactory(training=training)  # in the future
    with pytest.raises(ValidationError):
        services.training_mark_held(training=training)


# --- views ----------------------------------------------------------------------------------


def test_dashboard_shows_own_centre_only_and_query_count_is_flat(world, client_for):
    client = client_for(world.coordinator)
    url = reverse("workspace:dashboard")
    counts = []
    for n in (2, 10):
        for t in TrainingFactory.create_batch(n, centre=world.centre):
            SessionFactory(training=t)
            EnrolmentFactory(training=t)
        counts.append(queries(client, url))
    assert counts[0] == counts[1], counts
    mine = TrainingFactory(centre=world.centre, title="Eigen nascholing")
    TrainingFactory(centre=world.other_centre, title="Andermans nascholing")
    body = client.get(url).content.decode()
    assert mine.title in body and "Andermans nascholing" not in body
    body = client_for(world.ministry).get(url).content.decode()
    assert "Andermans nascholing" in body and "Nieuwe nascholing" not in body


def test_training_detail_query_count_is_flat(world, client_for):
    client = client_for(world.coordinator)
    counts = []
    for n in (2, 12):
        training = TrainingFactory(centre=world.centre)
        SessionFactory.create_batch(n, training=training)
        EnrolmentFactory.create_batch(n, training=training)
        counts.append(queries(client, reverse("workspace:training", args=[training.pk])))
    assert counts[0] == counts[1], counts


def test_create_training_in_own_centre_only(world, client_for):
    client = client_for(world.coordinator)
    data = {
        "centre": world.other_centre.pk,
        "code": "nieuw",
        "title": "Nieuw",
        "format": "short",
        "contact_hours": "3",
        "ects": "0",
        "fee_eur": "0",
        "target_participants": "10",
        "attendance_threshold": "100",
        "stem_domains": ["S"],
    }
    response = client.post(reverse("workspace:training_create"), data)
    assert response.status_code == 200 and not Training.objects.exists()
    data["centre"] = world.centre.pk
    response = client.post(reverse("workspace:training_create"), data)
    training = Training.objects.get()
    assert response.status_code == 302 and training.centre == world.centre
    assert training.status == Training.Status.DRAFT and training.stem_domains == ["S"]


def test_session_form_errors_and_learning_network_mode(world, client_for):
    client = client_for(world.coordinator)
    training = TrainingFactory(centre=world.centre)
    url = reverse("workspace:session_create", args=[training.pk])
    response = client.post(url, {"starts_at": "2026-05-01T10:00", "ends_at": "2026-05-01T09:00"})
    assert "Het einde moet na het begin liggen." in response.content.decode()
    network = TrainingFactory(centre=world.centre, format="learning_network")
    url = reverse("workspace:session_create", args=[network.pk])
    page = client.get(url).content.decode()
    assert 'name="theme"' in page and 'name="experts"' in page and 'name="capacity"' not in page
    response = client.post(
        url,
        {
            "starts_at": "2026-05-01T16:00",
            "ends_at": "2026-05-01T18:00",
            "theme": "Taal en STEM",
            "experts": "Prof. X",
        },
    )
    assert response.status_code == 302
    meeting = network.sessions.get()
    assert meeting.theme == "Taal en STEM" and meeting.capacity is None
    assert meeting.starts_at == dt.datetime(2026, 5, 1, 14, 0, tzinfo=dt.UTC)


def test_attendance_page(world, client_for):
    session = SessionFactory(training__centre=world.centre)
    a, b = EnrolmentFactory.create_batch(2, training=session.training)
    url = reverse("workspace:attendance", args=[session.pk])
    client = client_for(world.coordinator)
    response = client.post(url, {f"present-{a.pk}": "1", f"hours-{b.pk}": "1,5"})
    assert response.status_code == 302
    assert Attendance.objects.get(enrolment=a).present
    assert Attendance.objects.get(enrolment=b).hours == Decimal("1.5")
    detail = client.get(reverse("workspace:training", args=[session.training_id]))
    assert [s.n_present for s in detail.context["sessions"]] == [1]
    response = client.post(url, {f"hours-{a.pk}": "veel"})
    assert "is geen aantal uren" in response.content.decode()
    assert client_for(world.ministry).post(url, {f"present-{b.pk}": "1"}).status_code == 403
    assert (
        client_for(world.other_coordinator).post(url, {f"present-{b.pk}": "1"}).status_code == 404
    )
    assert not Attendance.objects.get(enrolment=b).present
    assert "disabled" in client_for(world.ministry).get(url).content.decode()


@pytest.mark.parametrize("bad", ["twee", "NaN", "Infinity", "9", "-1"])
def test_one_bad_hours_value_keeps_every_other_input_and_names_the_person(world, client_for, bad):
    """A value that is no number, or outside 0 to the session's length (3 h), names the
    person; every tick and hour typed stays in the form, and nothing is saved."""
    session = SessionFactory(training__centre=world.centre)
    good, wrong = EnrolmentFactory.create_batch(2, training=session.training)
    wrong.person.first_name, wrong.person.last_name = "Jan", "Maes"
    wrong.person.save()
    url = reverse("workspace:attendance", args=[session.pk])
    response = client_for(world.coordinator).post(
        url,
        {
            f"present-{good.pk}": "1",
            f"hours-{good.pk}": "2,5",
            f"present-{wrong.pk}": "1",
            f"hours-{wrong.pk}": bad,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Jan Maes:" in body and "Er werd nog niets bewaard" in body
    assert 'value="2,5"' in body and f'value="{bad}"' in body
    assert body.count("checked") == 2
    assert body.count('aria-invalid="true"') == 1
    assert not Attendance.objects.filter(session=session).exists()


def test_attendance_page_query_count_is_flat(world, client_for):
    client = client_for(world.coordinator)
    counts = []
    for n in (2, 15):
        session = SessionFactory(training__centre=world.centre)
        for e in EnrolmentFactory.create_batch(n, training=session.training):
            Attendance.objects.create(enrolment=e, session=session, present=True, hours=1)
        counts.append(queries(client, reverse("workspace:attendance", args=[session.pk])))
    assert counts[0] == counts[1], counts


def test_status_actions(world, client_for):
    training = TrainingFactory(centre=world.centre, status=Training.Status.DRAFT)
    url = reverse("workspace:training_status", args=[training.pk])
    client = client_for(world.coordinator)
    client.post(url, {"action": "publish"})
    assert Training.objects.get().status == Training.Status.DRAFT  # no session yet
    SessionFactory(training=training)
    client.post(url, {"action": "publish"})
    assert Training.objects.get().status == Training.Status.PUBLISHED
    assert client_for(world.other_coordinator).post(url, {"action": "held"}).status_code == 404
    assert client.post(url, {"action": "explode"}).status_code == 404


# --- imports in the workspace ---------------------------------------------------------------

TRAININGS = (
    "code,title,centre,format,stem_domains,levels,hours,target_participants,fee_eur,published\n"
)


def upload(client, kind, text, name="file.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("workspace:import"),
        {"kind": kind, "file": SimpleUploadedFile(name, text.encode())},
    )


def test_import_preview_then_confirm(world, client_for):
    client = client_for(world.coordinator)
    response = upload(client, "trainings", TRAININGS + "t1,Robotica,VOV,short,T,aso,3,10,0,yes\n")
    assert response.status_code == 200
    job_id = response.context["job_id"]
    assert job_id and response.context["report"].new == 1
    assert "De import bevestigen" in response.content.decode()
    assert not Training.objects.exists()
    # another person cannot confirm someone else's upload
    other = client_for(world.other_coordinator).post(
        reverse("workspace:import_confirm", args=[job_id])
    )
    assert other.status_code == 302 and not Training.objects.exists()
    client = client_for(world.coordinator)
    response = client.post(reverse("workspace:import_confirm", args=[job_id]))
    assert response.status_code == 302
    assert Training.objects.get().centre == world.centre
    again = client.post(reverse("workspace:import_confirm", args=[job_id]))
    assert again.status_code == 302 and Training.objects.count() == 1


def test_import_errors_as_a_table_and_other_centre_refused(world, client_for):
    client = client_for(world.coordinator)
    response = upload(
        client,
        "trainings",
        TRAININGS
        + "t1,Robotica,VWV,short,T,aso,3,10,0,yes\n"
        + "t2,Robotica,VOV,short,T,vijfde,3,10,0,yes\n",
    )
    body = response.content.decode()
    assert response.context["job_id"] is None
    assert '<th scope="col" class="num">Regel</th>' in body
    assert "centre" in body and "levels" in body
    assert not Training.objects.exists()


def test_large_file_is_checked_and_imported_by_jobs(
    world, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(import_services, "IMPORT_IN_BACKGROUND_ROWS", 2)
    client = client_for(world.coordinator)
    rows = "".join(f"t{i},Titel {i},VOV,short,T,aso,3,10,0,yes\n" for i in range(5))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(client, "trainings", TRAININGS + rows)
    assert len(callbacks) == 1  # the check, a Celery job queued after commit
    job_url = response["Location"]
    page = client.get(job_url)
    assert page.context["progress"]["state"] == "checked"
    assert "De import bevestigen" in page.content.decode()
    assert not Training.objects.exists()
    job_id = page.context["job_id"]
    assert client_for(world.other_coordinator).get(job_url).status_code == 404
    client = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("workspace:import_confirm", args=[job_id]))
    assert len(callbacks) == 1 and response["Location"] == job_url
    assert Training.objects.count() == 5
    page = client.get(job_url)
    assert page.context["progress"]["state"] == "done"
    assert "5 aangemaakt" in page.content.decode()
    from trainings.tasks import import_file_job

    import_file_job(job_id)  # a redelivered job (late acks) changes nothing
    assert Training.objects.count() == 5
    assert client.get(job_url).context["progress"]["state"] == "done"


def test_large_file_with_errors_shows_them_on_the_job_page(
    world, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(import_services, "IMPORT_IN_BACKGROUND_ROWS", 1)
    client = client_for(world.coordinator)
    rows = "t1,A,VOV,short,T,aso,3,10,0,yes\nt2,B,VWV,short,T,aso,3,10,0,yes\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "trainings", TRAININGS + rows)
    page = client.get(response["Location"])
    assert [e["column"] for e in page.context["report"]["errors"]] == ["centre"]
    assert "De import bevestigen" not in page.content.decode()
    assert not Training.objects.exists()


def test_ministry_cannot_import(world, client_for):
    response = upload(
        client_for(world.ministry),
        "trainings",
        TRAININGS + "t1,Robotica,VOV,short,T,aso,3,10,0,yes\n",
    )
    assert response.status_code == 403


def test_the_workspace_menu_offers_imports_only_to_whoever_may_import(world, client_for):
    """Ministry staff read the workspace but may not import: no link that leads to a 403."""
    link = f'href="{reverse("workspace:import")}"'
    dashboard = reverse("workspace:dashboard")
    for user, shown in [(world.coordinator, True), (world.admin, True), (world.ministry, False)]:
        assert (link in client_for(user).get(dashboard).content.decode()) is shown

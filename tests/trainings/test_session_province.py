"""Where a session is held: its province from the postcode (networks/postcodes.py), chosen in
the workspace or the import, and the yearly report's ``location`` block (counted by location,
beside the figures counted by organising centre)."""

import datetime as dt
import json
from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from monitor.reports import render
from monitor.reports.demo import load_masterclasses_2017
from monitor.reports.figures import by_location, yearly_report
from monitor.reports.scope import Period, Scope
from networks.postcodes import province_for_postcode
from stemnet.imports import import_file
from tests.factories import CentreFactory
from trainings.models import Attendance, Enrolment, Session, Training
from trainings.services import trainings as services
from trainings.workspace.forms import SessionForm

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db
BRUSSELS = dt.timezone(dt.timedelta(hours=1))
SESSIONS_HEADER = "training,starts_at,ends_at,location,capacity"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "postcode, province",
    [
        ("1000", "BRU"),
        ("1299", "BRU"),
        ("1300", ""),  # Walloon Brabant: not Flemish
        ("1499", ""),
        ("1500", "VBR"),
        ("1999", "VBR"),
        ("2000", "VAN"),
        ("2999", "VAN"),
        ("3000", "VBR"),
        ("3499", "VBR"),
        ("3500", "VLI"),
        ("3999", "VLI"),
        ("4000", ""),  # Liège
        ("7999", ""),
        ("8000", "VWV"),
        ("8999", "VWV"),
        ("9000", "VOV"),
        ("9999", "VOV"),
        (" B-8500 ", "VWV"),
        ("", ""),
        ("4811 AB", ""),  # Breda, the Netherlands
        ("999", ""),
    ],
)
def test_the_province_of_a_postcode(postcode, province):
    assert province_for_postcode(postcode) == province


# --- the session: form, service, import ------------------------------------------------------


def _fields(**changes) -> dict:
    start = dt.datetime(2026, 5, 4, 9, tzinfo=BRUSSELS)
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=3), **changes}


def test_the_postcode_sets_the_province_and_a_contradiction_is_refused(world):
    training = TrainingFactory(centre=world.centre)
    session = services.session_create(training=training, fields=_fields(postcode="8500"))
    assert session.province == "VWV"
    with pytest.raises(ValidationError) as refused:
        services.session_create(training=training, fields=_fields(postcode="8500", province="VOV"))
    assert "West Flanders" in str(refused.value)
    with pytest.raises(ValidationError, match="outside Flanders and Brussels"):
        services.session_create(training=training, fields=_fields(postcode="1348", province="VBR"))
    assert training.sessions.count() == 1
    # Without a postcode (a company site, online) the chosen province stays; empty is allowed.
    chosen = services.session_create(training=training, fields=_fields(province="VLI"))
    online = services.session_create(training=training, fields=_fields(online_url="https://x.be"))
    assert (chosen.province, online.province) == ("VLI", "")
    # A changed postcode moves the session.
    moved = services.session_update(session=session, fields={"postcode": "9000"})
    assert moved.province == "VOV"


def test_the_workspace_session_form_takes_the_province(world, client_for):
    training = TrainingFactory(centre=world.centre)
    assert "province" in SessionForm(centre_id=world.centre.pk).fields
    client = client_for(world.coordinator)
    url = reverse("workspace:session_create", args=[training.pk])
    data = {
        "starts_at": "2026-05-04T09:00",
        "ends_at": "2026-05-04T12:00",
        "location": "Bedrijf X, site Zwevegem",
        "province": "VWV",
    }
    assert client.post(url, data).status_code == 302
    assert Session.objects.get(training=training).province == "VWV"
    response = client.post(url, {**data, "postcode": "3500"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["province"]
    assert "Limburg" in response.context["form"].errors["province"][0]
    assert training.sessions.count() == 1
    # Editing: a new postcode with the province left as it was moves the session.
    session = training.sessions.get()
    edit = reverse("workspace:session_edit", args=[session.pk])
    assert client.post(edit, {**data, "postcode": "3500"}).status_code == 302
    session.refresh_from_db()
    assert (session.postcode, session.province) == ("3500", "VLI")


def _import(text, world):
    return import_file(
        "sessions",
        text.encode(),
        "sessions.csv",
        dry_run=False,
        context={"centre_ids": {world.centre.pk}},
    )


def test_the_sessions_import_takes_postcode_and_province(world):
    TrainingFactory(code="t1", centre=world.centre)
    report = _import(
        f"{SESSIONS_HEADER},postcode,province\n"
        "t1,2026-03-04T13:30,2026-03-04T16:30,Kortrijk,20,8500,\n"
        "t1,2026-03-05T13:30,2026-03-05T16:30,Bedrijfssite,20,,VLI\n"
        "t1,2026-03-06T13:30,2026-03-06T16:30,Online,20,,\n",
        world,
    )
    assert report.ok, report.errors
    assert list(Session.objects.order_by("starts_at").values_list("postcode", "province")) == [
        ("8500", "VWV"),
        ("", "VLI"),
        ("", ""),
    ]


@pytest.mark.parametrize(
    "cells, message",
    [("8500,VOV", "West Flanders"), (",XYZ", "Unknown code"), ("1348,VBR", "outside Flanders")],
)
def test_a_sessions_file_with_a_wrong_province_writes_nothing(world, cells, message):
    TrainingFactory(code="t1", centre=world.centre)
    report = _import(
        f"{SESSIONS_HEADER},postcode,province\n"
        "t1,2026-03-04T13:30,2026-03-04T16:30,Gent,20,9000,\n"
        f"t1,2026-03-05T13:30,2026-03-05T16:30,Elders,20,{cells}\n",
        world,
    )
    assert [(e.line, e.column) for e in report.errors] == [(3, "province")]
    assert message in report.errors[0].message
    assert not Session.objects.exists()


def test_the_data_migration_fills_existing_sessions_from_their_postcode(world):
    """Sessions from before the field: a Belgian postcode gives the province; a session
    without a postcode keeps what it has."""
    kept = SessionFactory(postcode="", province="VLI")
    for postcode in ("8400", "1348", "3000"):
        SessionFactory(postcode=postcode)
    Session.objects.update(province="")
    Session.objects.filter(pk=kept.pk).update(province="VLI")
    migration = import_module("trainings.migrations.0012_session_province")
    migration.province_from_postcode(global_apps, None)
    got = {s.postcode: s.province for s in Session.objects.exclude(pk=kept.pk)}
    assert got == {"8400": "VWV", "1348": "", "3000": "VBR"}
    assert Session.objects.get(pk=kept.pk).province == "VLI"


# --- the report: counted by location ---------------------------------------------------------


def test_the_masterclass_days_held_in_west_flanders_count_there(world):
    """Organised by Oost-Vlaanderen's centre; two of the three days were in West-Vlaanderen
    (Kortrijk, Oostende): by location, West-Vlaanderen has those two sessions and the 45
    participations of the training (enrolment is per training); 15 + 15 presences."""
    training = load_masterclasses_2017()
    assert sorted(training.sessions.values_list("province", flat=True)) == ["VOV", "VWV", "VWV"]
    report = yearly_report(scope=Scope("province", "VWV"), period=Period.year(2017))
    data = json.loads(render.to_json(report.figures))
    assert data["counted_by"] == "organising_centre"
    assert data["trainings"]["count"] == 0  # by organising centre: none of West-Vlaanderen's
    assert data["location"] == {
        "counted_by": "location",
        "province": "VWV",
        "name": "West Flanders",
        "sessions": 2,
        "trainings": 1,
        "participations": 45,
        "participants": 45,
        "attendances": 30,
        "organised_elsewhere": {"sessions": 2, "trainings": 1},
    }
    east = yearly_report(scope=Scope("province", "VOV"), period=Period.year(2017)).figures
    assert east["trainings"]["sessions"] == 3 and east["participants"]["total"] == 45
    assert (east["location"]["sessions"], east["location"]["attendances"]) == (1, 15)
    assert east["location"]["organised_elsewhere"] == {"sessions": 0, "trainings": 0}
    pdf = render.yearly_pdf(report)
    assert pdf.startswith(b"%PDF")


def test_a_small_data_set_worked_by_hand(world):
    """Two trainings of Oost-Vlaanderen's centre and one of a centre in Limburg, in 2025:

    - A (VOV): sessions in Gent (9000) and Brugge (8000); 3 attended, 1 enrolled, 1 cancelled.
    - B (VOV): one online session; 2 attended.
    - C (VLI centre): one session in Kortrijk (8500) and one in Hasselt (3500); 1 attended,
      who also attended A.
    - D (VWV centre), cancelled: a session in Brugge — never counts.
    - a session of A in Brugge in 2024: outside the period.

    West-Vlaanderen by location: sessions A-Brugge, C-Kortrijk = 2; trainings A, C = 2;
    participations 4 (A: 3 attended + 1 enrolled; the cancelled one does not count) + 1 (C) =
    5; participants 4 (C's person is one of A's); organised elsewhere: both (VOV, VLI).
    The network, by province where held: VOV 1 session (A), 4 participations; VWV 2 (A, C),
    5; VLI 1 (C), 1; elsewhere 1 (B online), 2.
    """
    limburg = CentreFactory(code="VLI", network=world.network, province="VLI")
    year = dt.datetime(2025, 3, 1, 9, tzinfo=BRUSSELS)
    a = TrainingFactory(centre=world.centre, status=Training.Status.PUBLISHED)
    b = TrainingFactory(centre=world.centre)
    c = TrainingFactory(centre=limburg)
    d = TrainingFactory(centre=world.other_centre, status=Training.Status.CANCELLED)

    def session(training, postcode="", days=0, **fields):
        start = year + dt.timedelta(days=days)
        return services.session_create(
            training=training,
            fields={
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=2),
                "postcode": postcode,
                **fields,
            },
        )

    session(a, "9000")
    brugge = session(a, "8000", days=7)
    session(a, "8000", days=-400)
    session(b, online_url="https://meet.example.org/b")
    kortrijk = session(c, "8500")
    session(c, "3500", days=3)
    Session.objects.create(
        training=d, starts_at=year, ends_at=year + dt.timedelta(hours=1), province="VWV"
    )
    attended = Enrolment.Status.ATTENDED
    in_a = [EnrolmentFactory(training=a, status=attended) for _ in range(3)]
    EnrolmentFactory(training=a, status=Enrolment.Status.ENROLLED)
    EnrolmentFactory(training=a, status=Enrolment.Status.CANCELLED)
    for _ in range(2):
        EnrolmentFactory(training=b, status=attended)
    in_c = EnrolmentFactory(training=c, status=attended, person=in_a[0].person)
    EnrolmentFactory(training=d, status=attended)
    Attendance.objects.create(enrolment=in_a[1], session=brugge, present=True)
    Attendance.objects.create(enrolment=in_a[2], session=brugge, present=False)
    Attendance.objects.create(enrolment=in_c, session=kortrijk, present=True)

    west = by_location(Scope("province", "VWV"), Period.year(2025))
    assert {k: west[k] for k in ("sessions", "trainings", "participations", "participants")} == {
        "sessions": 2,
        "trainings": 2,
        "participations": 5,
        "participants": 4,
    }
    assert west["attendances"] == 2
    assert west["organised_elsewhere"] == {"sessions": 2, "trainings": 2}
    network = by_location(Scope("network", "VL"), Period.year(2025))
    assert network["counted_by"] == "location" and network["province"] is None
    rows = {
        code: (row["sessions"], row["trainings"], row["participations"])
        for code, row in network["by_province"].items()
    }
    assert rows == {
        "VAN": (0, 0, 0),
        "VBR": (0, 0, 0),
        "VLI": (1, 1, 1),
        "VOV": (1, 1, 4),
        "VWV": (2, 2, 5),
        "BRU": (0, 0, 0),
        "elsewhere": (1, 1, 2),
    }
    centre = by_location(Scope("centre", "VOV"), Period.year(2025))["by_province"]
    assert (centre["VWV"]["sessions"], centre["VLI"]["sessions"]) == (1, 0)


def test_the_catalogue_province_filter_finds_trainings_held_there_or_organised_there(client):
    """A teacher of West-Vlaanderen looking for trainings in West-Vlaanderen finds one of an
    Antwerp centre held in Kortrijk, and West-Vlaanderen's own (also online), not Antwerp's
    held in Antwerp."""
    antwerp = CentreFactory(code="VAN-T", province="VAN")
    west = CentreFactory(code="VWV-T", province="VWV")
    held_in_kortrijk = TrainingFactory(centre=antwerp, title="In Kortrijk")
    SessionFactory(training=held_in_kortrijk, postcode="8500", province="VWV")
    own_online = TrainingFactory(centre=west, title="Online van West")
    SessionFactory(training=own_online, online_url="https://meet.example.org/x")
    at_home = TrainingFactory(centre=antwerp, title="In Antwerpen")
    SessionFactory(training=at_home, postcode="2000", province="VAN")
    response = client.get(reverse("trainings:catalogue") + "?province=VWV")
    titles = {t.title for t in response.context["page"].object_list}
    assert titles == {"In Kortrijk", "Online van West"}

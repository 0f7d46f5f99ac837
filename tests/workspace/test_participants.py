"""The participants page of a training and its XLSX and CSV exports."""

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from stemnet.accounts.models import PersonRole
from tests.factories import ProfileFactory
from tests.trainings.factories import EnrolmentFactory, TrainingFactory
from trainings import counting
from trainings.models import Enrolment
from trainings.workspace import selectors as sel

S = Enrolment.Status


def person(first, last, **profile):
    return ProfileFactory(user__first_name=first, user__last_name=last, **profile).user


@pytest.fixture
def training(world):
    t = TrainingFactory(centre=world.centre, code="ROBOT25")
    EnrolmentFactory(
        training=t,
        person=person("An", "Peeters", school_name="GO! Atheneum Gent", role=PersonRole.DIRECTOR),
    )
    EnrolmentFactory(training=t, status=S.ATTENDED, person=person("Bart", "Claes"))
    EnrolmentFactory(training=t, status=S.CANCELLED, person=person("Chloë", "Dewulf"))
    EnrolmentFactory(
        training=t,
        status=S.WAITLISTED,
        waitlist_position=3,
        person=person("Dirk", "Aerts"),
        offer_expires_at=timezone.now() + dt.timedelta(hours=20),
    )
    # The waiting list in its order, whatever the names; an expired offer is no seat.
    EnrolmentFactory(
        training=t,
        status=S.WAITLISTED,
        waitlist_position=5,
        person=person("Eva", "Aerts"),
        offer_expires_at=timezone.now() - dt.timedelta(hours=1),
    )
    EnrolmentFactory(
        training=t, status=S.WAITLISTED, waitlist_position=4, person=person("Frank", "Zeger")
    )
    EnrolmentFactory(training=TrainingFactory(centre=world.centre), person=person("Gert", "Elders"))
    return t


def url(name, training, query=""):
    return reverse(f"workspace:{name}", args=[training.pk]) + query


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- selector -------------------------------------------------------------------------------


def test_groups_counts_and_seats_follow_counting(training):
    listing = sel.training_participants(training)
    names = {
        g.status: [p.enrolment.person.first_name for p in g.participants] for g in listing.groups
    }
    assert names == {
        "enrolled": ["An"],
        "offered": ["Dirk"],
        "waitlisted": ["Frank", "Eva"],  # positions 4, 5
        "cancelled": ["Chloë"],
        "attended": ["Bart"],
    }
    assert listing.counts == {
        "enrolled": 1,
        "offered": 1,
        "waitlisted": 2,
        "cancelled": 1,
        "attended": 1,
    }
    assert listing.seats_held == counting.seats_taken(training) == 3

    only = sel.training_participants(training, status="waitlisted")
    assert [g.status for g in only.groups] == ["waitlisted"]
    assert only.counts == listing.counts


# --- page -----------------------------------------------------------------------------------


def test_page_lists_everyone_with_their_columns(world, client_for, training):
    body = english(client_for(world.coordinator)).get(url("participants", training)).content
    html = body.decode()
    for text in (
        "An Peeters",
        "GO! Atheneum Gent",
        "Director",
        "Offered a seat",
        "Dirk Aerts",
        "Chloë Dewulf",
        "Bart Claes",
        url("participants_xlsx", training),
        url("participants_csv", training),
    ):
        assert text in html, text
    assert "Gert Elders" not in html  # another training's
    assert html.index("Frank Zeger") < html.index("Eva Aerts")  # waiting-list order


def test_page_is_dutch_by_default(world, client_for, training):
    html = client_for(world.coordinator).get(url("participants", training)).content.decode()
    assert "Deelnemers" in html and "Exporteren (XLSX)" in html and "Exporteren (CSV)" in html


def test_training_page_links_to_participants(world, client_for, training):
    html = client_for(world.coordinator).get(url("training", training)).content.decode()
    assert f'href="{url("participants", training)}"' in html


def test_filter_by_status(world, client_for, training):
    client = english(client_for(world.coordinator))
    html = client.get(url("participants", training, "?status=waitlisted")).content.decode()
    assert "Frank Zeger" in html and "Eva Aerts" in html
    assert "An Peeters" not in html and "Dirk Aerts" not in html
    assert f"{url('participants_xlsx', training)}?status=waitlisted" in html
    # an unknown status shows everyone
    html = client.get(url("participants", training, "?status=nonsense")).content.decode()
    assert "An Peeters" in html and "Frank Zeger" in html


def test_ministry_reads_and_another_centre_gets_404(world, client_for, training):
    for name in ("participants", "participants_xlsx", "participants_csv"):
        assert client_for(world.ministry).get(url(name, training)).status_code == 200
        assert client_for(world.other_coordinator).get(url(name, training)).status_code == 404


@pytest.mark.parametrize("name", ["participants", "participants_xlsx", "participants_csv"])
def test_query_count_is_flat(world, client_for, name):
    client = client_for(world.coordinator)
    counts = []
    for n in (2, 12):
        t = TrainingFactory(centre=world.centre)
        EnrolmentFactory.create_batch(n, training=t)
        for position in range(1, n + 1):
            EnrolmentFactory(training=t, status=S.WAITLISTED, waitlist_position=position)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(name, t)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


# --- exports --------------------------------------------------------------------------------


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_xlsx_has_dutch_headers_a_named_sheet_and_typed_cells(world, client_for, training):
    response = client_for(world.coordinator).get(url("participants_xlsx", training))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert 'filename="deelnemers-robot25.xlsx"' in response["Content-Disposition"]
    book = workbook(response)
    assert book.sheetnames == ["Deelnemers"]
    rows = list(book["Deelnemers"].iter_rows(values_only=True))
    assert rows[0] == (
        "Naam",
        "E-mail",
        "School",
        "Rol",
        "Status",
        "Ingeschreven op",
        "Plaats op de wachtlijst",
    )
    assert len(rows) == 7
    by_name = {r[0]: r for r in rows[1:]}
    an = by_name["An Peeters"]
    assert an[1:5] == (an[1], "GO! Atheneum Gent", "Directeur", "Ingeschreven")
    enrolled_at = Enrolment.objects.get(person__first_name="An").created_at
    assert isinstance(an[5], dt.datetime)
    assert an[5] == timezone.localtime(enrolled_at).replace(tzinfo=None, microsecond=0)
    assert an[6] is None
    assert by_name["Frank Zeger"][6] == 4 and isinstance(by_name["Frank Zeger"][6], int)
    assert by_name["Dirk Aerts"][4] == "Plaats aangeboden"


def test_english_headers_when_the_ui_is_english(world, client_for, training):
    response = english(client_for(world.coordinator)).get(url("participants_xlsx", training))
    assert "participants-robot25.xlsx" in response["Content-Disposition"]
    book = workbook(response)
    assert book.sheetnames == ["Participants"]
    header = next(book.active.iter_rows(values_only=True))
    assert header[0] == "Name" and header[5] == "Enrolled at"


def test_exports_follow_the_filter(world, client_for, training):
    client = client_for(world.coordinator)
    response = client.get(url("participants_xlsx", training, "?status=waitlisted"))
    names = [r[0] for r in workbook(response).active.iter_rows(min_row=2, values_only=True)]
    assert names == ["Frank Zeger", "Eva Aerts"]
    response = client.get(url("participants_csv", training, "?status=offered"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["Dirk Aerts"]


def test_csv_is_utf8_with_bom_and_neutralises_formulas(world, client_for, training):
    EnrolmentFactory(
        training=training,
        person=person('=HYPERLINK("http://evil")', "", school_name="+32 9 123", role="teacher"),
    )
    client = client_for(world.coordinator)
    response = client.get(url("participants_csv", training))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="deelnemers-robot25.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Naam" and rows[0][5] == "Ingeschreven op"
    assert any(r[0] == "Chloë Dewulf" for r in rows)
    evil = next(r for r in rows if "HYPERLINK" in r[0])
    assert evil[0].startswith("'=") and evil[2] == "'+32 9 123"
    # and in the XLSX it is text, not a formula
    book = load_workbook(io.BytesIO(client.get(url("participants_xlsx", training)).content))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    evil_cell = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert evil_cell.data_type == "s" and evil_cell.value.startswith("'=")

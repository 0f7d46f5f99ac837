"""A session's printable sign-in sheet (workspace:session_signin_sheet): who is on it, in what
order, what else it says, and who may print it."""

import datetime as dt
import io
import subprocess
import zoneinfo

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ProfileFactory, UserFactory
from tests.pdf_ua import _elements, _tag
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Enrolment
from trainings.workspace.views.trainings import WALK_IN_ROWS

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def sheet_url(session) -> str:
    return reverse("workspace:session_signin_sheet", args=[session.pk])


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def people_rows(content: bytes) -> int:
    """The rows of the sheet's table of people (the last table), as tagged in the PDF."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        tables = [e for e in _elements(pdf.Root.StructTreeRoot) if _tag(e) == "/Table"]
        return sum(1 for e in _elements(tables[-1]) if _tag(e) == "/TR")


def person(first: str, last: str, school: str | None = ""):
    if school is None:  # an account without a profile
        return UserFactory(first_name=first, last_name=last)
    return ProfileFactory(user__first_name=first, user__last_name=last, school_name=school).user


@pytest.fixture
def session(world):
    training = TrainingFactory(centre=world.centre, title="Robotica in de eerste graad")
    return SessionFactory(
        training=training,
        starts_at=dt.datetime(2026, 3, 10, 13, 30, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2026, 3, 10, 16, 30, tzinfo=BRUSSELS),
        location="Campus Schoonmeersen, lokaal B.2.14",
    )


def test_the_sheet_lists_the_enrolled_by_last_name_with_their_school(world, session, client_for):
    training = session.training
    for first, last, school, status in [
        ("Zoë", "Claes", "Sint-Barbaracollege", Status.ENROLLED),
        ("Arne", "Aerts", "", Status.ATTENDED),
        ("Bart", "Baert", None, Status.ENROLLED),
        ("Wim", "Wachter", "Atheneum", Status.WAITLISTED),
        ("Cas", "Cancel", "Atheneum", Status.CANCELLED),
    ]:
        EnrolmentFactory(training=training, person=person(first, last, school), status=status)
    EnrolmentFactory(person=person("Ander", "Andermans", "Elders"))  # another training

    response = client_for(world.coordinator).get(sheet_url(session))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="aanwezigheidslijst-{training.code.lower()}-2026-03-10.pdf"'
    )
    text = pdf_text(response.content)
    flat = " ".join(text.split())
    for expected in (
        "Aanwezigheidslijst",
        "Robotica in de eerste graad",
        "dinsdag 10 maart 2026",
        "13:30–16:30",
        "Campus Schoonmeersen, lokaal B.2.14",
        world.centre.name,
        "3 personen ingeschreven",
        "Naam",
        "School",
        "Handtekening",
    ):
        assert expected in flat, expected
    lines = [line for line in text.splitlines() if "Aerts" in line or "Baert" in line]
    lines += [line for line in text.splitlines() if "Claes" in line]
    assert [line.split()[0] for line in lines] == ["1", "2", "3"]
    assert "Sint-Barbaracollege" in lines[2]
    for absent in ("Wachter", "Cancel", "Andermans", "Atheneum", "Elders"):
        assert absent not in text
    # The header row, the three people and the empty rows for walk-ins.
    assert people_rows(response.content) == 1 + 3 + WALK_IN_ROWS


def test_an_empty_session_still_gives_a_sheet_to_sign(world, session, client_for):
    response = client_for(world.ministry).get(sheet_url(session))
    assert response.status_code == 200
    assert "0 personen ingeschreven" in " ".join(pdf_text(response.content).split())
    assert people_rows(response.content) == 1 + WALK_IN_ROWS


def test_the_sheet_is_in_english_for_english_readers(world, session, client_for):
    client = client_for(world.coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    flat = " ".join(pdf_text(client.get(sheet_url(session)).content).split())
    assert "Sign-in sheet" in flat and "Signature" in flat and "Tuesday 10 March 2026" in flat


@pytest.mark.parametrize(
    "role, status",
    [
        ("coordinator", 200),
        ("ministry", 200),
        ("admin", 200),
        ("other_coordinator", 404),
        ("teacher", 403),
    ],
)
def test_who_may_print_the_sheet(world, session, client_for, role, status):
    """As for the attendance page: the centre's coordinators and ministry staff read it, the
    coordinator of another centre does not learn that the session exists."""
    client = client_for(world.users[role])
    assert client.get(sheet_url(session)).status_code == status
    assert client.get(reverse("workspace:attendance", args=[session.pk])).status_code == status


def test_the_attendance_page_links_to_the_sheet(world, session, client_for):
    page = client_for(world.coordinator).get(reverse("workspace:attendance", args=[session.pk]))
    assert f'href="{sheet_url(session)}">Aanwezigheidslijst (PDF)</a>' in page.content.decode()


def test_the_sheet_takes_as_many_queries_for_two_people_as_for_twelve(world, session, client_for):
    client = client_for(world.coordinator)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(sheet_url(session)).status_code == 200
        return len(ctx.captured_queries)

    EnrolmentFactory.create_batch(2, training=session.training)
    small = count()
    EnrolmentFactory.create_batch(10, training=session.training)
    assert count() == small

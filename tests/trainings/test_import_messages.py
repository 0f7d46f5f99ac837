"""Import errors people understand: every bad number is refused for its row and column with a
reason, before the database sees it (the same answer on SQLite and PostgreSQL); an imported
training is published only as the workspace allows (``training_publish``)."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from networks.models import Centre
from stemnet.imports import import_file
from tests.monitor.factories import IndicatorFactory
from tests.trainings.factories import SessionFactory, TrainingFactory
from trainings.models import Session, Training

TRAININGS = (
    "code,title,centre,format,stem_domains,levels,hours,target_participants,fee_eur,published\n"
)
SESSIONS = "training,starts_at,ends_at,location,capacity\n"
EXCEPTION_TEXT = ("Invalid", "<class", "overflow", "out of range for", "DETAIL", "Traceback")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(kind, text, **context):
    return import_file(kind, text.encode(), "file.csv", dry_run=False, context=context)


def training_row(*, hours="3", target="10", fee="0", published="no", code="t1"):
    return f"{code},Titel,VOV,short,S,aso,{hours},{target},{fee},{published}\n"


def assert_understandable(report, line, column, *fragments):
    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [(line, column)], [
        str(e) for e in report.errors
    ]
    message = report.errors[0].message
    for fragment in fragments:
        assert fragment in message, message
    assert not any(text in message for text in EXCEPTION_TEXT), message


@pytest.mark.parametrize(
    ("cells", "column", "fragments"),
    [
        ({"hours": "Infinity"}, "hours", ["'Infinity' is not a number"]),
        ({"hours": "NaN"}, "hours", ["'NaN' is not a number"]),
        ({"hours": "1e30"}, "hours", ["'1e30' is not a number"]),
        ({"hours": "-Infinity"}, "hours", ["is not a number"]),
        ({"hours": "100000"}, "hours", ["hours", "too large", "at most 99999.9"]),
        ({"hours": "9" * 40}, "hours", ["too many digits"]),
        ({"fee": "1" + "0" * 30}, "fee_eur", ["too many digits"]),
        ({"fee": "1000000"}, "fee_eur", ["fee_eur", "too large", "at most 999999.99"]),
        ({"target": "99999999999"}, "target_participants", ["target_participants", "0 to"]),
        ({"target": "9" * 5000}, "target_participants", ["too many digits", "…"]),
    ],
)
def test_bad_numbers_of_a_training_say_line_column_and_reason(world, cells, column, fragments):
    report = run("trainings", TRAININGS + training_row(**cells))
    assert_understandable(report, 2, column, *fragments)
    assert len(report.errors[0].message) < 200
    assert not Training.objects.exists()


def test_a_session_capacity_beyond_the_integer_range(world):
    TrainingFactory(code="t1", centre=world.centre)
    day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    row = f"t1,{day}T09:00,{day}T12:00,Gent,3000000000\n"
    report = run("sessions", SESSIONS + row)
    assert_understandable(report, 2, "capacity", "capacity", "out of range", "0 to 2147483647")
    assert not Session.objects.exists()


def test_a_budget_amount_too_large_for_its_field(world):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Vlaamse overheid")
    row = "VOV,,2026,venue,Vlaamse overheid,10000000000,0\n"
    report = run("budget", "centre,training,year,category,source,planned_eur,paid_eur\n" + row)
    assert_understandable(report, 2, "planned_eur", "planned_eur", "too large")


def test_centre_numbers_are_checked_before_the_database(world):
    header = "code,network,name,kind,staff_fte,launch_year,reach_teachers\n"
    report = run("centres", header + "VOV,VL,Oost,regional,12345678,2020,10\n")
    assert_understandable(report, 2, "staff_fte", "staff_fte", "too large")
    report = run("centres", header + "VOV,VL,Oost,regional,1,99999,10\n")
    assert_understandable(report, 2, "launch_year", "launch_year", "0 to 32767")
    assert Centre.objects.get(code="VOV").staff_fte is None


def test_monitor_values_are_checked_before_the_database(world):
    IndicatorFactory(code="ind-1", unit="eur")
    header = "indicator,period,value\n"  # no dimension, category: optional parts of the key
    report = run("observations", header + "ind-1,2013-2014,1" + "0" * 15 + "\n")
    assert_understandable(report, 2, "value", "value", "too large")
    report = run("observations", header + 'ind-1,2013-2014,"1,12345"\n')
    assert_understandable(report, 2, "value", "value", "at most 4 decimals")
    report = run("observations", header + "ind-1,2013-2014,12\n")
    assert report.ok, [str(e) for e in report.errors]


def test_an_unexpected_error_never_shows_its_text(world, monkeypatch):
    from django.db import DataError

    def fail(*args, **kwargs):
        raise DataError("numeric field overflow\nDETAIL:  A field with precision 6 …")

    monkeypatch.setattr(Training, "save", fail)
    report = run("trainings", TRAININGS + training_row())
    assert not report.ok
    [error] = report.errors
    assert error.line == 2 and "could not be saved" in error.message
    assert not any(text in error.message for text in EXCEPTION_TEXT)


# --- publishing ---------------------------------------------------------------------------------


def test_a_new_training_asked_published_stays_a_draft_with_a_note(world):
    report = run("trainings", TRAININGS + training_row(published="yes"))
    assert report.ok and report.new == 1
    assert Training.objects.get().status == Training.Status.DRAFT
    [note] = report.notes
    assert (note.line, note.column) == (2, "published")
    assert "Add a session before publishing." in note.message and "draft" in note.message


def test_the_check_previews_the_note_too(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = client_for(world.coordinator)
    response = client.post(
        reverse("workspace:import"),
        {
            "kind": "trainings",
            "file": SimpleUploadedFile(
                "t.csv", (TRAININGS + training_row(published="yes")).encode()
            ),
        },
    )
    report = response.context["report"]
    assert report.ok and response.context["job_id"]
    assert report.notes and report.notes[0].message in response.content.decode()
    assert not Training.objects.exists()


def test_a_draft_with_a_session_is_published_and_without_one_stays_unchanged(world):
    with_session = TrainingFactory(code="t1", centre=world.centre, title="Titel")
    SessionFactory(training=with_session)
    run("trainings", TRAININGS + training_row(code="t1") + training_row(code="t2"))
    assert set(Training.objects.values_list("status", flat=True)) == {Training.Status.DRAFT}

    rows = training_row(code="t1", published="yes") + training_row(code="t2", published="yes")
    report = run("trainings", TRAININGS + rows)
    assert report.ok and (report.updated, report.unchanged) == (1, 1), report.as_dict()
    assert Training.objects.get(code="t1").status == Training.Status.PUBLISHED
    assert Training.objects.get(code="t2").status == Training.Status.DRAFT
    assert [(n.line, n.column) for n in report.notes] == [(3, "published")]

    again = run("trainings", TRAININGS + rows)  # and a second time changes nothing
    assert again.ok and again.unchanged == 2

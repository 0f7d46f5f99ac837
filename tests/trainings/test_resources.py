"""The import kinds of trainings/resources.py: good files, bad files, nothing written on error."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from networks.models import Organisation
from stemnet.accounts.models import Profile, User
from stemnet.imports import import_file
from tests.factories import OrganisationFactory
from trainings.models import BudgetLine, Enrolment, Session, Training

from .factories import EnrolmentFactory, TrainingFactory

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "examples"

TRAININGS_HEADER = (
    "code,title,centre,format,stem_domains,levels,hours,target_participants,fee_eur,published\n"
)
SESSIONS_HEADER = "training,starts_at,ends_at,location,capacity\n"
PEOPLE_HEADER = "training,email,first_name,last_name,role,school,stem_domain,levels,status\n"
BUDGET_HEADER = "centre,training,year,category,source,planned_eur,paid_eur\n"


def run(kind, text, *, centre_ids=None, dry_run=False, filename="file.csv"):
    data = text.encode() if isinstance(text, str) else text
    context = {} if centre_ids is None else {"centre_ids": centre_ids}
    return import_file(kind, data, filename, dry_run=dry_run, context=context)


def errors_of(report):
    return [(e.line, e.column) for e in report.errors]


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def sources(db):
    OrganisationFactory(name="Arteveldehogeschool")
    OrganisationFactory(name="Vlaamse overheid, Departement Onderwijs en Vorming")


# --- the example files ----------------------------------------------------------------------


def test_example_files_import_and_reimport_changes_nothing(world, sources):
    for kind in ("trainings", "sessions", "participants", "budget"):
        data = (EXAMPLES / f"{kind}.csv").read_bytes()
        report = import_file(kind, data, f"{kind}.csv", dry_run=False)
        assert report.ok, (kind, [str(e) for e in report.errors])
        assert report.new == report.rows
    assert Training.objects.count() == 2
    assert Session.objects.count() == 3
    assert Enrolment.objects.count() == 3
    assert BudgetLine.objects.count() == 3
    venue = BudgetLine.objects.get(category="venue")
    assert venue.planned_eur == Decimal("1200.00") and venue.paid_eur == Decimal("950.50")
    an = User.objects.get(email="an.peeters@school.example")
    assert an.profile.school_name == "Sint-Jozefscollege" and an.profile.levels == ["graad1"]
    assert not an.has_usable_password()
    jan = Enrolment.objects.get(person__email="jan.maes@school.example")
    assert jan.status == Enrolment.Status.WAITLISTED and jan.waitlist_position == 1

    # Imported before their sessions, the trainings are drafts; the next import publishes
    # them (docs/imports.md), and the one after changes nothing.
    data = (EXAMPLES / "trainings.csv").read_bytes()
    published = import_file("trainings", data, "trainings.csv", dry_run=False)
    assert published.ok and published.updated == published.rows
    for kind in ("trainings", "sessions", "participants", "budget"):
        data = (EXAMPLES / f"{kind}.csv").read_bytes()
        again = import_file(kind, data, f"{kind}.csv", dry_run=False)
        assert again.ok and again.new == 0 and again.updated == 0
        assert again.unchanged == again.rows, kind


def test_xlsx_example_files_give_the_same_result(world, sources):
    for kind in ("trainings", "sessions", "participants", "budget"):
        data = (EXAMPLES / f"{kind}.xlsx").read_bytes()
        report = import_file(kind, data, f"{kind}.xlsx", dry_run=False)
        assert report.ok and report.new == report.rows, (kind, [str(e) for e in report.errors])
        again = import_file(
            kind, (EXAMPLES / f"{kind}.csv").read_bytes(), f"{kind}.csv", dry_run=False
        )
        assert again.ok and again.unchanged == again.rows, kind  # CSV and XLSX agree
    assert BudgetLine.objects.get(category="venue").paid_eur == Decimal("950.50")


def test_dry_run_writes_nothing_but_previews(world):
    data = (EXAMPLES / "trainings.csv").read_bytes()
    report = import_file("trainings", data, "trainings.csv", dry_run=True, preview_rows=10)
    assert report.ok and report.new == 2
    assert [row["action"] for row in report.preview] == ["new", "new"]
    assert not Training.objects.exists()


# --- trainings ------------------------------------------------------------------------------


def test_training_update_and_status_of_held_training_kept(world):
    held = TrainingFactory(code="t1", centre=world.centre, status=Training.Status.HELD)
    report = run("trainings", TRAININGS_HEADER + "t1,Nieuwe titel,VOV,short,S,aso,3,10,0,no\n")
    assert report.ok and report.updated == 1
    held.refresh_from_db()
    assert held.title == "Nieuwe titel" and held.status == Training.Status.HELD


@pytest.mark.parametrize(
    "row, column",
    [
        ("t1,Titel,XXX,short,S,aso,3,10,0,yes", "centre"),
        ("t1,Titel,VOV,short,S,aso;vijfde,3,10,0,yes", "levels"),
        ("t1,Titel,VOV,short,Q,aso,3,10,0,yes", "stem_domains"),
        ("t1,Titel,VOV,weekly,S,aso,3,10,0,yes", "format"),
        ("t1,Titel,VOV,short,S,aso,drie,10,0,yes", "hours"),
        ("t1,Titel,VOV,short,S,aso,3,-1,0,yes", "target_participants"),
        ("t1,Titel,VOV,short,S,aso,3,10,-5,yes", "fee_eur"),
        ("t1,Titel,VOV,short,S,aso,3,10,12.5.0,yes", "fee_eur"),
        ("t1,Titel,VOV,short,S,aso,3,10,0,misschien", "published"),
        ("t 1!,Titel,VOV,short,S,aso,3,10,0,yes", "code"),
        ("t1,,VOV,short,S,aso,3,10,0,yes", "title"),
    ],
)
def test_training_bad_cells_are_reported_and_nothing_is_written(world, row, column):
    good = "ok1,Goede rij,VOV,short,S,aso,3,10,0,yes\n"
    report = run("trainings", TRAININGS_HEADER + good + row + "\n")
    assert errors_of(report) == [(3, column)], [str(e) for e in report.errors]
    assert not Training.objects.exists()


def test_every_bad_row_is_reported(world):
    report = run(
        "trainings",
        TRAININGS_HEADER
        + "a,A,XXX,short,S,aso,3,10,0,yes\n"
        + "b,B,VOV,short,S,aso,3,10,0,yes\n"
        + "c,C,VOV,short,S,nope,3,10,-1,yes\n",
    )
    assert errors_of(report) == [(2, "centre"), (4, "fee_eur"), (4, "levels")]
    assert not Training.objects.exists()


def test_duplicate_row_is_refused(world):
    row = "t1,Titel,VOV,short,S,aso,3,10,0,yes\n"
    report = run("trainings", TRAININGS_HEADER + row + row)
    assert errors_of(report) == [(3, "code")]
    assert "line 2" in report.errors[0].message
    assert not Training.objects.exists()


def test_coordinator_import_refuses_rows_of_another_centre(world):
    report = run(
        "trainings",
        TRAININGS_HEADER + "t1,Titel,VWV,short,S,aso,3,10,0,yes\n",
        centre_ids={world.centre.pk},
    )
    assert errors_of(report) == [(2, "centre")]
    TrainingFactory(code="theirs", centre=world.other_centre)
    report = run(
        "trainings",
        TRAININGS_HEADER + "theirs,Overname,VOV,short,S,aso,3,10,0,yes\n",
        centre_ids={world.centre.pk},
    )
    assert errors_of(report) == [(2, "code")]
    assert Training.objects.get(code="theirs").title != "Overname"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("   \n", "empty"),
        (TRAININGS_HEADER, "no data rows"),
    ],
)
def test_empty_files(world, text, message):
    report = run("trainings", text)
    assert not report.ok and report.errors[0].line == 0
    assert message in report.errors[0].message


def test_wrong_columns(world):
    report = run("trainings", "code,title,centre,colour\nt1,T,VOV,red\n")
    columns = {e.column for e in report.errors}
    assert {"format", "levels", "published", "colour"} <= columns
    assert all(e.line == 1 for e in report.errors)
    assert not Training.objects.exists()


def test_semicolon_csv_is_read(world):
    text = TRAININGS_HEADER.replace(",", ";") + "t1;Titel;VOV;short;S,T;aso;3;10;12,50;ja\n"
    text = text.replace("S,T", "S")  # lists are separated by ';' only in comma files
    report = run("trainings", text)
    assert report.ok, [str(e) for e in report.errors]
    assert Training.objects.get(code="t1").fee_eur == Decimal("12.50")


# --- sessions -------------------------------------------------------------------------------


def test_sessions_times_are_brussels_time(world):
    TrainingFactory(code="t1", centre=world.centre)
    report = run("sessions", SESSIONS_HEADER + "t1,2026-03-04T13:30,2026-03-04T16:30,Gent,20\n")
    assert report.ok
    session = Session.objects.get()
    assert session.starts_at == dt.datetime(2026, 3, 4, 12, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "row, column",
    [
        ("onbekend,2026-03-04T13:30,2026-03-04T16:30,Gent,20", "training"),
        ("t1,2026-03-04T13:30,2026-03-04T12:30,Gent,20", "ends_at"),
        ("t1,4 maart,2026-03-04T16:30,Gent,20", "starts_at"),
        ("t1,2026-03-04T13:30,2026-03-04T16:30,Gent,twintig", "capacity"),
        ("theirs,2026-03-04T13:30,2026-03-04T16:30,Gent,20", "training"),
    ],
)
def test_session_bad_rows(world, row, column):
    TrainingFactory(code="t1", centre=world.centre)
    TrainingFactory(code="theirs", centre=world.other_centre)
    report = run("sessions", SESSIONS_HEADER + row + "\n", centre_ids={world.centre.pk})
    assert errors_of(report) == [(2, column)]
    assert not Session.objects.exists()


def test_session_capacity_below_enrolled_is_refused(world):
    training = TrainingFactory(code="t1", centre=world.centre)
    EnrolmentFactory.create_batch(3, training=training)
    report = run("sessions", SESSIONS_HEADER + "t1,2026-03-04T13:30,2026-03-04T16:30,Gent,2\n")
    assert errors_of(report) == [(2, "capacity")]
    assert {"2", "3"} <= set(re.findall(r"\d+", report.errors[0].message))  # both numbers
    assert not Session.objects.exists()


def test_xlsx_with_date_cells_imports(world):
    TrainingFactory(code="t1", centre=world.centre)
    data = xlsx(
        [
            ["training", "starts_at", "ends_at", "location", "capacity"],
            ["t1", dt.datetime(2026, 3, 4, 13, 30), dt.datetime(2026, 3, 4, 16, 30), "Gent", 20],
        ]
    )
    report = run("sessions", data, filename="sessions.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert Session.objects.get().capacity == 20


def test_xlsx_date_cell_in_a_number_column_is_refused(world):
    data = xlsx(
        [
            TRAININGS_HEADER.strip().split(","),
            ["t1", "Titel", "VOV", "short", "S", "aso", dt.datetime(2026, 1, 3), 10, 0, "yes"],
        ]
    )
    report = run("trainings", data, filename="trainings.xlsx")
    assert errors_of(report) == [(2, "hours")]
    assert not Training.objects.exists()


def test_xlsx_with_a_formula_is_refused(world):
    TrainingFactory(code="t1", centre=world.centre)
    data = xlsx(
        [
            ["training", "starts_at", "ends_at", "location", "capacity"],
            ["t1", "2026-03-04T13:30", "2026-03-04T16:30", "Gent", "=10+10"],
        ]
    )
    report = run("sessions", data, filename="sessions.xlsx")
    assert not report.ok and "formula" in report.errors[0].message
    assert not Session.objects.exists()


def test_xlsx_that_unpacks_too_large_is_refused(world, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1000
    data = xlsx(
        [["training", "starts_at", "ends_at", "location", "capacity"]]
        + [["t1", "2026-03-04T13:30", "2026-03-04T16:30", "Gent", 1]] * 50
    )
    report = run("sessions", data, filename="sessions.xlsx")
    assert not report.ok and "unpacks" in report.errors[0].message


def test_too_many_rows_is_refused(world, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = "".join(f"t{i},T,VOV,short,S,aso,3,10,0,yes\n" for i in range(3))
    report = run("trainings", TRAININGS_HEADER + rows)
    assert not report.ok and "more than 2 rows" in report.errors[0].message


# --- participants ---------------------------------------------------------------------------


def test_participant_existing_person_is_found_by_email_and_profile_kept(world):
    TrainingFactory(code="t1", centre=world.centre)
    report = run(
        "participants",
        PEOPLE_HEADER + "t1,TEACHER@example.org,X,Y,director,Andere school,M,lager,enrolled\n",
    )
    assert report.ok and report.new == 1
    enrolment = Enrolment.objects.get()
    assert enrolment.person == world.teacher
    assert Profile.objects.get(user=world.teacher).role == "teacher"


@pytest.mark.parametrize(
    "row, column",
    [
        ("t1,geen-adres,A,B,teacher,School,S,aso,enrolled", "email"),
        ("t1,a@b.example,A,B,astronaut,School,S,aso,enrolled", "role"),
        ("t1,a@b.example,A,B,teacher,School,S,aso;zesde,enrolled", "levels"),
        ("t1,a@b.example,A,B,teacher,School,Z,aso,enrolled", "stem_domain"),
        ("t1,a@b.example,A,B,teacher,School,S,aso,present", "status"),
        ("t9,a@b.example,A,B,teacher,School,S,aso,enrolled", "training"),
        ("theirs,a@b.example,A,B,teacher,School,S,aso,enrolled", "training"),
    ],
)
def test_participant_bad_rows_write_nothing(world, row, column):
    TrainingFactory(code="t1", centre=world.centre)
    TrainingFactory(code="theirs", centre=world.other_centre)
    users = User.objects.count()
    good = "t1,good@school.example,G,H,teacher,School,S,aso,enrolled\n"
    report = run("participants", PEOPLE_HEADER + good + row + "\n", centre_ids={world.centre.pk})
    assert errors_of(report) == [(3, column)], [str(e) for e in report.errors]
    assert not Enrolment.objects.exists()
    assert User.objects.count() == users  # the good row's person was rolled back too


def test_participant_duplicate_row(world):
    TrainingFactory(code="t1", centre=world.centre)
    row = "t1,a@school.example,A,B,teacher,School,S,aso,enrolled\n"
    report = run("participants", PEOPLE_HEADER + row + row.replace("a@", "A@"))
    assert errors_of(report) == [(3, "email")]


def test_participants_beyond_capacity_are_refused(world):
    training = TrainingFactory(code="t1", centre=world.centre, shared_capacity=2)
    EnrolmentFactory(training=training)
    rows = "".join(f"t1,p{i}@school.example,A,B,teacher,School,S,aso,enrolled\n" for i in range(2))
    report = run("participants", PEOPLE_HEADER + rows)
    assert errors_of(report) == [(3, "status")]
    assert Enrolment.objects.count() == 1
    ok = run(
        "participants",
        PEOPLE_HEADER
        + rows.replace(
            "p1@school.example,A,B,teacher,School,S,aso,enrolled",
            "p1@school.example,A,B,teacher,School,S,aso,waitlisted",
        ),
    )
    assert ok.ok
    assert Enrolment.objects.filter(status="waitlisted").get().waitlist_position == 1


def test_participant_status_change_is_an_update(world):
    training = TrainingFactory(code="t1", centre=world.centre)
    EnrolmentFactory(training=training, person=world.teacher)
    report = run(
        "participants",
        PEOPLE_HEADER + "t1,teacher@example.org,A,B,teacher,School,S,aso,cancelled\n",
    )
    assert report.ok and report.updated == 1
    enrolment = Enrolment.objects.get()
    assert enrolment.status == "cancelled" and enrolment.cancelled_at is not None


def seats_held(training) -> int:
    return Training.objects.values_list("seats_held", flat=True).get(pk=training.pk)


def test_participants_import_keeps_the_seat_figures(world):
    """People, profiles and enrolments go in with COPY on PostgreSQL (statement triggers) and
    bulk_create on SQLite (row triggers): either way ``seats_held`` counts what
    ``seat_holders`` counts, after the first import and after one that changes statuses."""
    from trainings.counting import seats_taken

    t1 = TrainingFactory(code="t1", centre=world.centre)
    t2 = TrainingFactory(code="t2", centre=world.centre)
    EnrolmentFactory(training=t1, person=world.teacher)
    rows = [
        "t1,p0@school.example,A,B,teacher,School,S,aso,enrolled",
        "t1,p1@school.example,A,B,director,School,,,attended",
        "t1,p2@school.example,A,B,teacher,School,M,lager;aso,waitlisted",
        "t1,p3@school.example,A,B,teacher,School,S,aso,cancelled",
        "t2,p0@school.example,X,Y,director,Other,T,,enrolled",
        "t2,teacher@example.org,A,B,teacher,School,S,aso,waitlisted",
    ]
    report = run("participants", PEOPLE_HEADER + "\n".join(rows) + "\n")
    assert report.ok and (report.new, report.updated) == (6, 0), [str(e) for e in report.errors]
    assert (seats_held(t1), seats_held(t2)) == (3, 1)
    assert seats_held(t1) == seats_taken(t1) and seats_held(t2) == seats_taken(t2)
    p0 = User.objects.get(email="p0@school.example")
    assert (p0.first_name, p0.profile.role, p0.profile.levels) == ("A", "teacher", ["aso"])
    assert not p0.has_usable_password()
    assert User.objects.get(email="p2@school.example").profile.levels == ["lager", "aso"]
    assert (
        Enrolment.objects.get(training=t1, person__email="p2@school.example").waitlist_position == 1
    )
    cancelled = Enrolment.objects.get(training=t1, person__email="p3@school.example")
    assert cancelled.cancelled_at is not None and cancelled.created_at is not None

    rows[0] = rows[0].replace("enrolled", "cancelled")
    rows[2] = rows[2].replace("waitlisted", "enrolled")
    again = run("participants", PEOPLE_HEADER + "\n".join(rows) + "\n")
    assert (again.new, again.updated, again.unchanged) == (0, 2, 4)
    assert seats_held(t1) == seats_taken(t1) == 3
    moved = Enrolment.objects.get(training=t1, person__email="p2@school.example")
    assert moved.status == "enrolled" and moved.waitlist_position is None


def test_participant_text_with_tabs_backslashes_and_line_breaks_is_kept(world):
    TrainingFactory(code="t1", centre=world.centre)
    row = 't1,a@school.example,"An\tje","De\\Smet\nJr",teacher,"School \\N",S,aso,enrolled\n'
    report = run("participants", PEOPLE_HEADER + row)
    assert report.ok, [str(e) for e in report.errors]
    person = User.objects.get(email="a@school.example")
    assert (person.first_name, person.last_name) == ("An\tje", "De\\Smet\nJr")
    assert person.profile.school_name == "School \\N" and person.profile.school is None


def test_participant_dry_run_previews_and_writes_nothing(world):
    training = TrainingFactory(code="t1", centre=world.centre)
    EnrolmentFactory(training=training, person=world.teacher)
    rows = (
        "t1,teacher@example.org,A,B,teacher,School,S,aso,enrolled\n"
        "t1,new@school.example,A,B,teacher,School,S,aso,enrolled\n"
        "t1,late@school.example,A,B,teacher,School,S,aso,waitlisted\n"
    )
    report = import_file(
        "participants", (PEOPLE_HEADER + rows).encode(), "p.csv", dry_run=True, preview_rows=10
    )
    assert report.ok and (report.new, report.unchanged) == (2, 1)
    assert [row["action"] for row in report.preview] == ["skip", "new", "new"]
    assert not User.objects.filter(email__endswith="@school.example").exists()
    assert Enrolment.objects.count() == 1 and seats_held(training) == 1


def test_participant_errors_of_every_bad_row_and_progress(world, monkeypatch):
    import trainings.resources

    monkeypatch.setattr(trainings.resources, "PROGRESS_EVERY", 2)
    TrainingFactory(code="t1", centre=world.centre, shared_capacity=1)
    rows = (
        "t1,geen-adres,A,B,teacher,School,S,aso,waitlisted\n"
        "t1,a@school.example,A,B,teacher,School,S,aso,enrolled\n"
        "t1,A@school.example,A,B,teacher,School,S,aso,waitlisted\n"
        "t1,b@school.example,A,B,astronaut,School,S,aso,present\n"
        "t1,c@school.example,A,B,teacher,School,S,aso,enrolled\n"
    )
    progress = []
    report = import_file(
        "participants",
        (PEOPLE_HEADER + rows).encode(),
        "p.csv",
        dry_run=False,
        context={"progress": lambda done, total: progress.append((done, total))},
    )
    assert errors_of(report) == [
        (2, "email"),
        (4, "email"),
        (5, "role"),
        (5, "status"),
        (6, "status"),
    ]
    assert "Duplicate of line 3" in report.errors[1].message
    assert "full (1 seats)" in report.errors[4].message
    assert progress == [(2, 5), (4, 5)]
    assert not User.objects.filter(email__endswith="@school.example").exists()
    assert not Enrolment.objects.exists()


def test_participant_write_the_database_refuses_is_an_error_of_the_file(world, monkeypatch):
    from django.db import DatabaseError

    import stemnet.imports

    TrainingFactory(code="t1", centre=world.centre)
    real = stemnet.imports.insert_rows

    def refused(model, columns, **kwargs):
        if model is Enrolment:
            raise DatabaseError("numeric field overflow")
        return real(model, columns, **kwargs)

    monkeypatch.setattr(stemnet.imports, "insert_rows", refused)
    report = run("participants", PEOPLE_HEADER + "t1,a@school.example,A,B,teacher,S,S,,enrolled\n")
    assert errors_of(report) == [(0, "")]
    assert "could not be saved" in report.errors[0].message
    assert "overflow" not in report.errors[0].message
    assert not User.objects.filter(email="a@school.example").exists()  # the person rolled back


# --- budget ---------------------------------------------------------------------------------


def test_budget_amounts_with_dot_or_comma(world, sources):
    report = run(
        "budget",
        BUDGET_HEADER
        + 'VOV,,2026,venue,Arteveldehogeschool,"1.250,50",1250.5\n'
        + 'VOV,,2026,catering,Arteveldehogeschool,300,"99,9"\n',
    )
    assert report.ok, [str(e) for e in report.errors]
    venue = BudgetLine.objects.get(category="venue")
    assert venue.planned_eur == venue.paid_eur == Decimal("1250.50")
    assert BudgetLine.objects.get(category="catering").paid_eur == Decimal("99.90")


@pytest.mark.parametrize(
    "row, column",
    [
        ("VOV,,2026,venue,Arteveldehogeschool,-10,0", "planned_eur"),
        ("VOV,,2026,venue,Arteveldehogeschool,10,12.345", "paid_eur"),
        ("VOV,,2026,venue,Arteveldehogeschool,tien,0", "planned_eur"),
        ("VOV,,2026,bribes,Arteveldehogeschool,10,0", "category"),
        ("VOV,,twintig,venue,Arteveldehogeschool,10,0", "year"),
        ("VOV,,2026,venue,Onbekende sponsor,10,0", "source"),
        ("XXX,,2026,venue,Arteveldehogeschool,10,0", "centre"),
        ("VWV,,2026,venue,Arteveldehogeschool,10,0", "centre"),
        ("VOV,onbekend,2026,venue,Arteveldehogeschool,10,0", "training"),
    ],
)
def test_budget_bad_rows(world, sources, row, column):
    report = run("budget", BUDGET_HEADER + row + "\n", centre_ids={world.centre.pk})
    assert errors_of(report) == [(2, column)], [str(e) for e in report.errors]
    assert not BudgetLine.objects.exists()


def test_budget_duplicate_line_without_training(world, sources):
    row = "VOV,,2026,venue,Arteveldehogeschool,10,0\n"
    other_year = row.replace("2026", "2027")
    report = run("budget", BUDGET_HEADER + row + other_year + row)
    assert errors_of(report) == [(4, "category")]
    assert "Duplicate of line 2" in report.errors[0].message
    assert not BudgetLine.objects.exists()


def test_session_duplicate_start(world):
    TrainingFactory(code="t1", centre=world.centre)
    row = "t1,2026-03-05T09:00,2026-03-05T12:00,Gent,\n"
    report = run("sessions", SESSIONS_HEADER + row + row.replace("Gent", "Brugge"))
    assert errors_of(report) == [(3, "training")]
    assert not Session.objects.exists()


# --- the command line -----------------------------------------------------------------------


def test_command_line_reports_errors_on_stderr_with_status_1(world, tmp_path, capsys):
    bad = tmp_path / "budget.csv"
    bad.write_text(BUDGET_HEADER + "VOV,,2026,venue,Nobody,-1,0\n")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_data", "budget", str(bad))
    assert excinfo.value.returncode == 1
    err = capsys.readouterr().err
    assert "line 2, planned_eur" in err and "line 2, source" in err
    assert not BudgetLine.objects.exists()


def test_command_line_dry_run(world, capsys):
    call_command("import_data", "trainings", str(EXAMPLES / "trainings.csv"), "--dry-run")
    assert "2 would be created" in capsys.readouterr().out
    assert not Training.objects.exists()
    assert Organisation.objects.count() >= 2


# --- every kind: empty files, wrong columns, formulas ----------------------------------------

HEADERS = {
    "trainings": TRAININGS_HEADER,
    "sessions": SESSIONS_HEADER,
    "participants": PEOPLE_HEADER,
    "budget": BUDGET_HEADER,
}


@pytest.mark.parametrize("kind", sorted(HEADERS))
def test_every_kind_refuses_empty_files_wrong_columns_and_formulas(world, sources, kind):
    header = HEADERS[kind]
    assert "empty" in run(kind, "").errors[0].message
    assert "no data rows" in run(kind, header).errors[0].message
    wrong = run(kind, header.replace(header.split(",")[0], "colour", 1) + "x" + "," * 5 + "\n")
    assert {(e.line, e.column) for e in wrong.errors} >= {(1, "colour")}
    example = (EXAMPLES / f"{kind}.csv").read_text().splitlines()
    cells = next(csv.reader(example[1:2]))
    cells[1] = "=1+1"
    data = xlsx([example[0].split(","), cells])
    report = run(kind, data, filename=f"{kind}.xlsx")
    assert not report.ok and "formula" in report.errors[0].message
    assert not (
        Training.objects.exists()
        or Session.objects.exists()
        or Enrolment.objects.exists()
        or BudgetLine.objects.exists()
    )

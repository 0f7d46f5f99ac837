"""The participants import's optional ``school_number``: it sets the person's school of the
register; an unknown number is a row error and nothing is written (issue 16)."""

import pytest

from stemnet.accounts.models import Profile, User
from stemnet.imports import import_file
from tests.factories import ProfileFactory, UserFactory
from tests.trainings.factories import TrainingFactory
from trainings.models import Enrolment

from .factories import SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "training,email,first_name,last_name,role,school,stem_domain,levels,status,school_number"


@pytest.fixture
def training(world):
    return TrainingFactory(code="vov-robotica", centre=world.centre)


@pytest.fixture
def school(db):
    return SchoolFactory(number="030387", name="Sint-Barbaracollege", municipality="Gent")


def run(*lines: str, header=HEADER, centre_ids=None):
    data = "\n".join([header, *lines]).encode()
    context = {} if centre_ids is None else {"centre_ids": centre_ids}
    return import_file("participants", data, "people.csv", dry_run=False, context=context)


def row(email: str, number: str, school_text: str = "") -> str:
    return f"vov-robotica,{email},An,Peeters,teacher,{school_text},S,,enrolled,{number}"


def test_a_new_person_gets_the_school_of_the_number(training, school):
    report = run(row("an@school.example", "30387", "Barbara Gent"), row("jan@school.example", ""))
    assert report.ok, [str(e) for e in report.errors]
    an = Profile.objects.get(user__email="an@school.example")
    assert an.school == school and an.school_name == ""  # the register's school, no free text
    jan = Profile.objects.get(user__email="jan@school.example")
    assert jan.school is None


@pytest.mark.parametrize(
    "number, reason",
    [
        ("123456", "No school in the register has the number 123456."),
        ("12ab", "'12ab' is not an institution number"),
        ("1234567", "'1234567' is not an institution number"),
    ],
)
def test_an_unknown_or_bad_number_is_a_row_error_and_nothing_is_written(
    training, school, number, reason
):
    report = run(row("an@school.example", "030387"), row("jan@school.example", number))
    assert [(e.line, e.column) for e in report.errors] == [(3, "school_number")], [
        str(e) for e in report.errors
    ]
    assert reason in report.errors[0].message
    assert not User.objects.filter(email__endswith="@school.example").exists()
    assert not Enrolment.objects.exists()


def test_an_existing_person_gets_a_school_only_when_their_profile_has_none(training, school):
    other = SchoolFactory(number="041234", name="GO! atheneum Gent")
    without = ProfileFactory(user=UserFactory(email="zonder@school.example"), school_number="77")
    chose = ProfileFactory(user=UserFactory(email="gekozen@school.example"), school=other)
    report = run(row("zonder@school.example", "030387"), row("gekozen@school.example", "030387"))
    assert report.ok, [str(e) for e in report.errors]
    without.refresh_from_db()
    chose.refresh_from_db()
    assert without.school == school and without.school_number == ""
    assert chose.school == other  # the person's own choice stays
    assert [(n.line, n.column) for n in report.notes] == [(3, "school_number")]
    assert "keeps the school of their profile, GO! atheneum Gent (Gent)" in report.notes[0].message
    again = run(row("zonder@school.example", "030387"), row("gekozen@school.example", "030387"))
    assert again.ok and again.unchanged == 2


def test_a_file_without_the_column_imports_as_before(training, school):
    header = HEADER.removesuffix(",school_number")
    report = run(
        "vov-robotica,an@school.example,An,Peeters,teacher,Sint-Jozef,S,,enrolled", header=header
    )
    assert report.ok
    profile = Profile.objects.get(user__email="an@school.example")
    assert profile.school is None and profile.school_name == "Sint-Jozef"

"""The import kind ``schools``: update by number, and every bad row refused with its line,
column and reason, nothing written (issue 16)."""

import pytest
from django.conf import settings

from networks.schools.models import School
from stemnet.imports import import_file
from tests.factories import ProfileFactory

from .factories import SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "number,name,street,postcode,municipality,province,network,levels"
GOOD = "130201,Vrije Basisschool De Bolster,Kerkstraat 12,9881,Bellem,VOV,KOV,kleuter;lager"


def run(*lines: str, dry_run=False, context=None):
    data = "\n".join([HEADER, *lines]).encode()
    return import_file("schools", data, "schools.csv", dry_run=dry_run, context=context)


def errors(report) -> list[tuple[int, str]]:
    return [(e.line, e.column) for e in report.errors]


def test_the_example_file_adds_schools_and_a_second_run_changes_nothing():
    for ext in ("csv", "xlsx"):
        path = settings.BASE_DIR / "fixtures" / "examples" / f"schools.{ext}"
        report = import_file("schools", path.read_bytes(), path.name, dry_run=False)
        assert report.ok, [str(e) for e in report.errors]
        assert (report.new, report.unchanged) == ((6, 0) if ext == "csv" else (0, 6))
    bellem = School.objects.get(number="130101")
    assert str(bellem) == "Vrije Basisschool De Bolster (Bellem)"
    assert (bellem.province, bellem.network, bellem.levels) == ("VOV", "KOV", ["kleuter", "lager"])
    assert School.objects.get(number="130106").levels == ["kleuter", "lager", "secundair"]


def test_a_known_number_updates_its_school_and_leading_zeros_do_not_matter():
    SchoolFactory(number="030387", name="Sint-Barbaracollege", levels=["secundair"])
    report = run("30387,Sint-Barbaracollege,Savaanstraat 1,9000,Gent,Oost-Vlaanderen,KOV,secundair")
    assert report.ok and report.updated == 1, report.as_dict()
    school = School.objects.get(number="030387")
    assert school.street == "Savaanstraat 1" and School.objects.count() == 1


@pytest.mark.parametrize(
    "row, column, reason",
    [
        ("12a45,School,,9000,Gent,VOV,KOV,lager", "number", "not an institution number"),
        ("1234567,School,,9000,Gent,VOV,KOV,lager", "number", "not an institution number"),
        ("0,School,,9000,Gent,VOV,KOV,lager", "number", "not an institution number"),
        (",School,,9000,Gent,VOV,KOV,lager", "number", "not an institution number"),
        ("130202,School,,9000,Gent,XYZ,KOV,lager", "province", "Unknown code or name 'XYZ'"),
        ("130202,School,,9000,Gent,VOV,ABC,lager", "network", "Unknown code or name 'ABC'"),
        ("130202,School,,9000,Gent,VOV,KOV,lager;hoger", "levels", "'hoger'"),
        ("130202,School,,9000,Gent,VOV,KOV,", "levels", "at least one level"),
        ("130202,School,,2000,Antwerpen,VOV,KOV,lager", "province", "lies in Antwerp (VAN)"),
        ("130202,School,,5000,Namen,VOV,KOV,lager", "postcode", "not a postcode in Flanders"),
        ("130202,,,9000,Gent,VOV,KOV,lager", "name", "required"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_column_and_reason_and_nothing_is_written(
    row, column, reason
):
    report = run(GOOD, row)
    assert errors(report) == [(3, column)], [str(e) for e in report.errors]
    assert reason in report.errors[0].message
    assert not School.objects.exists()


def test_a_number_twice_in_one_file_is_refused_even_written_otherwise():
    report = run(GOOD, GOOD.replace("130201", "130 201").replace("Bolster", "Linde"))
    assert errors(report) == [(3, "number")]
    assert "Duplicate of line 2" in report.errors[0].message
    assert not School.objects.exists()


def test_every_bad_row_of_a_file_is_reported_at_once():
    report = run(
        "12a45,A,,9000,Gent,VOV,KOV,lager",
        GOOD,
        GOOD,
        "130203,D,,9000,Gent,XYZ,KOV,lager",
        "130204,E,,9000,Gent,VOV,ABC,lager",
        "130205,F,,9000,Gent,VOV,KOV,lager;nope",
    )
    assert errors(report) == [
        (2, "number"),
        (4, "number"),
        (5, "province"),
        (6, "network"),
        (7, "levels"),
    ]
    assert not School.objects.exists()


def test_a_coordinators_import_is_refused():
    report = run(GOOD, context={"centre_ids": [1]})
    assert errors(report) == [(2, "number")]
    assert "administrators" in report.errors[0].message
    assert not School.objects.exists()


def test_profiles_holding_the_number_as_text_are_linked_after_the_import():
    waiting = ProfileFactory(school_number="130201", school_name="De Bolster")
    other = ProfileFactory(school_number="999999")
    dry = run(GOOD, dry_run=True)
    assert dry.ok
    waiting.refresh_from_db()
    assert waiting.school is None  # a dry run writes nothing
    report = run(GOOD)
    assert report.ok and [n.message for n in report.notes] == [
        "1 profile with this school number is now linked to its school."
    ]
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.school.number == "130201"
    assert (waiting.school_number, waiting.school_name) == ("", "")
    assert other.school is None and other.school_number == "999999"


def test_the_demo_register_passes_the_import_as_it_stands():
    """The demo's schools, written as the import reads them (numbers without their leading
    zeros, as a spreadsheet shows them), import as unchanged: the demo obeys the import's
    rules."""
    import tablib

    from networks.schools.demo import load_register, register_rows

    load_register()
    dataset = tablib.Dataset(headers=HEADER.split(","))
    for r in register_rows():
        dataset.append(
            [r["number"].lstrip("0"), r["name"], r["street"], r["postcode"], r["municipality"],
             r["province"], r["network"], ";".join(r["levels"])]
        )  # fmt: skip
    from stemnet.imports import import_dataset

    report = import_dataset("schools", dataset, dry_run=True)
    assert report.ok, [str(e) for e in report.errors[:5]]
    assert report.unchanged == report.rows == School.objects.count()


def test_the_admin_lists_searches_and_exports_the_register(client_for, world):
    from django.urls import reverse

    SchoolFactory(number="030387", name="Sint-Barbaracollege", levels=["secundair"])
    client = client_for(world.users["admin"])
    page = client.get(reverse("admin:schools_school_changelist"), {"q": "barbara"})
    assert page.status_code == 200 and "030387" in page.content.decode()
    from networks.schools.resources import SchoolResource

    exported = SchoolResource().export(School.objects.all())
    assert exported.headers == HEADER.split(",")
    assert exported[0][0] == "030387" and exported[0][-1] == "secundair"

"""What a coordinator imports with: the shipped example files against the demo, in the
documented order; codes or English or Dutch names; a template per kind; the preview as a table
under the file's own headers (issue 12)."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from monitor.models import Indicator, Observation, Target
from networks.models import Centre, Funding, Organisation, Province
from stemnet import imports
from stemnet.accounts.models import PersonRole, StemDomain, User
from stemnet.imports import import_file
from stemnet.resources import choice_lookup, parse_choice, parse_codes
from stemnet.tabular import read_table
from tests.factories import OrganisationFactory
from trainings.models import (
    BudgetCategory,
    BudgetLine,
    Enrolment,
    Format,
    Session,
    TargetLevel,
    Training,
)
from trainings.services import imports as import_services
from trainings.workspace.forms import ImportForm
from trainings.workspace.permissions import changeable_centre_ids

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "fixtures" / "examples"
DOCS = ROOT / "docs" / "imports.md"


def documented_order() -> list[str]:
    """The numbered list under "The order of imports" in docs/imports.md."""
    section = DOCS.read_text(encoding="utf-8").split("## The order of imports", 1)[1]
    section = section.split("\n## ", 1)[0]
    return re.findall(r"^\d+\. `(\w+)`", section, flags=re.MULTILINE)


def test_the_documented_order_holds_every_example_after_what_it_needs():
    order = documented_order()
    assert sorted(order) == sorted(path.stem for path in EXAMPLES.glob("*.csv"))
    kinds = imports.kinds()
    for position, name in enumerate(order):
        for needed in kinds[name].needs:
            assert needed in order[:position], f"{name} needs {needed} first"
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert ", ".join(order) in " ".join(readme.split())


# --- the examples in a fresh demo -----------------------------------------------------------

DEMO_MODELS = [
    Organisation,
    Centre,
    Funding,
    Training,
    Session,
    Enrolment,
    BudgetLine,
    Indicator,
    Observation,
    Target,
]


def demo_values() -> dict:
    return {
        (model.__name__, obj.pk): model_to_dict(obj)
        for model in DEMO_MODELS
        for obj in model.objects.all()
    }


def workspace_context(name: str) -> dict:
    """The workspace kinds as the demo's coordinator of Oost-Vlaanderen imports them."""
    if name not in ImportForm.KINDS:
        return {}
    coordinator = User.objects.get(email="coordinator.vov@stemnet.test")
    return {"centre_ids": changeable_centre_ids(coordinator)}


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_every_example_imports_into_a_fresh_demo_in_the_documented_order(db, ext):
    call_command("loaddemo", stdout=io.StringIO())
    before = demo_values()
    demo_vov = set(Training.objects.filter(code__startswith="vov-").values_list("pk", flat=True))
    for name in documented_order():
        path = EXAMPLES / f"{name}.{ext}"
        report = import_file(
            name, path.read_bytes(), path.name, dry_run=False, context=workspace_context(name)
        )
        assert report.ok, (path.name, [str(e) for e in report.errors])
        assert report.rows > 0 and report.new + report.updated + report.unchanged == report.rows
    after = demo_values()
    for key, old in before.items():  # the demo keeps every value; blanks may be filled in
        changed = {f: (v, after[key][f]) for f, v in old.items() if v not in ("", None, [])}
        changed = {f: pair for f, pair in changed.items() if pair[0] != pair[1]}
        assert not changed, (key, changed)
    imported = Training.objects.filter(code__startswith="vov-").exclude(pk__in=demo_vov)
    assert imported.count() == 2
    assert Enrolment.objects.filter(person__email__endswith="@school.example").count() == 3

    # The trainings came in as drafts (no sessions yet): the second time they are published,
    # as docs/imports.md says; a third time changes nothing at all.
    assert set(imported.values_list("status", flat=True)) == {Training.Status.DRAFT}
    for run in (2, 3):
        for name in documented_order():
            path = EXAMPLES / f"{name}.{ext}"
            again = import_file(
                name, path.read_bytes(), path.name, dry_run=False, context=workspace_context(name)
            )
            if run == 2 and name == "trainings":
                assert again.ok and again.updated == again.rows, again.as_dict()
                continue
            assert again.ok and again.unchanged == again.rows, (run, path.name, again.as_dict())
    # The demo's Oost-Vlaanderen asks for review before publication (trainings.quality): the
    # import "publishes" through training_publish, so both wait for the scientific committee.
    assert set(imported.values_list("status", flat=True)) == {Training.Status.IN_REVIEW}


def test_a_file_imported_before_what_it_needs_says_what_to_import_first(db):
    call_command("loaddemo", stdout=io.StringIO())
    path = EXAMPLES / "participants.csv"
    with translation.override("en"):
        report = import_file("participants", path.read_bytes(), path.name, dry_run=True, context={})
    assert [e.column for e in report.errors] == ["training"] * 3
    assert all("Import it with Trainings first" in e.message for e in report.errors)


# --- codes, English names, Dutch names ------------------------------------------------------


@pytest.mark.parametrize(
    "choices, value, code",
    [
        (PersonRole, "teacher", "teacher"),
        (PersonRole, " TEACHER ", "teacher"),
        (PersonRole, "leerkracht", "teacher"),
        (PersonRole, "Leraar", "teacher"),
        (PersonRole, "directeur", "director"),
        (PersonRole, "Director", "director"),
        (PersonRole, "CLB-medewerker", "clb"),
        (Enrolment.Status, "ingeschreven", "enrolled"),
        (Enrolment.Status, "Enrolled", "enrolled"),
        (Enrolment.Status, "wachtlijst", "waitlisted"),
        (Enrolment.Status, "Op de wachtlijst", "waitlisted"),
        (Enrolment.Status, "geannuleerd", "cancelled"),
        (Enrolment.Status, "aanwezig", "attended"),
        (Enrolment.Status, "deelgenomen", "attended"),
        (StemDomain, "s", "S"),
        (StemDomain, "wetenschappen", "S"),
        (StemDomain, "Science", "S"),
        (StemDomain, "technologie", "T"),
        (StemDomain, "techniek", "T"),
        (StemDomain, "engineering", "E"),
        (StemDomain, "Wiskunde", "M"),
        (StemDomain, "ander", "other"),
        (StemDomain, "Andere", "other"),
        (TargetLevel, "Lager onderwijs", "lager"),
        (TargetLevel, "kleuter", "kleuter"),
        (TargetLevel, "TSO/KSO/BSO", "tso_kso_bso"),
        (TargetLevel, "eerste graad", "graad1"),
        (TargetLevel, "STEM-coördinator", "stem_coordinator"),
        (TargetLevel, "stem coordinator", "stem_coordinator"),
        (TargetLevel, "andere", "andere"),
        (Format, "multi-day", "multi_day"),
        (Format, "Meerdaagse nascholing", "multi_day"),
        (Format, "lerend netwerk", "learning_network"),
        (Format, "Bedrijfs- of onderzoeksbezoek", "company_visit"),
        (BudgetCategory, "Locatie", "venue"),
        (BudgetCategory, "vervanging van leerkrachten", "teacher_replacement"),
        (Organisation.Kind, "Hogeschool", "university_college"),
        (Funding.Status, "ontvangen", "received"),
        (Province, "vov", "VOV"),
        (Province, "Oost-Vlaanderen", "VOV"),
    ],
)
def test_a_code_or_its_english_or_dutch_name_gives_the_code(choices, value, code):
    assert parse_choice(value, choices) == code


def test_lists_take_names_too_and_no_name_means_two_codes():
    assert parse_codes("wiskunde; Technologie;M", StemDomain) == ["M", "T"]
    assert parse_codes("Lager onderwijs;graad1", TargetLevel) == ["lager", "graad1"]
    for choices in (PersonRole, StemDomain, TargetLevel, Format, Enrolment.Status, Province):
        lookup = choice_lookup(choices)
        assert set(lookup.values()) <= set(choices.values)
        for code in choices.values:  # every code is itself
            assert parse_choice(code, choices) == code


def test_an_unknown_value_is_refused_with_the_codes_and_their_dutch_names():
    with translation.override("nl-be"), pytest.raises(ValueError) as refused:
        parse_choice("juf", PersonRole)
    message = str(refused.value)
    assert "'juf'" in message
    assert "teacher = Leraar" in message and "director = Directeur" in message


def test_files_with_dutch_names_import_as_codes(world, sources_and_host):
    ids = {"centre_ids": [world.centre.pk]}
    trainings = (
        "code,title,centre,format,stem_domains,levels,hours,target_participants,fee_eur,"
        "published\n"
        "t-nl,Wiskunde,VOV,Meerdaagse nascholing,wiskunde;Technologie,"
        "Lager onderwijs;STEM-coördinator,6,20,0,ja\n"
    )
    report = import_file("trainings", trainings.encode(), "t.csv", dry_run=False, context=ids)
    assert report.ok, [str(e) for e in report.errors]
    training = Training.objects.get(code="t-nl")
    assert training.format == "multi_day" and training.stem_domains == ["M", "T"]
    assert training.levels == ["lager", "stem_coordinator"]
    assert training.status == Training.Status.DRAFT  # no session yet: published later
    assert report.notes
    people = (
        "training,email,first_name,last_name,role,school,stem_domain,levels,status\n"
        "t-nl,an@school.example,An,Peeters,leerkracht,,Wetenschappen,lager,ingeschreven\n"
        "t-nl,jan@school.example,Jan,Maes,Directeur,,,,wachtlijst\n"
        "t-nl,els@school.example,Els,Smet,Leraar,,wiskunde,graad1,Aanwezig\n"
        "t-nl,bo@school.example,Bo,Claes,teacher,,,,geannuleerd\n"
    )
    report = import_file("participants", people.encode(), "p.csv", dry_run=False, context=ids)
    assert report.ok, [str(e) for e in report.errors]
    statuses = dict(Enrolment.objects.values_list("person__email", "status"))
    assert statuses == {
        "an@school.example": "enrolled",
        "jan@school.example": "waitlisted",
        "els@school.example": "attended",
        "bo@school.example": "cancelled",
    }
    an = User.objects.get(email="an@school.example").profile
    assert (an.role, an.stem_domain, an.levels) == ("teacher", "S", ["lager"])
    assert User.objects.get(email="jan@school.example").profile.role == "director"
    budget = (
        "centre,training,year,category,source,planned_eur,paid_eur\n"
        "VOV,t-nl,2026,Locatie,Arteveldehogeschool,100,0\n"
    )
    report = import_file("budget", budget.encode(), "b.csv", dry_run=False, context=ids)
    assert report.ok and BudgetLine.objects.get().category == "venue"


def test_networks_kinds_take_dutch_names_too(world):
    data = "name,kind\nHogeschool Gent,Hogeschool\nAgoria,sectorfederatie\n"
    report = import_file("organisations", data.encode(), "o.csv", dry_run=False)
    assert report.ok, [str(e) for e in report.errors]
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds["Hogeschool Gent"] == "university_college"
    assert kinds["Agoria"] == "sector_federation"


# --- templates ------------------------------------------------------------------------------


@pytest.fixture
def sources_and_host(world):
    host = OrganisationFactory(name="Arteveldehogeschool")
    world.centre.host = host
    world.centre.save(update_fields=["host"])
    return host


def fill(data: bytes, fmt: str, column: str, value: str) -> bytes:
    """The downloaded template with its example row's ``column`` filled in anew."""
    if fmt == "csv":
        headers, cells = csv.reader(io.StringIO(data.decode("utf-8-sig")))
        cells[headers.index(column)] = value
        out = io.StringIO()
        csv.writer(out).writerows([headers, cells])
        return out.getvalue().encode()
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index(column) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FILLED = {
    "trainings": ("title", "Robotica in de eerste graad, editie 2"),
    "sessions": ("location", "Campus Schoonmeersen"),
    "participants": ("email", "an.peeters@school.example"),
    "budget": ("planned_eur", "950,50"),
}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_each_template_holds_the_importers_columns_and_imports_once_filled_in(
    world, client_for, sources_and_host, fmt
):
    client = client_for(world.coordinator)
    context = {"centre_ids": changeable_centre_ids(world.coordinator)}
    for kind in ImportForm.KINDS:  # trainings first: the others then name that training
        response = client.get(reverse("workspace:import_template", args=[kind, fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'.{fmt}"')
        table = read_table(response.content, f"template.{fmt}")
        assert table.headers == list(imports.get_kind(kind).all_columns)
        assert len(table) == 1
        data = fill(response.content, fmt, *FILLED[kind])
        report = import_file(kind, data, f"template.{fmt}", dry_run=False, context=context)
        assert report.ok, (kind, [str(e) for e in report.errors])
        assert report.new == 1, kind
    training = Training.objects.get(centre=world.centre)
    assert training.title == "Robotica in de eerste graad, editie 2"
    assert training.status == Training.Status.DRAFT  # the example does not publish
    assert training.sessions.get().location == "Campus Schoonmeersen"
    enrolment = Enrolment.objects.get(training=training)
    assert enrolment.person.email == "an.peeters@school.example"
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.person.profile.role == PersonRole.TEACHER
    assert BudgetLine.objects.get(training=training).source == sources_and_host


def test_a_template_names_the_latest_training_and_waitlists_when_it_is_full(world, client_for):
    from .factories import EnrolmentFactory, TrainingFactory

    TrainingFactory(centre=world.other_centre, code="other-centre")
    full = TrainingFactory(centre=world.centre, code="vol", shared_capacity=1)
    EnrolmentFactory(training=full, status=Enrolment.Status.ENROLLED)
    example = import_services.import_template_example(
        kind="participants", centre_ids=changeable_centre_ids(world.coordinator)
    )
    assert example["training"] == "vol" and example["status"] == "wachtlijst"
    report = import_file(
        "participants",
        (",".join(example) + "\n" + ",".join(example.values()) + "\n").encode(),
        "p.csv",
        dry_run=True,
        context={"centre_ids": [world.centre.pk]},
    )
    assert report.ok, [str(e) for e in report.errors]


def test_the_xlsx_template_explains_each_column_in_the_users_language(world, client_for):
    client = client_for(world.coordinator)
    response = client.get(reverse("workspace:import_template", args=["participants", "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    sheet, explained = book.worksheets
    notes = {cell.value: cell.comment.text for cell in sheet[1] if cell.comment}
    assert set(notes) == set(imports.get_kind("participants").all_columns)
    assert (
        "teacher = Leraar" in notes["role"] and "waitlisted = Op de wachtlijst" in notes["status"]
    )
    assert sheet.title == "Deelnemers"
    assert [row[0] for row in explained.iter_rows(min_row=2, values_only=True)] == list(notes)


@pytest.mark.parametrize(
    "kind, fmt", [("organisations", "xlsx"), ("nothing", "csv"), ("trainings", "exe")]
)
def test_only_the_workspace_kinds_have_templates(world, client_for, kind, fmt):
    url = reverse("workspace:import_template", args=[kind, fmt])
    assert client_for(world.coordinator).get(url).status_code == 404


def test_the_import_page_lists_the_kinds_in_order_with_what_they_need_and_templates(
    world, client_for
):
    body = client_for(world.coordinator).get(reverse("workspace:import")).content.decode()
    positions = [body.index(f"<h3>{label}</h3>") for label in ("Nascholingen", "Sessies")]
    assert positions == sorted(positions)
    assert body.count("Nascholingen</h3>") == 1
    for kind in ImportForm.KINDS:
        for fmt in ("xlsx", "csv"):
            assert reverse("workspace:import_template", args=[kind, fmt]) in body
    sessions = body.split("<h3>Sessies</h3>", 1)[1].split("</li>", 1)[0]
    assert "Nascholingen" in sessions  # sessions need their trainings
    assert "teacher = Leraar" in body  # the accepted values of the role column


# --- the preview ----------------------------------------------------------------------------


def upload(client, kind, data: bytes, name="file.csv"):
    return client.post(
        reverse("workspace:import"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


def test_the_preview_is_a_table_under_the_files_own_headers(world, client_for):
    client = client_for(world.coordinator)
    data = client.get(reverse("workspace:import_template", args=["trainings", "csv"])).content
    response = upload(client, "trainings", data)
    body = response.content.decode()
    assert response.context["job_id"]
    for header in imports.get_kind("trainings").all_columns:
        assert f'<th scope="col"><code>{header}</code></th>' in body
    preview = body.split('<table class="import-preview">', 1)[1].split("</table>", 1)[0]
    assert "<td>Robotica in de eerste graad</td>" in preview and "<td>meerdaags</td>" in preview
    assert " · " not in preview
    assert "De import bevestigen" in body


def test_the_preview_of_a_bad_file_shows_each_problem_in_its_cell(world, client_for):
    client = client_for(world.coordinator)
    data = (
        "training,email,first_name,last_name,role,school,stem_domain,levels,status\n"
        "nope,an@school.example,An,Peeters,juf,,S,lager,ingeschreven\n"
        "nope,<script>alert(1)</script>,Jan,Maes,leraar,,,,wachtlijst\n"
    )
    response = upload(client, "participants", data.encode())
    body = response.content.decode()
    preview = body.split('<table class="import-preview">', 1)[1].split("</table>", 1)[0]
    assert '<th scope="col"><code>role</code></th>' in preview
    assert (
        '<td class="cell-error">juf<br><span class="error">' in preview
        and "teacher = Leraar" in preview
    )
    assert '<td class="cell-error">nope<br><span class="error">Onbekende nascholing' in preview
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in preview
    assert "De import bevestigen" not in body


def test_the_job_page_previews_a_large_file_under_its_headers_too(
    world, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(import_services, "IMPORT_IN_BACKGROUND_ROWS", 1)
    client = client_for(world.coordinator)
    data = (
        "code,title,centre,format,stem_domains,levels,hours,target_participants,fee_eur,"
        "published\nt1,A,VOV,kort,T,aso,3,10,0,ja\nt2,B,VOV,wekelijks,T,aso,3,10,0,ja\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "trainings", data.encode())
    page = client.get(response["Location"])
    body = page.content.decode()
    assert '<th scope="col"><code>format</code></th>' in body
    assert '<td class="cell-error">wekelijks<br><span class="error">' in body
    assert page.context["report"]["headers"][0] == "code"


def test_a_file_with_nul_characters_is_refused_not_a_500(world, client_for):
    client = client_for(world.coordinator)
    data = "training,email\x00\nx,y\n".encode("utf-16-le")
    response = upload(client, "participants", data)
    assert response.status_code == 200
    assert response.context["report"].errors[0].line == 0
    assert not Enrolment.objects.exists()

"""The workspace's lists at two data sizes: its trainings list (``workspace:dashboard``) and the
budget page (``workspace:budget``) take the same number of queries and stay small, a page of
50 at a time; an invalid ``?page=`` shows the first or the last page; the search and the
filters stay in the page links."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory, ProfileFactory
from tests.trainings.factories import BudgetLineFactory, TrainingFactory
from trainings.models import BudgetLine, Enrolment, Session, Training

SIZES = (30, 300)
MAX_BYTES = 200_000
PAGE_SIZE = 50
ROW_LINK = {  # the link in each row of the list, to the training or the budget line
    "workspace:dashboard": "workspace:training",
    "workspace:budget": "workspace:budget_edit",
}


def grow(centre, people, source, upto: int) -> None:
    """Bring ``centre`` to ``upto`` trainings, each with two sessions, an enrolment per
    person (the last one waiting) and a budget line; in bulk, for speed."""
    have = Training.objects.filter(centre=centre).count()
    soon = timezone.now() + dt.timedelta(days=20)
    trainings = Training.objects.bulk_create(
        Training(
            centre=centre,
            code=f"{centre.code.lower()}-bulk-{i:04d}",
            title=f"Bulknascholing {i:04d}",
            stem_domains=["S"],
            levels=["aso"],
            status=Training.Status.PUBLISHED,
            shared_capacity=20,
        )
        for i in range(have, upto)
    )
    if connection.vendor != "postgresql":  # bulk_create returns the keys on PostgreSQL only
        trainings = list(Training.objects.filter(centre=centre, code__contains="-bulk-"))[have:]
    Session.objects.bulk_create(
        Session(training=t, starts_at=start, ends_at=start + dt.timedelta(hours=3))
        for i, t in enumerate(trainings)
        for start in (soon + dt.timedelta(days=i % 40), soon + dt.timedelta(days=i % 40 + 7))
    )
    *seated, waiting = people
    Enrolment.objects.bulk_create(
        enrolment
        for t in trainings
        for enrolment in [
            *(Enrolment(training=t, person=p, status=Enrolment.Status.ENROLLED) for p in seated),
            Enrolment(
                training=t, person=waiting, status=Enrolment.Status.WAITLISTED, waitlist_position=1
            ),
        ]
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            centre=centre,
            training=t,
            year=timezone.localdate().year,
            category="venue",
            source=source,
            planned_eur=Decimal("100.00"),
            paid_eur=Decimal("80.00"),
        )
        for t in trainings
    )


@pytest.fixture
def people(db):
    return [ProfileFactory().user for _ in range(3)]


def measure(client, url) -> tuple[int, int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.content), response.content.decode()


@pytest.mark.parametrize("name", ["workspace:dashboard", "workspace:budget"])
def test_the_list_takes_the_same_queries_and_stays_small_at_ten_times_the_data(
    name, world, people, client_for
):
    source = OrganisationFactory(name="Vlaamse overheid")
    client = client_for(world.coordinator)
    url = reverse(name)
    figures = []
    for size in SIZES:
        grow(world.centre, people, source, size)
        grow(world.other_centre, people, source, size)  # another centre's: never listed
        queries, size_bytes, html = measure(client, url)
        figures.append((size, queries, size_bytes))
        link = re.escape(reverse(ROW_LINK[name], args=[0])).replace("0", r"\d+")
        rows = len(re.findall(rf'<th scope="row"><a href="{link}"', html))
        assert rows == min(size, PAGE_SIZE), rows
        assert "vwv-bulk" not in html
    shown = "; ".join(f"{n} trainings: {q} queries, {b} bytes" for n, q, b in figures)
    print(f"\n{name}: {shown}")
    (_, small_queries, _), (_, large_queries, large_bytes) = figures
    assert small_queries == large_queries, figures
    assert large_bytes < MAX_BYTES, figures
    assert "Pagina 1 van 6" in html and 'rel="next"' in html


def test_the_trainings_list_counts_per_training_as_before(world, people, client_for):
    grow(world.centre, people, OrganisationFactory(), 3)
    html = client_for(world.coordinator).get(reverse("workspace:dashboard")).content.decode()
    row = html[html.index("Bulknascholing 0000") :]
    cells = re.findall(r'<td class="num">\s*(.*?)\s*</td>', row[: row.index("</tr>")], re.S)
    assert cells[:3] == ["2", "2 / 20", "1"], cells  # sessions, enrolled / capacity, waiting


@pytest.mark.parametrize(
    ("raw", "shown", "warning"),
    [
        ("", 1, None),
        ("2", 2, None),
        ("abc", 1, "ongeldig"),
        ("0", 1, "ongeldig"),
        ("-3", 1, "ongeldig"),
        ("1.5", 1, "ongeldig"),
        ("\x00", 1, "ongeldig"),
        ("9" * 5000, 1, "ongeldig"),
        ("99999", 3, "bestaat niet"),
        ("9" * 100, 3, "bestaat niet"),
    ],
)
@pytest.mark.parametrize("name", ["workspace:dashboard", "workspace:budget"])
def test_an_invalid_page_shows_the_first_or_the_last(
    name, raw, shown, warning, world, people, client_for
):
    grow(world.centre, people, OrganisationFactory(), 2 * PAGE_SIZE + 1)
    response = client_for(world.coordinator).get(reverse(name), {"page": raw})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Pagina {shown} van 3" in html
    if warning:
        assert warning in html
    else:
        assert "ongeldig" not in html and "bestaat niet" not in html


def test_the_search_and_the_filters_stay_in_the_page_links(world, people, client_for):
    grow(world.centre, people, OrganisationFactory(), 2 * PAGE_SIZE + 10)
    TrainingFactory(centre=world.centre, title="Robotica", code="vov-robot")
    client = client_for(world.coordinator)
    url = reverse("workspace:dashboard")
    html = client.get(url, {"q": "bulknaSCHOLING", "status": "published"}).content.decode()
    assert "Robotica" not in html and "Pagina 1 van 3" in html
    (link,) = re.findall(r'href="([^"]*)" rel="next"', html)
    assert "q=bulknaSCHOLING" in link and "status=published" in link and "page=2" in link
    html = client.get(url, {"q": "VOV-ROBOT"}).content.decode()  # the code, any case
    assert "Robotica" in html and "Bulknascholing" not in html and "Pagina" not in html
    response = client.get(url, {"q": "nergens\x00"})
    assert response.status_code == 200 and "Bulknascholing" not in response.content.decode()

    budget = reverse("workspace:budget")
    year = timezone.localdate().year
    html = client.get(budget, {"q": "bulk", "year": year}).content.decode()
    (link,) = re.findall(r'href="([^"]*)" rel="next"', html)
    assert "q=bulk" in link and f"year={year}" in link and "page=2" in link
    assert f'name="year" value="{year}"' in html  # the search form keeps the year
    html = client.get(budget, {"q": "-0007"}).content.decode().split("<datalist")[0]
    assert html.count("Bulknascholing 0007") == 1 and "Bulknascholing 0008" not in html


def test_the_budget_form_takes_a_code_and_suggests_the_years_trainings(world, client_for):
    source = OrganisationFactory()
    this_year = timezone.localdate().year
    soon = TrainingFactory(centre=world.centre, title="Dit jaar", code="vov-dit-jaar")
    Session.objects.create(
        training=soon,
        starts_at=timezone.now() + dt.timedelta(days=1),
        ends_at=timezone.now() + dt.timedelta(days=1, hours=3),
    )
    old = TrainingFactory(centre=world.centre, title="Lang geleden", code="vov-2019")
    start = dt.datetime(2019, 3, 1, 9, tzinfo=timezone.get_current_timezone())
    Session.objects.create(training=old, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    TrainingFactory(centre=world.other_centre, title="Andermans", code="vwv-ander")
    client = client_for(world.coordinator)
    url = reverse("workspace:budget")

    html = client.get(url).content.decode()
    suggestions = html[html.index("<datalist") : html.index("</datalist>")]
    assert "vov-dit-jaar" in suggestions and "vov-2019" not in suggestions
    assert "vwv-ander" not in suggestions
    assert '<input type="text" name="training"' in html  # no list of every training
    assert "vov-2019" in client.get(url, {"year": 2019}).content.decode()

    data = {
        "centre": world.centre.pk,
        "year": str(this_year),
        "category": "venue",
        "source": source.pk,
        "planned_eur": "10",
        "paid_eur": "0",
    }
    response = client.post(url, data | {"training": "vwv-ander"})
    assert response.status_code == 200 and 'id="id_training_error"' in response.content.decode()
    assert not BudgetLine.objects.exists()
    assert client.post(url, data | {"training": " vov-2019 "}).status_code == 302
    line = BudgetLine.objects.get()
    assert line.training == old  # a code of any year, typed, is taken
    edit = client.get(reverse("workspace:budget_edit", args=[line.pk])).content.decode()
    assert 'value="vov-2019"' in edit


def test_the_budget_edit_page_keeps_its_query_count_and_training(world, client_for):
    line = BudgetLineFactory(centre=world.centre, training=TrainingFactory(centre=world.centre))
    response = client_for(world.coordinator).get(reverse("workspace:budget_edit", args=[line.pk]))
    assert response.status_code == 200
    assert f'value="{line.training.code}"' in response.content.decode()


def test_school_project_grants_are_neither_typed_nor_changed_in_the_budget_form(world, client_for):
    """The grants line follows the projects' decisions (trainings.projects): the form offers no
    such category, and an edit of that line is refused with nothing written."""
    client = client_for(world.coordinator)
    page = client.get(reverse("workspace:budget")).content.decode()
    assert 'value="venue"' in page and 'value="school_projects"' not in page
    line = BudgetLineFactory(
        centre=world.centre, category="school_projects", planned_eur=5000, paid_eur=2500
    )
    response = client.post(
        reverse("workspace:budget_edit", args=[line.pk]),
        {
            "year": line.year,
            "category": "school_projects",
            "source": line.source_id,
            "description": "changed",
            "planned_eur": "1",
            "paid_eur": "1",
        },
    )
    assert response.status_code == 200
    assert "schoolontwikkelingsprojecten" in response.content.decode()
    line.refresh_from_db()
    assert (line.planned_eur, line.paid_eur, line.description) == (5000, 2500, "")

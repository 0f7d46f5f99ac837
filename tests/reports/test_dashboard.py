"""The ministry dashboard (monitor/reports/views.py ``dashboard``, ``dashboard_province``,
``dashboard_centre``; monitor/reports/selectors.py): the year picker and its refusals, this
year against the year before, the five-year trend, the drill-down from the network to a
province, a centre and its trainings, and a query budget that does not grow with the data."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitor.reports import selectors
from monitor.reports.scope import Scope
from networks.models import Province
from stemnet.accounts.models import PersonRole
from tests.factories import CentreFactory, NetworkFactory, ProfileFactory
from tests.trainings.factories import (
    BudgetLineFactory,
    EnrolmentFactory,
    QuestionFactory,
    QuestionnaireFactory,
    SessionFactory,
    TrainingFactory,
)
from trainings.evaluations.models import Answer, Question, Response
from trainings.models import Enrolment, Training

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


# --- data ----------------------------------------------------------------------------------


def held_training(
    centre,
    year: int,
    *,
    month: int = 3,
    day: int = 10,
    participants: int = 2,
    target: int = 10,
    hours: str = "3.5",
    paid: str | None = None,
    overall: tuple[int, ...] = (),
    recommend: tuple[bool, ...] = (),
    status: str = Training.Status.HELD,
    target_group: str | None = None,
    teachers: int = 0,
    title: str = "",
):
    """A training of ``centre`` with one session in ``year``: ``participants`` who attended
    (the first ``teachers`` of them teachers), a budget line of ``paid`` euros, and one
    evaluation response per ``overall`` score (with a recommend answer from ``recommend``)."""
    extra = {"target_group": target_group} if target_group else {}
    if title:
        extra["title"] = title
    training = TrainingFactory(
        centre=centre,
        status=status,
        target_participants=target,
        contact_hours=Decimal(hours),
        **extra,
    )
    start = dt.datetime(year, month, day, 9, tzinfo=BRUSSELS)
    SessionFactory(training=training, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    for index in range(participants):
        role = PersonRole.TEACHER if index < teachers else PersonRole.OTHER
        person = ProfileFactory(role=role).user
        EnrolmentFactory(training=training, person=person, status=Enrolment.Status.ATTENDED)
    if paid is not None:
        BudgetLineFactory(centre=centre, training=training, year=year, paid_eur=Decimal(paid))
    if overall:
        questionnaire = QuestionnaireFactory(training=training)
        overall_question = QuestionFactory(
            questionnaire=questionnaire, code="overall", kind=Question.Kind.LIKERT
        )
        recommend_question = QuestionFactory(
            questionnaire=questionnaire, code="recommend", kind=Question.Kind.RECOMMEND
        )
        for index, score in enumerate(overall):
            response = Response.objects.create(questionnaire=questionnaire, submitted_at=start)
            Answer.objects.create(response=response, question=overall_question, number=score)
            if index < len(recommend):
                Answer.objects.create(
                    response=response, question=recommend_question, number=int(recommend[index])
                )
    return training


@pytest.fixture
def network_settings(settings, world):
    settings.REPORTS_NETWORK_CODE = world.network.code
    settings.EVALUATION_MIN_GROUP_SIZE = 3


@pytest.fixture
def years(world, network_settings):
    """2024 and 2025 in East Flanders (two centres) and West Flanders, and what must not
    count: a cancelled training, another network's centre."""
    ghent = CentreFactory(
        code="VOV-GENT", network=world.network, name="Antenne Gent", province="VOV"
    )
    held_training(world.centre, 2024, participants=3, paid="300.00", overall=(5, 4, 2))
    held_training(
        world.centre,
        2025,
        participants=5,
        paid="1000.00",
        overall=(5, 5, 4, 1),
        recommend=(True, True, False, True),
        title="Onderzoekend leren",
    )
    held_training(ghent, 2025, participants=2, target=4, overall=(4,))
    held_training(
        world.other_centre, 2025, participants=4, target=8, target_group="teachers", teachers=2
    )
    held_training(world.centre, 2021, participants=1, status=Training.Status.CANCELLED)
    abroad = CentreFactory(network=NetworkFactory(code="UK"), province="")
    held_training(abroad, 2019, participants=7)
    return {"ghent": ghent}


def queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


# --- the year ------------------------------------------------------------------------------


def test_the_year_picker_offers_the_years_with_figures_and_this_year(world, years, client_for):
    BudgetLineFactory(centre=world.centre, year=2022, paid_eur=Decimal("10.00"))
    this_year = timezone.localdate().year
    assert selectors.dashboard_years() == sorted({this_year, 2025, 2024, 2022}, reverse=True)
    page = client_for(world.ministry).get(reverse("reports:dashboard") + "?year=2024")
    html = page.content.decode()
    assert '<option value="2024" selected>2024</option>' in html
    assert '<option value="2021"' not in html  # only a cancelled training
    assert '<option value="2019"' not in html  # another network's
    assert page.context["year"] == 2024


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2019", "Er zijn geen cijfers voor 2019"),
        ("1850", "Er zijn geen cijfers voor 1850"),
        ("abc", "Dat is geen jaar"),
        ("2025.0", "Dat is geen jaar"),
        ("٢٠٢٥", "Dat is geen jaar"),
        ("9" * 400, "Dat is geen jaar"),
    ],
)
def test_a_bad_year_gets_a_word_and_the_latest_year_with_data(
    world, years, client_for, value, words
):
    this_year = 2025  # the fixture's latest year with a session (nothing this year)
    assert selectors.latest_year_with_data() == this_year
    for url in (
        reverse("reports:dashboard"),
        reverse("reports:dashboard_province", args=["VOV"]),
        reverse("reports:dashboard_centre", args=["VOV"]),
    ):
        page = client_for(world.ministry).get(url, {"year": value})
        assert page.status_code == 200
        assert page.context["year"] == this_year
        html = page.content.decode()
        assert words in html and "je ziet" in html
        assert f"<h1>Dashboard {this_year}:" in html


def test_unknown_provinces_and_centres_are_not_found(world, years, client_for):
    client = client_for(world.ministry)
    assert client.get(reverse("reports:dashboard_province", args=["XYZ"])).status_code == 404
    assert client.get(reverse("reports:dashboard_centre", args=["nope"])).status_code == 404
    other_network = CentreFactory(network=NetworkFactory(code="FI"), code="LUMA-1")
    url = reverse("reports:dashboard_centre", args=[other_network.code])
    assert client.get(url).status_code == 404


# --- this year against the year before, the trend ----------------------------------------


def test_each_headline_figure_against_the_year_before(world, years, client_for):
    page = client_for(world.ministry).get(reverse("reports:dashboard"), {"year": 2025})
    changes = {change.key: change for change in page.context["page"].changes}
    assert (changes["participants"].value, changes["participants"].previous) == (11, 3)
    assert changes["participants"].direction == "up"
    assert changes["participants"].relative == Decimal("266.7")  # 8 more of 3
    assert changes["trainings"].previous == 1 and changes["trainings"].value == 3
    # Shares change in points: satisfied 2 of 3 (66.7) in 2024, 4 of 5 (80.0) in 2025.
    assert changes["satisfied_share"].previous == Decimal("66.7")
    assert changes["satisfied_share"].value == Decimal("80.0")
    assert changes["satisfied_share"].size == Decimal("13.3")
    assert changes["satisfied_share"].relative is None
    assert changes["recommend_share"].previous is None
    assert changes["recommend_share"].direction is None
    assert changes["paid_eur"].value == Decimal("1000.00")
    # Target reached: 5 + 2 + 2 teachers of 10 + 4 + 8 in 2025, 3 of 10 in 2024.
    assert changes["target_reached_share"].value == Decimal("40.9")
    assert changes["target_reached_share"].direction == "up"
    html = page.content.decode()
    assert "2025 tegenover 2024" in html
    assert "8 meer" in html and "(+266,7 %)" in html  # the sign and the words, not colour
    assert "+13,3 procentpunt" in html
    assert "geen vergelijking" in html  # the recommend share of 2024 does not exist
    assert 'aria-hidden="true">▲</span>' in html


def test_a_fall_reads_as_a_fall(world, network_settings, client_for):
    held_training(world.centre, 2024, participants=4, paid="400.00")
    held_training(world.centre, 2025, participants=1, paid="400.00")
    page = client_for(world.ministry).get(
        reverse("reports:dashboard_centre", args=["VOV"]), {"year": 2025}
    )
    changes = {change.key: change for change in page.context["page"].changes}
    assert changes["participants"].direction == "down"
    assert changes["paid_eur"].direction == "same"
    assert changes["cost_per_participant_eur"].direction == "up"  # 100.00 to 400.00
    html = page.content.decode()
    assert "3 minder" in html and "(−75,0 %)" in html
    assert "gelijk" in html
    assert "€ 300,00 meer" in html


def test_the_trend_counts_each_year_as_its_board(world, years, client_for):
    scope = Scope("network", world.network.code)
    trend = selectors.trend(scope=scope, last_year=2025)
    assert [point.year for point in trend] == [2021, 2022, 2023, 2024, 2025]
    for point in trend:
        total = selectors.scope_board(scope=scope, year=point.year, with_rows=False).total
        assert (point.participants, point.participations, point.trainings) == (
            total.participants,
            total.participations,
            total.trainings,
        )
    assert [point.participants for point in trend] == [0, 0, 0, 3, 11]
    page = client_for(world.ministry).get(reverse("reports:dashboard"), {"year": 2025})
    html = page.content.decode()
    assert "Deelnemers per jaar, " in html and "Nascholingen per jaar, " in html
    # The page starts at the network's first year with figures (2024): 2021-2023 would only
    # be zeros of a portal without data yet (the cancelled 2021 training has no figures).
    charts = page.context["trend_charts"]
    assert [row[1] for row in charts[0]["table"].rows] == ["3", "11"]
    assert [row[1] for row in charts[1]["table"].rows] == ["1", "3"]
    assert [p.year for p in page.context["page"].trend] == [2024, 2025]
    west = selectors.trend(scope=Scope("province", "VWV"), last_year=2025, first_year=2024)
    assert [(p.year, p.participants) for p in west] == [(2024, 0), (2025, 4)]  # a real zero
    # two trend charts and the provinces', wide and narrow, and the schools' map
    assert html.count("<svg") == 7


# --- drill-down ----------------------------------------------------------------------------


def test_the_network_links_to_each_province_and_the_centres_in_none(world, years, client_for):
    national = CentreFactory(network=world.network, code="VL-NAT", name="Nationaal centrum")
    national.province = ""
    national.save()
    html = client_for(world.ministry).get(reverse("reports:dashboard"), {"year": 2025})
    html = html.content.decode()
    for code in Province.values:
        assert f'href="{reverse("reports:dashboard_province", args=[code])}?year=2025"' in html
    assert f'href="{reverse("reports:dashboard_centre", args=["VL-NAT"])}?year=2025"' in html


def test_a_province_shows_its_centres_each_linking_to_its_page(world, years, client_for):
    page = client_for(world.ministry).get(
        reverse("reports:dashboard_province", args=["VOV"]), {"year": 2025}
    )
    board = page.context["board"]
    assert [row.code for row in board.rows] == ["VOV-GENT", "VOV"]  # by name
    assert [row.participants for row in board.rows] == [2, 5]
    assert board.total.participants == 7
    html = page.content.decode()
    for code in ("VOV", "VOV-GENT"):
        assert f'href="{reverse("reports:dashboard_centre", args=[code])}?year=2025"' in html
    assert f'href="{reverse("reports:dashboard")}?year=2025"' in html  # back to the network
    assert "West-Vlaanderen" not in html.split("<main", 1)[1]


def test_a_centre_shows_its_trainings_of_the_year_each_linking_to_its_page(
    world, years, client_for
):
    later = held_training(world.centre, 2025, month=9, participants=1, overall=(5,))
    page = client_for(world.ministry).get(
        reverse("reports:dashboard_centre", args=["VOV"]), {"year": 2025}
    )
    rows = page.context["board"].rows
    assert [row.name for row in rows] == ["Onderzoekend leren", later.title]  # by first session
    assert [row.participants for row in rows] == [5, 1]
    html = page.content.decode()
    for row in rows:
        assert f'href="{reverse("workspace:training", args=[row.pk])}"' in html
    assert f'href="{reverse("reports:dashboard_province", args=["VOV"])}?year=2025"' in html
    # Four responses show their shares; one response is too few (the small-group rule).
    assert "75,0 %" in html  # 3 of 4 would recommend
    assert "te weinig antwoorden" in html
    empty = client_for(world.ministry).get(
        reverse("reports:dashboard_centre", args=["VOV"]), {"year": 2024}
    )
    assert len(empty.context["board"].rows) == 1
    national = CentreFactory(network=world.network, code="VL-NAT", province="")
    none = client_for(world.ministry).get(reverse("reports:dashboard_centre", args=["VL-NAT"]))
    assert "geen nascholing met een sessie" in none.content.decode()
    assert national.name in none.content.decode()


def test_unknown_cost_is_not_zero(world, years):
    """Ghent has participants and no budget line: its cost is unknown, as in its report."""
    board = selectors.scope_board(scope=Scope("province", "VOV"), year=2025)
    ghent = next(row for row in board.rows if row.code == "VOV-GENT")
    assert ghent.paid_eur == Decimal("0.00") and ghent.cost_per_participant_eur is None
    assert board.total.cost_per_participant_eur == Decimal("142.86")  # 1000.00 / 7


# --- query budget --------------------------------------------------------------------------


def _grow(world, centres: list, size: int) -> None:
    for centre in centres:
        for index in range(size):
            for year in (2024, 2025):
                held_training(
                    centre,
                    year,
                    day=1 + index,
                    participants=2,
                    paid="100.05",
                    overall=(4, 5, 5),
                    recommend=(True, False),
                )


@pytest.mark.parametrize("url", ["network", "province", "centre"])
def test_the_pages_keep_their_query_count_at_two_sizes(world, network_settings, client_for, url):
    more = [
        CentreFactory(network=world.network, province=Province.OOST_VLAANDEREN),
        CentreFactory(network=world.network, province=Province.LIMBURG),
    ]
    centres = [world.centre, world.other_centre, *more]
    address = {
        "network": reverse("reports:dashboard"),
        "province": reverse("reports:dashboard_province", args=["VOV"]),
        "centre": reverse("reports:dashboard_centre", args=["VOV"]),
    }[url] + "?year=2025"
    client = client_for(world.ministry)
    _grow(world, centres, 1)
    small, _ = queries(client, address)
    _grow(world, centres, 5)
    large, page = queries(client, address)
    # The network's page: 20 plus its schools section (the register, the participants'
    # schools, the centres marked on its map), 23.
    # (+1: the default year, selectors.latest_year_with_data)
    assert small == large <= (24 if url == "network" else 22), (small, large)
    assert page.context["board"].total.participants > 0

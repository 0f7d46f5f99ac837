from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from networks.models import Centre, Funding, GoodPractice, Partnership
from tests.factories import CentreFactory, NetworkFactory, OrganisationFactory
from tests.library.factories import LibraryItemFactory
from tests.trainings.factories import TrainingFactory

from .factories import FundingFactory, GoodPracticeFactory, PartnershipFactory


def _grow(network, n: int) -> None:
    """Add ``n`` centres, each with a host partnership and two funding lines."""
    for i in range(n):
        centre = CentreFactory(network=network, region=f"Regio {i % 3}")
        PartnershipFactory(centre=centre, organisation=centre.host, kind=Partnership.Kind.HOST)
        for year in (2024, 2025):
            FundingFactory(
                centre=centre, year=year, source=centre.host, amount_eur=Decimal("1000.00")
            )


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "ministry"])
def test_network_page_query_count_does_not_grow(world, client_for, role):
    network = NetworkFactory(code="BIG", funding_public=True)
    client = client_for(world.users[role])
    url = reverse("networks:network", kwargs={"code": "BIG"})
    _grow(network, 3)
    small = _count_queries(client, url)
    _grow(network, 27)
    large = _count_queries(client, url)
    assert Centre.objects.filter(network=network).count() == 30
    assert small == large
    # network, centres, partnerships, funding (+ session, user and memberships when signed in)
    assert large == (4 if role == "anonymous" else 7)


def test_directory_query_count_does_not_grow(db, client):
    url = reverse("networks:directory")
    NetworkFactory(code="A")
    small = _count_queries(client, url)
    for i in range(20):
        _grow(NetworkFactory(code=f"X{i}"), 1)
    assert _count_queries(client, url) == small


def test_network_page_shows_centres_partners_and_funding(world, client):
    world.network.funding_public = True
    world.network.save()
    FundingFactory(
        centre=world.centre,
        year=2025,
        source=OrganisationFactory(name="Agoria"),
        amount_eur=Decimal("12500"),
    )
    PartnershipFactory(centre=world.centre, organisation=OrganisationFactory(name="Technopolis"))
    html = client.get(reverse("networks:network", kwargs={"code": "VL"})).content.decode()
    assert "STEM-centrum Oost-Vlaanderen" in html and "STEM-centrum West-Vlaanderen" in html
    assert "Technopolis" in html
    assert "€ 12.500" in html
    assert "<svg" in html  # the funding chart


def test_confidential_funding_only_for_ministry_and_admin(world, client_for):
    world.network.funding_public = False
    world.network.save()
    FundingFactory(centre=world.centre, year=2025, amount_eur=Decimal("4321"))
    url = reverse("networks:network", kwargs={"code": "VL"})
    for role in ("anonymous", "teacher", "coordinator"):
        response = client_for(world.users[role]).get(url)
        assert not response.context["page"].funding_visible, role
        assert "4.321" not in response.content.decode(), role
    for role in ("ministry", "admin"):
        response = client_for(world.users[role]).get(url)
        assert "€ 4.321" in response.content.decode(), role


def test_centre_page_funding_for_its_own_coordinator(world, client_for):
    FundingFactory(centre=world.centre, year=2025, amount_eur=Decimal("4321"))
    url = reverse("networks:centre", kwargs={"code": "VOV"})
    assert "4.321" not in client_for(None).get(url).content.decode()
    assert "4.321" not in client_for(world.other_coordinator).get(url).content.decode()
    assert "€ 4.321" in client_for(world.coordinator).get(url).content.decode()


def test_centre_page_lists_published_trainings_and_practices_only(world, client):
    TrainingFactory(centre=world.centre, title="Robotica in de klas")
    TrainingFactory(centre=world.centre, title="Nog in voorbereiding", status="draft")
    TrainingFactory(centre=world.other_centre, title="Elders")
    # The good practices are library items now (trainings/library, its template tag).
    LibraryItemFactory(centre=world.centre, title="Zes sleutels")
    LibraryItemFactory(centre=world.centre, title="Geheim ontwerp", status="draft")
    html = client.get(reverse("networks:centre", kwargs={"code": "VOV"})).content.decode()
    assert "Robotica in de klas" in html
    assert "Nog in voorbereiding" not in html and "Elders" not in html
    assert "Zes sleutels" in html and "Geheim ontwerp" not in html


def test_unknown_network_and_centre_are_404(db, client):
    assert client.get(reverse("networks:network", kwargs={"code": "nope"})).status_code == 404
    assert client.get(reverse("networks:centre", kwargs={"code": "nope"})).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "network=VL",
        "network=VL&network=XX",
        "centre=%00%ff&network=VL",
        "&".join(f"centre=C{i}" for i in range(9)),
        "network=VL&network=VL",
    ],
)
def test_compare_bad_picks_give_a_message_never_a_500(world, client, query):
    response = client.get(reverse("networks:compare") + "?" + query)
    assert response.status_code == 200
    assert response.context["comparison"].errors
    assert 'role="alert"' in response.content.decode()


def test_compare_without_picks_shows_the_form_only(world, client):
    response = client.get(reverse("networks:compare") + "?network=")
    assert response.context["comparison"].errors == []
    assert response.context["comparison"].rows == []
    assert 'name="network" value="VL"' in response.content.decode()


def test_compare_mixes_networks_and_centres(world, client):
    response = client.get(reverse("networks:compare") + "?network=VL&centre=VOV&centre=VWV")
    assert [row.code for row in response.context["comparison"].rows] == ["VL", "VOV", "VWV"]


def test_directory_invalid_filter_is_shown_not_a_500(world, client):
    response = client.get(reverse("networks:directory") + "?country=ZZ&size=huge")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(response.context["networks"]) == 1


# --- editing ---------------------------------------------------------------------------------

CENTRE_POST = {
    "description": "Nieuw",
    "address": "Hoogpoort 15, 9000 Gent",
    "contact_name": "Koen",
    "contact_email": "vov@example.org",
    "phone": "09 123",
    "website": "https://example.org",
    "satellites": "Campus Aalst",
    "staff_fte": "2,5",
    "reach_teachers": "120",
}


def test_coordinator_edits_own_centre(world, client_for):
    response = client_for(world.coordinator).post(
        reverse("networks:centre_edit", kwargs={"code": "VOV"}), CENTRE_POST
    )
    assert response.status_code == 302, response.context["form"].errors
    world.centre.refresh_from_db()
    assert world.centre.staff_fte == Decimal("2.5")
    assert world.centre.satellite_list == ["Campus Aalst"]
    assert world.centre.reach_teachers == 120


def test_invalid_centre_edit_saves_nothing(world, client_for):
    response = client_for(world.coordinator).post(
        reverse("networks:centre_edit", kwargs={"code": "VOV"}),
        {**CENTRE_POST, "contact_email": "geen-adres", "staff_fte": "-1"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"contact_email", "staff_fte"}
    world.centre.refresh_from_db()
    assert world.centre.description == ""


@pytest.mark.parametrize(
    ("role", "status"), [("other_coordinator", 404), ("teacher", 403), ("ministry", 403)]
)
def test_others_cannot_edit_the_centre(world, client_for, role, status):
    response = client_for(world.users[role]).post(
        reverse("networks:centre_edit", kwargs={"code": "VOV"}), CENTRE_POST
    )
    assert response.status_code == status
    world.centre.refresh_from_db()
    assert world.centre.description == ""


def test_coordinator_adds_and_publishes_a_good_practice(world, client_for):
    client = client_for(world.coordinator)
    response = client.post(
        reverse("networks:practice_create", kwargs={"code": "VOV"}),
        {
            "title": "Zes sleutels",
            "theme": "Gelijke kansen",
            "summary": "STEM+ ...",
            "links": "https://stemplus.wordpress.com/",
            "status": "draft",
        },
    )
    assert response.status_code == 302
    practice = GoodPractice.objects.get()
    assert practice.centre == world.centre and practice.status == "draft"
    detail = reverse("networks:practice", kwargs={"pk": practice.pk})
    assert client_for(None).get(detail).status_code == 404  # a draft is not public
    client = client_for(world.coordinator)
    assert client.get(detail).status_code == 200
    response = client.post(
        reverse("networks:practice_edit", kwargs={"pk": practice.pk}),
        {
            "title": "Zes sleutels",
            "theme": "Gelijke kansen",
            "summary": "STEM+ ...",
            "links": "",
            "status": "published",
        },
    )
    assert response.status_code == 302
    assert client_for(None).get(detail).status_code == 200


def test_good_practice_with_a_bad_link_is_refused(world, client_for):
    response = client_for(world.coordinator).post(
        reverse("networks:practice_create", kwargs={"code": "VOV"}),
        {
            "title": "T",
            "theme": "",
            "summary": "S",
            "links": "javascript:alert(1)",
            "status": "published",
        },
    )
    assert response.status_code == 200
    assert "links" in response.context["form"].errors
    assert not GoodPractice.objects.exists()


def test_other_coordinator_cannot_edit_a_good_practice(world, client_for):
    practice = GoodPracticeFactory(centre=world.centre, title="Origineel")
    response = client_for(world.other_coordinator).post(
        reverse("networks:practice_edit", kwargs={"pk": practice.pk}),
        {"title": "Gekaapt", "summary": "x", "status": "published"},
    )
    assert response.status_code == 404
    practice.refresh_from_db()
    assert practice.title == "Origineel"


def test_centre_page_query_count_does_not_grow(world, client):
    world.network.funding_public = True
    world.network.save()
    url = reverse("networks:centre", kwargs={"code": "VOV"})

    def grow(n):
        for _ in range(n):
            TrainingFactory(centre=world.centre)
            LibraryItemFactory(centre=world.centre)
            PartnershipFactory(centre=world.centre)
            FundingFactory(centre=world.centre, year=2020 + Funding.objects.count())

    grow(2)
    small = _count_queries(client, url)
    grow(15)
    # centre, partners, library items, trainings, funding
    assert _count_queries(client, url) == small == 5


def test_compare_query_count_does_not_grow_with_the_pick(world, client):
    for i in range(7):
        CentreFactory(code=f"K{i}", network=world.network)
    two = _count_queries(client, reverse("networks:compare") + "?centre=K0&centre=K1")
    seven = _count_queries(
        client, reverse("networks:compare") + "?" + "&".join(f"centre=K{i}" for i in range(7))
    )
    assert two == seven

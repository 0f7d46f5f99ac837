from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from networks import selectors
from networks.models import Funding
from networks.selectors import Range, cost_per_teacher
from tests.factories import CentreFactory, NetworkFactory, OrganisationFactory

from .factories import FundingFactory


@pytest.mark.parametrize(
    ("budget", "reach", "partial", "expected"),
    [
        (
            Range(Decimal(3400000)),
            Range(Decimal(5000), Decimal(10000)),
            False,
            (Decimal(340), Decimal(680), False),
        ),
        (Range(Decimal(1500000)), Range(Decimal(7000)), False, (Decimal(214), None, False)),
        (
            Range(Decimal(30000), Decimal(67000)),
            Range(Decimal(400)),
            False,
            (Decimal(75), Decimal(168), False),
        ),
        (
            Range(Decimal(200000)),
            Range(Decimal(1000), Decimal(1500)),
            True,
            (Decimal(133), Decimal(200), True),
        ),
    ],
)
def test_cost_per_teacher(budget, reach, partial, expected):
    cost = cost_per_teacher(budget, reach, partial=partial)
    assert (cost.low, cost.high, cost.at_least) == expected


@pytest.mark.parametrize(
    ("budget", "reach"),
    [
        (Range(None), Range(Decimal(400))),
        (Range(Decimal(9000000)), Range(None)),
        (Range(Decimal(1000)), Range(Decimal(0))),
    ],
)
def test_cost_per_teacher_unknown_without_both_figures(budget, reach):
    assert not cost_per_teacher(budget, reach).known


@pytest.mark.django_db
def test_funding_table_pivots_by_source_and_year_and_does_not_count_planned_twice():
    centre = CentreFactory()
    state = OrganisationFactory(name="Vlaamse overheid")
    company = OrganisationFactory(name="Agoria")
    FundingFactory(centre=centre, source=state, year=2025, amount_eur=Decimal("1000"))
    FundingFactory(
        centre=centre,
        source=state,
        year=2025,
        amount_eur=Decimal("900"),
        status=Funding.Status.PLANNED,
    )  # received replaces what was planned
    FundingFactory(
        centre=centre,
        source=state,
        year=2026,
        amount_eur=Decimal("1200"),
        status=Funding.Status.PLANNED,
    )
    FundingFactory(
        centre=centre,
        source=company,
        year=2026,
        amount_eur=Decimal("50.50"),
        kind=Funding.Kind.COMPANY,
    )
    table = selectors.funding_table(list(Funding.objects.select_related("source")))
    assert table.years == [2025, 2026]
    assert [str(row["source"]) for row in table.rows] == ["Agoria", "Vlaamse overheid"]
    assert table.rows[0]["amounts"] == [None, Decimal("50.50")]
    assert table.rows[1]["amounts"] == [Decimal("1000"), Decimal("1200")]
    assert table.totals == [Decimal("1000"), Decimal("1250.50")]
    assert table.total == Decimal("2250.50")


@pytest.mark.django_db
def test_directory_filters_by_country_focus_and_size():
    small = NetworkFactory(
        code="S", country="FR", centres_reported=10, focus_codes=["teacher_cpd", "primary"]
    )
    large = NetworkFactory(
        code="L", country="DE", centres_reported=229, focus_codes=["early_years"]
    )
    counted = NetworkFactory(code="C", country="FR", focus_codes=["secondary"])
    for _ in range(12):  # no reported number: the centres recorded count
        CentreFactory(network=counted)

    def codes(**filters):
        return [n.code for n in selectors.network_directory(**filters).order_by("code")]

    assert codes(country="FR") == ["C", "S"]
    assert codes(focus="primary") == ["S"]
    assert codes(size="small") == ["S"]
    assert codes(size="medium") == ["C"]
    assert codes(size="large") == ["L"]
    assert codes(focus="not-a-focus", size="huge") == ["C", "L", "S"]
    assert {n.code: n.size for n in selectors.network_directory()} == {"S": 10, "L": 229, "C": 12}
    assert small and large


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("networks", "centres", "message"),
    [
        (["VL"], [], "Pick between 2 and 12"),
        ([f"N{i}" for i in range(13)], [], "you picked 13"),
        (["VL", "NOPE"], ["ZZZ"], "NOPE, ZZZ"),
    ],
)
def test_compare_refuses_bad_picks(networks, centres, message, settings):
    settings.LANGUAGE_CODE = "en"
    NetworkFactory(code="VL")
    comparison = selectors.compare(
        network_codes=networks, centre_codes=centres, user=AnonymousUser()
    )
    assert comparison.rows == []
    assert message in comparison.errors[0]


@pytest.mark.django_db
def test_compare_centres_shows_budget_only_where_funding_is_visible(world):
    public_network = NetworkFactory(code="PUB", funding_public=True)
    open_centre = CentreFactory(code="OPEN", network=public_network, reach_teachers=100)
    FundingFactory(centre=open_centre, year=2025, amount_eur=Decimal("5000"))
    FundingFactory(centre=world.centre, year=2025, amount_eur=Decimal("7000"))
    world.centre.reach_teachers = 70
    world.centre.save()

    def rows(user):
        return {
            row.code: row
            for row in selectors.compare(
                network_codes=[], centre_codes=["OPEN", "VOV"], user=user
            ).rows
        }

    anonymous = rows(AnonymousUser())
    assert anonymous["OPEN"].budget.low == Decimal("5000")
    assert anonymous["OPEN"].cost_per_teacher.low == Decimal("50")
    assert not anonymous["VOV"].budget.known  # VL's funding is not public
    assert not anonymous["VOV"].cost_per_teacher.known
    for user in (world.ministry, world.coordinator):
        assert rows(user)["VOV"].cost_per_teacher.low == Decimal("100")
    assert not rows(world.other_coordinator)["VOV"].budget.known

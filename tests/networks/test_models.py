from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from networks.models import Funding, Partnership

from .factories import FundingFactory, PartnershipFactory


def test_funding_belongs_to_a_centre_or_a_network_never_both(world):
    with pytest.raises(ValidationError):
        Funding(
            network=world.network,
            centre=world.centre,
            year=2025,
            source=world.centre.host,
            kind="government",
            amount_eur=1,
        ).full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        FundingFactory(centre=None, network=None)
    with transaction.atomic(), pytest.raises(IntegrityError):
        FundingFactory(centre=world.centre, network=world.network)


def test_funding_amount_is_never_negative_in_the_database(world):
    with transaction.atomic(), pytest.raises(IntegrityError):
        FundingFactory(centre=world.centre, amount_eur=Decimal("-1"))


def test_partnership_period_ends_after_it_starts(world):
    import datetime as dt

    with transaction.atomic(), pytest.raises(IntegrityError):
        PartnershipFactory(
            centre=world.centre, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2025, 1, 1)
        )
    with pytest.raises(ValidationError):
        Partnership(organisation=world.centre.host, kind="host").full_clean()


def test_code_lists_are_the_issues_codes():
    from networks.models import Funding, Organisation, Partnership, Province

    assert set(Province.values) == {"VAN", "VBR", "VLI", "VOV", "VWV", "BRU"}
    assert set(Organisation.Kind.values) == {
        "university",
        "university_college",
        "school",
        "company",
        "sector_federation",
        "foundation",
        "government",
        "science_centre",
        "other",
    }
    assert set(Partnership.Kind.values) == {"host", "funder", "co_creator", "research"}
    assert set(Funding.Kind.values) == {
        "government",
        "university",
        "company",
        "foundation",
        "eu",
        "fees",
    }
    assert set(Funding.Status.values) == {"planned", "received"}

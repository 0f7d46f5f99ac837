"""Factories of the networks app (the shared ones live in tests/factories.py)."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from networks.models import Funding, GoodPractice, Partnership
from tests.factories import CentreFactory, OrganisationFactory


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership

    organisation = factory.SubFactory(OrganisationFactory)
    centre = factory.SubFactory(CentreFactory)
    network = None
    kind = Partnership.Kind.CO_CREATOR


class FundingFactory(DjangoModelFactory):
    class Meta:
        model = Funding

    centre = factory.SubFactory(CentreFactory)
    network = None
    year = 2025
    source = factory.SubFactory(OrganisationFactory)
    kind = Funding.Kind.GOVERNMENT
    amount_eur = Decimal("10000.00")
    status = Funding.Status.RECEIVED


class GoodPracticeFactory(DjangoModelFactory):
    class Meta:
        model = GoodPractice

    centre = factory.SubFactory(CentreFactory)
    title = factory.Sequence(lambda n: f"Good practice {n}")
    theme = "Gelijke kansen"
    summary = "Een praktijkvoorbeeld."
    status = GoodPractice.Status.PUBLISHED

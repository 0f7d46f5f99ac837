"""Factories of the networks app (the shared ones live in tests/factories.py)."""

from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
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


# The smallest PDF a reader opens; enough for the content check (it starts with %PDF-).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SHARED_ATTACHMENT = "good_practices/tests/zes-sleutels.pdf"


def shared_attachment() -> str:
    """The name of one PDF in the default storage, written only when it is missing, for
    practices that need an attachment where no test can point ``MEDIA_ROOT`` elsewhere (the
    permission matrix): many rows and runs share it instead of leaving a copy each."""
    if not default_storage.exists(SHARED_ATTACHMENT):
        default_storage.save(SHARED_ATTACHMENT, ContentFile(PDF))
    return SHARED_ATTACHMENT

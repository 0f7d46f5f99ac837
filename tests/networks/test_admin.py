"""The admin pages of every networks model, with their import and export, open for admins."""

import pytest
from django.urls import reverse

from .factories import FundingFactory, GoodPracticeFactory, PartnershipFactory

MODELS = ["organisation", "network", "centre", "partnership", "funding", "goodpractice",
          "membership"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_import_and_export(world, client_for, model):
    FundingFactory(centre=world.centre)
    PartnershipFactory(centre=world.centre)
    GoodPracticeFactory(centre=world.centre)
    client = client_for(world.admin)
    for view in ("changelist", "import", "export"):
        response = client.get(reverse(f"admin:networks_{model}_{view}"))
        assert response.status_code == 200, (model, view)
    assert client.get(reverse(f"admin:networks_{model}_add")).status_code == 200

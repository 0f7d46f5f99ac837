"""The admin pages of every networks model, with their import and export, open for admins."""

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory

from .factories import FundingFactory, GoodPracticeFactory, PartnershipFactory

MODELS = [
    "organisation",
    "network",
    "centre",
    "partnership",
    "funding",
    "goodpractice",
    "membership",
]


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


def test_admin_import_uses_the_all_or_nothing_resources(world, client_for):
    """An admin import of a file with a bad row writes nothing and shows the error; a good
    file is previewed, then written on confirmation."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from networks.models import Funding, Organisation

    client = client_for(world.admin)
    OrganisationFactory(name="VIVES Hogeschool")
    bad = SimpleUploadedFile(
        "funding.csv",
        b"centre,year,source,kind,amount_eur,status\n"
        b"VOV,2026,VIVES Hogeschool,university,100,planned\n"
        b"VOV,2026,VIVES Hogeschool,university,-5,received\n",
    )
    response = client.post(
        reverse("admin:networks_funding_import"),
        {"resource": "0", "format": "0", "import_file": bad},
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_errors() or result.has_validation_errors()
    assert response.context.get("confirm_form") is None  # nothing to confirm
    assert "-5" in response.content.decode()
    assert not Funding.objects.exists()

    good = SimpleUploadedFile(
        "organisations.csv", b"name,kind\nHogeschool PXL,university_college\n"
    )
    response = client.post(
        reverse("admin:networks_organisation_import"),
        {"resource": "0", "format": "0", "import_file": good},
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Hogeschool PXL").exists()  # a preview only
    confirm = response.context["confirm_form"]
    client.post(
        reverse("admin:networks_organisation_process_import"), {**confirm.initial, "resource": "0"}
    )
    assert Organisation.objects.get(name="Hogeschool PXL").kind == "university_college"

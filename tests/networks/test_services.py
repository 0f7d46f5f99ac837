from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from networks import services
from networks.models import GoodPractice

CENTRE_VALUES = {
    "description": "Over ons",
    "address": "Hoogpoort 15, 9000 Gent",
    "contact_name": "Koen",
    "contact_email": "vov@example.org",
    "phone": "",
    "website": "",
    "satellites": "",
    "staff_fte": Decimal("1.5"),
    "reach_teachers": 80,
}


def test_centre_update_changes_only_the_coordinators_fields(world):
    services.centre_update(centre=world.centre, **CENTRE_VALUES)
    services.centre_update(centre=world.centre, **CENTRE_VALUES)  # safe twice
    world.centre.refresh_from_db()
    assert world.centre.staff_fte == Decimal("1.5")
    assert world.centre.code == "VOV" and world.centre.network == world.network


def test_centre_update_refuses_invalid_values(world):
    with pytest.raises(ValidationError) as excinfo:
        services.centre_update(
            centre=world.centre,
            **{**CENTRE_VALUES, "contact_email": "nope", "staff_fte": Decimal("-2")},
        )
    assert set(excinfo.value.error_dict) == {"contact_email", "staff_fte"}
    world.centre.refresh_from_db()
    assert world.centre.description == ""


def test_good_practice_create_and_update(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = services.good_practice_create(
        centre=world.centre,
        title="Zes sleutels",
        theme="Gelijke kansen",
        summary="...",
        links="https://www.stembasis.be/",
        attachment=SimpleUploadedFile("sleutels.pdf", b"%PDF-1.4 test"),
    )
    assert practice.status == GoodPractice.Status.DRAFT
    assert practice.attachment.name.startswith(f"good_practices/{world.centre.pk}/")
    services.good_practice_update(
        practice=practice,
        title="Zes sleutels",
        theme="",
        summary="...",
        links="",
        status="published",
        remove_attachment=True,
    )
    practice.refresh_from_db()
    assert practice.status == "published" and not practice.attachment
    assert list(tmp_path.rglob("*.pdf")) == []


def test_good_practice_refuses_links_that_are_not_web_addresses(world):
    with pytest.raises(ValidationError) as excinfo:
        services.good_practice_create(
            centre=world.centre,
            title="T",
            theme="",
            summary="S",
            links="https://ok.example.org\njavascript:alert(1)",
        )
    assert "links" in excinfo.value.error_dict
    assert not GoodPractice.objects.exists()


@pytest.mark.parametrize(("name", "size"), [("page.html", 10), ("big.pdf", 10 * 1024 * 1024 + 1)])
def test_good_practice_refuses_other_attachments(world, settings, tmp_path, name, size):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as excinfo:
        services.good_practice_create(
            centre=world.centre,
            title="T",
            theme="",
            summary="S",
            attachment=SimpleUploadedFile(name, b"x" * size),
        )
    assert "attachment" in excinfo.value.error_dict
    assert not GoodPractice.objects.exists()

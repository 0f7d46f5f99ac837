"""trainings/library/views.py: the index, an item's page, its attachments, writing and
publishing items, reserving a kit and the centre's handling of loans."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.networks.factories import PDF
from tests.trainings.factories import TrainingFactory
from trainings.library.models import KitReservation, LibraryItem

from .factories import (
    KitCopyFactory,
    KitFactory,
    KitReservationFactory,
    LibraryAttachmentFactory,
    LibraryItemFactory,
)

pytestmark = pytest.mark.django_db


def test_the_index_lists_published_items_and_reads_in_dutch(world, client):
    LibraryItemFactory(centre=world.centre, title="Robotica in de klas", themes=["robotica"])
    LibraryItemFactory(
        centre=world.centre, title="Geheim ontwerp", status="draft", published_at=None
    )
    page = client.get(reverse("library:index"), {"q": "robotica"}).content.decode()
    assert "Robotica in de klas" in page and "Geheim ontwerp" not in page
    assert "Bibliotheek" in page and "1 item gevonden" in page


def test_unknown_filter_values_are_left_out_not_a_500(world, client):
    LibraryItemFactory(centre=world.centre)
    for query in ({"kind": "poem"}, {"level": "\x00"}, {"page": "NaN"}, {"page": "99"}):
        assert client.get(reverse("library:index"), query).status_code == 200


def test_the_index_takes_the_same_queries_for_more_items(
    world, client, django_assert_max_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("library:index"))
        return len(ctx.captured_queries)

    LibraryItemFactory.create_batch(2, centre=world.centre, themes=["robotica"])
    few = count()
    LibraryItemFactory.create_batch(15, centre=world.other_centre, themes=["chemie"])
    assert count() == few


def test_an_item_page_shows_licence_attachments_and_trainings(world, client):
    training = TrainingFactory(centre=world.centre, status="published", title="Robotica 1ste graad")
    item = LibraryItemFactory(centre=world.centre, licence="cc_by_nc_sa", title="Opdrachtkaarten")
    item.trainings.add(training)
    LibraryAttachmentFactory(item=item, title="Kaarten (PDF)")
    page = client.get(reverse("library:item", args=[item.pk])).content.decode()
    assert "CC BY-NC-SA 4.0" in page and "creativecommons.org/licenses/by-nc-sa" in page
    assert "Kaarten (PDF)" in page and "Robotica 1ste graad" in page
    # The training's page shows the item in turn.
    detail = client.get(reverse("trainings:detail", args=[training.code])).content.decode()
    assert "Uit de bibliotheek" in detail and "Opdrachtkaarten" in detail


def test_an_attachment_is_served_safely(world, client):
    attachment = LibraryAttachmentFactory(item=LibraryItemFactory(centre=world.centre))
    response = client.get(reverse("library:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_coordinator_creates_edits_and_publishes_an_item(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.coordinator)
    response = client.post(
        reverse("library:create"),
        {
            "centre": world.centre.pk,
            "title": "Bioplastic maken",
            "kind": "lesson_material",
            "summary": "Vijf lessen.",
            "stem_domains": ["S"],
            "levels": ["doorstroom"],
            "keys": ["integratie", "assessment"],
            "themes": "chemie, duurzaamheid",
            "licence": "cc_by_sa",
            "attachment": SimpleUploadedFile("lessen.pdf", PDF, content_type="application/pdf"),
        },
    )
    item = LibraryItem.objects.get()
    assert response.status_code == 302 and item.status == "draft"
    assert item.themes == ["chemie", "duurzaamheid"] and item.attachments.count() == 1
    assert client.post(reverse("library:publish", args=[item.pk])).status_code == 302
    item.refresh_from_db()
    assert item.status == "published" and item.published_by == world.coordinator
    # Another centre's coordinator neither sees the edit page nor publishes.
    other = client_for(world.other_coordinator)
    assert other.get(reverse("library:edit", args=[item.pk])).status_code == 404
    assert other.post(reverse("library:unpublish", args=[item.pk])).status_code == 404


def test_a_bad_upload_is_a_form_error_and_nothing_is_saved(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.coordinator)
    response = client.post(
        reverse("library:create"),
        {
            "centre": world.centre.pk,
            "title": "Vals bestand",
            "kind": "good_practice",
            "summary": "x",
            "licence": "cc_by",
            "attachment": SimpleUploadedFile("rapport.pdf", b"<html><script></script></html>"),
        },
    )
    assert response.status_code == 200 and not LibraryItem.objects.exists()
    assert (
        "komt niet overeen" in response.content.decode() or "extensie" in response.content.decode()
    )


def test_a_coordinator_cannot_create_for_another_centre(world, client_for):
    client = client_for(world.coordinator)
    response = client.post(
        reverse("library:create"),
        {"centre": world.other_centre.pk, "title": "x", "kind": "good_practice", "summary": "x",
         "licence": "cc_by"},
    )  # fmt: skip
    assert response.status_code == 200 and not LibraryItem.objects.exists()


def test_a_teacher_reserves_a_kit_and_cancels(world, client_for):
    kit = KitFactory(centre=world.centre)
    KitCopyFactory(kit=kit, label="A")
    client = client_for(world.teacher)
    start = timezone.localdate() + dt.timedelta(days=2)
    data = {"starts_on": start.isoformat(), "ends_on": (start + dt.timedelta(days=3)).isoformat()}
    assert client.post(reverse("library:reserve", args=[kit.pk]), data).status_code == 302
    reservation = KitReservation.objects.get()
    assert reservation.person == world.teacher
    # The last copy is taken: a second teacher hears so, with a 400 and nothing written.
    response = client_for(world.coordinator).post(reverse("library:reserve", args=[kit.pk]), data)
    assert response.status_code == 400 and KitReservation.objects.count() == 1
    assert "Er is geen exemplaar" in response.content.decode()
    page = client_for(world.teacher).get(reverse("library:my_reservations")).content.decode()
    assert kit.title in page
    client.post(reverse("library:reservation_cancel", args=[reservation.pk]))
    reservation.refresh_from_db()
    assert reservation.status == "cancelled"


@pytest.mark.parametrize(
    "data",
    [
        {"starts_on": "9999-12-31", "ends_on": "9999-12-31"},
        {"starts_on": "NaN", "ends_on": ""},
        {"starts_on": "2026-01-01\x00", "ends_on": "2026-01-02"},
        {"starts_on": "2030-01-05", "ends_on": "2030-01-01"},
    ],
)
def test_bad_dates_never_500_and_write_nothing(world, client_for, data):
    kit = KitFactory(centre=world.centre)
    KitCopyFactory(kit=kit)
    response = client_for(world.teacher).post(reverse("library:reserve", args=[kit.pk]), data)
    assert response.status_code == 400 and not KitReservation.objects.exists()


def test_someone_elses_reservation_is_a_404(world, client_for):
    reservation = KitReservationFactory(copy__kit__centre=world.centre, person=world.teacher)
    other = client_for(world.ministry)
    assert (
        other.post(reverse("library:reservation_cancel", args=[reservation.pk])).status_code == 404
    )
    outsider = client_for(world.other_coordinator)
    url = reverse("library:reservation_collect", args=[reservation.pk])
    assert outsider.post(url).status_code == 404


def test_the_centre_marks_collected_and_returned(world, client_for):
    reservation = KitReservationFactory(copy__kit__centre=world.centre, person=world.teacher)
    client = client_for(world.coordinator)
    page = client.get(reverse("library:manage")).content.decode()
    assert reservation.copy.kit.title in page and world.teacher.email in page
    client.post(reverse("library:reservation_collect", args=[reservation.pk]))
    reservation.refresh_from_db()
    assert reservation.status == "collected" and reservation.collected_at
    client.post(reverse("library:reservation_return", args=[reservation.pk]))
    reservation.refresh_from_db()
    assert reservation.status == "returned"


def test_the_centre_page_lists_its_items_and_links_to_add_one(world, client_for):
    LibraryItemFactory(centre=world.centre, title="Zes sleutels")
    LibraryItemFactory(
        centre=world.centre, title="Nog een ontwerp", status="draft", published_at=None
    )
    public = client_for(None).get(reverse("networks:centre", args=["VOV"])).content.decode()
    assert "Zes sleutels" in public and "Nog een ontwerp" not in public
    edit = client_for(world.coordinator).get(reverse("networks:centre_edit", args=["VOV"]))
    text = edit.content.decode()
    assert "Nog een ontwerp" in text
    assert reverse("library:create") + "?centre=VOV" in text

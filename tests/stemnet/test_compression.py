"""HTML and other text go out compressed where it is safe (stemnet/compression.py)."""

import gzip

import pytest
from django.urls import reverse

from trainings.models import Training

from ..trainings.factories import SessionFactory, TrainingFactory

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.mark.django_db
def test_the_catalogue_is_sent_gzipped_and_unpacks_to_the_page(client):
    TrainingFactory(status=Training.Status.PUBLISHED, title="Robotica in de klas")
    plain = client.get(reverse("trainings:catalogue"))
    packed = client.get(reverse("trainings:catalogue"), **GZIP)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "Robotica in de klas" in html
    assert len(packed.content) < len(plain.content) / 3


@pytest.mark.django_db
def test_two_compressed_responses_of_the_same_page_differ_in_length(client):
    """Django's Heal-The-Breach padding: the size of a response does not tell a guess."""
    url = reverse("account_login")
    sizes = {len(client.get(url, **GZIP).content) for _ in range(8)}
    assert len(sizes) > 1


def test_pages_with_a_secret_of_their_own_are_not_compressed(world, client_for):
    client = client_for(world.teacher)
    response = client.get(reverse("trainings:my_trainings"), **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"Calendar link" in response.content or b"Agendalink" in response.content


def test_a_pdf_passes_uncompressed(world, client_for):
    """Already compressed formats are not packed again."""
    client = client_for(world.coordinator)
    session = SessionFactory(training=TrainingFactory(centre=world.centre))
    response = client.get(
        reverse("workspace:session_signin_sheet", kwargs={"pk": session.pk}), **GZIP
    )
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert "Content-Encoding" not in response

"""Good practices' attachments: checked by their content when uploaded, served by Django
(``networks:practice_attachment``) to whoever may see the practice, also with DEBUG off."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from networks import services
from networks.models import ATTACHMENT_EXTENSIONS, GoodPractice
from stemnet import uploads

from .factories import PDF, GoodPracticeFactory

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
MISMATCH = "The content of this file does not match its extension (.pdf)."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


def _form(**values) -> dict:
    return {"title": "Zes sleutels", "theme": "", "summary": "...", "links": "", **values}


def _create(client, attachment, status="published"):
    return client.post(
        reverse("networks:practice_create", kwargs={"code": "VOV"}),
        _form(status=status, attachment=attachment),
    )


def _download(client, practice):
    return client.get(reverse("networks:practice_attachment", kwargs={"pk": practice.pk}))


def test_every_allowed_extension_has_a_content_check():
    assert set(ATTACHMENT_EXTENSIONS) <= set(uploads.CONTENT_TYPES)


def test_an_html_page_named_pdf_is_refused_and_nothing_is_saved(world, client_for, media):
    response = _create(client_for(world.coordinator), SimpleUploadedFile("sleutels.pdf", HTML))
    assert response.status_code == 200  # the form again, with the error
    (error,) = response.context["form"].errors.as_data()["attachment"]
    assert error.code == "content_mismatch"
    with translation.override("en"):
        assert list(error) == [MISMATCH]
    with translation.override("nl-be"):  # the page's language, whatever the catalogue holds
        assert escape(list(error)[0]) in response.content.decode()
    assert not GoodPractice.objects.exists()
    assert _stored(media) == []


def test_the_service_refuses_the_same_file(world, media):
    with pytest.raises(ValidationError) as excinfo:
        services.good_practice_create(
            centre=world.centre,
            title="T",
            theme="",
            summary="S",
            attachment=SimpleUploadedFile("sleutels.pdf", HTML),
        )
    assert [e.code for e in excinfo.value.error_dict["attachment"]] == ["content_mismatch"]
    assert not GoodPractice.objects.exists()
    assert _stored(media) == []


def test_a_real_pdf_is_accepted_and_downloaded_with_safe_headers(world, client_for, media):
    client = client_for(world.coordinator)
    response = _create(client, SimpleUploadedFile('Zes "sleutels" é;.pdf', PDF))
    assert response.status_code == 302
    practice = GoodPractice.objects.get()
    assert _stored(media) and practice.attachment

    detail = client_for(None).get(reverse("networks:practice", kwargs={"pk": practice.pk}))
    link = reverse("networks:practice_attachment", kwargs={"pk": practice.pk})
    assert f'href="{link}"' in detail.content.decode()
    assert "/media/" not in detail.content.decode()

    download = _download(client_for(None), practice)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    name = disposition.split("filename=", 1)[1].strip('"')
    assert name.endswith(".pdf") and name.startswith("zes")
    assert all(c.isascii() and (c.isalnum() or c in "-_.") for c in name), name


def test_the_edit_form_links_to_the_download_too(world, client_for, media):
    practice = GoodPracticeFactory(
        centre=world.centre, attachment=ContentFile(PDF, name="sleutels.pdf")
    )
    html = (
        client_for(world.coordinator)
        .get(reverse("networks:practice_edit", kwargs={"pk": practice.pk}))
        .content.decode()
    )
    assert reverse("networks:practice_attachment", kwargs={"pk": practice.pk}) in html
    assert "/media/" not in html


def test_a_draft_attachment_is_404_for_those_who_may_not_see_the_draft(world, client_for, media):
    practice = GoodPracticeFactory(
        centre=world.centre, status="draft", attachment=ContentFile(PDF, name="ontwerp.pdf")
    )
    for role in ("anonymous", "teacher", "other_coordinator", "ministry"):
        assert _download(client_for(world.users[role]), practice).status_code == 404, role
    for role in ("coordinator", "admin"):
        response = _download(client_for(world.users[role]), practice)
        assert response.status_code == 200, role
        assert response["Cache-Control"] == "private, no-store"


def test_no_attachment_or_a_missing_file_is_404(world, client_for, media):
    without = GoodPracticeFactory(centre=world.centre)
    assert _download(client_for(None), without).status_code == 404
    gone = GoodPracticeFactory(centre=world.centre, attachment="good_practices/1/weg.pdf")
    assert _download(client_for(None), gone).status_code == 404


def test_the_download_works_with_debug_off(world, client_for, media, settings):
    """Production: DEBUG off, nothing serves MEDIA_URL; the view does not need it."""
    settings.DEBUG = False
    practice = GoodPracticeFactory(
        centre=world.centre, attachment=ContentFile(PDF, name="sleutels.pdf")
    )
    response = _download(client_for(None), practice)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"


def test_a_stored_file_whose_content_does_not_match_is_served_as_bytes(world, client_for, media):
    """Files stored before the content check: served, but never as the type they claim."""
    practice = GoodPracticeFactory(
        centre=world.centre, attachment=ContentFile(HTML, name="oud.pdf")
    )
    response = _download(client_for(None), practice)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_editing_without_a_new_upload_does_not_read_the_stored_file(world, media):
    """A stored file is checked when served, not again at each edit (even when it is gone)."""
    practice = GoodPracticeFactory(centre=world.centre, attachment="good_practices/1/weg.pdf")
    services.good_practice_update(
        practice=practice, title="Nieuw", theme="", summary="S", links="", status="published"
    )
    practice.refresh_from_db()
    assert practice.title == "Nieuw" and practice.attachment.name == "good_practices/1/weg.pdf"


def test_the_download_is_get_only(world, client_for, media):
    practice = GoodPracticeFactory(
        centre=world.centre, attachment=ContentFile(PDF, name="sleutels.pdf")
    )
    url = reverse("networks:practice_attachment", kwargs={"pk": practice.pk})
    assert client_for(world.coordinator).post(url).status_code == 405

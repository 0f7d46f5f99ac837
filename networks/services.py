"""Every write of the networks app (imports go through ``resources.py``)."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from .models import Centre, GoodPractice

CENTRE_EDITABLE_FIELDS = (
    "description",
    "address",
    "contact_name",
    "contact_email",
    "phone",
    "website",
    "satellites",
    "staff_fte",
    "reach_teachers",
)


@transaction.atomic
def centre_update(
    *,
    centre: Centre,
    description: str,
    address: str,
    contact_name: str,
    contact_email: str,
    phone: str,
    website: str,
    satellites: str,
    staff_fte: Decimal | None,
    reach_teachers: int | None,
) -> Centre:
    """Change what a coordinator keeps about their centre: description, contact, satellites,
    staff and reach. Code, network, kind, province and host stay (admins change those).

    Raises ``ValidationError`` when a value is invalid (nothing is saved then).
    Safe to run twice: the second run saves the same values.
    """
    values = {
        "description": description,
        "address": address,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "phone": phone,
        "website": website,
        "satellites": satellites,
        "staff_fte": staff_fte,
        "reach_teachers": reach_teachers,
    }
    for name, value in values.items():
        setattr(centre, name, value)
    centre.full_clean()
    centre.save(update_fields=list(CENTRE_EDITABLE_FIELDS))
    return centre


def _save_practice(
    practice: GoodPractice,
    *,
    title: str,
    theme: str,
    summary: str,
    links: str,
    status: str,
    attachment: UploadedFile | None,
    remove_attachment: bool,
) -> GoodPractice:
    practice.title, practice.theme, practice.summary = title, theme, summary
    practice.links, practice.status = links, status
    if remove_attachment and practice.attachment:
        practice.attachment.delete(save=False)
        practice.attachment = ""
    if attachment is not None:
        practice.attachment = attachment
    practice.full_clean()
    practice.save()
    return practice


@transaction.atomic
def good_practice_create(
    *,
    centre: Centre,
    title: str,
    theme: str,
    summary: str,
    links: str = "",
    status: str = GoodPractice.Status.DRAFT,
    attachment: UploadedFile | None = None,
) -> GoodPractice:
    """Add a good practice to ``centre`` (a draft unless ``status`` says published).

    Raises ``ValidationError`` for invalid values. Not idempotent: twice makes two practices.
    """
    return _save_practice(
        GoodPractice(centre=centre),
        title=title,
        theme=theme,
        summary=summary,
        links=links,
        status=status,
        attachment=attachment,
        remove_attachment=False,
    )


@transaction.atomic
def good_practice_update(
    *,
    practice: GoodPractice,
    title: str,
    theme: str,
    summary: str,
    links: str,
    status: str,
    attachment: UploadedFile | None = None,
    remove_attachment: bool = False,
) -> GoodPractice:
    """Change a good practice; publish or unpublish it through ``status``; replace or remove
    its attachment. The centre does not change.

    Raises ``ValidationError`` for invalid values. Safe to run twice.
    """
    return _save_practice(
        practice,
        title=title,
        theme=theme,
        summary=summary,
        links=links,
        status=status,
        attachment=attachment,
        remove_attachment=remove_attachment,
    )

"""Factories of the library."""

import factory
from django.core.files.storage import default_storage
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests.factories import CentreFactory
from trainings.library.models import (
    Kind,
    KitCopy,
    KitReservation,
    LibraryAttachment,
    LibraryItem,
)

from ..networks.factories import PDF


class LibraryItemFactory(DjangoModelFactory):
    class Meta:
        model = LibraryItem

    centre = factory.SubFactory(CentreFactory)
    title = factory.Sequence(lambda n: f"Bibliotheekitem {n}")
    summary = "Een praktijkvoorbeeld voor de klas."
    kind = Kind.GOOD_PRACTICE
    status = LibraryItem.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class KitFactory(LibraryItemFactory):
    kind = Kind.KIT
    title = factory.Sequence(lambda n: f"Uitleenkoffer {n}")


class KitCopyFactory(DjangoModelFactory):
    class Meta:
        model = KitCopy

    kit = factory.SubFactory(KitFactory)
    label = factory.Sequence(lambda n: str(n + 1))


class KitReservationFactory(DjangoModelFactory):
    class Meta:
        model = KitReservation

    copy = factory.SubFactory(KitCopyFactory)
    person = factory.SubFactory("tests.factories.UserFactory")
    starts_on = factory.LazyFunction(lambda: timezone.localdate())
    ends_on = factory.LazyFunction(lambda: timezone.localdate())


SHARED_ATTACHMENT = "library/tests/zes-sleutels.pdf"


def shared_attachment() -> str:
    """One PDF in the default storage, written when missing (for the permission matrix)."""
    if not default_storage.exists(SHARED_ATTACHMENT):
        from django.core.files.base import ContentFile

        default_storage.save(SHARED_ATTACHMENT, ContentFile(PDF))
    return SHARED_ATTACHMENT


class LibraryAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = LibraryAttachment

    item = factory.SubFactory(LibraryItemFactory)
    file = factory.LazyFunction(shared_attachment)

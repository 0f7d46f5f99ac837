"""trainings/library/privacy.py: a person's reservations and published items, exported and
erased."""

import datetime as dt

import pytest

from stemnet import privacy
from trainings.library.models import KitReservation

from .factories import KitReservationFactory, LibraryItemFactory

pytestmark = pytest.mark.django_db


def test_reservations_are_exported_and_erased(world):
    today = dt.date.today()
    past = KitReservationFactory(
        person=world.teacher, note="Klas 1A", status="returned",
        starts_on=today - dt.timedelta(days=9), ends_on=today - dt.timedelta(days=2),
    )  # fmt: skip
    KitReservationFactory(person=world.teacher, note="Klas 2B", starts_on=today, ends_on=today)
    LibraryItemFactory(published_by=world.teacher)
    exported = privacy.export_person(world.teacher)
    assert {r["note"] for r in exported["kit_reservations"]} == {"Klas 1A", "Klas 2B"}
    assert len(exported["library_published"]) == 1
    privacy.erase_person(world.teacher)
    # The coming reservation goes; the past one stays in the centre's history, without note.
    assert list(KitReservation.objects.values_list("pk", "note")) == [(past.pk, "")]
    assert privacy.export_person(world.teacher)["library_published"] == []


def test_every_model_that_points_at_a_person_is_declared():
    assert {"library.KitReservation", "library.LibraryItem"} <= privacy.declared_models()

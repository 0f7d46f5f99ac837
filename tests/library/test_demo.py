"""trainings/library/demo.py: about twenty items across kinds, centres and the six keys, kits
with copies, one reservation; twice changes nothing."""

import io

import pytest

from trainings.library.models import Key, Kind, KitCopy, KitReservation, LibraryItem

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_to_the_same_rows(settings, tmp_path):
    from networks import demo as networks_demo
    from stemnet.accounts import demo as accounts_demo
    from trainings import demo as trainings_demo
    from trainings.library import demo

    settings.MEDIA_ROOT = tmp_path
    for module in (accounts_demo, networks_demo, trainings_demo, demo):
        module.load(io.StringIO())
    counts = (LibraryItem.objects.count(), KitCopy.objects.count(), KitReservation.objects.count())
    demo.load(io.StringIO())
    assert counts == (
        LibraryItem.objects.count(),
        KitCopy.objects.count(),
        KitReservation.objects.count(),
    )
    published = LibraryItem.objects.filter(status="published")
    assert published.count() >= 20
    assert set(published.values_list("kind", flat=True)) == set(Kind.values)
    assert published.values("centre").distinct().count() >= 6
    for key in Key.values:
        assert published.filter(keys__has_code=key).exists(), key
    assert LibraryItem.objects.filter(kind="kit", copies__isnull=False).distinct().count() >= 3
    assert KitReservation.objects.count() == 1

"""trainings/library/services.py: items, publishing, attachments, kits' copies,
reservations (never two on one copy for overlapping days, also under 20 concurrent
requests on PostgreSQL) and their reminders (never twice)."""

import contextlib
import datetime as dt
import random
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection

from tests.factories import UserFactory
from tests.networks.factories import PDF
from trainings.library import services
from trainings.library.models import Kind, KitReservation, LibraryAttachment, LibraryItem

from .factories import KitCopyFactory, KitFactory, KitReservationFactory, LibraryItemFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


def _create(world, **overrides):
    values = {
        "centre": world.centre,
        "title": "Eindrapport: robotica en gelijke kansen",
        "summary": "Wat twee jaar praktijkonderzoek opleverde.",
        "kind": Kind.ACTION_RESEARCH,
        "stem_domains": ["T", "M"],
        "levels": ["graad1_a"],
        "keys": ["eigenwaarde", "samenwerking"],
        "themes": ["Robotica", " robotica ", "gelijke  kansen", ""],
    }
    return services.library_item_create(**{**values, **overrides})


# --- items ----------------------------------------------------------------------------------


def test_an_item_is_created_as_a_draft_with_clean_themes_and_its_attachment(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = _create(world, attachments=[ContentFile(PDF, name="eindrapport.pdf")])
    assert item.status == LibraryItem.Status.DRAFT and item.published_at is None
    assert item.themes == ["Robotica", "gelijke kansen"]
    assert [a.filename for a in item.attachments.all()] == ["eindrapport.pdf"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"stem_domains": ["X"]},
        {"levels": ["nope"]},
        {"keys": ["geluk"]},
        {"kind": "poem"},
        {"licence": "wtfpl"},
        {"kind": Kind.RECORDING, "link": ""},
        {"title": ""},
        {"themes": [f"thema {n}" for n in range(13)]},
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(world, overrides):
    with pytest.raises(ValidationError):
        _create(world, **overrides)
    assert not LibraryItem.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"<html><script>alert(1)</script></html>"),  # HTML named .pdf
        ("rapport.html", b"<html></html>"),
        ("tekening.svg", b"<svg onload='alert(1)'/>"),
        ("macro.docm", b"PK\x03\x04"),
    ],
)
def test_active_or_mismatched_files_are_refused(world, name, content, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        _create(world, attachments=[ContentFile(content, name=name)])
    assert not LibraryItem.objects.exists() and not LibraryAttachment.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = _create(world)
    big = ContentFile(PDF + b"0" * (10 * 1024 * 1024), name="groot.pdf")
    with pytest.raises(ValidationError):
        services.library_attachment_add(item=item, file=big)
    assert not item.attachments.exists()


def test_only_a_coordinator_of_the_centre_or_an_admin_publishes(world):
    item = _create(world)
    for outsider in (world.other_coordinator, world.ministry, world.teacher):
        with pytest.raises(PermissionError):
            services.library_item_publish(item=item, by=outsider)
    item.refresh_from_db()
    assert item.status == LibraryItem.Status.DRAFT
    services.library_item_publish(item=item, by=world.coordinator)
    first = item.published_at
    services.library_item_publish(item=item, by=world.admin)  # twice: nothing changes
    item.refresh_from_db()
    assert item.status == "published" and item.published_at == first
    assert item.published_by == world.coordinator


def test_a_kit_with_copies_stays_a_kit(world):
    kit = KitFactory(centre=world.centre)
    services.kit_copies_set(kit=kit, count=2)
    with pytest.raises(ValidationError):
        services.library_item_update(
            item=kit,
            title=kit.title,
            summary=kit.summary,
            kind=Kind.LESSON_MATERIAL,
            stem_domains=[],
            levels=[],
            themes=[],
            keys=[],
            authors="",
            licence="cc_by",
            link="",
        )


def test_copies_are_added_and_switched_off_never_deleted(world):
    kit = KitFactory(centre=world.centre)
    assert services.kit_copies_set(kit=kit, count=3) == 3
    assert sorted(kit.copies.values_list("label", flat=True)) == ["1", "2", "3"]
    assert services.kit_copies_set(kit=kit, count=1) == 1
    assert kit.copies.count() == 3 and kit.copies.filter(active=True).count() == 1
    assert services.kit_copies_set(kit=kit, count=2) == 2
    assert kit.copies.count() == 3  # a switched-off copy comes back first
    for bad in (-1, 51):
        with pytest.raises(ValidationError):
            services.kit_copies_set(kit=kit, count=bad)
    with pytest.raises(ValidationError):
        services.kit_copies_set(kit=LibraryItemFactory(), count=1)


# --- reservations ---------------------------------------------------------------------------


def _reserve(kit, person, start, end):
    return services.kit_reserve(kit=kit, person=person, starts_on=start, ends_on=end, today=TODAY)


def test_overlapping_dates_get_another_copy_and_then_none(world):
    kit = KitFactory(centre=world.centre)
    services.kit_copies_set(kit=kit, count=2)
    day = TODAY + dt.timedelta(days=10)
    first = _reserve(kit, UserFactory(), day, day + dt.timedelta(days=4))
    second = _reserve(kit, UserFactory(), day + dt.timedelta(days=4), day + dt.timedelta(days=6))
    assert first.copy != second.copy
    with pytest.raises(ValidationError, match="geen exemplaar"):
        _reserve(kit, UserFactory(), day + dt.timedelta(days=3), day + dt.timedelta(days=5))
    # The day after the first one ends, its copy is free again.
    third = _reserve(kit, UserFactory(), day + dt.timedelta(days=5), day + dt.timedelta(days=8))
    assert third.copy == first.copy


def test_a_cancelled_or_returned_reservation_frees_its_copy(world):
    kit = KitFactory(centre=world.centre)
    services.kit_copies_set(kit=kit, count=1)
    day = TODAY + dt.timedelta(days=1)
    first = _reserve(kit, world.teacher, day, day + dt.timedelta(days=2))
    services.kit_reservation_cancel(reservation=first)
    services.kit_reservation_cancel(reservation=first)  # twice: the same
    second = _reserve(kit, UserFactory(), day, day + dt.timedelta(days=2))
    services.kit_reservation_collect(reservation=second)
    services.kit_reservation_return(reservation=second)
    services.kit_reservation_return(reservation=second)  # twice: the same
    assert _reserve(kit, UserFactory(), day, day).copy == second.copy
    with pytest.raises(ValidationError):
        services.kit_reservation_cancel(reservation=KitReservation.objects.get(pk=second.pk))


def test_a_second_click_reserves_nothing_more(world):
    """The same person asking again for overlapping days gets the reservation they hold; the
    other copy stays free for someone else."""
    kit = KitFactory(centre=world.centre)
    services.kit_copies_set(kit=kit, count=2)
    day = TODAY + dt.timedelta(days=3)
    first = _reserve(kit, world.teacher, day, day + dt.timedelta(days=2))
    again = _reserve(kit, world.teacher, day + dt.timedelta(days=1), day + dt.timedelta(days=2))
    assert again == first
    assert KitReservation.objects.filter(copy__kit=kit).count() == 1
    other = _reserve(kit, UserFactory(), day, day)
    assert other.copy != first.copy


def test_a_switched_off_copy_is_not_lent(world):
    kit = KitFactory(centre=world.centre)
    services.kit_copies_set(kit=kit, count=1)
    kit.copies.update(active=False)
    with pytest.raises(ValidationError):
        _reserve(kit, world.teacher, TODAY, TODAY)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (TODAY + dt.timedelta(days=3), TODAY + dt.timedelta(days=1)),  # back before it starts
        (TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)),  # in the past
        (TODAY + dt.timedelta(days=400), TODAY + dt.timedelta(days=401)),  # over a year ahead
        (TODAY, TODAY + dt.timedelta(days=30)),  # longer than the kit's 21 days
    ],
)
def test_bad_dates_are_refused_and_nothing_is_written(world, start, end):
    kit = KitFactory(centre=world.centre)
    services.kit_copies_set(kit=kit, count=1)
    with pytest.raises(ValidationError):
        _reserve(kit, world.teacher, start, end)
    assert not KitReservation.objects.exists()


def test_a_draft_or_an_item_that_is_no_kit_cannot_be_reserved(world):
    draft = KitFactory(centre=world.centre, status="draft", published_at=None)
    KitCopyFactory(kit=draft)
    for item in (draft, LibraryItemFactory(centre=world.centre)):
        with pytest.raises(ValidationError):
            _reserve(item, world.teacher, TODAY, TODAY)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_requests_for_the_last_copy_get_it_once(require_postgres):
    """20 threads, each on its own connection, reserve the last free copy for overlapping
    dates at the same moment: exactly one gets it, 19 hear that none is free."""
    kit = KitFactory()
    services.kit_copies_set(kit=kit, count=3)
    start = TODAY + dt.timedelta(days=5)
    for _ in range(2):  # two of three copies are out
        _reserve(kit, UserFactory(), start, start + dt.timedelta(days=6))
    people = [UserFactory() for _ in range(20)]
    barrier = threading.Barrier(len(people))
    won, refused, errors = [], [], []

    def reserve(person, offset):
        try:
            barrier.wait()
            won.append(
                _reserve(
                    kit, person, start + dt.timedelta(days=offset % 3), start + dt.timedelta(days=6)
                )
            )
        except ValidationError:
            refused.append(person)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=reserve, args=(p, n)) for n, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(won) == 1 and len(refused) == 19
    holding = KitReservation.objects.filter(status__in=KitReservation.HOLDING)
    assert holding.count() == 3
    assert holding.values("copy").distinct().count() == 3  # no copy given out twice


def test_no_copy_holds_two_overlapping_reservations_after_many_requests(world):
    """Any order of requests, any dates: the invariant holds (both databases)."""

    rng = random.Random(18)
    kit = KitFactory(centre=world.centre)
    services.kit_copies_set(kit=kit, count=3)
    people = [UserFactory() for _ in range(8)]
    for _ in range(120):
        start = TODAY + dt.timedelta(days=rng.randrange(0, 60))
        end = start + dt.timedelta(days=rng.randrange(0, 10))
        with contextlib.suppress(ValidationError):
            _reserve(kit, rng.choice(people), start, end)
    rows = list(KitReservation.objects.values_list("copy_id", "starts_on", "ends_on"))
    assert len(rows) > 20
    for i, (copy_a, start_a, end_a) in enumerate(rows):
        for copy_b, start_b, end_b in rows[i + 1 :]:
            assert copy_a != copy_b or end_a < start_b or end_b < start_a


# --- reminders ------------------------------------------------------------------------------


def test_reminders_go_before_the_return_date_and_when_late_each_once(world):
    due = KitReservationFactory(
        copy__kit__centre=world.centre,
        person=world.teacher,
        starts_on=TODAY - dt.timedelta(days=5),
        ends_on=TODAY + dt.timedelta(days=2),
        status="collected",
    )
    late = KitReservationFactory(
        copy__kit__centre=world.centre,
        starts_on=TODAY - dt.timedelta(days=9),
        ends_on=TODAY - dt.timedelta(days=1),
        status="collected",
    )
    KitReservationFactory(  # far from its date: nothing yet
        copy__kit__centre=world.centre,
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=10),
        status="collected",
    )
    KitReservationFactory(  # returned: nothing
        copy__kit__centre=world.centre,
        starts_on=TODAY - dt.timedelta(days=9),
        ends_on=TODAY - dt.timedelta(days=1),
        status="returned",
    )
    mail.outbox.clear()
    assert services.kit_reminders_send(today=TODAY) == 2
    assert services.kit_reminders_send(today=TODAY) == 0  # a second run mails nobody
    assert sorted(m.to[0] for m in mail.outbox) == sorted([due.person.email, late.person.email])
    due.refresh_from_db()
    assert due.due_reminder_sent_at and not due.late_reminder_sent_at
    # Once it is late too, the late reminder goes (once).
    assert services.kit_reminders_send(today=TODAY + dt.timedelta(days=3)) == 1
    assert services.kit_reminders_send(today=TODAY + dt.timedelta(days=4)) == 0


def test_the_beat_task_runs_the_reminders(world, settings):
    from trainings.library.tasks import send_kit_reminders

    assert "library.send_kit_reminders" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert send_kit_reminders() == 0


def test_good_practices_are_copied_once(world, settings, tmp_path):
    from tests.networks.factories import GoodPracticeFactory

    settings.MEDIA_ROOT = tmp_path
    practice = GoodPracticeFactory(
        centre=world.centre,
        links="https://example.org/a\nhttps://example.org/b",
        attachment=ContentFile(PDF, name="praktijk.pdf"),
    )
    GoodPracticeFactory(centre=world.centre, status="draft", theme="")
    assert services.good_practices_copy() == 2
    assert services.good_practices_copy() == 0
    item = LibraryItem.objects.get(source_practice_id=practice.pk)
    assert item.kind == Kind.GOOD_PRACTICE and item.status == "published"
    assert item.link == "https://example.org/a" and "https://example.org/b" in item.summary
    assert item.themes == ["Gelijke kansen"] and item.licence == "all_rights"
    assert item.attachments.get().file.read() == PDF
    assert LibraryItem.objects.filter(status="draft").count() == 1

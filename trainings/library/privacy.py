"""Personal data held by the library (see ``stemnet.privacy``): a person's kit reservations
(which kit, when, the note they left) and who published an item.

Erasing a person deletes their reservations that have not started, and keeps past ones (the
centre's lending history) without the note; the rows then point at the anonymised account
that ``stemnet.accounts`` leaves. Items they published keep standing, without their name."""

from stemnet import privacy

from .models import KitReservation, LibraryItem


def export_reservations(user) -> list[dict]:
    return [
        {
            "kit": reservation.copy.kit.title,
            "copy": reservation.copy.label,
            "from": reservation.starts_on.isoformat(),
            "until": reservation.ends_on.isoformat(),
            "status": reservation.status,
            "note": reservation.note,
            "collected_at": reservation.collected_at and reservation.collected_at.isoformat(),
            "returned_at": reservation.returned_at and reservation.returned_at.isoformat(),
        }
        for reservation in KitReservation.objects.filter(person=user).select_related("copy__kit")
    ]


def erase_reservations(user) -> None:
    KitReservation.objects.filter(person=user, status=KitReservation.Status.RESERVED).delete()
    KitReservation.objects.filter(person=user).update(note="")


def export_published(user) -> list[dict]:
    return [
        {"item": item.title, "published_at": item.published_at and item.published_at.isoformat()}
        for item in LibraryItem.objects.filter(published_by=user)
    ]


def erase_published(user) -> None:
    LibraryItem.objects.filter(published_by=user).update(published_by=None)


privacy.register(
    "kit_reservations",
    description="Kits this person reserved, with dates and their note",
    export=export_reservations,
    erase=erase_reservations,
    models=("library.KitReservation",),
)
privacy.register(
    "library_published",
    description="Library items this person published",
    export=export_published,
    erase=erase_published,
    models=("library.LibraryItem",),
)

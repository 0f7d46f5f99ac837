"""Every URL of the library, every role (see tests/matrix.py)."""

from tests.matrix import Row, public, roles, signed_in

from .factories import (
    KitCopyFactory,
    KitFactory,
    KitReservationFactory,
    LibraryAttachmentFactory,
    LibraryItemFactory,
)


def _published(world):
    return {"pk": LibraryItemFactory(centre=world.centre).pk}


def _draft(world):
    return {"pk": LibraryItemFactory(centre=world.centre, status="draft", published_at=None).pk}


def _kit(world):
    kit = KitFactory(centre=world.centre)
    KitCopyFactory(kit=kit)
    return {"pk": kit.pk}


def _draft_attachment(world):
    item = LibraryItemFactory(centre=world.centre, status="draft", published_at=None)
    return {"pk": LibraryAttachmentFactory(item=item).pk}


def _reservation(world):
    return {"pk": KitReservationFactory(copy__kit__centre=world.centre, person=world.teacher).pk}


# A draft: only the centre's coordinators and admins; 404 for everyone else.
DRAFT_READERS = public(404, coordinator=200, admin=200)
EDIT = roles("coordinator", other_centre=404)
POST_ONLY = roles("coordinator", "other_coordinator", status=405)

ROWS = [
    Row("library:index", public(), query="q=robotica&kind=kit&domain=T&key=eigenwaarde"),
    Row("library:item", DRAFT_READERS, kwargs=_draft),  # published: test_views.py
    Row("library:attachment", DRAFT_READERS, kwargs=_draft_attachment),
    Row("library:create", roles("coordinator", "other_coordinator")),
    Row("library:manage", roles("coordinator", "other_coordinator")),
    Row("library:edit", EDIT, kwargs=_draft),
    Row("library:publish", POST_ONLY, kwargs=_draft),
    Row("library:unpublish", POST_ONLY, kwargs=_published),
    Row("library:attachment_delete", POST_ONLY, kwargs=_draft_attachment),
    Row("library:my_reservations", signed_in()),
    Row("library:reserve", signed_in(405), kwargs=_kit),
    Row("library:reservation_cancel", signed_in(405), kwargs=_reservation),
    Row("library:reservation_collect", POST_ONLY, kwargs=_reservation),
    Row("library:reservation_return", POST_ONLY, kwargs=_reservation),
]

"""Who may see and change what in the library (built on ``stemnet.access``).

- Published items and their attachments: everyone. Drafts: the coordinators of the item's
  centre and admins (``access.can_change_centre``); for anyone else a draft is a 404.
- Items, their copies and the centre's reservations are changed by the coordinators of the
  item's centre and admins; ministry staff only read.
- A reservation is seen and cancelled by the person who made it, and handled (collected,
  returned) by the kit's centre.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stemnet import access

from .models import KitReservation, LibraryAttachment, LibraryItem

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User


def can_change_item(user: User | AnonymousUser, item: LibraryItem) -> bool:
    return access.can_change_centre(user, item.centre_id)


def can_view_item(user: User | AnonymousUser, item: LibraryItem) -> bool:
    return item.status == LibraryItem.Status.PUBLISHED or can_change_item(user, item)


def get_item_for_user(user: User | AnonymousUser, pk: int) -> LibraryItem:
    """A published item, or a draft for those who may change it; otherwise 404."""
    return access.get_or_404_for(
        LibraryItem.objects.select_related("centre"), lambda i: can_view_item(user, i), pk=pk
    )


def get_item_for_change(user: User, pk: int) -> LibraryItem:
    return access.get_or_404_for(
        LibraryItem.objects.select_related("centre"), lambda i: can_change_item(user, i), pk=pk
    )


def get_attachment_for_user(user: User | AnonymousUser, pk: int) -> LibraryAttachment:
    return access.get_or_404_for(
        LibraryAttachment.objects.select_related("item"),
        lambda a: can_view_item(user, a.item),
        pk=pk,
    )


def get_attachment_for_change(user: User, pk: int) -> LibraryAttachment:
    return access.get_or_404_for(
        LibraryAttachment.objects.select_related("item"),
        lambda a: can_change_item(user, a.item),
        pk=pk,
    )


def get_own_reservation(user: User, pk: int) -> KitReservation:
    return access.get_or_404_for(
        KitReservation.objects.select_related("copy__kit"),
        lambda r: r.person_id == user.pk,
        pk=pk,
    )


def get_reservation_for_centre(user: User, pk: int) -> KitReservation:
    """A reservation of a kit of a centre ``user`` coordinates (or any, for an admin)."""
    return access.get_or_404_for(
        KitReservation.objects.select_related("copy__kit"),
        lambda r: can_change_item(user, r.copy.kit),
        pk=pk,
    )

"""Every non-trivial read of the library: the index and its filters, an item's page, the
items of a training or a centre, a kit's availability, reservations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from networks.models import Centre
from stemnet import access

from .models import Kind, KitCopy, KitReservation, LibraryItem
from .search import text_search

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User

PAGE_SIZE = 20
AVAILABILITY_DAYS = 60  # the item page shows the kit's reservations this far ahead


def published_items() -> QuerySet[LibraryItem]:
    """Every published item, newest first, with its centre."""
    return (
        LibraryItem.objects.filter(status=LibraryItem.Status.PUBLISHED)
        .select_related("centre")
        .order_by(F("published_at").desc(nulls_last=True), "-pk")
    )


@dataclass
class LibraryQuery:
    """The index's filters, already validated (``forms.LibraryFilterForm``)."""

    q: str = ""
    kind: str = ""
    domain: str = ""
    level: str = ""
    theme: str = ""
    key: str = ""
    centre: str = ""
    licence: str = ""


def library_search(query: LibraryQuery) -> QuerySet[LibraryItem]:
    """Published items filtered and, with a search text, ranked by the catalogue's engine
    (``search.text_search``: one query more, two when a word is misspelt)."""
    qs: QuerySet[LibraryItem] = published_items().annotate(attachment_count=Count("attachments"))
    if query.kind:
        qs = qs.filter(kind=query.kind)
    if query.domain:
        qs = qs.filter(stem_domains__has_code=query.domain)
    if query.level:
        qs = qs.filter(levels__has_code=query.level)
    if query.key:
        qs = qs.filter(keys__has_code=query.key)
    if query.theme:
        # Themes are kept as typed; the index's theme filter offers them as they are stored.
        qs = qs.filter(themes__has_code=query.theme)
    if query.centre:
        qs = qs.filter(centre__code=query.centre)
    if query.licence:
        qs = qs.filter(licence=query.licence)
    if query.q:
        qs, rank = text_search(qs, query.q)
        if rank is not None:
            return qs.annotate(rank=rank).order_by("-rank", "-pk")
    return qs


def library_themes(limit: int = 60) -> list[str]:
    """The themes of published items, most used first (for the filter). One query."""
    counts: dict[str, int] = {}
    for themes in published_items().values_list("themes", flat=True):
        for theme in themes or []:
            counts[theme] = counts.get(theme, 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], t.casefold()))[:limit]


def library_centres() -> list[tuple[str, str]]:
    """(code, name) of the centres with published items."""
    return list(
        Centre.objects.filter(library_items__status=LibraryItem.Status.PUBLISHED)
        .distinct()
        .order_by("name")
        .values_list("code", "name")
    )


@dataclass
class Availability:
    copies: int
    free_today: int
    upcoming: list[tuple[dt.date, dt.date]]  # (from, until) of the reservations ahead


def kit_availability(kit: LibraryItem, *, today: dt.date | None = None) -> Availability:
    """How many copies the kit has, how many are free today, and the periods of the next
    ``AVAILABILITY_DAYS`` days in which copies are taken (no names). Two queries."""
    today = today or timezone.localdate()
    copies = kit.copies.filter(active=True).count()
    horizon = today + dt.timedelta(days=AVAILABILITY_DAYS)
    held = list(
        KitReservation.objects.filter(
            copy__kit=kit,
            copy__active=True,
            status__in=KitReservation.HOLDING,
            ends_on__gte=today,
            starts_on__lte=horizon,
        )
        .order_by("starts_on")
        .values_list("starts_on", "ends_on")
    )
    taken_today = sum(1 for start, end in held if start <= today <= end)
    return Availability(
        copies=copies,
        free_today=max(0, copies - taken_today),
        upcoming=held,
    )


def item_page(item: LibraryItem, *, user: User | AnonymousUser) -> dict:
    """What an item's page shows: attachments, published trainings it belongs to, a kit's
    availability and the person's own reservations of it."""
    from trainings.models import Training

    context: dict = {
        "item": item,
        "attachments": list(item.attachments.all()),
        "trainings": list(
            item.trainings.filter(status=Training.Status.PUBLISHED).order_by("title")
        ),
    }
    if item.kind == Kind.KIT:
        context["availability"] = kit_availability(item)
        context["own_reservations"] = (
            list(
                KitReservation.objects.filter(copy__kit=item, person_id=user.pk)
                .exclude(status=KitReservation.Status.CANCELLED)
                .select_related("copy")
            )
            if getattr(user, "is_authenticated", False)
            else []
        )
    return context


def items_for_training(training_id: int) -> list[LibraryItem]:
    """The published items linked to a training (its page shows them). One query."""
    return list(
        published_items().filter(trainings__pk=training_id).distinct().order_by("kind", "title")
    )


def centre_items(centre_id: int, *, user: User | AnonymousUser) -> list[LibraryItem]:
    """A centre's items for its page: the published ones, and drafts too for those who may
    change the centre. One query."""
    qs = LibraryItem.objects.filter(centre_id=centre_id)
    if not access.can_change_centre(user, centre_id):
        qs = qs.filter(status=LibraryItem.Status.PUBLISHED)
    return list(qs.order_by("kind", "title"))


def managed_items(user: User) -> QuerySet[LibraryItem]:
    """The items of the centres ``user`` coordinates (every centre for an admin), drafts
    included."""
    qs = LibraryItem.objects.select_related("centre").annotate(
        copy_count=Count("copies", filter=Q(copies__active=True))
    )
    if not access.is_admin(user):
        qs = qs.filter(centre_id__in=access.coordinated_centre_ids(user))
    return qs.order_by("centre__name", "status", "title")


def centre_reservations(user: User, *, today: dt.date | None = None) -> list[KitReservation]:
    """The open reservations (reserved or collected) of the kits ``user``'s centres lend,
    and those returned or cancelled in the last two weeks."""
    today = today or timezone.localdate()
    qs = KitReservation.objects.select_related("copy__kit__centre", "person")
    if not access.is_admin(user):
        qs = qs.filter(copy__kit__centre_id__in=access.coordinated_centre_ids(user))
    recent = today - dt.timedelta(days=14)
    return list(
        qs.filter(Q(status__in=KitReservation.HOLDING) | Q(ends_on__gte=recent)).order_by(
            "starts_on", "pk"
        )
    )


def own_reservations(person: User) -> list[KitReservation]:
    return list(
        KitReservation.objects.filter(person=person)
        .select_related("copy__kit__centre")
        .order_by("-starts_on", "-pk")
    )


def copies_of(kit: LibraryItem) -> QuerySet[KitCopy]:
    return kit.copies.order_by("label")

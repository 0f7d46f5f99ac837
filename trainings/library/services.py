"""Every write of the library: items and their attachments, publishing, kits' copies,
reservations and their reminders.

Who may call what is the caller's to check (``permissions.py``), except publishing: only a
coordinator of the item's centre (or an admin) publishes, and ``library_item_publish``
checks it itself, because other apps (school projects) publish through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemnet import access
from stemnet.mail import mail_kind
from stemnet.site import absolute_url
from trainings.services.mail import mail_each_once, person_mail_send

from .models import (
    MAX_THEME_LENGTH,
    Kind,
    KitCopy,
    KitReservation,
    LibraryAttachment,
    LibraryItem,
    Licence,
)

if TYPE_CHECKING:
    from networks.models import Centre
    from stemnet.accounts.models import User
    from trainings.models import Training

MAX_ATTACHMENTS = 10
MAX_COPIES = 50
RESERVE_AHEAD_DAYS = 366  # a reservation starts at most a year ahead
DUE_REMINDER_DAYS = 2  # the reminder before the return date goes this many days before it


def clean_themes(themes: Iterable[str]) -> list[str]:
    """Themes as typed, trimmed, without empty ones or doubles (case and accents aside)."""
    seen: set[str] = set()
    result = []
    for theme in themes:
        text = " ".join(str(theme).replace("\x00", "").split())[:MAX_THEME_LENGTH]
        key = text.casefold()
        if text and key not in seen:
            seen.add(key)
            result.append(text)
    return result


def _codes(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values))


def _save_item(
    item: LibraryItem,
    *,
    title: str,
    summary: str,
    kind: str,
    stem_domains: Sequence[str],
    levels: Sequence[str],
    themes: Sequence[str],
    keys: Sequence[str],
    authors: str,
    licence: str,
    link: str,
    max_loan_days: int | None,
    trainings: Iterable[Training] | None,
) -> LibraryItem:
    item.title, item.summary, item.kind = title, summary, kind
    item.stem_domains, item.levels, item.keys = _codes(stem_domains), _codes(levels), _codes(keys)
    item.themes = clean_themes(themes)
    item.authors, item.licence, item.link = authors, licence, link
    if max_loan_days is not None:
        item.max_loan_days = max_loan_days
    item.full_clean()
    item.save()
    if trainings is not None:
        item.trainings.set(list(trainings))
    return item


@transaction.atomic
def library_item_create(
    *,
    centre: Centre,
    title: str,
    summary: str,
    kind: str,
    stem_domains: Sequence[str] = (),
    levels: Sequence[str] = (),
    themes: Sequence[str] = (),
    keys: Sequence[str] = (),
    authors: str = "",
    licence: str = Licence.CC_BY,
    link: str = "",
    max_loan_days: int | None = None,
    trainings: Iterable[Training] = (),
    attachments: Iterable[File] = (),
) -> LibraryItem:
    """Add a draft item to ``centre``'s part of the library, with ``attachments`` (files:
    Django ``File`` or uploads; each checked by the upload rules). Publish it with
    ``library_item_publish``.

    Raises ``ValidationError`` for an invalid value or file (nothing is saved then).
    Not idempotent: twice makes two items.
    """
    item = _save_item(
        LibraryItem(centre=centre),
        title=title,
        summary=summary,
        kind=kind,
        stem_domains=stem_domains,
        levels=levels,
        themes=themes,
        keys=keys,
        authors=authors,
        licence=licence,
        link=link,
        max_loan_days=max_loan_days,
        trainings=trainings,
    )
    for file in attachments:
        library_attachment_add(item=item, file=file)
    return item


@transaction.atomic
def library_item_update(
    *,
    item: LibraryItem,
    title: str,
    summary: str,
    kind: str,
    stem_domains: Sequence[str],
    levels: Sequence[str],
    themes: Sequence[str],
    keys: Sequence[str],
    authors: str,
    licence: str,
    link: str,
    max_loan_days: int | None = None,
    trainings: Iterable[Training] | None = None,
) -> LibraryItem:
    """Change an item's description (its centre and status stay). A kit with copies stays a
    kit. Raises ``ValidationError`` (nothing saved). Safe twice."""
    if item.kind == Kind.KIT and kind != Kind.KIT and item.copies.exists():
        raise ValidationError(
            {"kind": _("This kit has copies; it stays a kit until they are removed.")}
        )
    return _save_item(
        item,
        title=title,
        summary=summary,
        kind=kind,
        stem_domains=stem_domains,
        levels=levels,
        themes=themes,
        keys=keys,
        authors=authors,
        licence=licence,
        link=link,
        max_loan_days=max_loan_days,
        trainings=trainings,
    )


def can_publish(user: User | None, item: LibraryItem) -> bool:
    return user is not None and access.can_change_centre(user, item.centre_id)


@transaction.atomic
def library_item_publish(*, item: LibraryItem, by: User) -> LibraryItem:
    """Publish ``item``: it shows in the index for everyone. ``by`` must coordinate the
    item's centre (or be an admin).

    Raises ``PermissionError`` when ``by`` may not publish it. Safe twice: publishing a
    published item keeps its first date.
    """
    if not can_publish(by, item):
        raise PermissionError("only a coordinator of the item's centre publishes it")
    locked = LibraryItem.objects.select_for_update().get(pk=item.pk)
    if locked.status != LibraryItem.Status.PUBLISHED:
        locked.status = LibraryItem.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = by
        locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    item.status, item.published_at = locked.status, locked.published_at
    item.published_by_id = locked.published_by_id
    return item


@transaction.atomic
def library_item_unpublish(*, item: LibraryItem) -> LibraryItem:
    """Make ``item`` a draft again (only its centre's coordinators see it). Safe twice."""
    item.status, item.published_at, item.published_by = LibraryItem.Status.DRAFT, None, None
    item.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return item


@transaction.atomic
def library_attachment_add(*, item: LibraryItem, file: File, title: str = "") -> LibraryAttachment:
    """Attach ``file`` to ``item`` after the upload rules (extension, 10 MB, content matches
    its extension; HTML, SVG, scripts refused). Raises ``ValidationError`` (nothing stored)
    and when the item has ``MAX_ATTACHMENTS`` already. Not idempotent: twice stores two."""
    LibraryItem.objects.select_for_update().filter(pk=item.pk).first()
    position = item.attachments.count()
    if position >= MAX_ATTACHMENTS:
        raise ValidationError(
            _("An item holds at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}
        )
    attachment = LibraryAttachment(item=item, title=title[:200], file=file, position=position)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def library_attachment_remove(*, attachment: LibraryAttachment) -> None:
    """Remove an attachment and its stored file. Safe twice (gone is gone)."""
    storage, name = attachment.file.storage, attachment.file.name
    LibraryAttachment.objects.filter(pk=attachment.pk).delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- kits -----------------------------------------------------------------------------------


@transaction.atomic
def kit_copies_set(*, kit: LibraryItem, count: int) -> int:
    """Make ``kit`` have ``count`` copies that can be lent: new ones are labelled "1", "2" …;
    surplus copies without a coming reservation are switched off (never deleted: their
    history stays). Raises ``ValidationError`` for a non-kit or a count out of 0–50.
    Returns the number of active copies. Safe twice."""
    if kit.kind != Kind.KIT:
        raise ValidationError(_("Only a kit has copies."))
    if not 0 <= count <= MAX_COPIES:
        raise ValidationError(_("A kit has between 0 and %(n)d copies.") % {"n": MAX_COPIES})
    LibraryItem.objects.select_for_update().filter(pk=kit.pk).first()
    copies = list(kit.copies.order_by("pk"))
    active = [c for c in copies if c.active]
    for copy in [c for c in copies if not c.active][: max(0, count - len(active))]:
        copy.active = True
        copy.save(update_fields=["active"])
        active.append(copy)
    labels = {c.label for c in copies}
    number = 1
    while len(active) < count:
        while str(number) in labels:
            number += 1
        active.append(KitCopy.objects.create(kit=kit, label=str(number)))
        labels.add(str(number))
    for copy in active[count:]:
        copy.active = False
        copy.save(update_fields=["active"])
    return min(len(active), count)


def overlapping(starts_on: dt.date, ends_on: dt.date) -> Q:
    """Reservations that hold a copy on some day of ``starts_on``–``ends_on``."""
    return Q(status__in=KitReservation.HOLDING, starts_on__lte=ends_on, ends_on__gte=starts_on)


def free_copies(kit: LibraryItem, starts_on: dt.date, ends_on: dt.date):
    """The kit's active copies that nobody holds on those days."""
    taken = KitReservation.objects.filter(overlapping(starts_on, ends_on), copy=OuterRef("pk"))
    return kit.copies.filter(active=True).exclude(Exists(taken)).order_by("label", "pk")


def _check_dates(kit: LibraryItem, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> None:
    if ends_on < starts_on:
        raise ValidationError(_("The return date comes before the start date."))
    if starts_on < today:
        raise ValidationError(_("A reservation cannot start in the past."))
    if starts_on > today + dt.timedelta(days=RESERVE_AHEAD_DAYS):
        raise ValidationError(_("A kit can be reserved at most a year ahead."))
    if (ends_on - starts_on).days + 1 > kit.max_loan_days:
        raise ValidationError(
            _("This kit is lent for at most %(n)d days.") % {"n": kit.max_loan_days}
        )


@transaction.atomic
def kit_reserve(
    *,
    kit: LibraryItem,
    person: User,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str = "",
    today: dt.date | None = None,
) -> KitReservation:
    """Reserve one free copy of ``kit`` for ``person`` from ``starts_on`` to ``ends_on``
    (both days included).

    The kit's row is locked (``SELECT … FOR UPDATE``) before a free copy is looked for, so
    concurrent requests for the same kit queue up and each sees the reservations committed
    before it: a copy is never given out twice for overlapping days (tested with 20 threads
    on PostgreSQL; SQLite serialises writers anyway). Raises ``ValidationError`` for a
    draft or non-kit item, bad dates, or when no copy is free. Safe twice: a person who
    already holds a copy of this kit on overlapping days gets that reservation back (a second
    click or a resubmitted form reserves nothing more).
    """
    today = today or timezone.localdate()
    locked = LibraryItem.objects.select_for_update().filter(pk=kit.pk).first()
    if locked is None or locked.kind != Kind.KIT or not locked.is_published:
        raise ValidationError(_("This item cannot be reserved."))
    _check_dates(locked, starts_on, ends_on, today)
    held = (
        KitReservation.objects.filter(overlapping(starts_on, ends_on), copy__kit=locked)
        .filter(person=person)
        .first()
    )
    if held is not None:
        return held
    copy = free_copies(locked, starts_on, ends_on).first()
    if copy is None:
        raise ValidationError(_("No copy of this kit is free on those dates."))
    reservation = KitReservation(
        copy=copy,
        person=person,
        starts_on=starts_on,
        ends_on=ends_on,
        note=" ".join(note.replace("\x00", "").split())[:300],
    )
    reservation.full_clean()
    reservation.save()
    return reservation


def _lock_reservation(reservation: KitReservation) -> KitReservation:
    return KitReservation.objects.select_for_update().get(pk=reservation.pk)


@transaction.atomic
def kit_reservation_cancel(*, reservation: KitReservation) -> KitReservation:
    """Cancel a reservation not collected yet (the copy is free again). Raises
    ``ValidationError`` once the kit was collected. Safe twice."""
    locked = _lock_reservation(reservation)
    if locked.status == KitReservation.Status.CANCELLED:
        return locked
    if locked.status != KitReservation.Status.RESERVED:
        raise ValidationError(_("A collected kit cannot be cancelled; return it instead."))
    locked.status = KitReservation.Status.CANCELLED
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def kit_reservation_collect(*, reservation: KitReservation) -> KitReservation:
    """The centre hands the copy out. Raises ``ValidationError`` unless it was reserved.
    Safe twice (the first time stays)."""
    locked = _lock_reservation(reservation)
    if locked.status == KitReservation.Status.COLLECTED:
        return locked
    if locked.status != KitReservation.Status.RESERVED:
        raise ValidationError(_("Only a reserved kit can be collected."))
    locked.status, locked.collected_at = KitReservation.Status.COLLECTED, timezone.now()
    locked.save(update_fields=["status", "collected_at"])
    return locked


@transaction.atomic
def kit_reservation_return(*, reservation: KitReservation) -> KitReservation:
    """The copy came back to the centre (also one returned without being marked collected).
    Raises ``ValidationError`` for a cancelled reservation. Safe twice."""
    locked = _lock_reservation(reservation)
    if locked.status == KitReservation.Status.RETURNED:
        return locked
    if locked.status == KitReservation.Status.CANCELLED:
        raise ValidationError(_("A cancelled reservation cannot be returned."))
    now = timezone.now()
    locked.status, locked.returned_at = KitReservation.Status.RETURNED, now
    locked.collected_at = locked.collected_at or now
    locked.save(update_fields=["status", "returned_at", "collected_at"])
    return locked


# --- reminders ------------------------------------------------------------------------------

mail_kind("library/email/kit_due", "kit: the return date comes close")
mail_kind("library/email/kit_late", "kit: the return date has passed")


def _reservation_mail(reservation: KitReservation, template: str, subject) -> None:
    kit = reservation.copy.kit
    centre = kit.centre

    def details():
        return [
            (gettext_lazy("Kit"), f"{kit.title} ({reservation.copy.label})"),
            (gettext_lazy("Return by"), formats.date_format(reservation.ends_on, "l j F Y")),
            (gettext_lazy("Centre"), centre.name),
            *([(gettext_lazy("Address"), centre.address)] if centre.address else []),
        ]

    def actions():
        return [
            (
                gettext_lazy("My reservations"),
                absolute_url(reverse("library:my_reservations")),
            ),
            (gettext_lazy("The kit"), absolute_url(reverse("library:item", args=[kit.pk]))),
        ]

    person_mail_send(
        person=reservation.person,
        subject=lambda: str(subject) % {"title": kit.title},
        template=template,
        context={"reservation": reservation, "kit": kit, "centre": centre},
        details=details,
        actions=actions,
    )


def kit_reminders_send(*, today: dt.date | None = None) -> int:
    """Mail the borrower of every collected copy whose return date is ``DUE_REMINDER_DAYS``
    days away or closer (once), and of every copy not back after its return date (once).

    Each reminder is sent under its reservation's row lock and marked sent in the same
    transaction (``mail_each_once``), so running this twice, or in two workers at once,
    mails nobody twice. Returns how many were sent.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    out = KitReservation.objects.filter(status=KitReservation.Status.COLLECTED).select_related(
        "copy__kit__centre", "person"
    )
    late = out.filter(ends_on__lt=today)
    due = out.filter(ends_on__gte=today, ends_on__lte=today + dt.timedelta(DUE_REMINDER_DAYS))
    sent = mail_each_once(
        due,
        send=lambda r: _reservation_mail(
            r, "library/email/kit_due", gettext_lazy("Return soon: %(title)s")
        ),
        now=now,
        field="due_reminder_sent_at",
    )
    sent += mail_each_once(
        late,
        send=lambda r: _reservation_mail(
            r, "library/email/kit_late", gettext_lazy("Please return: %(title)s")
        ),
        now=now,
        field="late_reminder_sent_at",
    )
    return sent


@transaction.atomic
def good_practices_copy() -> int:
    """Copy the centres' good practices (``networks.GoodPractice``) not in the library yet
    into it, as migration 0003 did for those that existed then (the demo adds some after
    it). Returns how many were copied. Safe twice: ``source_practice_id`` remembers them."""
    from django.core.files.base import ContentFile

    from networks.models import GoodPractice

    done = {
        pk
        for pk in LibraryItem.objects.values_list("source_practice_id", flat=True)
        if pk is not None
    }
    copied = 0
    for practice in GoodPractice.objects.exclude(pk__in=done).order_by("pk"):
        links = practice.link_list
        summary = practice.summary + ("\n\n" + "\n".join(links[1:]) if len(links) > 1 else "")
        published = practice.status == GoodPractice.Status.PUBLISHED
        item = LibraryItem.objects.create(
            title=practice.title,
            summary=summary,
            kind=Kind.GOOD_PRACTICE,
            centre_id=practice.centre_id,
            themes=clean_themes([practice.theme]),
            link=links[0][:500] if links else "",
            licence=Licence.ALL_RIGHTS,
            status=LibraryItem.Status.PUBLISHED if published else LibraryItem.Status.DRAFT,
            published_at=practice.updated_at if published else None,
            source_practice_id=practice.pk,
        )
        if practice.attachment:
            try:
                with practice.attachment.open("rb") as f:
                    content = f.read()
            except OSError:
                content = None
            if content is not None:
                attachment = LibraryAttachment(item=item, position=0)
                name = str(practice.attachment.name).rsplit("/", 1)[-1]
                attachment.file.save(name, ContentFile(content), save=False)
                attachment.save()
        copied += 1
    return copied

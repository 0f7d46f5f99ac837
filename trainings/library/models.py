"""The network's library: good practices, lesson materials, action-research reports,
recordings and kits, one collection across the centres; and the kits' copies and their
reservations.

Codes are JSON lists filtered with ``has_code`` (``stemnet/lookups.py``), as
``Training.levels``: STEM domains (``StemDomain``), levels and target groups
(``TargetLevel``, as a training's: the profile's ``Level`` codes plus directors, STEM
coordinators, technicians, CLB), the six keys of the STEM+ learning network (``Key``) and
free themes (tags, stored as typed).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from networks.models import ATTACHMENT_EXTENSIONS, validate_attachment_size
from stemnet.accounts.models import StemDomain
from stemnet.uploads import validate_content_matches_extension
from trainings.models import TargetLevel


class Kind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("Good practice")
    LESSON_MATERIAL = "lesson_material", _("Lesson material")
    ACTION_RESEARCH = "action_research", _("Action-research report")
    RECORDING = "recording", _("Recording")
    KIT = "kit", _("Kit to borrow")


class Key(models.TextChoices):
    """The six keys of the STEM+ learning network (``../shared/seeds/001_*``): the starting
    points of its method for equal opportunities in STEM."""

    EIGENWAARDE = "eigenwaarde", _("Self-worth (eigenwaarde)")
    EIGENHEID = "eigenheid", _("Identity (eigenheid)")
    EIGENAARSCHAP = "eigenaarschap", _("Ownership (eigenaarschap)")
    INTEGRATIE = "integratie", _("Integration (integratie)")
    ASSESSMENT = "assessment", _("Assessment")
    SAMENWERKING = "samenwerking", _("Collaboration (samenwerking)")


class Licence(models.TextChoices):
    CC_BY = "cc_by", _("CC BY 4.0 (attribution)")
    CC_BY_SA = "cc_by_sa", _("CC BY-SA 4.0 (attribution, share alike)")
    CC_BY_NC = "cc_by_nc", _("CC BY-NC 4.0 (attribution, non-commercial)")
    CC_BY_NC_SA = "cc_by_nc_sa", _("CC BY-NC-SA 4.0 (attribution, non-commercial, share alike)")
    CC0 = "cc0", _("CC0 (public domain)")
    ALL_RIGHTS = "all_rights", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.nl",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.nl",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/deed.nl",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
}

MAX_THEMES = 12
MAX_THEME_LENGTH = 40


class LibraryItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    centre = models.ForeignKey(
        "networks.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="library_items",
    )
    stem_domains = models.JSONField(
        _("STEM domains"), default=list, blank=True, help_text=_("Codes: S, T, E, M, other.")
    )
    levels = models.JSONField(_("levels"), default=list, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    keys = models.JSONField(_("keys of the STEM+ learning network"), default=list, blank=True)
    authors = models.CharField(
        _("authors"), max_length=300, blank=True, help_text=_("Names, separated by commas.")
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    link = models.URLField(
        _("web address"),
        max_length=500,
        blank=True,
        help_text=_("For a recording: where it can be watched. Otherwise optional."),
    )
    trainings = models.ManyToManyField(
        "trainings.Training",
        verbose_name=_("trainings"),
        related_name="library_items",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kits only: how many copies the home centre (``centre``) lends, and how long at most.
    max_loan_days = models.PositiveSmallIntegerField(
        _("longest loan (days)"),
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    source_practice_id = models.PositiveIntegerField(
        null=True, blank=True, unique=True, editable=False
    )  # the networks.GoodPractice this item was copied from (migration 0002)
    search_vector = SearchVectorField(null=True, editable=False)  # PostgreSQL (search.py)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-updated_at", "pk"]
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="library_item_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind == Kind.RECORDING and not self.link:
            raise ValidationError({"link": _("A recording needs the address where it is.")})
        domains, levels_, keys = set(StemDomain.values), set(TargetLevel.values), set(Key.values)
        for field, allowed in (("stem_domains", domains), ("levels", levels_), ("keys", keys)):
            value = getattr(self, field)
            if not isinstance(value, list) or not set(value) <= allowed:
                raise ValidationError({field: _("Choose from the list.")})
        if not isinstance(self.themes, list) or len(self.themes) > MAX_THEMES:
            raise ValidationError({"themes": _("At most %(n)d themes.") % {"n": MAX_THEMES}})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_kit(self) -> bool:
        return self.kind == Kind.KIT

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    def _labels(self, field: str, choices) -> list[str]:
        labels = dict(choices.choices)
        return [str(labels.get(code, code)) for code in getattr(self, field)]

    def get_stem_domains_display(self) -> list[str]:
        return self._labels("stem_domains", StemDomain)

    def get_levels_display(self) -> list[str]:
        return self._labels("levels", TargetLevel)

    def get_keys_display(self) -> list[str]:
        return self._labels("keys", Key)


def attachment_upload_to(instance: LibraryAttachment, filename: str) -> str:
    return f"library/{instance.item_id}/{filename}"


class LibraryAttachment(models.Model):
    item = models.ForeignKey(
        LibraryItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=attachment_upload_to,
        max_length=300,
        validators=[
            FileExtensionValidator(ATTACHMENT_EXTENSIONS),
            validate_attachment_size,
            validate_content_matches_extension,  # an HTML page named .pdf is refused
        ],
        help_text=_("A document or picture (PDF, Office, OpenDocument, PNG, JPEG), at most 10 MB."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.file.name.rsplit("/", 1)[-1]

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class KitCopy(models.Model):
    """One physical copy of a kit, lent by the kit's centre."""

    kit = models.ForeignKey(
        LibraryItem, verbose_name=_("kit"), on_delete=models.CASCADE, related_name="copies"
    )
    label = models.CharField(_("label"), max_length=50)
    active = models.BooleanField(
        _("can be lent"), default=True, help_text=_("Off while a copy is lost or repaired.")
    )

    class Meta:
        ordering = ["kit", "label"]
        verbose_name = _("copy of a kit")
        verbose_name_plural = _("copies of kits")
        constraints = [
            models.UniqueConstraint(fields=["kit", "label"], name="library_kitcopy_unique_label")
        ]

    def __str__(self):
        return f"{self.kit} — {self.label}"


class KitReservation(models.Model):
    """A teacher's reservation of one copy from ``starts_on`` to ``ends_on`` (both included).

    No two reservations that hold a copy overlap on it: ``services.kit_reserve`` locks the
    kit's row and picks a free copy under that lock (both databases)."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("Reserved")
        COLLECTED = "collected", _("Collected")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")

    HOLDING = (Status.RESERVED, Status.COLLECTED)

    copy = models.ForeignKey(
        KitCopy, verbose_name=_("copy"), on_delete=models.PROTECT, related_name="reservations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="kit_reservations",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RESERVED, db_index=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    collected_at = models.DateTimeField(_("collected on"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned on"), null=True, blank=True)
    # Reminders: set by the task that sends them, under a row lock, so none goes twice.
    due_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    late_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("kit reservation")
        verbose_name_plural = _("kit reservations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="library_reservation_dates"
            ),
        ]

    def __str__(self):
        return f"{self.copy} {self.starts_on}–{self.ends_on}"

    @property
    def kit(self) -> LibraryItem:
        return self.copy.kit

"""
Newsletters: the network and each centre keep a list (``NewsletterList``) of people who asked
for it by e-mail (``Subscription``: double opt-in, the consent text as shown and its date, the
confirmation date). A coordinator composes an ``Issue`` from picked trainings and library
items plus free text and sends it; each subscriber of the list gets one ``IssueDelivery``
(unique per issue and subscription), mailed once under a row lock.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import Centre, Network
from trainings.models import Training


class NewsletterList(models.Model):
    """The newsletter of a network (``network`` set) or of one centre (``centre`` set)."""

    slug = models.SlugField(_("web address"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="newsletter_lists",
    )
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="newsletter_lists",
    )
    consent_text = models.TextField(_("consent text"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=False, centre__isnull=True)
                | Q(network__isnull=True, centre__isnull=False),
                name="newsletter_list_network_or_centre",
            ),
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(centre__isnull=True),
                name="newsletter_one_per_network",
            ),
            models.UniqueConstraint(fields=["centre"], name="newsletter_one_per_centre"),
        ]

    def __str__(self):
        return self.name


class Subscription(models.Model):
    """One address on one list. ``confirmed_at`` is set when the person followed the link in
    the confirmation mail; nothing but that mail goes out before. ``unsubscribed_at`` ends it
    (the row stays as proof of what was asked and when, until the person is erased)."""

    newsletter = models.ForeignKey(
        NewsletterList,
        verbose_name=_("newsletter"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
    )
    consent_text = models.TextField(_("consent as shown"), max_length=2000)
    consented_at = models.DateTimeField(_("consent given at"))
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True)  # the unsubscribe link's key

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "email"], name="subscription_once"),
        ]

    def __str__(self):
        return f"{self.newsletter.slug}: {self.email}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Issue(models.Model):
    """One edition of a list's newsletter: a draft until it is sent, then in the archive."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Being sent")
        INTERRUPTED = "interrupted", _("Sending interrupted")
        SENT = "sent", _("Sent")

    newsletter = models.ForeignKey(
        NewsletterList,
        verbose_name=_("newsletter"),
        on_delete=models.PROTECT,
        related_name="issues",
    )
    subject = models.CharField(_("subject"), max_length=150)
    intro = models.TextField(
        _("text"),
        max_length=10000,
        blank=True,
        help_text=_("Plain paragraphs; leave a blank line between two. Links are made clickable."),
    )
    trainings = models.ManyToManyField(
        Training, verbose_name=_("trainings"), blank=True, related_name="+"
    )
    # Library items and project results (the library's action-research reports).
    library_items = models.ManyToManyField(
        "library.LibraryItem", verbose_name=_("library items"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The sending job's heartbeat: set by every batch. A job in SENDING whose heartbeat is
    # older than ``services.STALE`` lost its worker and can be resumed.
    sending_seen_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-sent_at", "-created_at", "-pk"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self):
        return f"{self.newsletter.slug}: {self.subject}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class IssueDelivery(models.Model):
    """One subscriber of an issue. ``claimed_at`` marks the batch that took it; ``mailed_at``
    is set in the transaction that mailed it, under a row lock, so nobody gets it twice."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscription"], name="issue_delivery_once")
        ]
        indexes = [models.Index(fields=["issue", "mailed_at"], name="issue_delivery_pending")]

    def __str__(self):
        return f"{self.issue_id} → {self.subscription_id}"

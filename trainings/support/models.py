"""
Support for teachers: bursaries that pay what keeps a teacher from coming (the training's fee,
travel, replacement in class, a night's stay), from application to payment.

- ``SupportScheme``: what a centre offers, for one training or for all its trainings (a
  training's own scheme wins over its centre's), paid by one funding source with a ceiling
  per calendar year.
- ``Claim``: one person's application for one enrolment, with one ``ClaimItem`` per kind.
  The rules of the flow (director, coordinator, attendance, payment) are in ``services``.
- ``ClaimPayment``: the part of a budget line that a paid claim added, so that a claim is
  paid into the budget exactly once and the reports can tell support from other costs.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trainings.models import BudgetCategory

ZERO = Decimal("0.00")


def _money(label, **kwargs):
    return models.DecimalField(
        label,
        max_digits=10,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(0)],
        **kwargs,
    )


class SupportScheme(models.Model):
    centre = models.ForeignKey(
        "networks.Centre",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="support_schemes",
    )
    training = models.OneToOneField(
        "trainings.Training",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="support_scheme",
        null=True,
        blank=True,
        help_text=_("Empty: the scheme holds for every training of the centre without its own."),
    )
    name = models.CharField(_("name"), max_length=200)
    source = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="support_schemes",
    )
    yearly_ceiling_eur = models.DecimalField(
        _("ceiling per calendar year (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("What the source grants at most in one year: approved and paid together."),
    )
    refunds_fee = models.BooleanField(_("refunds the fee"), default=False)
    travel_rate_eur_per_km = models.DecimalField(
        _("travel: rate per km (EUR)"),
        max_digits=8,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        help_text=_("For example 0.4269."),
    )
    travel_km_cap = models.PositiveIntegerField(
        _("travel: at most km"), default=0, help_text=_("0: travel is not paid.")
    )
    replacement_rate_eur_per_hour = _money(_("replacement: rate per hour (EUR)"))
    replacement_hours_cap = models.DecimalField(
        _("replacement: at most hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        help_text=_("0: replacement is not paid."),
    )
    night_cap_eur = _money(_("night's stay: at most (EUR)"), help_text=_("0: not paid."))
    max_per_person_eur = _money(
        _("at most per person and year (EUR)"), help_text=_("0: no limit beyond the kinds' own.")
    )
    asks_bank_account = models.BooleanField(_("asks for a bank account (IBAN)"), default=True)
    active = models.BooleanField(_("open for applications"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["centre", "name"]
        verbose_name = _("support scheme")
        verbose_name_plural = _("support schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["centre"],
                condition=Q(training__isnull=True),
                name="support_scheme_one_per_centre",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.training_id and self.centre_id and self.training.centre_id != self.centre_id:
            raise ValidationError({"training": _("Choose a training of this centre.")})

    def offers(self) -> list[str]:
        """The kinds this scheme pays (``ClaimItem.Kind`` values)."""
        kinds = []
        if self.refunds_fee:
            kinds.append(ClaimItem.Kind.FEE)
        if self.travel_km_cap and self.travel_rate_eur_per_km:
            kinds.append(ClaimItem.Kind.TRAVEL)
        if self.replacement_hours_cap and self.replacement_rate_eur_per_hour:
            kinds.append(ClaimItem.Kind.REPLACEMENT)
        if self.night_cap_eur:
            kinds.append(ClaimItem.Kind.NIGHT)
        return kinds


class Claim(models.Model):
    class Status(models.TextChoices):
        AWAITING_DIRECTOR = "awaiting_director", _("Waiting for the director")
        SUBMITTED = "submitted", _("Waiting for the centre")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        PAID = "paid", pgettext_lazy("support claim", "Paid")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.AWAITING_DIRECTOR, Status.SUBMITTED, Status.APPROVED, Status.PAID)
    GRANTED = (Status.APPROVED, Status.PAID)

    enrolment = models.ForeignKey(
        "trainings.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="support_claims",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="support_claims",
    )
    scheme = models.ForeignKey(
        SupportScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="claims"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The training's year: the ceiling's and the budget's.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    total_eur = _money(_("total (EUR)"))
    iban = models.CharField(_("bank account (IBAN)"), max_length=34, blank=True)
    director_email = models.EmailField(_("director's e-mail address"), blank=True)
    director_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by the director"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    director_name = models.CharField(_("director's name"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("support claim")
        verbose_name_plural = _("support claims")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status__in=["awaiting_director", "submitted", "approved", "paid"]),
                name="support_claim_one_open_per_enrolment",
            ),
            models.CheckConstraint(condition=Q(total_eur__gte=0), name="support_claim_total_gte_0"),
        ]

    def __str__(self):
        return f"{self.person} — {self.enrolment.training} ({self.get_status_display()})"

    def amount(self, kind: str) -> Decimal:
        """The amount of one kind (items prefetched), 0 when not claimed."""
        return next((i.amount_eur for i in self.items.all() if i.kind == kind), ZERO)


class ClaimItem(models.Model):
    class Kind(models.TextChoices):
        FEE = "fee", _("Fee refund")
        TRAVEL = "travel", pgettext_lazy("support claim", "Travel")
        REPLACEMENT = "replacement", _("Replacement")
        NIGHT = "night", _("Night's stay")

    # Which budget category each kind is paid into (docs/reports.md): the fee and the night's
    # stay are costs of getting there, with travel; only replacement has its own category.
    CATEGORY = {
        Kind.FEE: BudgetCategory.TRAVEL,
        Kind.TRAVEL: BudgetCategory.TRAVEL,
        Kind.REPLACEMENT: BudgetCategory.TEACHER_REPLACEMENT,
        Kind.NIGHT: BudgetCategory.TRAVEL,
    }

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=8,
        decimal_places=1,
        default=Decimal("1"),
        help_text=_("Km, hours or nights; 1 for the fee."),
    )
    amount_eur = _money(_("amount (EUR)"))

    class Meta:
        ordering = ["claim", "kind"]
        verbose_name = _("claimed item")
        verbose_name_plural = _("claimed items")
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind"], name="support_item_once_per_kind")
        ]

    def __str__(self):
        return f"{self.claim_id} {self.kind} {self.amount_eur}"


class ClaimPayment(models.Model):
    """What one paid claim added to one budget line (``paid_eur``): a claim's payment is
    written once (unique per claim and line) and the reports read the support part here."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payments")
    budget_line = models.ForeignKey(
        "trainings.BudgetLine", on_delete=models.PROTECT, related_name="support_payments"
    )
    amount_eur = _money(_("amount (EUR)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support payment")
        verbose_name_plural = _("support payments")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "budget_line"], name="support_payment_once_per_line"
            )
        ]

    def __str__(self):
        return f"{self.claim_id} → {self.budget_line_id}: {self.amount_eur}"

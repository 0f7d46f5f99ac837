"""
The quality cycle of the offer: the scientific committee's reviews of trainings before
publication, the yearly review of a centre (findings and actions beside its figures), and the
external evaluations and peer reviews of a centre or the network, with their follow-up actions.

Whether a training needs review is the core's rule (``trainings.services.trainings
.needs_review``, reading ``Centre.review_before_publication``); this room keeps the records.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a yearly review's year lies between these


def paragraphs(text: str) -> list[str]:
    """Findings are kept as one text, a finding per paragraph (an empty line between two)."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


class Criterion(models.TextChoices):
    """What the scientific committee judges a training on (issue 17, ``004_*`` section 3.7)."""

    RESEARCH = "research", _("Link with research")
    CO_CREATION = "co_creation", _("Co-creation")
    NEEDS = "needs", _("Fit with the needs survey")
    LEVEL_FORMAT = "level_format", _("Level and format")


CRITERION_HELP = {
    Criterion.RESEARCH: _(
        "The training builds on research it names, or researchers took part in making it."
    ),
    Criterion.CO_CREATION: _(
        "Teachers, researchers or companies made it together with the centre, not for it."
    ),
    Criterion.NEEDS: _("It answers a need the schools named in the needs survey."),
    Criterion.LEVEL_FORMAT: _(
        "Its level suits the teachers it is for, and its format (length, follow-up) its aims."
    ),
}


class Verdict(models.TextChoices):
    MEETS = "meets", _("Meets the criterion")
    PARTLY = "partly", _("Partly meets the criterion")
    NOT_MET = "not_met", _("Does not meet the criterion")


class TrainingReview(models.Model):
    """One decision of the scientific committee on a training in review. A training sent back
    and submitted again gets a new review: the earlier ones stay (the history)."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Sent back")

    training = models.ForeignKey(
        "trainings.Training",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="quality_reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewer_name = models.CharField(_("reviewer's name"), max_length=200, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    remarks = models.TextField(_("remarks"), blank=True)
    submitted_at = models.DateTimeField(_("submitted for review on"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided on"), default=timezone.now)
    # When the centre's coordinators were mailed the decision (the task mails each once).
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("training review")
        verbose_name_plural = _("training reviews")

    def __str__(self):
        return f"{self.training} — {self.get_decision_display()}"


class CriterionVerdict(models.Model):
    """How a training meets one criterion, with the reviewer's remark."""

    review = models.ForeignKey(
        TrainingReview, on_delete=models.CASCADE, related_name="verdicts", verbose_name=_("review")
    )
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    remark = models.TextField(_("remark"), blank=True)

    class Meta:
        ordering = ["review", "pk"]
        verbose_name = _("verdict on a criterion")
        verbose_name_plural = _("verdicts on the criteria")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="quality_verdict_once")
        ]

    def __str__(self):
        return f"{self.get_criterion_display()}: {self.get_verdict_display()}"


class YearlyReview(models.Model):
    """The scientific committee's review of one centre's year: its findings, read beside the
    centre's figures (``selectors.centre_year_figures``), and the actions that follow."""

    centre = models.ForeignKey(
        "networks.Centre",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="yearly_reviews",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    findings = models.TextField(
        _("findings"), blank=True, help_text=_("One finding per paragraph.")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened on"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed on"), auto_now=True)

    class Meta:
        ordering = ["centre", "-year"]
        verbose_name = _("yearly review")
        verbose_name_plural = _("yearly reviews")
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="quality_yearly_review_once")
        ]

    def __str__(self):
        return f"{self.centre} {self.year}"

    @property
    def finding_list(self) -> list[str]:
        return paragraphs(self.findings)


class ExternalEvaluation(models.Model):
    """An external evaluation or a peer review of a centre or of the whole network."""

    class Kind(models.TextChoices):
        EXTERNAL = "external", _("External evaluation")
        PEER = "peer", _("Peer review")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="external_evaluations",
        null=True,
        blank=True,
    )
    centre = models.ForeignKey(
        "networks.Centre",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="external_evaluations",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    evaluator = models.CharField(
        _("evaluated by"), max_length=300, help_text=_("The organisation or the peers.")
    )
    held_from = models.DateField(_("from"))
    held_until = models.DateField(_("until"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True, help_text=_("One per paragraph."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_from", "title"]
        verbose_name = _("external evaluation or peer review")
        verbose_name_plural = _("external evaluations and peer reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=False, centre__isnull=True)
                | Q(network__isnull=True, centre__isnull=False),
                name="quality_evaluation_one_target",
            ),
            models.CheckConstraint(
                condition=Q(held_until__isnull=True) | Q(held_until__gte=models.F("held_from")),
                name="quality_evaluation_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def finding_list(self) -> list[str]:
        return paragraphs(self.findings)

    @property
    def subject(self):
        return self.centre or self.network


class QualityAction(models.Model):
    """A follow-up action of a yearly review or of an external evaluation (exactly one)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    yearly_review = models.ForeignKey(
        YearlyReview,
        verbose_name=_("yearly review"),
        on_delete=models.CASCADE,
        related_name="actions",
        null=True,
        blank=True,
    )
    evaluation = models.ForeignKey(
        ExternalEvaluation,
        verbose_name=_("external evaluation"),
        on_delete=models.CASCADE,
        related_name="actions",
        null=True,
        blank=True,
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("Who carries it out: a person or a team.")
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    updated_at = models.DateTimeField(_("changed on"), auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(yearly_review__isnull=False, evaluation__isnull=True)
                | Q(yearly_review__isnull=True, evaluation__isnull=False),
                name="quality_action_one_parent",
            )
        ]

    def __str__(self):
        return self.description

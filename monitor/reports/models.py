"""
Report jobs: one requested report (a yearly report or a comparison, in one format or in all
three), built in the background by Celery. The figures themselves are computed by ``figures.py``;
this model records who asked for which file, its progress and where the file is.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stemnet.tokens import new_token

from .scope import Period


class ReportJob(models.Model):
    """One requested report: a yearly report or a comparison, in one format or in all three
    (``Format.ALL``: PDF, XLSX and JSON rendered from the same figures, computed once).

    ``key`` says what is asked (kind, scope, period, format). At most one job per key is
    queued or running at a time (a partial unique constraint), so a second identical request
    joins the first, and a redelivered task rebuilds the same job and file instead of adding
    one. The files live under ``settings.REPORTS_ROOT`` (``files``: format -> name and size);
    they are downloaded by ``token`` only.
    """

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("Yearly report")
        COMPARISON = "comparison", _("Comparison")

    class ScopeKind(models.TextChoices):
        NETWORK = "network", _("network")
        CENTRE = "centre", _("centre")
        PROVINCE = "province", _("province")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"
        JSON = "json", "JSON"
        ALL = "all", _("All formats (PDF, XLSX and JSON)")

    FILE_FORMATS = ("pdf", "xlsx", "json")  # the files a job of Format.ALL builds, in order

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    key = models.CharField(max_length=300, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    scope_kind = models.CharField(_("scope"), max_length=10, choices=ScopeKind.choices)
    scope_codes = models.CharField(
        _("codes"),
        max_length=200,
        help_text=_("The network, centre or province codes, separated by commas."),
    )
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    format = models.CharField(
        pgettext_lazy("file format", "format"), max_length=4, choices=Format.choices
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    file_name = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="Path relative to settings.REPORTS_ROOT.",
    )
    file_size = models.PositiveIntegerField(default=0, editable=False)
    files = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Format -> {name, size}: every file of a done job (name as file_name).",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["queued", "running"]),
                name="monitor_report_job_one_active_per_key",
            ),
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="monitor_report_job_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.scope_codes} {self.period_from}–{self.period_to}"

    @property
    def codes(self) -> list[str]:
        return [code for code in self.scope_codes.split(",") if code]

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_stale(self) -> bool:
        """Active, but its worker or task was lost (``services.report_job_is_stale``)."""
        from .services import report_job_is_stale

        return report_job_is_stale(self)

    @property
    def file_formats(self) -> tuple[str, ...]:
        """The formats of the files this job builds."""
        return self.FILE_FORMATS if self.format == self.Format.ALL else (self.format,)

    @property
    def downloads(self) -> list[dict]:
        """The files ready to download: format, label and size, in ``file_formats`` order."""
        labels = dict(self.Format.choices)
        return [
            {"format": fmt, "label": labels[fmt], "size": self.files[fmt]["size"]}
            for fmt in self.file_formats
            if fmt in (self.files or {})
        ]

    @property
    def codes_display(self) -> str:
        return ", ".join(self.codes)

    @property
    def period_label(self) -> str:
        """ "2017" for a calendar year, otherwise both dates."""
        return Period(self.period_from, self.period_to).label

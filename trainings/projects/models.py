"""
School development projects: a centre's call, the schools' applications, their review, the
jury's decisions and the projects that follow (grant, coach, milestones, reports).

The flow (each step one service in ``services.py``):

1. **Call** (``Call``): opened by a coordinator of a national or regional centre, with its
   criteria (``Criterion``, weighted) and the questions of its form (``CallQuestion``).
   Draft -> open (announced by e-mail) -> closed (after the deadline) -> decided.
2. **Application** (``Application``): one school's team (``ApplicationMember``: the director
   and at least two teachers, all of that school), its answers (``Answer``), budget table
   (``BudgetItem``) and attachments (``Attachment``). Draft -> submitted (before the deadline)
   -> accepted or rejected (with the jury's motivation).
3. **Review**: the call's reviewers (``CallReviewer``, a role per call) score each submitted
   application per criterion (``Review``, ``Score``) unless they declared a conflict of
   interest (``Conflict``: they then neither see nor score it).
4. **Project** (``Project``): an accepted application, with its grant on the centre's budget
   (one ``trainings.BudgetLine`` per centre, year and funding source, category "school
   development projects", summing its projects), a coach, milestones (``Milestone``),
   progress reports (``ProgressReport``) and a final report that may be published for other
   schools.

Mail to people is recorded once per person and purpose (``Delivery``), so that a task run
twice sends nothing twice.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import ATTACHMENT_EXTENSIONS, validate_attachment_size
from stemnet.uploads import validate_content_matches_extension

SCORE_MIN = 0
SCORE_MAX = 5  # every criterion is scored 0 (absent) to 5 (excellent)
MONEY = {"max_digits": 12, "decimal_places": 2}


class Call(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        DECIDED = "decided", _("Decided")

    centre = models.ForeignKey(
        "networks.Centre", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200)
    aims = models.TextField(_("aims"))
    levels = models.JSONField(_("education levels"), default=list, blank=True)
    provinces = models.JSONField(_("provinces"), default=list, blank=True)
    budget_per_project_eur = models.DecimalField(
        _("budget per project (EUR)"), validators=[MinValueValidator(0)], **MONEY
    )
    budget_total_eur = models.DecimalField(
        _("total budget (EUR)"), validators=[MinValueValidator(0)], **MONEY
    )
    projects_max = models.PositiveSmallIntegerField(
        _("number of projects"), validators=[MinValueValidator(1)]
    )
    source = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="project_calls",
    )
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "title"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_per_project_eur__gte=0) & Q(budget_total_eur__gte=0),
                name="projects_call_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(budget_per_project_eur__lte=models.F("budget_total_eur")),
                name="projects_call_project_within_total",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class Criterion(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100), name="projects_criterion_weight"
            )
        ]

    def __str__(self):
        return self.name


class CallQuestion(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("question of a call")
        verbose_name_plural = _("questions of a call")

    def __str__(self):
        return self.text


class CallReviewer(models.Model):
    """A person who reviews the applications of one call (a role per call)."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="reviewers"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="call_reviews",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"))

    class Meta:
        ordering = ["call", "invited_at", "pk"]
        verbose_name = _("reviewer of a call")
        verbose_name_plural = _("reviewers of a call")
        constraints = [
            models.UniqueConstraint(fields=["call", "person"], name="projects_reviewer_once")
        ]

    def __str__(self):
        return f"{self.call} · {self.person}"


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not accepted")

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="project_applications",
    )
    title = models.CharField(_("project title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    motivation = models.TextField(_("motivation of the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["call", "school__name", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "school"], name="projects_one_per_school")
        ]

    def __str__(self):
        return f"{self.title} ({self.school.name})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def budget_total(self) -> Decimal:
        return sum((item.amount_eur for item in self.budget_items.all()), Decimal("0.00"))


class ApplicationMember(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", _("Director")
        TEACHER = "teacher", _("Teacher")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="project_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["application", "role", "pk"]
        verbose_name = _("member of an application")
        verbose_name_plural = _("members of an application")
        constraints = [
            models.UniqueConstraint(fields=["application", "person"], name="projects_member_once")
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class Answer(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        CallQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="projects_answer_once")
        ]

    def __str__(self):
        return f"{self.application_id} · {self.question_id}"


class BudgetItem(models.Model):
    class Category(models.TextChoices):
        REPLACEMENT = "replacement", _("Replacement of teachers")
        MATERIALS = "materials", _("Materials")
        COACHING = "coaching", _("External coaching")
        TRAVEL = "travel", _("Travel")
        OTHER = "other", _("Other")

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="budget_items",
    )
    description = models.CharField(_("description"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount_eur = models.DecimalField(_("amount (EUR)"), validators=[MinValueValidator(0)], **MONEY)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("budget line of an application")
        verbose_name_plural = _("budget lines of an application")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__gte=0), name="projects_budget_item_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.description}: {self.amount_eur}"


def attachment_upload_to(instance, filename: str) -> str:
    return f"project_applications/{instance.application_id}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("attachment"),
        upload_to=attachment_upload_to,
        validators=[
            FileExtensionValidator(ATTACHMENT_EXTENSIONS),
            validate_attachment_size,
            validate_content_matches_extension,  # an HTML page named .pdf is refused
        ],
        help_text=_("A document or picture (PDF, Office, OpenDocument, PNG, JPEG), at most 10 MB."),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("attachment of an application")
        verbose_name_plural = _("attachments of an application")

    def __str__(self):
        return self.filename

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class Conflict(models.Model):
    """A reviewer's declaration of a conflict of interest with one application."""

    reviewer = models.ForeignKey(
        CallReviewer, verbose_name=_("reviewer"), on_delete=models.CASCADE, related_name="conflicts"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    declared_at = models.DateTimeField(_("declared at"))

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "application"], name="projects_conflict_once"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} × {self.application_id}"


class Review(models.Model):
    reviewer = models.ForeignKey(
        CallReviewer, verbose_name=_("reviewer"), on_delete=models.CASCADE, related_name="reviews"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    comment = models.TextField(_("comment"), blank=True)
    saved_at = models.DateTimeField(_("saved at"))

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "application"], name="projects_review_once")
        ]

    def __str__(self):
        return f"{self.reviewer} × {self.application_id}"


class Score(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="projects_score_once"),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN) & Q(value__lte=SCORE_MAX),
                name="projects_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class Project(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="project",
    )
    grant_eur = models.DecimalField(_("grant (EUR)"), validators=[MinValueValidator(0)], **MONEY)
    paid_eur = models.DecimalField(
        _("paid (EUR)"), validators=[MinValueValidator(0)], default=Decimal("0.00"), **MONEY
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    budget_line = models.ForeignKey(
        "trainings.BudgetLine",
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_projects",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    final_report = models.TextField(_("final report"), blank=True)
    final_report_published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The published final report, as an action-research report in the library.
    library_item = models.ForeignKey(
        "library.LibraryItem",
        verbose_name=_("library item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("school development project")
        verbose_name_plural = _("school development projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(grant_eur__gte=0)
                & Q(paid_eur__gte=0)
                & Q(paid_eur__lte=models.F("grant_eur")),
                name="projects_project_paid_within_grant",
            )
        ]

    def __str__(self):
        return self.application.title


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["project", "due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ProgressReport(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("progress"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        ordering = ["project", "-created_at", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.project_id} · {self.created_at:%Y-%m-%d}"


class Delivery(models.Model):
    """One e-mail to one person for one purpose; ``sent_at`` set once it went out, so a task
    run twice sends nothing twice."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Call announced")
        RECEIPT = "receipt", _("Application received")
        DECISION = "decision", _("Decision")
        INVITATION = "invitation", _("Invitation to review")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="deliveries")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="project_deliveries",
    )
    # An announcement goes to a newsletter's confirmed subscriber (with or without account),
    # once per address whatever the lists it is on.
    subscription = models.ForeignKey(
        "newsletters.Subscription",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail of a call")
        verbose_name_plural = _("e-mails of a call")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "call", "application", "person"],
                condition=Q(application__isnull=False),
                name="projects_delivery_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "call", "person"],
                condition=Q(application__isnull=True, subscription__isnull=True),
                name="projects_call_delivery_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "call", "email"],
                condition=Q(subscription__isnull=False),
                name="projects_announcement_once",
            ),
        ]

    def __str__(self):
        return f"{self.kind} · {self.person_id}"

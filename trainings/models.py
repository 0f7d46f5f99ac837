"""
Trainings (CPD, "nascholing"), their sessions, who enrols and who attended.

Enrolment is per training: a person who enrols takes part in all its sessions. A training's
capacity is either one shared number for all sessions (``shared_capacity``) or, when that is
empty, the smallest capacity among its sessions (the smallest room limits everyone).
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from networks.models import Province
from networks.postcodes import is_belgian_postcode, province_for_postcode
from stemnet.accounts.models import Level, StemDomain
from stemnet.tokens import new_token


class TargetLevel(models.TextChoices):
    """The profile's education levels plus the roles a training can target."""

    KLEUTER = Level.KLEUTER.value, Level.KLEUTER.label
    LAGER = Level.LAGER.value, Level.LAGER.label
    GRAAD1_A = Level.GRAAD1_A.value, Level.GRAAD1_A.label
    GRAAD1_B = Level.GRAAD1_B.value, Level.GRAAD1_B.label
    DOORSTROOM = Level.DOORSTROOM.value, Level.DOORSTROOM.label
    DUBBELE_FINALITEIT = Level.DUBBELE_FINALITEIT.value, Level.DUBBELE_FINALITEIT.label
    ARBEIDSMARKT = Level.ARBEIDSMARKT.value, Level.ARBEIDSMARKT.label
    GRAAD1 = Level.GRAAD1.value, Level.GRAAD1.label
    ASO = Level.ASO.value, Level.ASO.label
    TSO_KSO_BSO = Level.TSO_KSO_BSO.value, Level.TSO_KSO_BSO.label
    HOGER = Level.HOGER.value, Level.HOGER.label
    LERARENOPLEIDING = Level.LERARENOPLEIDING.value, Level.LERARENOPLEIDING.label
    ANDERE = Level.ANDERE.value, Level.ANDERE.label
    DIRECTIE = "directie", _("School management")
    STEM_COORDINATOR = "stem_coordinator", _("STEM coordinator")
    TECHNICUS = "technicus", _("Technician")
    CLB = "clb", _("CLB staff")


class Format(models.TextChoices):
    SHORT = "short", _("Short training")
    MULTI_DAY = "multi_day", _("Multi-day training")
    LONG = "long", _("Long-term programme")
    BLENDED = "blended", _("Blended")
    ONLINE = "online", _("Online")
    RESIDENTIAL = "residential", _("Residential")
    COMPANY_VISIT = "company_visit", _("Company or research visit")
    LEARNING_NETWORK = "learning_network", _("Learning network")


# Columns of Training that the database keeps (migration 0004); Python never writes them.
TRIGGER_KEPT_FIELDS = frozenset(
    {
        "first_start",
        "last_end",
        "session_capacity",
        "seats_held",
        "search_vector",
        "is_online",
        "session_provinces",
    }
)


class Training(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # A centre that asks for review: submitted, waiting for the scientific committee
        # (trainings.quality). Neither listed nor open for enrolment until approved.
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Promotion(models.TextChoices):
        DIRECT = "direct", _("Enrol the next on the waiting list directly")
        OFFER = "offer", _("Offer the seat for a limited time")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    centre = models.ForeignKey(
        "networks.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    stem_domains = models.JSONField(
        _("STEM domains"), default=list, blank=True, help_text=_("Codes: S, T, E, M, other.")
    )
    levels = models.JSONField(_("target levels"), default=list, blank=True)
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.SHORT
    )
    contact_hours = models.DecimalField(
        _("contact hours"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    ects = models.DecimalField(
        _("ECTS credits"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    fee_eur = models.DecimalField(
        _("fee (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
    )
    co_created_research = models.BooleanField(_("co-created with researchers"), default=False)
    co_created_industry = models.BooleanField(_("co-created with industry"), default=False)

    class TargetGroup(models.TextChoices):
        """Whom ``target_participants`` counts (``trainings.counting.target_enrolments``)."""

        ALL = "all", _("All participants")
        TEACHERS = "teachers", _("Teachers")

    target_participants = models.PositiveIntegerField(_("target number of participants"), default=0)
    target_group = models.CharField(
        _("target counts"),
        max_length=10,
        choices=TargetGroup.choices,
        default=TargetGroup.ALL,
        help_text=_("Whom the target number counts: every participant, or teachers only."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    shared_capacity = models.PositiveIntegerField(
        _("shared capacity"),
        null=True,
        blank=True,
        help_text=_("One number of seats for all sessions. Empty: the smallest session capacity."),
    )
    enrolment_deadline = models.DateTimeField(_("enrolment deadline"), null=True, blank=True)
    promotion = models.CharField(
        _("waiting list"), max_length=10, choices=Promotion.choices, default=Promotion.DIRECT
    )
    offer_hours = models.PositiveSmallIntegerField(_("hours to claim an offered seat"), default=48)
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (%)"),
        default=100,
        validators=[MinValueValidator(1)],
    )
    # Kept up to date by database triggers (migration 0004), whoever writes sessions or
    # enrolments (services, imports, the admin, COPY): the catalogue filters and sorts on
    # them without touching sessions and enrolments. Never set them in Python.
    first_start = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    last_end = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    session_capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The smallest capacity among the sessions (trigger).",
    )
    seats_held = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Enrolled, attended or offered a seat (trigger). Enrolling counts exactly "
        "under the training's lock; this column serves the catalogue.",
    )
    search_vector = SearchVectorField(null=True, editable=False)  # PostgreSQL trigger
    # Migration 0014, from the sessions like first_start: what the catalogue's "online" and
    # "where" filters read.
    is_online = models.BooleanField(
        default=False,
        editable=False,
        help_text="A session is held online: a link and no venue (trigger).",
    )
    session_provinces = models.JSONField(
        default=list,
        editable=False,
        help_text="The provinces its sessions are held in (trigger).",
    )
    previous_edition = models.ForeignKey(
        "self",
        verbose_name=_("previous edition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_editions",
        help_text=_("The training this one repeats (duplicated as a new edition)."),
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("For example: step-free access, induction loop, parking for the disabled."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        # The catalogue's indexes (its order, the GIN indexes of the code lists and the search
        # text), partial on the published trainings, are the migrations' (0003, 0004, 0014).
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Never write the trigger-kept columns back (a stale instance would undo them)."""
        if not self._state.adding and self.pk and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in TRIGGER_KEPT_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_stem_domains_display(self) -> list[str]:
        labels = dict(StemDomain.choices)
        return [str(labels.get(c, c)) for c in self.stem_domains]

    def get_levels_display(self) -> list[str]:
        labels = dict(TargetLevel.choices)
        return [str(labels.get(c, c)) for c in self.levels]


class Speaker(models.Model):
    """A trainer or invited expert, kept once and named on every session they lead."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("short introduction"), max_length=1000, blank=True)
    centre = models.ForeignKey(
        "networks.Centre",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="speakers",
        help_text=_("The centre that keeps this record."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("trainer or expert")
        verbose_name_plural = _("trainers and experts")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "name", "organisation"], name="speaker_once_per_centre"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class Session(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    theme = models.CharField(
        _("theme"), max_length=200, blank=True, help_text=_("For learning-network meetings.")
    )
    experts = models.CharField(_("invited experts"), max_length=300, blank=True)
    speakers = models.ManyToManyField(
        Speaker, verbose_name=_("trainers and experts"), related_name="sessions", blank=True
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    province = models.CharField(
        _("province where it is held"),
        max_length=3,
        choices=Province.choices,
        blank=True,
        help_text=_(
            "Follows from a Belgian postcode. Without one (a company site, online): choose it, "
            "or leave it empty for online, abroad or unknown."
        ),
    )
    # iCalendar SEQUENCE: raised when the time or place changes, so calendars that have the
    # session (same UID) replace it.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.training} — {self.starts_at:%Y-%m-%d %H:%M}"

    def get_additional_data(self) -> dict:
        """Kept with each change in the history (``trainings.history``): its training and
        when it starts, so that a deleted session is still found and named."""
        return {"training": self.training_id, "starts_at": self.starts_at.isoformat()}

    def clean(self):
        """The province follows from a Belgian postcode (``networks.postcodes``); one chosen
        that the postcode contradicts is refused. Without a postcode, the chosen one stays."""
        super().clean()
        if not is_belgian_postcode(self.postcode):
            return
        province = province_for_postcode(self.postcode)
        if self.province and self.province != province:
            message = (
                _(
                    "Postcode %(postcode)s lies in %(place)s: choose that province or leave it "
                    "empty."
                )
                % {"postcode": self.postcode, "place": Province(province).label}
                if province
                else _(
                    "Postcode %(postcode)s lies outside Flanders and Brussels: leave the "
                    "province empty."
                )
                % {"postcode": self.postcode}
            )
            raise ValidationError({"province": message})
        self.province = province

    @property
    def address(self) -> str:
        """Where it is, on one line: the venue, street and number, postcode and municipality."""
        place = " ".join(part for part in (self.postcode, self.municipality) if part)
        return ", ".join(part for part in (self.location, self.street, place) if part)

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.location


# The cancellation rule in words (enforced by trainings.services.enrolment.enrolment_cancel),
# shown where a person cancels and in every confirmation.
CANCELLATION_RULE = _(
    "You can cancel under My trainings until the first session starts; your seat then goes "
    "to the next person on the waiting list."
)


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    waitlist_position = models.PositiveIntegerField(
        _("waiting-list position"), null=True, blank=True
    )
    offer_expires_at = models.DateTimeField(
        _("seat offered until"),
        null=True,
        blank=True,
        help_text=_("Set while a waitlisted person is offered a seat they must claim."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.CharField(
        _("reason for removing"),
        max_length=500,
        blank=True,
        help_text=_("Why the centre removed this person (kept with the cancelled enrolment)."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The coordinator who added this person by hand."),
    )
    above_capacity = models.BooleanField(
        _("above capacity"),
        default=False,
        help_text=_("Added by hand on a seat beyond the capacity, by an explicit choice."),
    )
    certificate_code = models.CharField(
        _("certificate verification code"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Printed on the certificate of participation; anyone can check it."),
    )

    class Meta:
        ordering = ["training", "created_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "training"], name="enrolment_once_per_training"
            ),
            models.UniqueConstraint(
                fields=["training", "waitlist_position"],
                condition=Q(status="waitlisted"),
                name="enrolment_unique_waitlist_position",
            ),
        ]
        indexes = [models.Index(fields=["training", "status"])]

    def __str__(self):
        return f"{self.person} — {self.training} ({self.get_status_display()})"

    def get_additional_data(self) -> dict:
        """Kept with each change in the history (``trainings.history``): ids, never a name."""
        return {"training": self.training_id, "person": self.person_id}


class Attendance(models.Model):
    """Whether an enrolled person was present at one session, and for how many hours."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("present"), default=False)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="attendance_once_per_session"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} — {self.session.starts_at:%Y-%m-%d}"

    def get_additional_data(self) -> dict:
        """Kept with each change in the history (``trainings.history``): ids, never a name."""
        return {
            "training": self.session.training_id,
            "person": self.enrolment.person_id,
            "enrolment": self.enrolment_id,
            "starts_at": self.session.starts_at.isoformat(),
        }


class CalendarFeed(models.Model):
    """A person's secret calendar-feed address (all their sessions, for any calendar app)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.person}"


class SessionReminder(models.Model):
    """The reminder e-mail sent to one enrolled person before one session: at most once."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reminders")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session reminder")
        verbose_name_plural = _("session reminders")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="session_reminder_once"),
        ]

    def __str__(self):
        return f"{self.enrolment_id} — {self.session_id}"


# === Budget ==============================================================================


class BudgetCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    VENUE = "venue", _("Venue")
    CATERING = "catering", _("Catering")
    TRAVEL = "travel", _("Travel")
    TEACHER_REPLACEMENT = "teacher_replacement", _("Replacement of teachers")
    MATERIALS = "materials", _("Materials")
    # Grants to school development projects (trainings.projects), centre-wide lines.
    SCHOOL_PROJECTS = "school_projects", _("School development projects")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    """Money planned and paid by a centre, for one training or the centre as a whole."""

    centre = models.ForeignKey(
        "networks.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    training = models.ForeignKey(
        Training,
        verbose_name=_("training"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    source = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    planned_eur = models.DecimalField(
        _("planned (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
    )
    paid_eur = models.DecimalField(
        _("paid (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["centre", "year", "training", "category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        indexes = [models.Index(fields=["centre", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_eur__gte=0) & Q(paid_eur__gte=0),
                name="budget_line_amounts_not_negative",
            ),
            models.UniqueConstraint(
                fields=["centre", "training", "year", "category", "source"],
                condition=Q(training__isnull=False),
                name="budget_line_unique_for_training",
            ),
            models.UniqueConstraint(
                fields=["centre", "year", "category", "source"],
                condition=Q(training__isnull=True),
                name="budget_line_unique_for_centre",
            ),
        ]

    def __str__(self):
        return f"{self.centre.code} {self.year} {self.get_category_display()}"


class TrainingMessage(models.Model):
    """A message from the centre to the people of one training (all, or those with one
    status), kept with who sent what and when. Each recipient has a ``MessageDelivery``."""

    class Audience(models.TextChoices):
        ALL = "all", _("Everyone enrolled or waiting")
        ENROLLED = "enrolled", _("Those who hold a seat")
        WAITLISTED = "waitlisted", _("Those on the waiting list")
        ATTENDED = "attended", _("Those who attended")

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    audience = models.CharField(_("to"), max_length=12, choices=Audience.choices)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")

    def __str__(self):
        return f"{self.training.code}: {self.subject}"


class MessageDelivery(models.Model):
    """One recipient of a ``TrainingMessage``; ``sent_at`` is set in the transaction that
    mails it, so a redelivered task never mails twice."""

    message = models.ForeignKey(
        TrainingMessage, on_delete=models.CASCADE, related_name="deliveries"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_messages"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "person"], name="message_delivery_once")
        ]

    def __str__(self):
        return f"{self.message_id} → {self.person_id}"


class SavedSearch(models.Model):
    """A catalogue search a person keeps, with a daily e-mail of the new trainings it finds."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField(_("name"), max_length=200)
    query = models.JSONField(_("search"), default=dict, help_text=_("The catalogue's filters."))
    alerts = models.BooleanField(_("e-mail new trainings"), default=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name


class SearchAlertSent(models.Model):
    """A training mailed to a person by a saved search's alert: never twice."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("training sent in an alert")
        verbose_name_plural = _("trainings sent in alerts")
        constraints = [
            models.UniqueConstraint(fields=["person", "training"], name="alert_once_per_training")
        ]

    def __str__(self):
        return f"{self.person_id} — {self.training_id}"

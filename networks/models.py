"""The knowledge network: networks, their centres, the organisations behind them, and who
holds which role where."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stemnet.uploads import validate_content_matches_extension


class Province(models.TextChoices):
    """Flemish provinces and Brussels; the codes are also the regional centres' codes."""

    ANTWERPEN = "VAN", _("Antwerp")
    VLAAMS_BRABANT = "VBR", _("Flemish Brabant")
    LIMBURG = "VLI", _("Limburg")
    OOST_VLAANDEREN = "VOV", _("East Flanders")
    WEST_VLAANDEREN = "VWV", _("West Flanders")
    BRUSSEL = "BRU", _("Brussels")


class Focus(models.TextChoices):
    """What a network mainly does; a network holds a list of these (``Network.focus_codes``)."""

    TEACHER_CPD = "teacher_cpd", _("Professional development of teachers")
    EARLY_YEARS = "early_years", _("Pre-school and early years")
    PRIMARY = "primary", _("Primary education")
    SECONDARY = "secondary", _("Secondary education")
    SCHOOL_DEVELOPMENT = "school_development", _("School development")
    ACTION_RESEARCH = "action_research", _("Action research by teachers")
    TEACHER_EDUCATION = "teacher_education", _("Initial teacher education")
    EQUITY = "equity", _("Equal opportunities")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        UNIVERSITY_COLLEGE = "university_college", _("University college")
        SCHOOL = "school", _("School")
        COMPANY = "company", _("Company")
        SECTOR_FEDERATION = "sector_federation", _("Sector federation")
        FOUNDATION = "foundation", _("Foundation")
        GOVERNMENT = "government", _("Government body")
        SCIENCE_CENTRE = "science_centre", _("Science centre")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(
        _("country"), max_length=2, default="BE", help_text=_("ISO 3166 code, e.g. BE, FR, FI.")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Network(models.Model):
    code = models.SlugField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    coordinating_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("coordinating organisation"),
        on_delete=models.PROTECT,
        related_name="coordinated_networks",
        null=True,
        blank=True,
    )
    launch_year = models.PositiveSmallIntegerField(_("launch year"), null=True, blank=True)
    initiative = models.CharField(
        _("initiative"), max_length=200, blank=True, help_text=_("Who took the initiative.")
    )
    main_focus = models.CharField(_("main focus"), max_length=300, blank=True)
    mission = models.TextField(_("mission"), blank=True)
    legal_status = models.CharField(_("legal status"), max_length=200, blank=True)
    structure = models.CharField(
        _("organisation"),
        max_length=300,
        blank=True,
        help_text=_(
            "How the network is organised, e.g. 'coordinated by LAMAP with 9 "
            "universities' (the first column of the comparison)."
        ),
    )
    focus_codes = models.JSONField(
        _("focus areas"),
        default=list,
        blank=True,
        help_text=_("Codes used by the directory's focus filter."),
    )
    target_groups = models.TextField(_("target groups"), blank=True)
    steering_group = models.TextField(_("steering group"), blank=True)
    scientific_committee = models.TextField(_("scientific committee"), blank=True)
    executive_board = models.TextField(_("executive board"), blank=True)
    centres_reported = models.PositiveIntegerField(
        _("number of centres (reported)"),
        null=True,
        blank=True,
        help_text=_("As the network reports it; may exceed the centres recorded here."),
    )
    centres_note = models.CharField(_("centres, as reported"), max_length=200, blank=True)
    budget_min = models.DecimalField(
        _("budget per year, lowest"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_max = models.DecimalField(
        _("budget per year, highest"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Empty when the budget is one amount."),
    )
    budget_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    budget_partial = models.BooleanField(
        _("budget covers part of the network only"),
        default=False,
        help_text=_("The cost per teacher is then a lower bound."),
    )
    budget_note = models.CharField(_("budget, as reported"), max_length=300, blank=True)
    reach_teachers_min = models.PositiveIntegerField(
        _("teachers reached per year, lowest"), null=True, blank=True
    )
    reach_teachers_max = models.PositiveIntegerField(
        _("teachers reached per year, highest"),
        null=True,
        blank=True,
        help_text=_("Empty when the reach is one number."),
    )
    reach_schools = models.PositiveIntegerField(
        _("schools or institutions reached"), null=True, blank=True
    )
    reach_note = models.CharField(_("reach, as reported"), max_length=300, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    funding_public = models.BooleanField(
        _("funding is public"),
        default=False,
        help_text=_(
            "Several networks gave their figures in confidence: their funding lines "
            "are shown to ministry staff and admins only."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name

    def get_focus_codes_display(self) -> list[str]:
        labels = dict(Focus.choices)
        return [str(labels.get(c, c)) for c in self.focus_codes]


class Centre(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("National centre")
        REGIONAL = "regional", _("Regional centre")

    code = models.SlugField(_("code"), max_length=10, unique=True)
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="centres"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGIONAL)
    province = models.CharField(_("province"), max_length=3, choices=Province.choices, blank=True)
    region = models.CharField(
        _("region"),
        max_length=100,
        blank=True,
        help_text=_("Outside Flanders: the region the centre serves."),
    )
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host institution"),
        on_delete=models.PROTECT,
        related_name="hosted_centres",
        null=True,
        blank=True,
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    satellites = models.TextField(
        _("satellites"), blank=True, help_text=_("Other sites of the centre, one per line.")
    )
    staff_fte = models.DecimalField(
        _("staff (FTE)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    launch_year = models.PositiveSmallIntegerField(_("launch year"), null=True, blank=True)
    reach_teachers = models.PositiveIntegerField(
        _("teachers reached per year"), null=True, blank=True
    )
    review_before_publication = models.BooleanField(
        _("review before publication"),
        default=False,
        help_text=_(
            "A member of the scientific committee approves each training before it is published."
        ),
    )

    class Meta:
        ordering = ["network__name", "kind", "name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self):
        return self.name

    @property
    def satellite_list(self) -> list[str]:
        return [line.strip() for line in self.satellites.splitlines() if line.strip()]

    @property
    def area(self) -> str:
        """The province for Flemish centres, otherwise the region it serves."""
        return self.get_province_display() if self.province else self.region


class Membership(models.Model):
    """A role a person holds: coordinator of a centre, ministry staff for the network, member
    of the scientific committee (of one centre, or without a centre for the whole network) or
    of the steering group (always network-wide)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MINISTRY = "ministry", _("Ministry staff")
        COMMITTEE = "committee", _("Member of the scientific committee")
        STEERING = "steering", _("Member of the steering group")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="coordinator", centre__isnull=False)
                | Q(role__in=["ministry", "committee"])
                | Q(role="steering", centre__isnull=True),
                name="membership_coordinator_has_centre",
            ),
            models.UniqueConstraint(fields=["user", "role", "centre"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(centre__isnull=True),
                name="membership_unique_without_centre",
            ),
        ]

    def __str__(self):
        where = f" {self.centre.code}" if self.centre_id else ""
        return f"{self.user} — {self.get_role_display()}{where}"


def _one_target() -> Q:
    """Exactly one of network and centre is set."""
    return Q(network__isnull=False, centre__isnull=True) | Q(
        network__isnull=True, centre__isnull=False
    )


def _clean_one_target(obj, both: str, neither: str) -> None:
    if obj.network_id and obj.centre_id:
        raise ValidationError({"centre": both})
    if not obj.network_id and not obj.centre_id:
        raise ValidationError({"centre": neither})


class Partnership(models.Model):
    """An organisation's part in a network or a centre, over a period."""

    class Kind(models.TextChoices):
        HOST = "host", _("Host")
        FUNDER = "funder", _("Funder")
        CO_CREATOR = "co_creator", _("Co-creator")
        RESEARCH = "research", _("Research partner")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="partnerships",
        null=True,
        blank=True,
    )
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="partnerships",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["organisation__name", "kind"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="partnership_one_target"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="partnership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["organisation", "network", "kind"],
                condition=Q(centre__isnull=True),
                name="partnership_unique_network",
            ),
            models.UniqueConstraint(
                fields=["organisation", "centre", "kind"],
                condition=Q(network__isnull=True),
                name="partnership_unique_centre",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_kind_display()} — {self.network or self.centre}"

    def clean(self):
        _clean_one_target(
            self,
            _("Give either a centre or a network, not both."),
            _("Give the centre or the network of this partnership."),
        )


class Funding(models.Model):
    """Money for a network or a centre in one year from one source, planned or received."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        UNIVERSITY = "university", _("University or university college")
        COMPANY = "company", _("Companies")
        FOUNDATION = "foundation", _("Foundation")
        EU = "eu", _("European Union")
        FEES = "fees", _("Fees")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RECEIVED = "received", _("Received")

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="fundings",
        null=True,
        blank=True,
    )
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="fundings",
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.ForeignKey(
        Organisation, verbose_name=_("source"), on_delete=models.PROTECT, related_name="fundings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "source__name"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="funding_one_target"),
            models.CheckConstraint(
                condition=Q(amount_eur__gte=0), name="funding_amount_not_negative"
            ),
            models.UniqueConstraint(
                fields=["network", "year", "source", "kind", "status"],
                condition=Q(centre__isnull=True),
                name="funding_unique_network",
            ),
            models.UniqueConstraint(
                fields=["centre", "year", "source", "kind", "status"],
                condition=Q(network__isnull=True),
                name="funding_unique_centre",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.source}: € {self.amount_eur}"

    def clean(self):
        _clean_one_target(
            self,
            _("Give either a centre or a network, not both."),
            _("Give the centre (or the network) this funding is for."),
        )


ATTACHMENT_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods", "png", "jpg", "jpeg"]
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def validate_attachment_size(file) -> None:
    if getattr(file, "_committed", False):
        return  # stored already: measured when it came in (and a lost file is no 500 here)
    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The attachment is larger than %(mb)d MB.")
            % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )


def good_practice_upload_to(instance, filename: str) -> str:
    return f"good_practices/{instance.centre_id}/{filename}"


class GoodPractice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    centre = models.ForeignKey(
        Centre, verbose_name=_("centre"), on_delete=models.CASCADE, related_name="good_practices"
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    summary = models.TextField(_("summary"))
    links = models.TextField(_("links"), blank=True, help_text=_("One web address per line."))
    attachment = models.FileField(
        _("attachment"),
        upload_to=good_practice_upload_to,
        blank=True,
        validators=[
            FileExtensionValidator(ATTACHMENT_EXTENSIONS),
            validate_attachment_size,
            validate_content_matches_extension,  # an HTML page named .pdf is refused
        ],
        help_text=_("A document or picture (PDF, Office, OpenDocument, PNG, JPEG), at most 10 MB."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self):
        return self.title

    def clean(self):
        validate = URLValidator(schemes=["http", "https"])
        for line in self.link_list:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    {"links": _("'%(link)s' is not a web address (https://...).") % {"link": line}}
                ) from None

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

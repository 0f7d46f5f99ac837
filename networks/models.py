"""The knowledge network: networks, their centres, the organisations behind them, and who
holds which role where."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    """Flemish provinces and Brussels; the codes are also the regional centres' codes."""

    ANTWERPEN = "VAN", _("Antwerp")
    VLAAMS_BRABANT = "VBR", _("Flemish Brabant")
    LIMBURG = "VLI", _("Limburg")
    OOST_VLAANDEREN = "VOV", _("East Flanders")
    WEST_VLAANDEREN = "VWV", _("West Flanders")
    BRUSSEL = "BRU", _("Brussels")


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
    country = models.CharField(_("country"), max_length=2, default="BE",
                               help_text=_("ISO 3166 code, e.g. BE, FR, FI."))
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
        Organisation, verbose_name=_("coordinating organisation"), on_delete=models.PROTECT,
        related_name="coordinated_networks", null=True, blank=True,
    )
    launch_year = models.PositiveSmallIntegerField(_("launch year"), null=True, blank=True)
    initiative = models.CharField(_("initiative"), max_length=200, blank=True,
                                  help_text=_("Who took the initiative."))
    main_focus = models.CharField(_("main focus"), max_length=300, blank=True)
    mission = models.TextField(_("mission"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name


class Centre(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("National centre")
        REGIONAL = "regional", _("Regional centre")

    code = models.SlugField(_("code"), max_length=10, unique=True)
    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.PROTECT,
                                related_name="centres")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGIONAL)
    province = models.CharField(_("province"), max_length=3, choices=Province.choices, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True,
                              help_text=_("Outside Flanders: the region the centre serves."))
    host = models.ForeignKey(Organisation, verbose_name=_("host institution"),
                             on_delete=models.PROTECT, related_name="hosted_centres",
                             null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        ordering = ["network__name", "kind", "name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A role a person holds: coordinator of a centre, or ministry staff for the network."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MINISTRY = "ministry", _("Ministry staff")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.CASCADE,
                               related_name="memberships", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="coordinator", centre__isnull=False) | Q(role="ministry"),
                name="membership_coordinator_has_centre",
            ),
            models.UniqueConstraint(fields=["user", "role", "centre"],
                                    name="membership_unique"),
            models.UniqueConstraint(fields=["user", "role"], condition=Q(centre__isnull=True),
                                    name="membership_unique_without_centre"),
        ]

    def __str__(self):
        where = f" {self.centre.code}" if self.centre_id else ""
        return f"{self.user} — {self.get_role_display()}{where}"

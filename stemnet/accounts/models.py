"""
People: the account (log-in by e-mail) and the profile a person keeps.

The code lists here (role, STEM domain, education level) are shared by the whole portal:
trainings target the same levels, reports count by the same roles.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    DIRECTOR = "director", _("Director")
    COMPANY = "company", _("Company staff")
    RESEARCHER = "researcher", _("Researcher")
    CLB = "clb", _("CLB staff")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")


class StemDomain(models.TextChoices):
    SCIENCE = "S", _("Science")
    TECHNOLOGY = "T", _("Technology")
    ENGINEERING = "E", _("Engineering")
    MATHEMATICS = "M", _("Mathematics")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    """Education levels a teacher teaches (several may apply).

    Secondary education in both structures: the modernised one (first grade A and B stream;
    second and third grade by finaliteit), which new records use, and the old codes
    (``graad1``, ``aso``, ``tso_kso_bso``), kept valid for older records and series. Which
    codes forms offer and how the old grouping is made: ``stemnet.accounts.levels``.
    """

    KLEUTER = "kleuter", _("Pre-school (kleuter)")
    LAGER = "lager", _("Primary (lager)")
    GRAAD1_A = "graad1_a", _("Secondary, 1st grade, A stream")
    GRAAD1_B = "graad1_b", _("Secondary, 1st grade, B stream")
    DOORSTROOM = "doorstroom", _("2nd and 3rd grade, transition to higher education")
    DUBBELE_FINALITEIT = "dubbele_finaliteit", _("2nd and 3rd grade, dual finality")
    ARBEIDSMARKT = "arbeidsmarkt", _("2nd and 3rd grade, labour market")
    GRAAD1 = "graad1", _("Secondary, 1st grade")
    ASO = "aso", _("ASO, 2nd and 3rd grade")
    TSO_KSO_BSO = "tso_kso_bso", _("TSO/KSO/BSO, 2nd and 3rd grade")
    HOGER = "hoger", _("Higher education")
    LERARENOPLEIDING = "lerarenopleiding", _("Teacher training")
    ANDERE = "andere", _("Other")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account. Logs in with an e-mail address; there is no user name."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="nl-be",
        help_text=_("The language of the e-mails the portal sends you."),
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.get_full_name() or self.email


class Profile(models.Model):
    """What a person tells about their work: used to match trainings and to count in reports.

    Role, domain, levels and the school of the register survive account deletion
    (anonymised), so that yearly counts stay correct (a school is not personal data); the
    free text about another school and a number typed as text are erased.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    # The register is the networks app's (networks.schools); named, not imported, as this
    # layer imports no domain app.
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
    )
    school_name = models.CharField(
        _("other school or abroad"),
        max_length=200,
        blank=True,
        help_text=_("Free text, only for a school that is not in the register."),
    )
    school_number = models.CharField(
        _("school number as typed"),
        max_length=10,
        blank=True,
        help_text=_(
            "An institution number given as text and not (yet) in the register; it is linked "
            "to its school when the register holds it."
        ),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PersonRole.choices, default=PersonRole.TEACHER
    )
    stem_domain = models.CharField(
        _("STEM domain"), max_length=10, choices=StemDomain.choices, blank=True
    )
    levels = models.JSONField(_("education levels taught"), default=list, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return f"{self.user}"

    @property
    def school_display(self) -> str:
        """The school as lists and sign-in sheets show it: the register's, else the free text
        (load ``school`` with the profile, ``select_related``)."""
        return str(self.school) if self.school_id else self.school_name

    def get_levels_display(self) -> list[str]:
        labels = dict(Level.choices)
        return [str(labels.get(code, code)) for code in self.levels]

"""
The school register: every school (instelling) by its institution number (instellingsnummer).

People belong to a school through their profile (``accounts.Profile.school``); the register
itself holds no personal data. It is kept with the import kind ``schools`` (``resources.py``),
matched on the number.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models import Province
from networks.postcodes import province_for_postcode

NUMBER_DIGITS = 6


class EducationNetwork(models.TextChoices):
    """The onderwijsnet a school belongs to."""

    GO = "GO", _("GO! education of the Flemish Community")
    OGO = "OGO", _("officially subsidised education")
    KOV = "KOV", _("Catholic Education Flanders")
    OVO = "OVO", _("other free subsidised education")


class SchoolLevel(models.TextChoices):
    """What a school offers (several may apply)."""

    KLEUTER = "kleuter", _("nursery education")
    LAGER = "lager", _("primary education")
    SECUNDAIR = "secundair", _("secondary education")
    BUITENGEWOON = "buitengewoon", _("special needs education")
    VOLWASSENEN = "volwassenen", _("adult education")


def normal_number(value) -> str | None:
    """An institution number as the register keeps it, six digits (``"30387"`` ->
    ``"030387"``: a spreadsheet drops leading zeros); None when it is not 1 to 6 digits."""
    text = re.sub(r"[\s.\u00a0]", "", str(value or ""))
    if not re.fullmatch(r"\d{1,6}", text) or not int(text):
        return None
    return text.zfill(NUMBER_DIGITS)


SUGGESTIONS = 12


class SchoolQuerySet(models.QuerySet):
    """Finding schools by number, name or municipality. On the queryset, not in a selectors
    module, so that the profile form of ``stemnet.accounts`` (a layer below the networks app,
    which it may not import) reaches it through its foreign key's model."""

    def by_number(self, number) -> "School | None":
        """The school with this institution number (``"30387"`` finds ``030387``), or None."""
        normal = normal_number(number)
        return self.filter(number=normal).first() if normal else None

    def search(self, text: str, *, limit: int = SUGGESTIONS) -> list["School"]:
        """At most ``limit`` schools whose name or municipality holds every word of ``text``,
        or whose number holds its digits; names that start with the first word first. Empty
        for fewer than two characters."""
        text = " ".join(str(text or "").split())[:100]
        if len(text) < 2:
            return []
        digits = re.sub(r"\s", "", text)
        if digits.isdigit():
            return list(self.filter(number__contains=digits).order_by("number")[:limit])
        qs = self
        words = [w for w in re.split(r"[\s,()–]+", text) if w]
        for word in words:
            qs = qs.filter(models.Q(name__icontains=word) | models.Q(municipality__icontains=word))
        found = list(qs.order_by("name", "municipality", "number")[: limit * 4])
        first = words[0].casefold() if words else ""
        found.sort(key=lambda s: (not s.name.casefold().startswith(first), s.name, s.municipality))
        return found[:limit]

    def picked(self, text: str) -> tuple["School | None", list["School"]]:
        """The school a person typed or picked: its number (alone, or at the end of a
        suggestion such as ``Sint-Jozefscollege (Aalst) – 030412``), or the one school whose
        name (with its municipality) is the text, or the only school that matches it.
        Otherwise (None, the candidates: none or several)."""
        text = " ".join(str(text or "").split())
        trailing = re.search(r"(?:^|[\s–-])(\d{1,6})$", text)
        if trailing:
            school = self.by_number(trailing.group(1))
            if school is not None:
                return school, [school]
        candidates = self.search(text)
        wanted = text.casefold()
        exact = [s for s in candidates if wanted in (s.name.casefold(), str(s).casefold())]
        if len(exact) == 1:
            return exact[0], exact
        if len(candidates) == 1:
            return candidates[0], candidates
        return None, candidates


def province_conflict(postcode: str, province: str) -> str | None:
    """Why a school's ``province`` contradicts the province of its ``postcode``
    (``networks.postcodes``), in the person's language; ``None`` when they agree or either is
    missing. The register's form, admin and import all say it in these words."""
    expected = province_for_postcode(postcode)
    if not expected or not province or expected == province:
        return None
    return _("Postcode %(postcode)s lies in %(expected)s (%(code)s), not in %(given)s.") % {
        "postcode": postcode,
        "expected": Province(expected).label,
        "code": expected,
        "given": province,
    }


class School(models.Model):
    number = models.CharField(
        _("institution number"),
        max_length=NUMBER_DIGITS,
        unique=True,
        validators=[
            RegexValidator(
                r"^\d{6}$",
                _("An institution number has six digits (leading zeros included)."),
            )
        ],
        help_text=_("The instellingsnummer of the Flemish Ministry of Education, six digits."),
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=4,
        validators=[RegexValidator(r"^[1-9]\d{3}$", _("A Belgian postcode has four digits."))],
    )
    municipality = models.CharField(_("municipality"), max_length=100)
    province = models.CharField(_("province"), max_length=3, choices=Province.choices)
    network = models.CharField(_("education network"), max_length=3, choices=EducationNetwork)
    levels = models.JSONField(_("levels offered"), default=list, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name", "municipality", "number"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        indexes = [models.Index(fields=["province"]), models.Index(fields=["municipality"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active_to__isnull=True)
                | models.Q(active_from__isnull=True)
                | models.Q(active_to__gte=models.F("active_from")),
                name="school_active_period",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})"

    @property
    def label(self) -> str:
        """How a picker shows and reads it back: ``Sint-Jozefscollege (Aalst) – 030412``."""
        return f"{self} – {self.number}"

    def get_levels_display(self) -> list[str]:
        labels = dict(SchoolLevel.choices)
        return [str(labels.get(code, code)) for code in self.levels]

    def clean(self):
        errors = {}
        unknown = [c for c in self.levels or [] if c not in SchoolLevel.values]
        if not isinstance(self.levels, list) or unknown:
            errors["levels"] = _("Unknown levels: %(codes)s.") % {
                "codes": ", ".join(map(str, unknown or [self.levels]))
            }
        conflict = province_conflict(self.postcode, self.province)
        if conflict:
            errors["province"] = conflict
        if self.active_from and self.active_to and self.active_to < self.active_from:
            errors["active_to"] = _("The end cannot be before the start.")
        if errors:
            raise ValidationError(errors)

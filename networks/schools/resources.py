"""
The import kind ``schools``: the school register, one row per school, matched on its
institution number.

A row whose number is in the register updates that school (unchanged rows are skipped), any
other row adds one: so the register is kept by importing the ministry's list again, and
importing the same file twice changes nothing. A number twice in one file is refused. Schools
are never deleted by an import (a closed school gets its ``active_to`` in the admin). Only the
command line and the admin import it: a coordinator's import (``centre_ids``) is refused.
After the import, profiles that held a school number as text are joined to their school
(``services.profiles_link_schools``).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from networks.models import Province
from networks.postcodes import province_for_postcode
from stemnet import imports
from stemnet.resources import Passthrough, TableResource, field, parse_choice, parse_codes, shown

from .models import EducationNetwork, School, SchoolLevel, normal_number, province_conflict

COLUMNS = ("number", "name", "street", "postcode", "municipality", "province", "network", "levels")


def parse_number(value: str) -> str:
    number = normal_number(value)
    if number is None:
        raise ValueError(
            _("'%(value)s' is not an institution number: 1 to 6 digits, e.g. 030387.")
            % {"value": shown(value)}
        )
    return number


def parse_postcode(value: str) -> str:
    text = value.strip()
    if not re.fullmatch(r"\d{4}", text) or not province_for_postcode(text):
        raise ValueError(
            _("'%(value)s' is not a postcode in Flanders or Brussels (four digits, e.g. 9000).")
            % {"value": shown(value)}
        )
    return text


class RegisterLoader:
    """The schools of the file's numbers, loaded once (not one query per row)."""

    def __init__(self, resource, dataset):
        self.resource = resource

    def get_instance(self, row):
        return self.resource.existing.get(row.get("number"))


class CodesWidget(Passthrough):
    """A list of codes, exported as the import reads it: ``kleuter;lager``."""

    def render(self, value, obj=None, **kwargs):
        return ";".join(value or [])


class SchoolResource(TableResource):
    levels = field("levels", widget=CodesWidget())

    class Meta(TableResource.Meta):
        model = School
        import_id_fields = ("number",)
        fields = COLUMNS
        instance_loader_class = RegisterLoader
        clean_model_instances = True

    def __init__(self, centre_ids=None, **kwargs):
        super().__init__(centre_ids, **kwargs)
        self.existing: dict[str, School] = {}

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        numbers = {normal_number(n) for n in dataset["number"]} - {None}
        self.existing = {s.number: s for s in School.objects.filter(number__in=numbers)}

    def parse(self, row, errors):
        number = self.cell(row, errors, "number", parse_number)
        if self.centre_ids is not None:
            errors["number"] = [_("Only the network's administrators keep the school register.")]
        postcode = self.cell(row, errors, "postcode", parse_postcode)
        province = self.cell(row, errors, "province", parse_choice, Province)
        conflict = province_conflict(postcode or "", province or "")
        if conflict:
            errors["province"] = [conflict]
        levels = self.cell(row, errors, "levels", parse_codes, SchoolLevel)
        if levels == []:
            errors["levels"] = [_("Give at least one level, separated by ;.")]
        return {
            "number": number,
            "name": self.text(row, errors, "name", required=True, max_length=200),
            "street": self.text(row, errors, "street", max_length=200),
            "postcode": postcode,
            "municipality": self.text(row, errors, "municipality", required=True, max_length=100),
            "province": province,
            "network": self.cell(row, errors, "network", parse_choice, EducationNetwork),
            "levels": [code for code in SchoolLevel.values if code in (levels or [])],
        }

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The number is checked against the register once, in ``before_import``.
        super().validate_instance(instance, import_validation_errors, validate_unique=False)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if result.has_errors() or result.has_validation_errors():
            return
        from .services import profiles_link_schools

        linked = profiles_link_schools()
        if linked:
            self.notes.append(
                (
                    0,
                    "number",
                    ngettext(
                        "%(count)d profile with this school number is now linked to its school.",
                        "%(count)d profiles with these school numbers are now linked to their "
                        "school.",
                        linked,
                    )
                    % {"count": linked},
                )
            )


imports.register_kind(
    "schools",
    label=gettext_lazy("School register"),
    resource=SchoolResource,
    columns=COLUMNS,
    column_help={
        "number": gettext_lazy(
            "The institution number (instellingsnummer), 1 to 6 digits; a number already in "
            "the register changes that school."
        ),
        "name": gettext_lazy("The school's name, at most 200 characters."),
        "street": gettext_lazy("Street and number (may be empty)."),
        "postcode": gettext_lazy("The postcode, four digits, in Flanders or Brussels."),
        "municipality": gettext_lazy("The municipality of the address."),
        "province": gettext_lazy("The province; it must be the province of the postcode."),
        "network": gettext_lazy("The education network (onderwijsnet)."),
        "levels": gettext_lazy("The levels the school offers, separated by ; (at least one)."),
    },
    column_choices={"province": Province, "network": EducationNetwork, "levels": SchoolLevel},
)

"""
Import and export of organisations, centres and funding (django-import-export resources).

The import kinds ``organisations``, ``centres`` and ``funding`` are registered with
``stemnet.imports`` (all-or-nothing, each bad row reported with its line, column and reason);
the columns are documented in ``docs/imports.md``. Rows are matched on natural keys
(organisation name, centre code; funding by target, year, source, kind and status), so
importing the same file twice changes nothing. The same resources serve the admin.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from stemnet import imports
from stemnet.resources import ScopedResource, field, is_blank, parse_choice

from .models import Centre, Funding, Network, Organisation, Partnership, Province

# --- widgets that fail with a ValueError, so the error names its column -----------------------


class LookupWidget(widgets.ForeignKeyWidget):
    """A related row by a natural key; an unknown value is an error with a clear reason."""

    def __init__(self, model, field, message: str, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.message = message

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        value = str(value).strip()
        obj = self.get_queryset(value, row, **kwargs).filter(**{self.field: value}).first()
        if obj is None:
            raise ValueError(self.message % {"value": value})
        return obj


_AMOUNT = re.compile(r"^-?\d+(\.\d+)?$")


def parse_amount(value) -> Decimal | None:
    """'1234.5', '1234,50', '1.234,50', '1,234.50', '€ 1 234' -> Decimal; ValueError otherwise."""
    text = str(value).replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not text:
        return None
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in text:
        text = text.replace(",", ".")
    if not _AMOUNT.match(text):
        raise ValueError(
            _("'%(value)s' is not an amount; write e.g. 65000 or 65000,00.") % {"value": value}
        )
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already refused it
        raise ValueError(_("'%(value)s' is not an amount.") % {"value": value}) from None


class AmountWidget(widgets.DecimalWidget):
    """Euro amounts, never negative, with two decimal places."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        amount = parse_amount(value)
        if amount is None:
            return None
        if amount < 0:
            raise ValueError(_("The amount cannot be negative (%(value)s).") % {"value": value})
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(
                _("An amount has at most two decimals (%(value)s).") % {"value": value}
            )
        return amount.quantize(Decimal("0.01"))


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = str(value).strip()
        if not re.fullmatch(r"\d+", text):
            raise ValueError(_("'%(value)s' is not a whole number.") % {"value": value})
        return int(text)


class DecimalNumberWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        number = parse_amount(value)
        if number is not None and number < 0:
            raise ValueError(_("The number cannot be negative (%(value)s).") % {"value": value})
        return number


class ChoiceWidget(widgets.CharWidget):
    """A code of ``choices`` (a TextChoices class), or its English or Dutch name
    (``stemnet.resources.parse_choice``); the reason lists the accepted values."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        return parse_choice(str(value or ""), self.choices, blank_ok=True)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class NaturalKeyResource(ScopedResource):
    """Shared behaviour: validate instances, skip unchanged rows, and let an unknown natural
    key fall through to the field's own error (which names the column). With ``centre_ids``
    (a coordinator's import), rows for other centres are refused."""

    class Meta(ScopedResource.Meta):
        clean_model_instances = True

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # import_instance reports it against its column

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """As the base class, but a column that failed to read keeps only its own reason (the
        model's checks would add a second, confusing one about the same column)."""
        own = {field: list(errors) for field, errors in (import_validation_errors or {}).items()}
        try:
            super().validate_instance(
                instance, {f: list(e) for f, e in own.items()}, validate_unique
            )
        except ValidationError as exc:
            errors = exc.error_dict
            for field, field_errors in own.items():  # the base class extends these lists
                errors[field] = list(field_errors)
            raise ValidationError(errors) from None


def _text(column: str) -> fields.Field:
    return field(column, widget=widgets.CharWidget(allow_blank=True))


UNKNOWN_ORGANISATION = gettext_lazy(
    "No organisation named '%(value)s'; import it with the kind 'organisations' first."
)


# --- organisations ------------------------------------------------------------------------------


class OrganisationResource(NaturalKeyResource):
    name = _text("name")
    kind = field("kind", widget=ChoiceWidget(Organisation.Kind))
    country = field("country", widget=widgets.CharWidget(allow_blank=True))
    city = _text("city")
    website = _text("website")

    class Meta(NaturalKeyResource.Meta):
        model = Organisation
        fields = ("name", "kind", "country", "city", "website")
        import_id_fields = ("name",)

    def before_import_row(self, row, **kwargs):
        row["country"] = (row.get("country") or "BE").strip().upper()


# --- centres -------------------------------------------------------------------------------------


class CentreResource(NaturalKeyResource):
    code = _text("code")
    network = field(
        "network",
        widget=LookupWidget(Network, "code", gettext_lazy("No network with code '%(value)s'.")),
    )
    name = _text("name")
    kind = field("kind", widget=ChoiceWidget(Centre.Kind))
    province = field("province", widget=ChoiceWidget(Province))
    region = _text("region")
    host = field("host", widget=LookupWidget(Organisation, "name", UNKNOWN_ORGANISATION))
    address = _text("address")
    contact_name = _text("contact_name")
    contact_email = _text("contact_email")
    phone = _text("phone")
    website = _text("website")
    satellites = _text("satellites")
    staff_fte = field("staff_fte", widget=DecimalNumberWidget())
    launch_year = field("launch_year", widget=WholeNumberWidget())
    reach_teachers = field("reach_teachers", widget=WholeNumberWidget())

    class Meta(NaturalKeyResource.Meta):
        model = Centre
        fields = (
            "code",
            "network",
            "name",
            "kind",
            "province",
            "region",
            "host",
            "address",
            "contact_name",
            "contact_email",
            "phone",
            "website",
            "satellites",
            "staff_fte",
            "launch_year",
            "reach_teachers",
        )
        import_id_fields = ("code",)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not self.may_use_centre(instance.pk):
            raise ValidationError({"code": _("You may only change your own centre.")})


# --- funding -------------------------------------------------------------------------------------


class FundingResource(NaturalKeyResource):
    centre = field(
        "centre",
        widget=LookupWidget(Centre, "code", gettext_lazy("No centre with code '%(value)s'.")),
    )
    network = field(
        "network",
        widget=LookupWidget(Network, "code", gettext_lazy("No network with code '%(value)s'.")),
    )
    year = field("year", widget=WholeNumberWidget())
    source = field("source", widget=LookupWidget(Organisation, "name", UNKNOWN_ORGANISATION))
    kind = field("kind", widget=ChoiceWidget(Funding.Kind))
    amount_eur = field("amount_eur", widget=AmountWidget())
    status = field("status", widget=ChoiceWidget(Funding.Status))
    note = _text("note")

    class Meta(NaturalKeyResource.Meta):
        model = Funding
        fields = ("centre", "network", "year", "source", "kind", "amount_eur", "status", "note")
        import_id_fields = ("centre", "network", "year", "source", "kind", "status")

    def before_import(self, dataset, **kwargs):
        # ``network`` is optional in the file but part of the natural key.
        if "network" not in (dataset.headers or []):
            dataset.append_col([""] * len(dataset), header="network")

    def get_instance(self, instance_loader, row):
        try:
            params = {field: self.fields[field].clean(row) for field in self.get_import_id_fields()}
        except ValueError:
            return None
        return Funding.objects.filter(**params).first()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not self.may_use_centre(instance.centre_id):
            raise ValidationError({"centre": _("You may only import funding of your own centre.")})


# --- partnerships (admin only) -------------------------------------------------------------------


class PartnershipResource(resources.ModelResource):
    organisation = field("organisation", widget=widgets.ForeignKeyWidget(Organisation, "name"))
    network = field("network", widget=widgets.ForeignKeyWidget(Network, "code"))
    centre = field("centre", widget=widgets.ForeignKeyWidget(Centre, "code"))

    class Meta:
        model = Partnership
        fields = ("id", "organisation", "network", "centre", "kind", "starts_on", "ends_on", "note")
        clean_model_instances = True


imports.register_kind(
    "organisations",
    label=gettext_lazy("Organisations"),
    resource=OrganisationResource,
    columns=("name", "kind"),
    optional_columns=("country", "city", "website"),
)
imports.register_kind(
    "centres",
    label=gettext_lazy("Centres"),
    resource=CentreResource,
    columns=("code", "network", "name", "kind"),
    needs=("organisations",),
    optional_columns=(
        "province",
        "region",
        "host",
        "address",
        "contact_name",
        "contact_email",
        "phone",
        "website",
        "satellites",
        "staff_fte",
        "launch_year",
        "reach_teachers",
    ),
)
imports.register_kind(
    "funding",
    label=gettext_lazy("Funding"),
    resource=FundingResource,
    columns=("centre", "year", "source", "kind", "amount_eur", "status"),
    needs=("organisations", "centres"),
    optional_columns=("network", "note"),
)

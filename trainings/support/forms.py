from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ClaimItem, SupportScheme
from .services import money_text, number_text

Kind = ClaimItem.Kind
MAX = Decimal("100000")


def _number(label, help_text, *, places=1, max_value=MAX):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=max_value,
        decimal_places=places,
        max_digits=8,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class ClaimForm(forms.Form):
    """Only the fields the scheme pays for (``services.claim_items`` computes the amounts)."""

    fee = forms.BooleanField(label=_("Refund the fee"), required=False)
    travel_km = _number(_("Travel: kilometres there and back"), "", places=0)
    replacement_hours = _number(_("Replacement: hours of class"), "")
    night_eur = _number(_("Night's stay: the amount of the bill (EUR)"), "", places=2)
    iban = forms.CharField(
        label=_("Your bank account (IBAN)"),
        max_length=42,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    director_email = forms.EmailField(
        label=_("Your director's e-mail address"),
        required=False,
        help_text=_("Only when your director has no account on the portal: we mail them a link."),
    )

    def __init__(self, *args, scheme: SupportScheme, training, needs_director_address, **kwargs):
        super().__init__(*args, **kwargs)
        offered = scheme.offers()
        if Kind.FEE not in offered or not training.fee_eur:
            del self.fields["fee"]
        else:
            self.fields["fee"].help_text = _("€ %(fee)s, the training's fee.") % {
                "fee": money_text(training.fee_eur)
            }
        if Kind.TRAVEL in offered:
            self.fields["travel_km"].help_text = _("€ %(rate)s per km, at most %(cap)s km.") % {
                "rate": number_text(scheme.travel_rate_eur_per_km),
                "cap": number_text(scheme.travel_km_cap),
            }
        else:
            del self.fields["travel_km"]
        if Kind.REPLACEMENT in offered:
            self.fields["replacement_hours"].help_text = _(
                "€ %(rate)s per hour, at most %(cap)s hours. Your school's director confirms it."
            ) % {
                "rate": money_text(scheme.replacement_rate_eur_per_hour),
                "cap": number_text(scheme.replacement_hours_cap),
            }
        else:
            del self.fields["replacement_hours"]
        if Kind.NIGHT in offered:
            self.fields["night_eur"].help_text = _("At most € %(cap)s.") % {
                "cap": money_text(scheme.night_cap_eur)
            }
        else:
            del self.fields["night_eur"]
        if not scheme.asks_bank_account:
            del self.fields["iban"]
        if Kind.REPLACEMENT not in offered or not needs_director_address:
            del self.fields["director_email"]


class DirectorForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("If you do not confirm: why"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, ask_name: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_name:
            del self.fields["name"]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, for the teacher"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SchemeForm(forms.ModelForm):
    class Meta:
        model = SupportScheme
        fields = [
            "name",
            "training",
            "source",
            "yearly_ceiling_eur",
            "refunds_fee",
            "travel_rate_eur_per_km",
            "travel_km_cap",
            "replacement_rate_eur_per_hour",
            "replacement_hours_cap",
            "night_cap_eur",
            "max_per_person_eur",
            "asks_bank_account",
            "active",
        ]

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = centre.trainings.order_by("title")
        for name in (
            "yearly_ceiling_eur",
            "travel_rate_eur_per_km",
            "replacement_rate_eur_per_hour",
            "replacement_hours_cap",
            "night_cap_eur",
            "max_per_person_eur",
        ):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})

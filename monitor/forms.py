"""Forms of the STEM monitor. The rules are the models' (run by the services); the form only
reads the input into typed values."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import CATEGORIES, Dimension, Indicator


def breakdown_choices():
    choices = [("", _("Total (no breakdown)"))]
    for dimension, categories in CATEGORIES.items():
        group = [(f"{dimension}:{code}", label) for code, label in categories.items()]
        choices.append((Dimension(dimension).label, group))
    return choices


class ObservationForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    period = forms.CharField(
        label=_("Period"),
        max_length=9,
        help_text=_("A school year like 2013-2014 or a year like 2014."),
    )
    breakdown = forms.ChoiceField(label=_("Breakdown"), required=False, choices=breakdown_choices)
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=16,
        decimal_places=4,
        localize=True,
        help_text=_("For a share: the percentage, e.g. 43,99."),
    )
    numerator = forms.DecimalField(
        label=_("Numerator"),
        required=False,
        max_digits=16,
        decimal_places=2,
        localize=True,
        help_text=_("For a share: the count it was computed from."),
    )
    denominator = forms.DecimalField(
        label=_("Denominator"), required=False, max_digits=16, decimal_places=2, localize=True
    )
    note = forms.CharField(
        label=pgettext_lazy("observation", "Note"), required=False, max_length=300
    )

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = (
            indicators if indicators is not None else (Indicator.objects.all())
        )

    def clean_breakdown(self):
        value = self.cleaned_data.get("breakdown") or ""
        dimension, _sep, category = value.partition(":")
        return dimension, category

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        dimension, category = data["breakdown"]
        return {
            "indicator": data["indicator"],
            "period": data["period"],
            "value": data["value"],
            "dimension": dimension,
            "category": category,
            "numerator": data.get("numerator"),
            "denominator": data.get("denominator"),
            "note": data.get("note") or "",
        }

    def add_service_errors(self, error) -> None:
        """Show a ValidationError of the service on the fields it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            target = {"dimension": "breakdown", "category": "breakdown"}.get(field, field)
            self.add_error(target if target in self.fields else None, messages)

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import parse_addresses


class TeamForm(forms.Form):
    addresses = forms.CharField(
        label=_("Your colleagues' e-mail addresses"),
        help_text=_("One per line (or separated by commas). Each gets an e-mail and can decline."),
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
        max_length=5000,
        required=False,  # parse_addresses says what is missing, in its own words
    )
    include_me = forms.BooleanField(label=_("Enrol me too"), required=False, initial=True)

    def clean_addresses(self):
        return parse_addresses(self.cleaned_data["addresses"])

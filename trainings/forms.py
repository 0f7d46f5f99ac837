"""Forms of the trainings app's public and teacher pages."""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from networks.models import Province
from stemnet.accounts.levels import target_level_choices
from stemnet.accounts.models import StemDomain
from stemnet.forms import DateField

from .models import Format, TargetLevel
from .selectors import CatalogueQuery, catalogue_centres
from .services.certificates import CODE_INPUT_MAX, certificate_code_normalise

ANY = [("", _("All"))]


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters, read from the query string (so a search can be bookmarked).

    An unknown value makes only that field invalid: the view shows the error and searches
    without it.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    domain = forms.ChoiceField(
        label=_("STEM domain"), required=False, choices=ANY + list(StemDomain.choices)
    )
    level = forms.ChoiceField(
        label=_("Level or target group"), required=False, choices=ANY + list(TargetLevel.choices)
    )
    format = forms.ChoiceField(
        label=pgettext_lazy("training format", "Format"),
        required=False,
        choices=ANY + list(Format.choices),
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=ANY + list(Province.choices)
    )
    centre = forms.ChoiceField(label=_("Centre"), required=False, choices=ANY)
    date_from = DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    online = forms.ChoiceField(
        label=_("Online"),
        required=False,
        choices=ANY + [("yes", _("Online only")), ("no", _("On location only"))],
    )
    fee = forms.ChoiceField(
        label=_("Fee"), required=False, choices=ANY + [("free", _("Free")), ("paid", _("Paid"))]
    )
    available = forms.BooleanField(label=_("Only with places left"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Relevance (when searching), else date")),
            ("date", _("Date")),
            ("relevance", _("Relevance")),
        ],
    )

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Grouped as the education system is; an old code (a bookmarked or saved search) stays
        # valid and shown, and finds the new codes of its group too (``levels.related``).
        asked = self.data.get("level") if self.is_bound else self.initial.get("level")
        self.fields["level"].choices = ANY + target_level_choices(
            TargetLevel.choices, [asked] if asked else []
        )
        if centres is None:
            centres = catalogue_centres()  # the portal's own network only
        self.fields["centre"].choices = ANY + list(centres)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            message = _("The end date lies before the start date.")
            self.add_error("date_from", message)
            self.add_error("date_to", message)
        return data

    def to_query(self) -> CatalogueQuery:
        """The valid filters; invalid ones are left out (their errors are shown)."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return CatalogueQuery(**{k: v for k, v in data.items() if v not in (None, "")})

    def active_filters(self) -> bool:
        return any(v for k, v in self.cleaned_data.items() if k not in ("sort", "q"))

    def cache_key(self) -> str:
        """What the rendered form depends on: the values asked for (hence the errors) and the
        centres offered. The catalogue caches the form's HTML under it, per language."""
        asked = [(name, self.data.getlist(name)) for name in self.fields if name in self.data]
        offered = list(self.fields["centre"].choices)
        return hashlib.sha256(repr((asked, offered)).encode()).hexdigest()


class CertificateCodeField(forms.Field):
    """A verification code in any spelling, cleaned to the printed one
    (``services.certificates.certificate_code_normalise``, which gives the messages: not
    Django's own for a NUL byte or a too long input)."""

    def to_python(self, value):
        return "" if value in self.empty_values else str(value)

    def validate(self, value):
        pass  # the normaliser checks everything, an empty code too

    def clean(self, value):
        return certificate_code_normalise(self.to_python(value))


class CertificateCheckForm(forms.Form):
    code = CertificateCodeField(
        label=_("Verification code"),
        help_text=_("As printed on the certificate, e.g. ABCD-EFGH-JKLM."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "maxlength": CODE_INPUT_MAX,
            }
        ),
    )

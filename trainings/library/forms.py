"""Forms of the library: the index's filters, an item, a reservation."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Centre
from stemnet.accounts.levels import target_level_choices
from stemnet.accounts.models import StemDomain
from stemnet.forms import DateField
from trainings.models import TargetLevel, Training

from .models import MAX_THEME_LENGTH, MAX_THEMES, Key, Kind, Licence
from .selectors import LibraryQuery, library_centres, library_themes
from .services import MAX_COPIES

ANY = [("", _("All"))]


class LibraryFilterForm(forms.Form):
    """The index's filters, read from the query string (a search can be bookmarked). An
    unknown value makes only that field invalid: the index searches without it."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + list(Kind.choices))
    domain = forms.ChoiceField(
        label=_("STEM domain"), required=False, choices=ANY + list(StemDomain.choices)
    )
    level = forms.ChoiceField(label=_("Level or target group"), required=False, choices=ANY)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=ANY)
    key = forms.ChoiceField(
        label=_("Key of the STEM+ learning network"),
        required=False,
        choices=ANY + list(Key.choices),
    )
    centre = forms.ChoiceField(label=_("Centre"), required=False, choices=ANY)
    licence = forms.ChoiceField(
        label=_("Licence"), required=False, choices=ANY + list(Licence.choices)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        asked = self.data.get("level") if self.is_bound else None
        self.fields["level"].choices = ANY + target_level_choices(
            TargetLevel.choices, [asked] if asked else []
        )
        self.fields["theme"].choices = ANY + [(t, t) for t in library_themes()]
        self.fields["centre"].choices = ANY + library_centres()

    def to_query(self) -> LibraryQuery:
        """The valid filters; invalid ones are left out (their errors are shown)."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors and v}
        return LibraryQuery(**data)

    def active_filters(self) -> bool:
        return any(v for k, v in self.cleaned_data.items() if k != "q")


class ThemesField(forms.CharField):
    """Themes typed as one line, separated by commas."""

    def to_python(self, value):
        text = super().to_python(value)
        return [t.strip() for t in text.split(",") if t.strip()]

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_THEMES:
            raise forms.ValidationError(_("At most %(n)d themes.") % {"n": MAX_THEMES})
        if any(len(t) > MAX_THEME_LENGTH for t in value):
            raise forms.ValidationError(
                _("A theme has at most %(n)d characters.") % {"n": MAX_THEME_LENGTH}
            )

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value


class LibraryItemForm(forms.Form):
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}))
    stem_domains = forms.MultipleChoiceField(
        label=_("STEM domains"),
        required=False,
        choices=StemDomain.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    levels = forms.MultipleChoiceField(
        label=_("Levels"), required=False, choices=(), widget=forms.CheckboxSelectMultiple
    )
    keys = forms.MultipleChoiceField(
        label=_("Keys of the STEM+ learning network"),
        required=False,
        choices=Key.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = ThemesField(
        label=_("Themes"),
        required=False,
        max_length=600,
        help_text=_("Separate themes by commas, e.g. robotica, gelijke kansen."),
    )
    authors = forms.CharField(label=_("Authors"), required=False, max_length=300)
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices)
    link = forms.URLField(
        label=_("Web address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("For a recording: where it can be watched. Otherwise optional."),
    )
    trainings = forms.ModelMultipleChoiceField(
        label=_("Trainings"),
        required=False,
        queryset=Training.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The centre's trainings this item belongs to."),
    )
    copies = forms.IntegerField(
        label=_("Number of copies (kits)"),
        required=False,
        min_value=0,
        max_value=MAX_COPIES,
        help_text=_("Only for a kit: how many copies your centre lends."),
    )
    max_loan_days = forms.IntegerField(
        label=_("Longest loan in days (kits)"), required=False, min_value=1, max_value=120
    )
    attachment = forms.FileField(
        label=_("Add an attachment"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.pptx,.xlsx,.odt,.odp,.ods,.png,.jpg,.jpeg"}
        ),
        help_text=_("A document or picture (PDF, Office, OpenDocument, PNG, JPEG), at most 10 MB."),
    )
    attachment_title = forms.CharField(
        label=_("Title of the attachment"), required=False, max_length=200
    )

    def __init__(self, *args, centres, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        self.fields["levels"].choices = target_level_choices(
            TargetLevel.choices, list(item.levels) if item else []
        )
        if item is not None:
            del self.fields["centre"]
            centre_id = item.centre_id
        else:
            only = list(centres[:2])
            if len(only) == 1:
                self.fields["centre"].initial = only[0]
            centre_id = self.data.get("centre") or self.initial.get("centre")
            centre_id = getattr(centre_id, "pk", centre_id)
        trainings = Training.objects.exclude(status=Training.Status.CANCELLED).order_by("title")
        if centre_id and str(centre_id).isdigit():
            trainings = trainings.filter(centre_id=int(centre_id))
        elif item is None:
            trainings = trainings.filter(centre__in=centres)
        self.fields["trainings"].queryset = trainings.only("title", "code")
        self.fields["trainings"].label_from_instance = lambda t: t.title

    def clean(self):
        data = super().clean()
        if data.get("kind") != Kind.KIT:
            data["copies"] = None
        return data


class ReservationForm(forms.Form):
    # An <input type="date"> takes only ISO dates, whatever the language.
    starts_on = DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = DateField(
        label=_("Until (return date)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note for the centre"),
        required=False,
        max_length=300,
        help_text=_("For example the class or the project you need it for."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The return date comes before the start date."))
        return data

    @staticmethod
    def initial_for(today: dt.date) -> dict:
        return {"starts_on": today + dt.timedelta(days=1), "ends_on": today + dt.timedelta(days=7)}

"""Forms of the networks app: they read and validate input; services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .countries import country_name
from .models import Centre, Focus, GoodPractice
from .selectors import SIZES, network_countries


class DirectoryFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    focus = forms.ChoiceField(
        label=_("Focus"), required=False, choices=[("", _("Any focus")), *Focus.choices]
    )
    size = forms.ChoiceField(
        label=_("Size"),
        required=False,
        choices=[("", _("Any size"))] + [(key, label) for key, (label, _q) in SIZES.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country"))] + [
            (code, country_name(code)) for code in network_countries()
        ]

    def filters(self) -> dict:
        """The valid filters; an invalid value is dropped (the form shows the error)."""
        if self.is_valid():
            return self.cleaned_data
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


class CentreForm(forms.ModelForm):
    class Meta:
        model = Centre
        fields = [
            "description",
            "address",
            "contact_name",
            "contact_email",
            "phone",
            "website",
            "satellites",
            "staff_fte",
            "reach_teachers",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "satellites": forms.Textarea(attrs={"rows": 3}),
        }
        localized_fields = ["staff_fte"]  # Flemish users write 2,5


class GoodPracticeForm(forms.ModelForm):
    remove_attachment = forms.BooleanField(label=_("Remove the attachment"), required=False)

    class Meta:
        model = GoodPractice
        fields = ["title", "theme", "summary", "links", "attachment", "status"]
        widgets = {"links": forms.Textarea(attrs={"rows": 3}), "attachment": forms.FileInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.attachment):
            del self.fields["remove_attachment"]

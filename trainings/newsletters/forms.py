"""The subscription form and the composer of an issue."""

from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import NewsletterList


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    consent = forms.BooleanField(label=_("I agree"), required=True)

    def __init__(self, *args, newsletter: NewsletterList, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = newsletter.consent_text
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self):
        email = self.cleaned_data["email"]
        if "\x00" in email:
            raise forms.ValidationError(_("Enter a valid e-mail address."))
        return email


class _Pick(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class IssueForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    intro = forms.CharField(
        label=_("Text"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain paragraphs, a blank line between two; web addresses become links. "
            "Nothing you type becomes markup."
        ),
    )

    def __init__(self, *args, trainings, library, results, **kwargs):
        super().__init__(*args, **kwargs)
        picks = (
            ("trainings", _("New trainings"), trainings),
            ("library_items", _("From the library"), library),
            ("results", _("Project results"), results),
        )
        for name, label, objects in picks:
            if not objects:
                continue
            model = type(objects[0])
            field = _Pick(
                label=label,
                queryset=model._default_manager.filter(pk__in=[o.pk for o in objects]),
                required=False,
            )
            field.label_from_instance = _label  # type: ignore[method-assign]
            self.fields[name] = field

    def clean(self):
        data = super().clean()
        for name in ("intro", "subject"):
            if "\x00" in (data.get(name) or ""):
                self.add_error(name, _("The text contains a character that cannot be kept."))
        return data


def _label(obj) -> str:
    """ "Title · first day · Centre" of a training, "Title · Centre" of a library item."""
    parts = [getattr(obj, "title", "") or str(obj)]
    first = getattr(obj, "first_start", None)
    if first:
        parts.append(formats.date_format(timezone.localtime(first), "j F Y"))
    centre = getattr(obj, "centre", None)
    if centre is not None:
        parts.append(centre.name)
    return " · ".join(parts)

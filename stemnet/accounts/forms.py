from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .levels import level_choices
from .models import Level, PersonRole, Profile, StemDomain


def school_model():
    """The school register's model (``networks.schools``), reached through the profile's
    foreign key: this layer imports no domain app."""
    return Profile._meta.get_field("school").related_model


class SchoolInput(forms.TextInput):
    """A text input whose ``<datalist>`` htmx fills with the register's schools as one types
    (``schools:suggest``); without JavaScript one types the number or the exact name."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.urls import reverse
        from django.utils.html import format_html

        list_id = f"{(attrs or {}).get('id') or name}_suggestions"
        attrs = {
            **(attrs or {}),
            "list": list_id,
            "autocomplete": "off",
            "data-hx-get": reverse("schools:suggest"),
            "data-hx-trigger": "input changed delay:250ms",
            "data-hx-target": f"#{list_id}",
            "data-hx-swap": "innerHTML",
            "data-hx-sync": "this:replace",
        }
        return super().render(name, value, attrs, renderer) + format_html(
            '<datalist id="{}"></datalist>', list_id
        )


class SchoolField(forms.CharField):
    """A school of the register, typed or picked as its suggestion (``name (municipality) –
    number``), its number alone, or its exact name; cleans to the School or None."""

    widget = SchoolInput

    def __init__(self, **kwargs):
        super().__init__(max_length=300, **kwargs)

    def prepare_value(self, value):
        return getattr(value, "label", value)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        school, candidates = school_model().objects.picked(text)
        if school is not None:
            return school
        if not candidates:
            raise forms.ValidationError(
                _(
                    "No school in the register matches '%(text)s'. Type its name, number or "
                    "municipality, or fill in 'Other school or abroad'."
                ),
                params={"text": text[:60]},
            )
        raise forms.ValidationError(
            _("Several schools match '%(text)s': %(schools)s. Choose one of them."),
            params={"text": text[:60], "schools": "; ".join(s.label for s in candidates[:5])},
        )


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)
    school = SchoolField(
        label=_("School"),
        required=False,
        help_text=_(
            "Type the name, the institution number or the municipality of your school and "
            "choose it from the suggestions."
        ),
    )
    school_name = forms.CharField(
        label=_("Other school or abroad"),
        max_length=200,
        required=False,
        help_text=_("Only when your school is not in the register, e.g. a school abroad."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices)
    stem_domain = forms.ChoiceField(
        label=_("STEM domain"), choices=[("", "—")] + StemDomain.choices, required=False
    )
    levels = forms.MultipleChoiceField(
        label=_("Education levels you teach"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, typed_number: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The modernised levels, grouped; the old codes only for a profile that holds them.
        self.fields["levels"].choices = level_choices(self.initial.get("levels") or ())
        if typed_number:
            self.fields["school"].help_text = " ".join(
                [
                    str(self.fields["school"].help_text),
                    _(
                        "You gave the school number %(number)s earlier; it is not in the "
                        "register yet."
                    )
                    % {"number": typed_number},
                ]
            )

    def clean(self):
        data = super().clean()
        if data.get("school") and data.get("school_name"):
            self.add_error(
                "school_name",
                _("Leave this empty when you chose a school of the register above."),
            )
        return data


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self):
        """Checked as a log-in is (``authenticate``), so that wrong guesses count toward the
        lock-out of django-axes and are logged, and a locked-out account is refused here too."""
        from axes.exceptions import AxesBackendPermissionDenied
        from django.contrib.auth import authenticate

        password = self.cleaned_data["password"]
        try:
            confirmed = authenticate(self.request, username=self.user.email, password=password)
        except AxesBackendPermissionDenied:
            confirmed = None
        if getattr(self.request, "axes_locked_out", False):
            raise forms.ValidationError(_("Too many wrong passwords: try again in a few minutes."))
        if confirmed is None or confirmed.pk != self.user.pk:
            raise forms.ValidationError(_("This password is not correct."))
        return password

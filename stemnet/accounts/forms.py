from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Level, PersonRole, StemDomain


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
    school_name = forms.CharField(label=_("School"), max_length=200, required=False)
    school_number = forms.RegexField(
        label=_("School number"),
        regex=r"^\d{1,10}$",
        required=False,
        help_text=_("The institution number of your school (digits only)."),
        error_messages={"invalid": _("A school number holds digits only.")},
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

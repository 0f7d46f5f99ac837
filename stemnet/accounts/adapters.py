from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """New accounts keep the language they signed up in, for the e-mails we send them."""
        user = super().save_user(request, user, form, commit=False)
        user.language = "en" if translation.get_language() == "en" else "nl-be"
        if commit:
            user.save()
        return user

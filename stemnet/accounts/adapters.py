from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from stemnet.site import absolute_url, current_site


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails speak of the portal by its name and link to ``SITE_URL``, not to
    whatever host the request came in on."""

    def send_mail(self, template_prefix, email, context):
        super().send_mail(template_prefix, email, {**context, "current_site": current_site()})

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return absolute_url(super().get_reset_password_from_key_url(key))

    def save_user(self, request, user, form, commit=True):
        """New accounts keep the language they signed up in, for the e-mails we send them."""
        user = super().save_user(request, user, form, commit=False)
        user.language = "en" if translation.get_language() == "en" else "nl-be"
        if commit:
            user.save()
        return user

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from stemnet.mail import mail_build, mail_kind, render_text
from stemnet.site import absolute_url, current_site

# allauth's e-mails that the portal sends, with the link each one is for (a context key).
ACCOUNT_MAILS = {
    "account/email/email_confirmation_signup": (_("Confirm my address"), "activate_url"),
    "account/email/email_confirmation": (_("Confirm my address"), "activate_url"),
    "account/email/password_reset_key": (_("Choose a new password"), "password_reset_url"),
    "account/email/unknown_account": (_("Make an account"), "signup_url"),
    "account/email/account_already_exists": (_("Choose a new password"), "password_reset_url"),
}
for _prefix in ACCOUNT_MAILS:
    mail_kind(f"{_prefix}_message", f"allauth: {_prefix.rsplit('/', 1)[-1]}")


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails in the portal's own voice and frame (``stemnet.mail``), in the
    person's language, speaking of the portal by its name and linking to ``SITE_URL``, not to
    whatever host the request came in on."""

    def send_mail(self, template_prefix, email, context):
        super().send_mail(template_prefix, email, {**context, "current_site": current_site()})

    def render_mail(self, template_prefix, email, context, headers=None):
        from stemnet.accounts.models import User

        to = email if isinstance(email, str) else email[0]
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=to).first()
        language = (user.language if user is not None else "") or translation.get_language()
        context = {
            key: absolute_url(value) if key.endswith("_url") and isinstance(value, str) else value
            for key, value in context.items()
        }
        with translation.override(language):
            subject = " ".join(
                render_text(f"{template_prefix}_subject.txt", context).splitlines()
            ).strip()
            label, key = ACCOUNT_MAILS.get(template_prefix, (None, None))
            message = mail_build(
                to=to,
                subject=subject,
                template=f"{template_prefix}_message",
                context=context,
                name=user.first_name if user is not None else "",
                actions=[(label, context[key])] if key and context.get(key) else (),
            )
        message.from_email = self.get_from_email()
        if headers:
            message.extra_headers.update(headers)
        return message

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

"""
The two e-mails of the newsletters, both registered kinds of ``stemnet.mail`` (multipart,
the portal's base templates, absolute links on ``SITE_URL``):

- ``newsletters/email/confirm``: the confirmation asked for by the subscription form, with the
  signed link; the only mail an address gets before it is confirmed;
- ``newsletters/email/issue``: one issue to one confirmed subscriber, with the one-click
  unsubscribe of RFC 8058 (``List-Unsubscribe`` and ``List-Unsubscribe-Post`` headers, and the
  link in the body and the footer).

The free text of an issue is plain paragraphs: the text part carries it as written, the HTML
part escapes it (``stemnet.mail``), so nothing a coordinator types becomes markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from stemnet.mail import mail_build, mail_kind
from stemnet.site import absolute_url

from .models import Issue, NewsletterList, Subscription
from .selectors import issue_trainings

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CONFIRM = mail_kind("newsletters/email/confirm", "newsletter: confirm a subscription")
ISSUE = mail_kind("newsletters/email/issue", "newsletter: one issue to a subscriber")
SALT = "newsletters.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for a week


def confirmation_code(subscription: Subscription) -> str:
    """The signed part of the confirmation link: the subscription, its address and the moment
    of this request, so that only the latest request's link confirms."""
    return signing.dumps(
        [subscription.pk, subscription.email, subscription.consented_at.isoformat()],
        salt=SALT,
        compress=True,
    )


def confirmation_read(code: str) -> list | None:
    """``[pk, email, consented_at]`` of a valid, unexpired code, else None."""
    try:
        value = signing.loads(code, salt=SALT, max_age=CONFIRM_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(value, list) and len(value) == 3):
        return None
    return value


def confirm_url(subscription: Subscription) -> str:
    return absolute_url(reverse("newsletters:confirm", args=[confirmation_code(subscription)]))


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute_url(reverse("newsletters:unsubscribe", args=[subscription.token]))


def archive_url(issue: Issue) -> str:
    return absolute_url(
        reverse("newsletters:archive_issue", args=[issue.newsletter.slug, issue.pk])
    )


def _language(subscription: Subscription) -> str:
    user = subscription.user
    return (user.language if user is not None else "") or settings.LANGUAGE_CODE


def _name(subscription: Subscription) -> str:
    user = subscription.user
    return user.first_name if user is not None and not user.anonymised_at else ""


def confirmation_build(subscription: Subscription) -> EmailMultiAlternatives:
    """The confirmation mail of ``subscription`` (not sent)."""
    newsletter = subscription.newsletter
    with translation.override(_language(subscription)):
        return mail_build(
            to=subscription.email,
            subject=_("Confirm your subscription to %(name)s") % {"name": newsletter.name},
            template=CONFIRM.template,
            context={"newsletter": newsletter, "subscription": subscription},
            name=_name(subscription),
            actions=[(_("Confirm my subscription"), confirm_url(subscription))],
            footer=_(
                "You receive this e-mail because this address was entered in the subscription "
                "form of %(name)s. Without your confirmation nothing else is sent to it."
            )
            % {"name": newsletter.name},
        )


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


def issue_details(issue: Issue) -> list[tuple[StrOrPromise, str]]:
    """One row per picked item: its kind, then title, where or by whom, and its link."""
    rows: list[tuple[StrOrPromise, str]] = []
    for training in issue_trainings(issue):
        first = f"{training.title} · {training.centre.name}"
        if training.first_start:
            first += f" · {_when(training.first_start)}"
        rows.append(
            (
                _("Training"),
                "\n".join([first, absolute_url(reverse("trainings:detail", args=[training.code]))]),
            )
        )
    from .library import issue_library_rows

    rows += issue_library_rows(issue)
    return rows


def issue_build(
    issue: Issue, subscription: Subscription, *, preview: bool = False
) -> EmailMultiAlternatives:
    """``issue`` as mailed to ``subscription`` (not sent). ``preview`` marks the subject."""
    newsletter: NewsletterList = issue.newsletter
    unsubscribe = unsubscribe_url(subscription)
    with translation.override(_language(subscription)):
        subject = issue.subject
        if preview:
            subject = _("Preview: %(subject)s") % {"subject": subject}
        return mail_build(
            to=subscription.email,
            subject=subject,
            template=ISSUE.template,
            context={"issue": issue, "newsletter": newsletter},
            name=_name(subscription),
            details=issue_details(issue),
            actions=[
                (_("Read it on the website"), archive_url(issue)),
                (_("Unsubscribe from %(name)s") % {"name": newsletter.name}, unsubscribe),
            ],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"<{newsletter.slug}.nieuwsbrief.{_list_domain()}>",
            },
            footer=_(
                "You receive %(name)s because you subscribed to it. Unsubscribe in one click: "
                "%(url)s"
            )
            % {"name": newsletter.name, "url": unsubscribe},
        )


def _list_domain() -> str:
    from stemnet.site import current_site

    return current_site().domain.split(":")[0] or "stemnet.invalid"

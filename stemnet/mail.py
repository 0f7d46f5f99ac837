"""
How the portal writes an e-mail: every mail is multipart (plain text and HTML) and built from
one pair of base templates, ``email/base.txt`` and ``email/base.html``. A mail kind writes
only its own words, in ``<template>.txt`` (plain paragraphs, blank line between them); the
bases add the greeting, the *details* (label and value rows: dates, place, fee …), the
*actions* (links; the first is the HTML button) and the sign-off. No remote images, no
tracking: the HTML part is the same text, escaped, with its links made clickable.

Every kind is registered here (``mail_kind``) where it is sent, so that the tests find every
one of them (tests/test_mails.py builds and checks each registered kind, and fails for a
template that is not registered).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import engines
from django.template.loader import render_to_string

from stemnet.site import current_site, site_url

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Plain-text templates render without HTML escaping ("&" stays "&").
TEXT_ENGINE = "text"


@dataclass(frozen=True)
class MailKind:
    """One kind of e-mail: ``template`` is the body's template without ``.txt``."""

    template: str
    description: str


MAIL_KINDS: dict[str, MailKind] = {}


def mail_kind(template: str, description: str) -> MailKind:
    """Register a kind of e-mail (once per template; registering again returns it)."""
    kind = MAIL_KINDS.setdefault(template, MailKind(template, description))
    return kind


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def render_text(template: str, context: dict) -> str:
    """``template`` rendered as plain text (no HTML escaping)."""
    return engines[TEXT_ENGINE].get_template(template).render(context).strip()


def mail_build(
    *,
    to: str,
    subject: StrOrPromise,
    template: str,
    context: dict,
    name: str = "",
    details: Sequence[tuple[StrOrPromise, str]] = (),
    actions: Sequence[tuple[StrOrPromise, str]] = (),
    attachments: Iterable[Attachment] = (),
    headers: dict[str, str] | None = None,
    footer: StrOrPromise = "",
) -> EmailMultiAlternatives:
    """One multipart e-mail to ``to``, in the active language: ``template`` (``.txt`` added
    when missing) is the body; ``name`` the greeting's; ``actions`` are (label, absolute
    URL); ``footer`` replaces the line on why the person gets the mail (a newsletter's
    subscribers may have no account). Call it inside ``translation.override`` for the
    recipient's language."""
    if not template.endswith(".txt"):
        template = f"{template}.txt"
    site = current_site()
    common = {**context, "site_url": site_url(), "site_name": site.name}
    body = render_text(template, common)
    frame = {
        **common,
        "body": body,
        "name": name,
        "details": [(str(label), str(value)) for label, value in details if value],
        "actions": [(str(label), url) for label, url in actions],
        "subject": str(subject),
        "footer": str(footer),
    }
    text = render_text("email/base.txt", frame)
    html = render_to_string("email/base.html", frame)
    message = EmailMultiAlternatives(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", text + "\n", to=[to], headers=headers
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message

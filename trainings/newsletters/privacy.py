"""Personal data of the newsletters (see ``stemnet.privacy``): the subscriptions, each with
its address, the consent text as shown and its date, the confirmation and unsubscription
dates, and which issues were mailed to it.

The registry is keyed by account, but a subscriber needs none: ``export_email`` and
``erase_email`` answer for an address alone (``manage.py newsletter_privacy``), and the
account's functions cover the subscriptions made signed in and those on any address of the
account."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from stemnet import privacy

from .models import Subscription


def _rows(subscriptions: QuerySet[Subscription]) -> list[dict]:
    rows = []
    for s in subscriptions.select_related("newsletter").prefetch_related("deliveries__issue"):
        rows.append(
            {
                "newsletter": s.newsletter.name,
                "email": s.email,
                "consent_text": s.consent_text,
                "consented_at": s.consented_at.isoformat(),
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
                "unsubscribed_at": s.unsubscribed_at.isoformat() if s.unsubscribed_at else None,
                "issues_mailed": [
                    {"subject": d.issue.subject, "mailed_at": d.mailed_at.isoformat()}
                    for d in s.deliveries.all()
                    if d.mailed_at
                ],
            }
        )
    return rows


def _addresses(user) -> set[str]:
    from allauth.account.models import EmailAddress

    addresses = {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        addresses.add(user.email.lower())
    return addresses


def _of_user(user) -> QuerySet[Subscription]:
    return Subscription.objects.filter(Q(user=user) | Q(email__in=_addresses(user)))


def export_email(email: str) -> list[dict]:
    """Everything kept about the address ``email``, with or without an account."""
    return _rows(Subscription.objects.filter(email__iexact=email.strip()))


def erase_email(email: str) -> int:
    """Delete every subscription of ``email`` (and its deliveries); returns how many."""
    deleted, _ = Subscription.objects.filter(email__iexact=email.strip()).delete()
    return deleted


def export_subscriptions(user) -> list[dict]:
    return _rows(_of_user(user))


def erase_subscriptions(user) -> None:
    """Delete the person's subscriptions: their consent goes with them (they asked to be
    forgotten), and so do the records of the issues mailed to them. Safe twice."""
    _of_user(user).delete()


privacy.register(
    "newsletter_subscriptions",
    description=(
        "Newsletter subscriptions: address, consent text and date, confirmation and "
        "unsubscription dates, the issues mailed."
    ),
    export=export_subscriptions,
    erase=erase_subscriptions,
    models=["newsletters.Subscription", "newsletters.IssueDelivery"],
)

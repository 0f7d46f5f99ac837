"""Reads of the newsletters: lists, their confirmed subscribers, the archive, what an issue
may pick, a person's subscriptions and how far a sending has come.

``confirmed_subscribers`` and ``newsletter_of_centre`` / ``newsletter_of_network`` are the
selectors other rooms use (a call for projects announced to a list's subscribers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from trainings.models import Training

from .models import Issue, IssueDelivery, NewsletterList, Subscription

if TYPE_CHECKING:
    from networks.models import Centre, Network
    from stemnet.accounts.models import User

# A sending whose last batch is older than this lost its worker (a batch takes seconds).
STALE = dt.timedelta(minutes=5)
CANDIDATES = 60  # the newest trainings and library items an issue can pick from


def newsletter_of_network(network: Network) -> NewsletterList | None:
    return NewsletterList.objects.filter(network=network, centre__isnull=True).first()


def newsletter_of_centre(centre: Centre) -> NewsletterList | None:
    return NewsletterList.objects.filter(centre=centre).first()


def confirmed_subscribers(newsletter: NewsletterList) -> QuerySet[Subscription]:
    """The subscriptions that may be mailed: confirmed and not ended."""
    return newsletter.subscriptions.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).order_by("pk")


def public_newsletters() -> list[NewsletterList]:
    """Every list with its number of sent issues, the network's first."""
    return list(
        NewsletterList.objects.select_related("centre", "network")
        .annotate(sent=Count("issues", filter=Q(issues__sent_at__isnull=False)))
        .order_by("-network_id", "centre__name")
    )


def archive_issues(newsletter: NewsletterList) -> QuerySet[Issue]:
    """The issues of ``newsletter`` that went out, newest first (never a draft)."""
    return newsletter.issues.filter(sent_at__isnull=False).order_by("-sent_at", "-pk")


def issue_trainings(issue: Issue) -> list[Training]:
    """The picked trainings, soonest first session first."""
    return list(
        issue.trainings.select_related("centre").order_by(
            F("first_start").asc(nulls_last=True), "title"
        )
    )


def scope_trainings(newsletter: NewsletterList) -> QuerySet[Training]:
    """The published trainings a list may announce: its centre's, or its network's."""
    trainings = Training.objects.filter(status=Training.Status.PUBLISHED).select_related("centre")
    if newsletter.centre_id is not None:
        return trainings.filter(centre_id=newsletter.centre_id)
    return trainings.filter(centre__network__newsletter_lists=newsletter)


def training_candidates(newsletter: NewsletterList, issue: Issue | None = None) -> list[Training]:
    """The published trainings of the list's scope still to come (or not yet planned), the
    newest first, plus those the issue picked."""
    coming = scope_trainings(newsletter).filter(
        Q(first_start__gte=timezone.now()) | Q(first_start__isnull=True)
    )
    newest = list(coming.order_by("-created_at", "-pk")[:CANDIDATES])
    if issue is not None:
        seen = {t.pk for t in newest}
        newest += [t for t in issue_trainings(issue) if t.pk not in seen]
    return newest


def newsletter_issues(newsletter: NewsletterList) -> QuerySet[Issue]:
    """Every issue of a list for the people who run it: drafts first, then the sent."""
    return newsletter.issues.annotate(
        recipients=Count("deliveries"),
        mailed=Count("deliveries", filter=Q(deliveries__mailed_at__isnull=False)),
    ).order_by("-status", "-sent_at", "-created_at")


def subscriptions_of(user: User) -> list[Subscription]:
    """A person's subscriptions: those made signed in and those on their address."""
    return list(
        Subscription.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("newsletter__centre")
        .order_by("newsletter__name")
    )


@dataclass(frozen=True)
class Progress:
    recipients: int
    mailed: int
    stale: bool  # sending, but no batch for a while: the worker was lost

    @property
    def waiting(self) -> int:
        return self.recipients - self.mailed


def issue_progress(issue: Issue, *, now: dt.datetime | None = None) -> Progress:
    counts = IssueDelivery.objects.filter(issue=issue).aggregate(
        recipients=Count("pk"), mailed=Count("pk", filter=Q(mailed_at__isnull=False))
    )
    now = now or timezone.now()
    stale = (
        issue.status == Issue.Status.SENDING
        and issue.sending_seen_at is not None
        and issue.sending_seen_at < now - STALE
    )
    return Progress(counts["recipients"], counts["mailed"], stale)

"""Who may compose and send a list's issues.

A centre's list is run by the coordinators of that centre; the network's list by admins and
the coordinators of the network's national centre (the network's own staff). Ministry staff
read nothing here that the public archive does not show. Another centre's list or issue is a
404 (missing and forbidden look alike).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from networks.models import Centre
from stemnet.access import coordinated_centre_ids, get_or_404_for, is_admin

from .models import Issue, NewsletterList

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User


def can_run_newsletter(user: User | AnonymousUser, newsletter: NewsletterList) -> bool:
    """Whether ``user`` composes and sends the issues of ``newsletter``."""
    if is_admin(user):
        return True
    centres = coordinated_centre_ids(user)
    if newsletter.centre_id is not None:
        return newsletter.centre_id in centres
    return Centre.objects.filter(
        pk__in=centres, network__newsletter_lists=newsletter, kind=Centre.Kind.NATIONAL
    ).exists()


def newsletters_run_by(user: User | AnonymousUser) -> list[NewsletterList]:
    """The lists ``user`` runs, the network's first."""
    lists = NewsletterList.objects.select_related("centre", "network").order_by(
        "-network_id", "centre__name"
    )
    return [newsletter for newsletter in lists if can_run_newsletter(user, newsletter)]


def get_newsletter_for_user(user: User, slug: str) -> NewsletterList:
    return get_or_404_for(
        NewsletterList.objects.select_related("centre", "network"),
        lambda n: can_run_newsletter(user, n),
        slug=slug,
    )


def get_issue_for_user(user: User, pk: int) -> Issue:
    return get_or_404_for(
        Issue.objects.select_related("newsletter__centre", "newsletter__network"),
        lambda i: can_run_newsletter(user, i.newsletter),
        pk=pk,
    )

"""Personal calendar feeds: a secret address per person that lists their sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stemnet.tokens import new_token

from ..models import CalendarFeed

if TYPE_CHECKING:
    from stemnet.accounts.models import User


def calendar_feed_get_or_create(*, person: User) -> CalendarFeed:
    """The person's secret calendar-feed token, created on first use. Safe to run twice."""
    feed, _created = CalendarFeed.objects.get_or_create(
        person=person, defaults={"token": new_token()}
    )
    return feed


def calendar_feed_reset(*, person: User) -> CalendarFeed:
    """Replace the person's feed token: the old address stops working. Not idempotent."""
    feed = calendar_feed_get_or_create(person=person)
    feed.token = new_token()
    feed.save(update_fields=["token"])
    return feed

"""What an issue takes from the library (``trainings.library``): items and project results
(the library's action-research reports, where school projects publish their final reports).
Kept in one module so that the rest of the room reads the library through it only.

A centre's list picks the published items of its centre; the network's list those of every
centre of its network."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from stemnet.site import absolute_url
from trainings.library.models import Kind, LibraryItem
from trainings.library.selectors import published_items

from .selectors import CANDIDATES

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

    from .models import Issue, NewsletterList


def scope_items(newsletter: NewsletterList) -> QuerySet[LibraryItem]:
    items = published_items()
    if newsletter.centre_id is not None:
        return items.filter(centre_id=newsletter.centre_id)
    return items.filter(centre__network__newsletter_lists=newsletter)


def _split(items: Iterable[LibraryItem]) -> tuple[list[LibraryItem], list[LibraryItem]]:
    items = list(items)
    results = [i for i in items if i.kind == Kind.ACTION_RESEARCH]
    return [i for i in items if i.kind != Kind.ACTION_RESEARCH], results


def library_candidates(
    newsletter: NewsletterList, issue: Issue | None = None
) -> tuple[list[LibraryItem], list[LibraryItem]]:
    """The library items and the project results an issue of ``newsletter`` may pick: the
    newest published of its scope, plus those the issue picked already."""
    scope = scope_items(newsletter)
    library = list(scope.exclude(kind=Kind.ACTION_RESEARCH)[:CANDIDATES])
    results = list(scope.filter(kind=Kind.ACTION_RESEARCH)[:CANDIDATES])
    if issue is not None:
        seen = {i.pk for i in library + results}
        picked_library, picked_results = issue_library_picks(issue)
        library += [i for i in picked_library if i.pk not in seen]
        results += [i for i in picked_results if i.pk not in seen]
    return library, results


def issue_library_set(issue: Issue, items: Iterable[LibraryItem]) -> None:
    """Keep ``items`` as the issue's picks from the library. Raises ValidationError for an
    item that is not published in the list's scope."""
    picked = list(items)
    allowed = set(
        scope_items(issue.newsletter)
        .filter(pk__in=[i.pk for i in picked])
        .values_list("pk", flat=True)
    )
    if any(i.pk not in allowed for i in picked):
        raise ValidationError(
            {"library_items": _("Pick published library items of this newsletter's centre.")}
        )
    issue.library_items.set(picked)


def issue_library_picks(issue: Issue) -> tuple[list[LibraryItem], list[LibraryItem]]:
    """The issue's picked library items and project results, newest first."""
    return _split(issue.library_items.select_related("centre").order_by("-published_at", "pk"))


def item_url(item: LibraryItem) -> str:
    return absolute_url(reverse("library:item", args=[item.pk]))


SUMMARY = 240  # characters of an item's summary in the mail; the rest is on its page


def _short(text: str) -> str:
    """The summary on one line without its web addresses (a mail links to the portal only;
    the item's page has them), cut at a word under ``SUMMARY`` characters."""
    words = [w for w in text.split() if not re.match(r"(?i)(https?://|www\.)", w)]
    summary = " ".join(words)
    if len(summary) > SUMMARY:
        summary = summary[:SUMMARY].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return summary


def issue_library_rows(issue: Issue) -> list[tuple[StrOrPromise, str]]:
    """The mail's rows of the picked items: kind, then title · centre, summary, link."""
    library, results = issue_library_picks(issue)
    rows: list[tuple[StrOrPromise, str]] = []
    for label, items in ((_("Library"), library), (_("Project result"), results)):
        for item in items:
            summary = _short(item.summary)
            rows.append(
                (
                    label,
                    "\n".join([f"{item.title} · {item.centre.name}", summary, item_url(item)]),
                )
            )
    return rows

"""
Saved searches and their alerts: a person keeps a catalogue search; a daily task mails the
new trainings it finds, all of a person's searches together in one digest, each training at
most once per person (``SearchAlertSent``). What the search found when it was saved counts as
seen: the person had it on screen. Every digest carries a one-click unsubscribe.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemnet.mail import mail_kind
from stemnet.site import absolute_url

from ..forms import CatalogueFilterForm
from ..models import Enrolment, SavedSearch, SearchAlertSent, Training
from .mail import person_mail_send

if TYPE_CHECKING:
    from stemnet.accounts.models import User

SEARCH_ALERT = mail_kind("trainings/email/search_alert", "new trainings for saved searches")
SUBJECT = gettext_lazy("New trainings for your saved searches")
MAX_SEARCHES = 20  # per person
MAX_IN_DIGEST = 20
KEPT: tuple[str, ...] = ("q", "domain", "level", "format", "province", "centre", "date_from")
KEPT += ("date_to", "online", "fee", "available")


def _query(params) -> dict[str, str]:
    """The valid, non-empty catalogue filters of ``params`` (a query string's values)."""
    form = CatalogueFilterForm(params)
    form.is_valid()
    out = {}
    for name in KEPT:
        value = form.cleaned_data.get(name) if name not in form.errors else None
        if value in (None, "", False):
            continue
        out[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
    if out.get("available") == "True":
        out["available"] = "on"
    return out


def _describe(query: dict[str, str]) -> str:
    """A name for a search, from its filters: "wiskunde · Oost-Vlaanderen"."""
    form = CatalogueFilterForm(query)
    parts = []
    for name, value in query.items():
        field = form.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        if name == "q":
            parts.append(f"“{value}”")
        elif name == "available":
            parts.append(str(field.label))
        else:
            parts.append(str(choices.get(value, value)))
    return " · ".join(parts)[:200] or _("All trainings")


def _matches(query: dict[str, str], *, now: dt.datetime) -> list[Training]:
    """The trainings the search finds that one can still enrol in."""
    from ..selectors import catalogue_search

    trainings = catalogue_search(CatalogueFilterForm(query).to_query(), now=now)
    return list(trainings.filter(first_start__gt=now).exclude(enrolment_deadline__lte=now)[:500])


@transaction.atomic
def saved_search_create(*, person: User, params, now=None) -> SavedSearch:
    """Keep the catalogue search of ``params`` for ``person``, with alerts on; what it finds
    now counts as seen. Raises ValidationError for a search without any filter or more than
    ``MAX_SEARCHES``. Safe to run twice: the same search is kept once (and returned)."""
    now = now or timezone.now()
    query = _query(params)
    if not query:
        raise ValidationError(_("Search for something or choose a filter first."))
    existing = SavedSearch.objects.filter(person=person, query=query).first()
    if existing is not None:
        return existing
    if SavedSearch.objects.filter(person=person).count() >= MAX_SEARCHES:
        raise ValidationError(
            _("You keep %(n)s searches already: delete one first.") % {"n": MAX_SEARCHES}
        )
    search = SavedSearch.objects.create(
        person=person, query=query, name=_describe(query), last_checked_at=now
    )
    SearchAlertSent.objects.bulk_create(
        [SearchAlertSent(person=person, training=t, sent_at=now) for t in _matches(query, now=now)],
        ignore_conflicts=True,
    )
    return search


def saved_search_alerts_set(*, search: SavedSearch, alerts: bool) -> SavedSearch:
    """Turn a saved search's alerts on or off. Safe to run twice."""
    if search.alerts != alerts:
        search.alerts = alerts
        search.save(update_fields=["alerts"])
    return search


def catalogue_url(query: dict[str, str]) -> str:
    return absolute_url(f"{reverse('trainings:catalogue')}?{urlencode(query)}")


def unsubscribe_url(search: SavedSearch) -> str:
    return absolute_url(reverse("trainings:saved_search_unsubscribe", args=[search.token]))


def search_alerts_send(*, now: dt.datetime | None = None) -> int:
    """The daily digest: for each person with alerts on, the trainings their searches find
    that they were not sent (nor shown when saving) and are not on, in one e-mail; each
    training is marked sent in the same transaction, under a row lock on the person's
    searches, so two workers or a redelivered task never send one twice. Returns how many
    e-mails went out."""
    now = now or timezone.now()
    people = (
        SavedSearch.objects.filter(alerts=True, person__anonymised_at__isnull=True)
        .values_list("person_id", flat=True)
        .distinct()
    )
    sent = 0
    for person_id in sorted(set(people)):
        with transaction.atomic():
            searches = list(
                SavedSearch.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(person_id=person_id, alerts=True)
                .select_related("person")
                .order_by("created_at")
            )
            if not searches:
                continue
            person = searches[0].person
            known = set(
                SearchAlertSent.objects.filter(person_id=person_id).values_list(
                    "training_id", flat=True
                )
            ) | set(
                Enrolment.objects.filter(person_id=person_id).values_list("training_id", flat=True)
            )
            found: dict[int, tuple[Training, SavedSearch]] = {}
            for search in searches:
                for training in _matches(search.query, now=now):
                    if training.pk not in known and training.pk not in found:
                        found[training.pk] = (training, search)
            for search in searches:
                search.last_checked_at = now
            SavedSearch.objects.bulk_update(searches, ["last_checked_at"])
            if not found:
                continue
            rows = sorted(
                found.values(),
                key=lambda row: (row[0].first_start is None, row[0].first_start or now),
            )[:MAX_IN_DIGEST]
            SearchAlertSent.objects.bulk_create(
                [SearchAlertSent(person=person, training=t, sent_at=now) for t, _s in rows]
            )
            _digest_send(person, rows, searches)
            sent += 1
    return sent


def _digest_send(person: User, rows, searches: list[SavedSearch]) -> None:
    first = searches[0]

    def details():
        return [
            (  # the label column does not wrap: the date there, the title beside it
                formats.date_format(timezone.localtime(training.first_start), "j M Y"),
                "\n".join(
                    [
                        f"{training.title} · {training.centre.name}",
                        absolute_url(reverse("trainings:detail", args=[training.code])),
                    ]
                ),
            )
            for training, _search in rows
        ]

    def actions():
        links = [
            (_("All results of “%(name)s”") % {"name": first.name}, catalogue_url(first.query))
        ]
        links += [
            (_("No more e-mails for “%(name)s”") % {"name": s.name}, unsubscribe_url(s))
            for s in searches
        ]
        return links

    person_mail_send(
        person=person,
        subject=SUBJECT,
        template=SEARCH_ALERT.template,
        context={"count": len(rows), "searches": searches},
        details=details,
        actions=actions,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url(first)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )

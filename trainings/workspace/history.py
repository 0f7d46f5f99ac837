"""The history page of a training: ``trainings.history``'s entries as rows a coordinator reads
(when, who, what, which fields changed from what to what), one page at a time, in a fixed
number of queries whatever the number of entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, DateTimeField, DecimalField, Field, Model
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemnet.accounts.models import StemDomain, User
from trainings import history
from trainings.models import Attendance, Enrolment, Session, TargetLevel, Training

PAGE_SIZE = 50
WHEN = "j N Y, H:i"
LABELS = {"stem_domains": dict(StemDomain.choices), "levels": dict(TargetLevel.choices)}
EMPTY: tuple[object, ...] = (None, "", [])


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # None: the object was created
    after: str


@dataclass(frozen=True)
class HistoryRow:
    when: dt.datetime
    who: str
    action: str
    what: str
    changes: list[Change]


def _moment(value: str) -> dt.datetime | None:
    """A time as auditlog or ``get_additional_data`` wrote it (ISO, naive meaning UTC)."""
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    return timezone.localtime(moment)


def _shown(field: Field | None, value) -> str:
    """A logged value as the workspace shows it (labels, Brussels time, decimal comma)."""
    if value in EMPTY or value == "None":
        return "–"
    if field is None:
        return str(value)
    if field.name in LABELS and isinstance(value, list):
        return ", ".join(str(LABELS[field.name].get(code, code)) for code in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, BooleanField):
        return _("yes") if value in (True, "True") else _("no")
    if isinstance(field, DateTimeField):
        moment = _moment(value)
        return formats.date_format(moment, WHEN) if moment else str(value)
    if isinstance(field, DecimalField):
        try:
            return formats.number_format(Decimal(str(value)), use_l10n=True)
        except InvalidOperation:
            return str(value)
    return Truncator(str(value)).chars(200)


def _field(model: type[Model] | None, name: str) -> Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed: shown by its name
        return None
    return found if isinstance(found, Field) else None


def _changes(entry, model: type[Model] | None) -> list[Change]:
    if entry.action == history.Action.DELETE:
        return []
    created = entry.action == history.Action.CREATE
    rows = []
    order = (
        {name: i for i, name in enumerate(history.logged_fields(model))}
        if model is not None and model in history.EXCLUDED
        else {}
    )
    logged = sorted((entry.changes or {}).items(), key=lambda item: order.get(item[0], 999))
    for name, values in logged:
        before, after = (list(values) + [None, None])[:2]
        if created and (after in EMPTY or after is False or after == "None"):
            continue  # a new object: only the values it was given
        field = _field(model, name)
        rows.append(
            Change(
                field=str(field.verbose_name) if field is not None else name,
                before=None if created else _shown(field, before),
                after=_shown(field, after),
            )
        )
    return rows


def _person_name(person: User | None) -> str:
    if person is None or person.anonymised_at:
        return _("a deleted account")
    return person.get_full_name() or person.email


def _what(entry, model: type[Model] | None, people: dict[int, User]) -> str:
    data = entry.additional_data or {}
    moment = _moment(data["starts_at"]) if data.get("starts_at") else None
    when = formats.date_format(moment, WHEN) if moment else "?"
    if model is Training:
        return _("the training")
    if model is Session:
        return _("session of %(when)s") % {"when": when}
    person_id = data.get("person")
    name = _person_name(people.get(person_id) if isinstance(person_id, int) else None)
    if model is Enrolment:
        return _("enrolment of %(name)s") % {"name": name}
    if model is Attendance:
        return _("attendance of %(name)s at the session of %(when)s") % {
            "name": name,
            "when": when,
        }
    return entry.object_repr


ACTIONS = {
    history.Action.CREATE: gettext_lazy("Created"),
    history.Action.UPDATE: gettext_lazy("Changed"),
    history.Action.DELETE: gettext_lazy("Deleted"),
}


def training_history(
    training: Training, *, page: int | str | None
) -> tuple[Page, list[HistoryRow]]:
    """One page (``PAGE_SIZE`` entries, newest first) of ``training``'s history, and its
    rows. ``page``: a page number; one out of range gives the nearest page. Three queries:
    the count, the entries with their actors, the people they are about."""
    paginator = Paginator(history.training_entries(training), PAGE_SIZE)
    shown = paginator.get_page(page)
    entries = list(shown.object_list)
    person_ids = {
        entry.additional_data["person"]
        for entry in entries
        if isinstance(entry.additional_data, dict)
        and isinstance(entry.additional_data.get("person"), int)
    }
    people = {
        person.pk: person
        for person in User.objects.filter(pk__in=person_ids).only(
            "first_name", "last_name", "email", "anonymised_at"
        )
    }
    rows = []
    for entry in entries:
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        rows.append(
            HistoryRow(
                when=timezone.localtime(entry.timestamp),
                who=(entry.actor.get_full_name() or entry.actor.email) if entry.actor else "",
                action=str(ACTIONS.get(entry.action, "")),
                what=_what(entry, model, people),
                changes=_changes(entry, model),
            )
        )
    return shown, rows

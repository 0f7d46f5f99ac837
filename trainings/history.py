"""
The history of a training: who changed what, and when, in the training, its sessions, its
enrolments and their attendance. Kept by django-auditlog (its table, its admin pages).

- auditlog's signals log every ``save()`` and ``delete()`` of the four models (``register``,
  called by ``TrainingsConfig.ready``); the actor is the person who made the request
  (``auditlog.middleware.AuditlogMiddleware``), none for tasks and commands.
- Writes in bulk (``bulk_create``, ``bulk_update``, ``QuerySet.update``) pass no signal: the
  services whose bulk writes a coordinator expects in the history (attendance, "held", moves
  on the waiting list) log them with ``log_bulk``.
- About people the history keeps the actor (an account) and, with each change of an
  enrolment or an attendance, the ids of its training and person (``get_additional_data`` on
  the models): never a name or an e-mail address. auditlog describes an object by its
  ``str()``, which names the person for enrolments and attendance; those descriptions are
  replaced by a neutral one before the entry is written (``_neutral_repr``). The workspace
  looks names up when it shows them, so a deleted account's name leaves the history with it.
  Not logged: certificate codes, who added a person by hand (the entry's actor says it), the
  columns the database keeps (``TRIGGER_KEPT_FIELDS``) and timestamps of the rows.
- ``trainings.privacy`` exports a person's entries and erases them when the account goes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import pre_save

from .models import TRIGGER_KEPT_FIELDS, Attendance, Enrolment, Session, Training

Action = LogEntry.Action

# Per model, the fields the history leaves out: keys and links that never change, derived or
# database-kept columns, certificate codes (anyone holding one can check a certificate).
EXCLUDED: dict[type[Model], tuple[str, ...]] = {
    Training: (
        "id",
        "centre",
        "previous_edition",
        "created_at",
        "updated_at",
        *sorted(TRIGGER_KEPT_FIELDS),
    ),
    Session: ("id", "training", "sequence"),
    Enrolment: (
        "id",
        "person",
        "training",
        "added_by",
        "certificate_code",
        "cancelled_at",  # the entry's own time
        "created_at",
        "updated_at",
    ),
    Attendance: ("id", "enrolment", "session", "recorded_at"),
}
# Values written about the person rather than the training: removed from the history when
# the person's account is deleted (``person_erase``).
PERSONAL_FIELDS: dict[type[Model], tuple[str, ...]] = {Enrolment: ("removal_reason",)}
# Models whose ``str()`` names the person: described neutrally, their entries carry the
# person's id instead.
PERSON_MODELS = (Enrolment, Attendance)


def logged_fields(model: type[Model]) -> list[str]:
    """The model's own columns, less ``EXCLUDED`` (auditlog would otherwise also describe
    reverse relations when an object is created or deleted)."""
    return [f.name for f in model._meta.concrete_fields if f.name not in EXCLUDED[model]]


def register() -> None:
    """Have auditlog log the four models (safe to call twice: signals connect once)."""
    for model in EXCLUDED:
        auditlog.register(model, include_fields=logged_fields(model))
    pre_save.connect(_neutral_repr, sender=LogEntry, dispatch_uid="trainings.history.neutral")


def neutral_repr(model: type[Model], pk: object) -> str:
    return f"{model._meta.model_name} {pk}"


def _content_type_ids(*models: type[Model]) -> list[int]:
    """Content type ids of ``models``, from Django's cache (no query after the first)."""
    by_model = ContentType.objects.get_for_models(*models)
    return [by_model[model].pk for model in models]


def _neutral_repr(sender, instance: LogEntry, **kwargs) -> None:
    """Before an entry is written: an enrolment or attendance is described without the name
    and e-mail address its ``str()`` gives."""
    if instance.pk is not None:
        return
    for model, type_id in zip(PERSON_MODELS, _content_type_ids(*PERSON_MODELS), strict=True):
        if instance.content_type_id == type_id:
            instance.object_repr = neutral_repr(model, instance.object_pk)


def log_bulk(
    changes: Iterable[tuple[Model | None, Model]],
    *,
    additional_data: Callable[[Any], dict] | None = None,
) -> int:
    """Log changes written in bulk, which auditlog's signals do not see.

    ``changes``: ``(before, after)`` pairs of model instances (``before`` ``None``: created),
    compared as auditlog compares a save (registered fields only). ``additional_data(after)``:
    what to keep beside the change (default: the model's ``get_additional_data``). Each entry
    gets the request's actor. Call it in the transaction that writes the changes. Returns how
    many entries were written: none for an unchanged pair, none while auditlog is disabled.
    Not idempotent: each call logs its pairs again.
    """
    if auditlog_disabled.get():
        return 0
    written = 0
    for before, after in changes:
        diff = model_instance_diff(
            before, after, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
        )
        if not diff:
            continue
        model = type(after)
        data = (additional_data or _own_additional_data)(after)
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_pk=str(after.pk),
            object_id=after.pk,
            object_repr=neutral_repr(model, after.pk) if model in PERSON_MODELS else str(after),
            action=Action.CREATE if before is None else Action.UPDATE,
            changes=diff,
            additional_data=data,
            cid=get_cid(),
        )
        written += 1
    return written


def _own_additional_data(instance: Any) -> dict:
    return instance.get_additional_data()


# --- reading ------------------------------------------------------------------------------


def training_entries(training: Training) -> QuerySet[LogEntry]:
    """The history of ``training``, newest first, with each entry's actor: the training, its
    sessions (deleted ones too), its enrolments and their attendance. Found through indexed
    columns (content type, object id), plus the ids kept with deleted sessions."""
    training_type, session_type, enrolment_type, attendance_type = _content_type_ids(
        Training, Session, Enrolment, Attendance
    )
    return (
        LogEntry.objects.filter(
            Q(content_type_id=training_type, object_id=training.pk)
            | Q(
                content_type_id=session_type,
                object_id__in=Session.objects.filter(training=training).values("pk"),
            )
            | Q(
                content_type_id=session_type,
                action=Action.DELETE,
                additional_data__training=training.pk,
            )
            | Q(
                content_type_id=enrolment_type,
                object_id__in=Enrolment.objects.filter(training=training).values("pk"),
            )
            | Q(
                content_type_id=attendance_type,
                object_id__in=Attendance.objects.filter(session__training=training).values("pk"),
            )
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )


def person_entries(user) -> QuerySet[LogEntry]:
    """The entries of changes ``user`` made, and of changes to their own enrolments and
    attendance, oldest first."""
    return LogEntry.objects.filter(
        Q(actor=user)
        | Q(
            content_type_id__in=_content_type_ids(*PERSON_MODELS),
            additional_data__person=user.pk,
        )
    ).order_by("timestamp", "pk")


def person_erase(user) -> None:
    """Erase ``user`` from the history: entries they made lose their actor (and its copied
    e-mail address); values written about them (``PERSONAL_FIELDS``) leave the changes of
    their own enrolments. The entries stay, so a training's history still says what changed
    and when. Writes with ``update()``, which auditlog's actor stamping does not see. Safe to
    run twice."""
    made = Q(actor=user)
    if user.email:  # the copy auditlog keeps of the actor's address
        made |= Q(actor_email__iexact=user.email)
    LogEntry.objects.filter(made).update(actor=None, actor_email=None, remote_addr=None)
    for model, names in PERSONAL_FIELDS.items():
        (type_id,) = _content_type_ids(model)
        about = LogEntry.objects.filter(content_type_id=type_id, additional_data__person=user.pk)
        holding = Q()
        for name in names:
            holding |= Q(changes__has_key=name)
        for pk, changes in about.filter(holding).values_list("pk", "changes"):
            kept = {key: value for key, value in changes.items() if key not in names}
            LogEntry.objects.filter(pk=pk).update(changes=kept)

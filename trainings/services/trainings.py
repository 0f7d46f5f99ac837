"""Running a training: creating and editing trainings and sessions, attendance, and the
steps draft → published → held → closed (the coordinator workspace's pages call these).

Capacity and waiting-list rules are not repeated here: they live in ``enrolment.py``
(``capacity_change_check``, which every change of a capacity goes through) and
``waitlist.py`` (``waitlist_promote``), which these call.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Centre

from .. import history
from ..models import Attendance, Enrolment, Session, Speaker, Training
from .enrolment import capacity_change_check
from .mail import enrolment_mail_queue
from .waitlist import waitlist_promote

TRAINING_FIELDS = (
    "code",
    "title",
    "description",
    "stem_domains",
    "levels",
    "format",
    "contact_hours",
    "ects",
    "fee_eur",
    "co_created_research",
    "co_created_industry",
    "target_participants",
    "target_group",
    "shared_capacity",
    "enrolment_deadline",
    "promotion",
    "offer_hours",
    "attendance_threshold",
    "accessibility",
)
SESSION_FIELDS = (
    "starts_at",
    "ends_at",
    "location",
    "street",
    "postcode",
    "municipality",
    "province",
    "online_url",
    "capacity",
    "theme",
    "experts",
)


@transaction.atomic
def training_create(*, centre: Centre, fields: dict) -> Training:
    """Create a draft training of ``centre`` from ``fields`` (names in TRAINING_FIELDS).

    Raises ValidationError on invalid values or a code already in use. Not idempotent: a
    second call with the same code fails on the code.
    """
    training = Training(centre=centre, **{k: v for k, v in fields.items() if k in TRAINING_FIELDS})
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def training_update(*, training: Training, fields: dict) -> Training:
    """Change a training's fields. A change of the shared capacity (set, lowered or cleared)
    goes through ``capacity_change_check``: one that leaves fewer seats than are held raises
    ValidationError on ``shared_capacity`` and nothing is saved; a changed capacity gives free
    seats to the waiting list (``waitlist_promote``, e-mails after commit). Safe to run twice."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    old_capacity = training.shared_capacity
    if "shared_capacity" in fields and fields["shared_capacity"] != old_capacity:
        capacity_change_check(training=training, shared_capacity=fields["shared_capacity"])
    for name, value in fields.items():
        if name in TRAINING_FIELDS:
            setattr(training, name, value)
    training.full_clean()
    training.save()
    if training.shared_capacity != old_capacity:
        waitlist_promote(training=training)
    return training


def _session_clean(session: Session) -> None:
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    session.full_clean()


@transaction.atomic
def session_create(*, training: Training, fields: dict) -> Session:
    """Add a session (or learning-network meeting) to ``training``.

    Raises ValidationError when it ends before it starts, or on ``capacity`` when the session
    would leave the training fewer seats than are held (``capacity_change_check``). Not
    idempotent: each call adds a session.
    """
    training = Training.objects.select_for_update().get(pk=training.pk)
    session = Session(training=training, **{k: v for k, v in fields.items() if k in SESSION_FIELDS})
    _session_clean(session)
    capacity_change_check(training=training, session=session)
    session.save()
    _speakers_set(session, fields)
    return session


def _speakers_set(session: Session, fields: dict) -> None:
    """``fields["speakers"]`` (the centre's speakers) and ``fields["new_speaker"]`` (name,
    organisation, bio: found or added to the centre's list) become the session's speakers."""
    if "speakers" not in fields and not fields.get("new_speaker"):
        return
    centre_id = session.training.centre_id
    chosen = [s for s in fields.get("speakers") or [] if s.centre_id == centre_id]
    new = fields.get("new_speaker") or {}
    if (new.get("name") or "").strip():
        speaker, _created = Speaker.objects.get_or_create(
            centre_id=centre_id,
            name=new["name"].strip(),
            organisation=(new.get("organisation") or "").strip(),
            defaults={"bio": (new.get("bio") or "").strip()},
        )
        chosen.append(speaker)
    session.speakers.set(chosen)


@transaction.atomic
def session_update(*, session: Session, fields: dict) -> Session:
    """Change a session. Same checks as ``session_create``; a changed capacity gives free
    seats to the waiting list (``waitlist_promote``); a changed time, place or online link is
    e-mailed to the enrolled ("changed", with the new calendar file). Safe to run twice (the
    second call changes nothing, so mails nothing)."""
    training = Training.objects.select_for_update().get(pk=session.training_id)
    session = Session.objects.get(pk=session.pk)
    before = copy.copy(session)
    old_capacity = session.capacity
    for name, value in fields.items():
        if name in SESSION_FIELDS:
            setattr(session, name, value)
    if session.postcode != before.postcode and session.province == before.province:
        session.province = ""  # follows the new postcode (``Session.clean``)
    _session_clean(session)
    if session.capacity != old_capacity:  # set, lowered or cleared
        capacity_change_check(training=training, session=session)
    session.save()
    _speakers_set(session, fields)
    if session.capacity != old_capacity:
        waitlist_promote(training=training)
    if any(getattr(before, name) != getattr(session, name) for name in CHANGE_MAILED):
        Session.objects.filter(pk=session.pk).update(sequence=before.sequence + 1)
        session.sequence = before.sequence + 1
        _participants_told(training)
    return session


# What participants must hear about: a session's time, place or online link changed.
CHANGE_MAILED = (
    "starts_at",
    "ends_at",
    "location",
    "street",
    "postcode",
    "municipality",
    "online_url",
)


def _participants_told(training: Training) -> None:
    """Queue the "changed" e-mail (sessions as they are now, with the calendar file) to every
    one holding a seat, once the transaction commits."""
    for enrolment in Enrolment.objects.filter(
        training=training, status=Enrolment.Status.ENROLLED
    ).only("pk"):
        enrolment_mail_queue(enrolment, "changed")


@transaction.atomic
def attendance_log(*, session: Session, entries: dict[int, tuple[bool, Decimal | None]]) -> int:
    """Record who was present at ``session`` and for how many hours.

    ``entries`` maps enrolment ids to (present, hours); hours default to the session's length
    for those present and 0 for those absent. Only enrolments of the session's training that
    are enrolled or attended count; others raise ValidationError. Hours outside 0 to the
    session's length raise a ValidationError keyed by enrolment id, and nothing is saved.
    Each change goes into the training's history (written in bulk, so logged here).
    Returns how many rows changed. Safe to run twice: the second run changes nothing.
    """
    person_of = dict(
        Enrolment.objects.filter(
            training_id=session.training_id,
            pk__in=list(entries),
            status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED],
        ).values_list("pk", "person_id")
    )
    valid = set(person_of)
    unknown = set(entries) - valid
    if unknown:
        raise ValidationError(_("Some people are not enrolled in this training."))
    length = Decimal((session.ends_at - session.starts_at).total_seconds() / 3600).quantize(
        Decimal("0.1")
    )
    out_of_range = {
        str(enrolment_id): _("Hours must be between 0 and %(max)s.") % {"max": length}
        for enrolment_id, (_present, hours) in entries.items()
        if hours is not None and (hours < 0 or hours > length)
    }
    if out_of_range:  # keyed by enrolment, so that the page can name each person
        raise ValidationError(out_of_range)
    existing = {a.enrolment_id: a for a in session.attendances.filter(enrolment_id__in=valid)}
    to_create, to_update, before = [], [], {}
    for enrolment_id, (present, hours) in entries.items():
        if hours is None:
            hours = length if present else Decimal("0")
        current = existing.get(enrolment_id)
        if current is None:
            to_create.append(
                Attendance(enrolment_id=enrolment_id, session=session, present=present, hours=hours)
            )
        elif current.present != present or current.hours != hours:
            before[current.pk] = copy.copy(current)
            current.present, current.hours = present, hours
            current.recorded_at = timezone.now()
            to_update.append(current)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["present", "hours", "recorded_at"])
    history.log_bulk(
        [(None, a) for a in to_create] + [(before[a.pk], a) for a in to_update],
        additional_data=lambda a: {
            "training": session.training_id,
            "person": person_of[a.enrolment_id],
            "enrolment": a.enrolment_id,
            "starts_at": session.starts_at.isoformat(),
        },
    )
    return len(to_create) + len(to_update)


@transaction.atomic
def training_mark_held(*, training: Training, now: dt.datetime | None = None) -> Training:
    """Mark a training as held, and those enrolled who were present at enough sessions
    (the training's attendance threshold) as attended (each in the training's history).

    Raises ValidationError when the training has no session yet, when its last session has not
    ended, or when it is closed. Safe to run twice.
    """
    now = now or timezone.now()
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status == Training.Status.CLOSED:
        raise ValidationError(_("This training is closed."))
    sessions = list(training.sessions.all())
    if not sessions:
        raise ValidationError(_("This training has no sessions."))
    if max(s.ends_at for s in sessions) > now:
        raise ValidationError(_("The last session has not ended yet."))
    needed = len(sessions) * training.attendance_threshold / 100
    present: dict[int, int] = {}
    for enrolment_id in Attendance.objects.filter(
        session__training=training, present=True
    ).values_list("enrolment_id", flat=True):
        present[enrolment_id] = present.get(enrolment_id, 0) + 1
    attended = [pk for pk, count in present.items() if count >= needed]
    becoming = list(
        Enrolment.objects.filter(
            training=training, status=Enrolment.Status.ENROLLED, pk__in=attended
        )
    )
    Enrolment.objects.filter(pk__in=[e.pk for e in becoming]).update(
        status=Enrolment.Status.ATTENDED, updated_at=now
    )
    pairs = []
    for enrolment in becoming:
        after = copy.copy(enrolment)
        after.status = Enrolment.Status.ATTENDED
        pairs.append((enrolment, after))
    history.log_bulk(pairs)
    training.status = Training.Status.HELD
    training.save(update_fields=["status", "updated_at"])
    return training


@transaction.atomic
def training_close(*, training: Training) -> Training:
    """Close a held training: nothing more is recorded on it. Raises ValidationError when it
    has not been marked as held. Safe to run twice."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status not in (Training.Status.HELD, Training.Status.CLOSED):
        raise ValidationError(_("Mark the training as held before closing it."))
    training.status = Training.Status.CLOSED
    training.save(update_fields=["status", "updated_at"])
    return training


def needs_review(training: Training) -> bool:
    """The one rule for "review before publication": the training's centre asks for it
    (``Centre.review_before_publication``, set by its coordinator or an admin)."""
    return Centre.objects.filter(pk=training.centre_id, review_before_publication=True).exists()


def _status_set(training: Training, status: str) -> Training:
    training.status = status
    training.save(update_fields=["status", "updated_at"])
    return training


@transaction.atomic
def training_publish(*, training: Training) -> Training:
    """Publish a draft training in the catalogue, or, when its centre asks for review before
    publication (``needs_review``), submit it for review: status *in review*, neither listed
    nor open for enrolment until a member of the scientific committee approves it
    (``training_review_approve``; the review records are ``trainings.quality``'s). Raises
    ValidationError when it has no session. Safe to run twice (only a draft moves)."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status != Training.Status.DRAFT:
        return training
    if not training.sessions.exists():
        raise ValidationError(_("Add a session before publishing."))
    if needs_review(training):
        return _status_set(training, Training.Status.IN_REVIEW)
    return _status_set(training, Training.Status.PUBLISHED)


@transaction.atomic
def training_review_approve(*, training: Training) -> Training:
    """An approved training in review is published, as ``training_publish`` publishes (same
    status, so the same catalogue, search, alerts and enrolment rules). Raises
    ValidationError when the training is not in review. Not for calling alone: the
    scientific committee's decision (``trainings.quality.services.review_decide``) records
    why."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status != Training.Status.IN_REVIEW:
        raise ValidationError(_("This training is not in review."))
    return _status_set(training, Training.Status.PUBLISHED)


@transaction.atomic
def training_review_return(*, training: Training) -> Training:
    """A training in review sent back to its coordinator: a draft again, to be changed and
    submitted anew. Raises ValidationError when the training is not in review."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status != Training.Status.IN_REVIEW:
        raise ValidationError(_("This training is not in review."))
    return _status_set(training, Training.Status.DRAFT)

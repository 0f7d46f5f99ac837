"""
Reads of the trainings app: the catalogue search, a training page, a person's trainings,
certificates and calendars. Each runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .counting import SEAT_STATUSES, seat_holder_q
from .models import CalendarFeed, Enrolment, Session, Training, TrainingMessage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User

Status = Enrolment.Status

PAGE_SIZE = 20
HOURS = DecimalField(max_digits=7, decimal_places=1)


def _per_training(queryset, expression, output_field):
    """A correlated subquery: one aggregate of ``queryset`` rows for the outer training."""
    return Subquery(
        queryset.filter(training=OuterRef("pk"))
        .order_by()
        .values("training")
        .annotate(value=expression)
        .values("value")[:1],
        output_field=output_field,
    )


def with_figures(queryset: QuerySet[Training], *, now: datetime | None = None, exact: bool = False):
    """Annotate capacity, seats taken, places left, number of sessions and "online".

    ``first_start`` and ``last_end`` are columns kept by triggers. ``exact``: count the seats
    held right now (one subquery; for a single training) instead of the trigger-kept
    ``seats_held``, which counts an offered seat until the offer-expiry task withdraws it.
    ``capacity`` and ``places_left`` are NULL for a training without a limit.
    """
    now = now or timezone.now()
    taken: Coalesce | F
    if exact:
        holders = Enrolment.objects.filter(seat_holder_q(now=now))
        taken = Coalesce(_per_training(holders, Count("pk"), IntegerField()), 0)
    else:
        taken = F("seats_held")
    return queryset.annotate(
        session_count=Coalesce(
            _per_training(Session.objects.all(), Count("pk"), IntegerField()), 0
        ),
        capacity=Coalesce(F("shared_capacity"), F("session_capacity")),
        taken=taken,
    ).annotate(
        places_left=Case(
            When(capacity__isnull=True, then=Value(None)),
            default=F("capacity") - F("taken"),
            output_field=IntegerField(),
        ),
        is_online=Exists(
            Session.objects.filter(training=OuterRef("pk"))
            .exclude(online_url="")
            .filter(location="")
        ),
    )


@dataclass
class CatalogueQuery:
    """The catalogue's filters, already validated (``trainings.forms.CatalogueFilterForm``)."""

    q: str = ""
    domain: str = ""
    level: str = ""
    format: str = ""
    province: str = ""
    centre: str = ""
    date_from: object = None
    date_to: object = None
    online: str = ""  # "yes", "no" or ""
    fee: str = ""  # "free", "paid" or ""
    available: bool = False
    sort: str = ""  # "date" or "relevance"


def catalogue_search(query: CatalogueQuery, *, now: datetime | None = None):
    """Published trainings that have not ended, filtered and sorted; annotated for display.

    Full-text search with PostgreSQL's Dutch configuration (a GIN index serves it) and
    ranking by relevance; on SQLite every word must occur in the title or description.
    """
    now = now or timezone.now()
    qs = with_figures(
        Training.objects.filter(status=Training.Status.PUBLISHED).select_related("centre"),
        now=now,
    ).filter(Q(last_end__isnull=True) | Q(last_end__gte=now))
    rank = None
    if query.q:
        if connection.vendor == "postgresql":
            search = SearchQuery(query.q, config="dutch", search_type="websearch")
            qs = qs.filter(search_vector=search)
            rank = SearchRank(F("search_vector"), search)
        else:
            for word in query.q.split():
                qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if query.domain:
        qs = qs.filter(stem_domains__has_code=query.domain)
    if query.level:
        qs = qs.filter(levels__has_code=query.level)
    if query.format:
        qs = qs.filter(format=query.format)
    if query.province:
        qs = qs.filter(centre__province=query.province)
    if query.centre:
        qs = qs.filter(centre__code=query.centre)
    if query.date_from or query.date_to:
        in_range = Session.objects.filter(training=OuterRef("pk"))
        if query.date_from:
            in_range = in_range.filter(starts_at__gte=_day_start(query.date_from))
        if query.date_to:
            in_range = in_range.filter(starts_at__lt=_day_start(query.date_to, next_day=True))
        qs = qs.filter(Exists(in_range))
    if query.online == "yes":
        qs = qs.filter(is_online=True)
    elif query.online == "no":
        qs = qs.filter(is_online=False)
    if query.fee == "free":
        qs = qs.filter(fee_eur=0)
    elif query.fee == "paid":
        qs = qs.filter(fee_eur__gt=0)
    if query.available:
        qs = qs.filter(Q(capacity__isnull=True) | Q(places_left__gt=0))
    if rank is not None and query.sort != "date":
        return qs.annotate(rank=rank).order_by("-rank", F("first_start").asc(nulls_last=True), "pk")
    return qs.order_by(F("first_start").asc(nulls_last=True), "title", "pk")


def _day_start(day, *, next_day: bool = False) -> datetime:
    from datetime import timedelta

    if next_day:
        day = day + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def training_page(
    training: Training, *, user: User | AnonymousUser, now: datetime | None = None
) -> dict:
    """Everything the training page shows: 4 queries (figures, sessions, own enrolment)."""
    now = now or timezone.now()
    training = with_figures(
        Training.objects.select_related("centre", "centre__host"), now=now, exact=True
    ).get(pk=training.pk)
    sessions = list(training.sessions.all())
    enrolment = None
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(training=training, person=user).first()
    return {"training": training, "sessions": sessions, "enrolment": enrolment}


def my_enrolments(user: User, *, now: datetime | None = None) -> dict[str, list[Enrolment]]:
    """A person's enrolments grouped as upcoming, waiting, past and cancelled (3 queries)."""
    now = now or timezone.now()
    enrolments = list(
        Enrolment.objects.filter(person=user)
        .select_related("training", "training__centre")
        .annotate(
            present_count=Count("attendances", filter=Q(attendances__present=True)),
            present_hours=Coalesce(
                Sum("attendances__hours", filter=Q(attendances__present=True)),
                Value(Decimal("0")),
                output_field=HOURS,
            ),
        )
        .prefetch_related(
            Prefetch("training__sessions", queryset=Session.objects.order_by("starts_at"))
        )
    )
    # Enrolments with the attributes set below for the templates (not fields of Enrolment).
    groups: dict[str, list[Any]] = {"upcoming": [], "waiting": [], "past": [], "cancelled": []}
    for enrolment in enrolments:
        sessions = list(enrolment.training.sessions.all())
        enrolment.sessions = sessions  # type: ignore[attr-defined]
        ends = max((s.ends_at for s in sessions), default=None)
        is_past = ends is not None and ends < now
        enrolment.is_past = is_past  # type: ignore[attr-defined]
        ready = certificate_eligible(enrolment, sessions, now=now)
        enrolment.certificate_ready = ready  # type: ignore[attr-defined]
        if enrolment.status == Status.CANCELLED:
            groups["cancelled"].append(enrolment)
        elif enrolment.status == Status.WAITLISTED:
            enrolment.offer_open = bool(  # type: ignore[attr-defined]
                enrolment.offer_expires_at and enrolment.offer_expires_at > now
            )
            groups["waiting"].append(enrolment)
        elif is_past or enrolment.status == Status.ATTENDED:
            groups["past"].append(enrolment)
        else:
            groups["upcoming"].append(enrolment)
    groups["upcoming"].sort(key=lambda e: min((s.starts_at for s in e.sessions), default=now))
    groups["past"].sort(
        key=lambda e: min((s.starts_at for s in e.sessions), default=now), reverse=True
    )
    return groups


def certificate_eligible(
    enrolment: Enrolment, sessions: list[Session], *, now: datetime | None = None
) -> bool:
    """Attended, the training is over, and attendance reached the training's threshold.

    Needs ``enrolment.present_count`` (annotated) or counts the attendance itself.
    """
    now = now or timezone.now()
    if enrolment.status not in SEAT_STATUSES or not sessions:
        return False
    if max(s.ends_at for s in sessions) > now:
        return False
    present = getattr(enrolment, "present_count", None)
    if present is None:
        present = enrolment.attendances.filter(present=True).count()
    return present * 100 >= enrolment.training.attendance_threshold * len(sessions)


def certificate_for(enrolment: Enrolment) -> dict | None:
    """The certificate's facts (hours, ECTS, dates), or ``None`` when not eligible."""
    sessions = list(enrolment.training.sessions.order_by("starts_at"))
    attendance = enrolment.attendances.filter(present=True).aggregate(
        count=Count("pk"), hours=Sum("hours", output_field=HOURS)
    )
    # An attribute for certificate_eligible (as my_enrolments annotates it), not a field.
    enrolment.present_count = attendance["count"]  # type: ignore[attr-defined]
    if not certificate_eligible(enrolment, sessions):
        return None
    hours = attendance["hours"] or enrolment.training.contact_hours
    return {
        "enrolment": enrolment,
        "training": enrolment.training,
        "sessions": sessions,
        "hours": hours,
        "ects": enrolment.training.ects,
        "first": sessions[0].starts_at,
        "last": sessions[-1].ends_at,
    }


def certificate_by_code(code: str) -> Enrolment | None:
    """The enrolment a verification code belongs to (whatever the case or spaces)."""
    code = "".join(code.split()).upper()
    if not code:
        return None
    return (
        Enrolment.objects.select_related("person", "training", "training__centre")
        .annotate(
            hours=Sum("attendances__hours", filter=Q(attendances__present=True), output_field=HOURS)
        )
        .filter(certificate_code=code)
        .first()
    )


def feed_sessions(token: str) -> tuple[User | None, list[Session]]:
    """The person and the sessions of a calendar feed, or ``(None, [])`` for a wrong token."""
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None or not feed.person.is_active:
        return None, []
    sessions = (
        Session.objects.filter(
            training__enrolments__person=feed.person,
            training__enrolments__status__in=SEAT_STATUSES,
        )
        .select_related("training", "training__centre")
        .order_by("starts_at")
    )
    return feed.person, list(sessions)


def published_trainings_of(centre_id: int) -> list[Training]:
    """A centre's published trainings by title (the centre page lists them). One query."""
    return list(
        Training.objects.filter(centre_id=centre_id, status=Training.Status.PUBLISHED).order_by(
            "title"
        )
    )


def messages_for(person: User, *, limit: int = 20) -> list[TrainingMessage]:
    """The last ``limit`` messages ``person`` received from a centre, newest first."""
    return list(
        TrainingMessage.objects.filter(deliveries__person=person)
        .select_related("training")
        .order_by("-created_at", "-pk")[:limit]
    )

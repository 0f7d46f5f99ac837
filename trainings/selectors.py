"""
Reads of the trainings app: the catalogue search, a training page, a person's trainings,
certificates and calendars. Each runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
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

from networks.models import Centre, Membership
from stemnet.accounts import levels

from .counting import SEAT_STATUSES, seat_holder_q
from .models import CalendarFeed, Enrolment, Session, Training, TrainingMessage
from .search import text_search
from .services.certificates import certificate_code_normalise

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User

Status = Enrolment.Status

PAGE_SIZE = 20
# The catalogue counts and pages through at most this many results ("more than 1,000"):
# counting every match of a search over the whole offer grows with the data.
CATALOGUE_COUNT_LIMIT = 1000
# The long columns of a training that a catalogue card does not show.
CARD_DEFERRED = ("description", "search_vector", "accessibility", "cancellation_reason")
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
    """Annotate capacity, seats taken, places left and the number of sessions.

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


def level_q(code: str) -> Q:
    """Trainings for ``code`` or a level it overlaps in the other structure of secondary
    education (``stemnet.accounts.levels.related``): the A stream also finds the old 1st
    grade, the old ``aso`` also finds doorstroom."""
    found = Q()
    for related_code in levels.related(code):
        found |= Q(levels__has_code=related_code)
    return found


def catalogue_search(query: CatalogueQuery, *, now: datetime | None = None):
    """Published trainings that have not ended, filtered and sorted; annotated for display.

    The search text is searched in Dutch on both databases, ranked by relevance
    (``trainings.search.text_search``: one query more, two when a word is misspelt).
    """
    now = now or timezone.now()
    qs = with_figures(
        Training.objects.filter(status=Training.Status.PUBLISHED).select_related("centre"),
        now=now,
    ).filter(Q(last_end__isnull=True) | Q(last_end__gte=now))
    if query.domain:
        qs = qs.filter(stem_domains__has_code=query.domain)
    if query.level:
        qs = qs.filter(level_q(query.level))
    if query.format:
        qs = qs.filter(format=query.format)
    if query.province:
        # Where a teacher can go: a session held in the province, or a training of one of its
        # centres (also online or at an unknown place).
        # Both on the training's own columns, so that each side is an index of its own.
        centres = Centre.objects.filter(province=query.province).values("pk")
        qs = qs.filter(Q(centre__in=centres) | Q(session_provinces__has_code=query.province))
    if query.centre:
        qs = qs.filter(centre__code=query.centre)
    if query.date_from or query.date_to:
        # A session that starts in the range; the bounds it implies on the trigger-kept
        # first_start and last_end let the index leave out the trainings around it.
        in_range = Session.objects.filter(training=OuterRef("pk"))
        if query.date_from:
            start = _day_start(query.date_from)
            in_range = in_range.filter(starts_at__gte=start)
            qs = qs.filter(last_end__gte=start)
        if query.date_to:
            end = _day_start(query.date_to, next_day=True)
            in_range = in_range.filter(starts_at__lt=end)
            qs = qs.filter(first_start__lt=end)
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
    rank = None
    if query.q:
        qs, rank = text_search(qs, query.q)  # last: a misspelling is looked for within filters
    if rank is not None and query.sort != "date":
        return qs.annotate(rank=rank).order_by("-rank", F("first_start").asc(nulls_last=True), "pk")
    return qs.order_by(F("first_start").asc(nulls_last=True), "title", "pk")


def catalogue_centres() -> list[tuple[str, str]]:
    """(code, name) of the centres the catalogue's filter offers: those of the portal's own
    network (``settings.REPORTS_NETWORK_CODE``), the regional centres by name, then the
    national one. Other networks' centres have no trainings here. One query."""
    return list(
        Centre.objects.filter(network__code=settings.REPORTS_NETWORK_CODE)
        .order_by(Case(When(kind=Centre.Kind.NATIONAL, then=Value(1)), default=Value(0)), "name")
        .values_list("code", "name")
    )


def _day_start(day, *, next_day: bool = False) -> datetime:
    from datetime import timedelta

    if next_day:
        day = day + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def training_page(
    training: Training, *, user: User | AnonymousUser, now: datetime | None = None
) -> dict:
    """Everything the training page shows, with its schema.org data: 5 queries (figures,
    sessions, their speakers, own enrolment)."""
    now = now or timezone.now()
    training = with_figures(
        Training.objects.select_related("centre", "centre__host"), now=now, exact=True
    ).get(pk=training.pk)
    sessions = list(training.sessions.prefetch_related("speakers"))
    enrolment = None
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(training=training, person=user).first()
    speakers = list({s.pk: s for session in sessions for s in session.speakers.all()}.values())
    return {
        "training": training,
        "sessions": sessions,
        "enrolment": enrolment,
        "speakers": speakers,
        "has_themes": any(session.theme for session in sessions),
        "structured_data": training_structured_data(training, sessions),
    }


def training_structured_data(training: Training, sessions: list[Session]) -> dict:
    """The training as schema.org ``Course`` with one ``CourseInstance`` per session (JSON-LD),
    so that search engines can list it. URLs on ``SITE_URL``."""
    from django.urls import reverse

    from stemnet.site import absolute_url

    def place(session: Session) -> dict:
        if session.is_online:
            return {"@type": "VirtualLocation", "url": session.online_url}
        return {
            "@type": "Place",
            "name": session.location or training.centre.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": session.street,
                "postalCode": session.postcode,
                "addressLocality": session.municipality,
                "addressCountry": "BE",
            },
        }

    url = absolute_url(reverse("trainings:detail", kwargs={"code": training.code}))
    return {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": training.title,
        "description": training.description[:5000],
        "url": url,
        "inLanguage": "nl-BE",
        "provider": {
            "@type": "Organization",
            "name": training.centre.name,
            "url": absolute_url(reverse("networks:centre", kwargs={"code": training.centre.code})),
        },
        "offers": {
            "@type": "Offer",
            "price": f"{training.fee_eur:.2f}",
            "priceCurrency": "EUR",
            "url": url,
            "category": "Paid" if training.fee_eur else "Free",
        },
        "hasCourseInstance": [
            {
                "@type": "CourseInstance",
                "courseMode": "online" if session.is_online else "onsite",
                "startDate": session.starts_at.isoformat(),
                "endDate": session.ends_at.isoformat(),
                "location": place(session),
                **({"name": session.theme} if session.theme else {}),
                "instructor": [
                    {
                        "@type": "Person",
                        "name": speaker.name,
                        **(
                            {"affiliation": {"@type": "Organization", "name": speaker.organisation}}
                            if speaker.organisation
                            else {}
                        ),
                    }
                    for speaker in session.speakers.all()
                ],
            }
            for session in sessions
        ],
    }


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
        # Made on request: the certificate is issued the day it is downloaded.
        "issued_on": timezone.localdate(),
        "contact": certificate_contact(enrolment.training.centre),
    }


def certificate_contact(centre: Centre) -> str:
    """The person a certificate names for the centre that organised the training: the
    contact person the centre publishes (``Centre.contact_name``, on its public page too),
    else its longest-serving coordinator with an open account; ``""`` when it has neither
    (one query at most)."""
    if centre.contact_name.strip():
        return centre.contact_name.strip()
    membership = (
        Membership.objects.filter(
            centre=centre,
            role=Membership.Role.COORDINATOR,
            user__is_active=True,
            user__anonymised_at__isnull=True,
        )
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    # A name or nothing: a coordinator's e-mail address is not printed on a teacher's PDF.
    return membership.user.get_full_name() if membership else ""


def certificate_by_code(code: str) -> Enrolment | None:
    """The enrolment a verification code belongs to, in any spelling
    (``services.certificates.certificate_code_normalise``); ``None`` for no such code."""
    try:
        code = certificate_code_normalise(code)
    except ValidationError:
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

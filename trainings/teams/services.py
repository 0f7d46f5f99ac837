"""
Enrolling a team of one school: a director or STEM coordinator names colleagues by e-mail
and enrols them, with or without themself, in one training.

**Seats: all or nothing.** The whole team gets a seat, or nobody does and the organiser is
told how many seats are left. School development needs the team in the room together: half
a team enrolled and the rest on the waiting list would be promoted one person at a time (the
waiting list is per person and first come, first served), so the team would be split anyway,
and the organiser would have to undo it by hand. The seats are counted and taken under the
training's lock (``trainings.services.locking``), so two teams or a team and single teachers
enrolling at once never oversell; people already waiting keep their turn (a seat freed
without a promotion goes to them first).

**Who may be named.** Only colleagues: people with an account whose profile names the same
school as the organiser's (``same_school``). An address that is unknown, or belongs to
someone of another school, gets the same answer, so the form tells nobody who else has an
account. Each colleague is mailed that the organiser enrolled them, with a link to decline
(the ordinary cancellation of their own enrolment).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stemnet.accounts.models import PersonRole, User

from ..counting import seat_holder_q
from ..models import Enrolment, Training
from ..services.enrolment import enrolment_closed_reason, waiting_first
from ..services.locking import locked_capacity, training_locked
from ..services.mail import enrolment_mail_queue
from .models import Team, TeamMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

Status = Enrolment.Status

TEAM_MAX = 30  # colleagues named in one team (the largest STEM team of a school, and a bound)
ORGANISER_ROLES = (PersonRole.DIRECTOR, PersonRole.TEACHER)  # a STEM coordinator is a teacher


def school_key(person: User) -> str | None:
    """Which school a person's profile names, as one comparable key: the register's school
    when the profile has one, else the institution number, else the school's name (case and
    spaces ignored); ``None`` when the profile names no school."""
    profile = getattr(person, "profile", None)
    if profile is None:
        return None
    school_id = getattr(profile, "school_id", None)
    if school_id:
        return f"register:{school_id}"
    number = re.sub(r"\D", "", profile.school_number or "")
    if number:
        return f"number:{number}"
    name = " ".join((profile.school_name or "").lower().split())
    return f"name:{name}" if name else None


def same_school(person: User, other: User) -> bool:
    key = school_key(person)
    return key is not None and key == school_key(other)


def team_refusal(person: User | AnonymousUser) -> str | None:
    """Why ``person`` may not enrol a team (a translated sentence), or ``None`` when they may:
    a director or teacher (a school's STEM coordinator) whose profile names their school."""
    if not getattr(person, "is_authenticated", False):
        return _("Log in to enrol a team.")
    profile = getattr(person, "profile", None)
    if profile is None or profile.role not in ORGANISER_ROLES:
        return _(
            "A team is enrolled by a school's director or STEM coordinator: set your role "
            "to director or teacher on your profile."
        )
    if school_key(person) is None:  # type: ignore[arg-type]
        return _("Fill in your school on your profile first: your team is your school's.")
    return None


def parse_addresses(text: str) -> list[str]:
    """The e-mail addresses in ``text`` (one per line, or separated by commas, semicolons or
    spaces), lower-cased, each once, in the order given. Raises ``ValidationError`` naming
    every address that is not one, and for an empty list or more than ``TEAM_MAX``."""
    parts = [p.strip().lower() for p in re.split(r"[\s,;]+", text or "") if p.strip()]
    addresses = list(dict.fromkeys(parts))
    bad = []
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise ValidationError(
            _("These are not e-mail addresses: %(addresses)s.") % {"addresses": ", ".join(bad)},
            code="invalid",
        )
    if not addresses:
        raise ValidationError(_("Name at least one colleague's e-mail address."), code="empty")
    if len(addresses) > TEAM_MAX:
        raise ValidationError(
            _("A team has at most %(max)d colleagues; you named %(count)d.")
            % {"max": TEAM_MAX, "count": len(addresses)},
            code="too_many",
        )
    return addresses


def colleagues(organiser: User, addresses: list[str]) -> list[User]:
    """The accounts of ``addresses`` that are colleagues of ``organiser`` (same school), in
    the order given. Raises ``ValidationError`` naming the addresses that are not, with the
    same words for an unknown address and someone of another school."""
    addresses = [a.strip().lower() for a in addresses]
    found = {
        u.email.lower(): u
        for u in User.objects.filter(is_active=True, anonymised_at__isnull=True)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=addresses)
        .select_related("profile")
    }
    people: list[User] = []
    missing: list[str] = []
    for address in addresses:
        person = found.get(address)
        if person is None or person.pk == organiser.pk or not same_school(organiser, person):
            if person is None or person.pk != organiser.pk:
                missing.append(address)
            continue
        people.append(person)
    if missing:
        raise ValidationError(
            ngettext(
                "No colleague of your school has an account with this address: %(addresses)s. "
                "Ask them to create an account and fill in the school on their profile, "
                "or leave the address out.",
                "No colleague of your school has an account with these addresses: "
                "%(addresses)s. Ask them to create an account and fill in the school on their "
                "profile, or leave the addresses out.",
                len(missing),
            )
            % {"addresses": ", ".join(missing)},
            code="not_colleagues",
        )
    return people


def team_enrol(
    *, organiser: User, training: Training, addresses: list[str], include_organiser: bool
) -> Team:
    """Enrol the colleagues of ``addresses`` (and ``organiser`` too when
    ``include_organiser``) in ``training``, all or nothing (see the module's docstring).

    Creates the team, one enrolment per member (reopening a member's own cancelled one) and
    queues each member's e-mail after commit: "team_enrolled" (with a link to decline) for the
    colleagues, "enrolled" for the organiser. Raises ``ValidationError`` when the organiser
    may not enrol a team, an address is not a colleague's, a member is already enrolled or
    waiting, enrolment is closed, or fewer seats are left than the team needs (nothing is
    written then); ``TryAgain`` when the training stays locked too long. Not safe to run
    twice: the second call finds the members enrolled and changes nothing.
    """
    refusal = team_refusal(organiser)
    if refusal:
        raise ValidationError(refusal, code="not_allowed")
    people = colleagues(organiser, addresses)
    if include_organiser:
        people.insert(0, organiser)
    now = timezone.now()
    with training_locked(training.pk) as locked:
        reason = enrolment_closed_reason(locked, starts_at=locked.first_start, now=now)
        if reason:
            raise ValidationError(reason, code="closed")
        own = Enrolment.objects.filter(training=locked, person__in=people)
        rows = {e.person_id: e for e in own}
        busy = [p for p in people if p.pk in rows and rows[p.pk].status != Status.CANCELLED]
        if busy:
            raise ValidationError(
                _("Already enrolled or on the waiting list: %(names)s. Leave them out.")
                % {"names": ", ".join(p.get_full_name() or p.email for p in busy)},
                code="twice",
            )

        def count():
            return Enrolment.objects.filter(training=locked).aggregate(
                taken=Count("pk", filter=seat_holder_q(now=now)),
                waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
            )

        capacity = locked_capacity(locked)
        state = count()
        if waiting_first(
            locked, now=now, capacity=capacity, taken=state["taken"], waiting=state["waiting"] > 0
        ):
            state = count()
        if capacity is not None:
            left = max(capacity - state["taken"], 0)
            if left < len(people):
                raise ValidationError(
                    ngettext(
                        "Only %(left)d seat is left and your team needs %(needed)d: nobody was "
                        "enrolled. Name fewer colleagues, or choose another training or edition.",
                        "Only %(left)d seats are left and your team needs %(needed)d: nobody "
                        "was enrolled. Name fewer colleagues, or choose another training or "
                        "edition.",
                        left,
                    )
                    % {"left": left, "needed": len(people)},
                    code="full",
                )
        team = Team.objects.create(training=locked, organiser=organiser, created_at=now)
        for person in people:
            enrolment = rows.get(person.pk) or Enrolment(person=person, training=locked)
            enrolment.status = Status.ENROLLED
            enrolment.waitlist_position = None
            enrolment.offer_expires_at = None
            enrolment.cancelled_at = None
            enrolment.save()
            TeamMember.objects.create(team=team, enrolment=enrolment)
            kind = "enrolled" if person.pk == organiser.pk else "team_enrolled"
            enrolment_mail_queue(enrolment, kind)
    return team


def teams_of(organiser: User, training: Training) -> list[Team]:
    """The teams ``organiser`` enrolled in ``training``, newest first, with their members'
    enrolments (status: who declined) in two queries."""
    return list(
        Team.objects.filter(organiser=organiser, training=training).prefetch_related(
            "members__enrolment__person"
        )
    )

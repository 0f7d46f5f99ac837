"""
"Voor jou": trainings suggested to a person from their profile (the STEM domain and levels
they teach), the trainings they attended (their themes and the centres they trained at) and
the catalogue. Each suggestion says why. Never one the person is on (enrolled, waiting,
attended), nor another edition of one they attended, nor one that is full or closed for
enrolment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stemnet.accounts import levels as level_codes
from stemnet.accounts.models import Level, StemDomain

from .models import Enrolment, Training
from .selectors import with_figures

if TYPE_CHECKING:
    from stemnet.accounts.models import User

S = Enrolment.Status
LIMIT = 3


@dataclass(frozen=True)
class Suggestion:
    training: Training
    why: str


def _and(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def suggestions_for(
    person: User, *, limit: int = LIMIT, now: datetime | None = None
) -> list[Suggestion]:
    """Up to ``limit`` trainings for ``person``, best first, each with the reason (in the active
    language). Empty for someone without a profile or history that matches anything. Three
    queries."""
    now = now or timezone.now()
    profile = getattr(person, "profile", None)
    domain = profile.stem_domain if profile else ""
    levels = set(profile.levels) if profile else set()
    mine = list(
        Enrolment.objects.filter(person=person)
        .exclude(status=S.CANCELLED)
        .values_list("training_id", "status", "training__centre_id", "training__stem_domains")
    )
    taken = {training_id for training_id, *_ in mine}
    attended = [row for row in mine if row[1] == S.ATTENDED]
    centres = {centre_id for _, _, centre_id, _ in attended}
    past_domains = {d for *_, domains in attended for d in domains or []}
    open_now = (
        Q(status=Training.Status.PUBLISHED, first_start__gt=now)
        & (Q(enrolment_deadline__isnull=True) | Q(enrolment_deadline__gt=now))
        & ~Q(pk__in=taken)
        & ~Q(previous_edition__in=[row[0] for row in attended])
    )
    candidates = (
        with_figures(Training.objects.filter(open_now).select_related("centre"), now=now)
        .filter(Q(places_left__isnull=True) | Q(places_left__gt=0))
        .order_by("first_start")[:200]
    )
    domain_labels = dict(StemDomain.choices)
    level_labels = dict(Level.choices)
    scored = []
    for training in candidates:
        reasons, score = [], 0
        if domain and domain in training.stem_domains:
            reasons.append(
                _("you teach %(domain)s") % {"domain": str(domain_labels[domain]).lower()}
            )
            score += 3
        # Either structure of secondary education (``stemnet.accounts.levels.related``).
        shared = [code for code in training.levels if set(level_codes.related(code)) & set(levels)]
        if shared:
            reasons.append(
                _("it is for %(level)s, where you teach")
                % {"level": str(level_labels.get(shared[0], shared[0]))}
            )
            score += 3
        if not domain and past_domains & set(training.stem_domains):
            reasons.append(_("it is in a domain of a training you attended"))
            score += 1
        if training.centre_id in centres:
            reasons.append(_("you trained at %(centre)s before") % {"centre": training.centre.name})
            score += 1
        if score:
            why = _("Because %(reasons)s.") % {"reasons": _and(reasons)}
            scored.append((-score, training.first_start, training.pk, Suggestion(training, why)))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:limit]]

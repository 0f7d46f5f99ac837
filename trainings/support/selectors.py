"""Reads of teachers' support: a person's claims, the claims a coordinator decides, the
finance office's export rows, and the support figures of a report."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from ..models import BudgetLine, Enrolment, Session, Training
from ..selectors import certificate_eligible
from .models import ZERO, Claim, ClaimItem, ClaimPayment, SupportScheme
from .services import APPLYING_STATUSES

if TYPE_CHECKING:
    from stemnet.accounts.models import User

Status = Claim.Status
PAYABLE = "payable"  # a filter of the claims page: approved and attendance enough
FILTERS = [*Status.values, PAYABLE]


def _with_payability(claims: QuerySet[Claim]) -> list[Claim]:
    """The claims, each with ``payable`` set (``services.claim_payable``'s rule, with the
    sessions prefetched and the presence counted in the same queries)."""
    rows: list[Claim] = list(
        claims.select_related(
            "person__profile__school", "scheme__source", "enrolment__training__centre"
        )
        .prefetch_related(
            "items",
            Prefetch(
                "enrolment__training__sessions", queryset=Session.objects.order_by("starts_at")
            ),
        )
        .annotate(
            present_count=Count(
                "enrolment__attendances", filter=Q(enrolment__attendances__present=True)
            )
        )
    )
    for claim in rows:
        enrolment = claim.enrolment
        enrolment.present_count = claim.present_count  # type: ignore[attr-defined]
        claim.payable = claim.status == Status.APPROVED and certificate_eligible(  # type: ignore[attr-defined]
            enrolment, list(enrolment.training.sessions.all())
        )
    return rows


def claims_of(person: User) -> list[Claim]:
    return _with_payability(Claim.objects.filter(person=person))


def open_for_application(person: User) -> list[tuple[Enrolment, SupportScheme]]:
    """The person's enrolments (with a seat) whose training has an open scheme and no open
    claim yet, each with its scheme (three queries)."""
    enrolments = list(
        Enrolment.objects.filter(person=person, status__in=APPLYING_STATUSES)
        .exclude(support_claims__status__in=Claim.OPEN)
        .select_related("training__centre")
    )
    trainings = {e.training_id for e in enrolments}
    centres = {e.training.centre_id for e in enrolments}
    schemes = list(
        SupportScheme.objects.filter(
            Q(training_id__in=trainings) | Q(centre_id__in=centres, training__isnull=True)
        )
    )
    own = {s.training_id: s for s in schemes if s.training_id}
    general = {s.centre_id: s for s in schemes if not s.training_id}
    result = []
    for enrolment in enrolments:
        scheme = own.get(enrolment.training_id) or general.get(enrolment.training.centre_id)
        if scheme is not None and scheme.active:
            result.append((enrolment, scheme))
    return result


def awaiting_director(director: User) -> list[Claim]:
    """Claims waiting for ``director``'s confirmation (teachers of their school)."""
    from .services import can_confirm_as_director

    claims = Claim.objects.filter(status=Status.AWAITING_DIRECTOR, director_token="")
    return [
        c
        for c in claims.select_related("person__profile", "enrolment__training")
        if can_confirm_as_director(director, c)
    ]


def centre_claims(
    centre_ids: frozenset[int] | None, *, status: str = "", training: str = ""
) -> list[Claim]:
    """The claims of the trainings of ``centre_ids`` (``None``: all), newest first, filtered
    by a status or ``payable`` and a training's code."""
    claims = Claim.objects.all()
    if centre_ids is not None:
        claims = claims.filter(enrolment__training__centre_id__in=centre_ids)
    if training:
        claims = claims.filter(enrolment__training__code=training)
    if status in Status.values:
        claims = claims.filter(status=status)
    elif status == PAYABLE:
        claims = claims.filter(status=Status.APPROVED)
    rows = _with_payability(claims)
    return [c for c in rows if c.payable] if status == PAYABLE else rows  # type: ignore[attr-defined]


def claim_detail(pk: int) -> Claim:
    """One claim with ``payable`` set (access checked by the caller)."""
    return _with_payability(Claim.objects.filter(pk=pk))[0]


def claim_trainings(centre_ids: frozenset[int] | None) -> list[Training]:
    """The trainings that have claims, for the claims page's filter."""
    trainings = Training.objects.filter(enrolments__support_claims__isnull=False)
    if centre_ids is not None:
        trainings = trainings.filter(centre_id__in=centre_ids)
    return list(trainings.distinct().order_by("title"))


def export_claims(centre_ids: frozenset[int] | None) -> list[Claim]:
    """Payable and paid claims: what the finance office pays or has paid."""
    return [
        c
        for c in centre_claims(centre_ids)
        if c.status == Status.PAID or c.payable  # type: ignore[attr-defined]
    ]


def schemes_of(centre_ids: frozenset[int] | None) -> list[SupportScheme]:
    schemes = SupportScheme.objects.select_related("centre", "training", "source")
    if centre_ids is not None:
        schemes = schemes.filter(centre_id__in=centre_ids)
    return list(schemes)


# --- the support figures of a report --------------------------------------------------------


def support_figures(centres: Q, years: list[int], lines: QuerySet[BudgetLine]) -> dict[str, Any]:
    """The support block of a report: claims of the trainings of ``centres`` (a condition on
    ``Claim``, e.g. ``Q(enrolment__training__centre__code="VOV")``) counted in ``years``.
    ``granted``: approved and paid claims; ``paid``: what paid claims added to the budget
    ``lines`` (``ClaimPayment``: the support part of the budget's paid amount, so the two
    never disagree); both per funding source; ``teachers_supported``: distinct persons with a
    granted claim. Four queries."""
    claims = Claim.objects.filter(centres, year__in=years, status__in=Claim.GRANTED)
    granted = claims.aggregate(total=Sum("total_eur"), persons=Count("person_id", distinct=True))
    by_source: dict[str, dict[str, Decimal]] = {}
    for name, amount in (
        claims.values_list("scheme__source__name").annotate(s=Sum("total_eur")).order_by()
    ):
        entry = by_source.setdefault(name, {"granted": ZERO, "paid": ZERO})
        entry["granted"] = amount or ZERO
    payments = ClaimPayment.objects.filter(budget_line__in=lines.values("pk"))
    paid = ZERO
    for name, amount in (
        payments.values_list("budget_line__source__name").annotate(s=Sum("amount_eur")).order_by()
    ):
        entry = by_source.setdefault(name, {"granted": ZERO, "paid": ZERO})
        entry["paid"] = amount or ZERO
        paid += amount or ZERO
    return {
        "granted": granted["total"] or ZERO,
        "paid": paid,
        "teachers_supported": granted["persons"] or 0,
        "by_source": dict(sorted(by_source.items())),
    }


def support_paid_in(lines) -> Decimal:
    """What support claims added to the budget ``lines`` (a queryset of budget lines)."""
    total = ClaimPayment.objects.filter(budget_line__in=lines.values("pk")).aggregate(
        s=Sum("amount_eur")
    )
    return total["s"] or ZERO


KIND_ORDER = list(ClaimItem.Kind.values)

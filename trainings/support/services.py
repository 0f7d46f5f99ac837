"""
Every write of teachers' support: applying, the director's confirmation, the coordinator's
decision and the payment.

**The flow.** A person applies for one of their enrolments (``claim_submit``). When the claim
includes replacement in class, the director of their school confirms it first: a person whose
profile has the role *director* at the same school (``trainings.teams.services.same_school``,
the one rule for "same school"), or, when the school has no director with an account, the
address the teacher gives, with a personal link (``stemnet.tokens``). The coordinator of the
training's centre then approves or refuses with a reason. An approved claim is *payable* once
the person's attendance meets the certificate threshold (``trainings.selectors.
certificate_eligible``, the certificate's own rule); the coordinator then marks it paid. The
teacher is mailed at every step.

**Money.** A paid claim is paid into the budget: its amount per kind is added to the
training's budget line of that year, category (``ClaimItem.CATEGORY``: replacement to
*teacher replacement*, the fee, travel and the night's stay to *travel*) and the scheme's
source, through ``trainings.services.budget``; a ``ClaimPayment`` row per line keeps what the
claim added, so it is added once and the reports can count support apart.

**The ceiling.** What a scheme grants in a year (approved and paid claims) never exceeds its
``yearly_ceiling_eur``: every approval locks the scheme's row and sums under that lock, so two
coordinators approving at once are served one after the other and the second is refused when
the first used up the room. The limit per person is checked the same way when applying.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stemnet.accounts.models import PersonRole, User
from stemnet.outbox.services import send_after_commit
from stemnet.tokens import new_token

from ..models import BudgetLine, Enrolment, Training
from ..selectors import certificate_eligible
from ..services.budget import budget_line_create, budget_line_update
from ..teams.services import same_school, school_key
from .models import ZERO, Claim, ClaimItem, ClaimPayment, SupportScheme

if TYPE_CHECKING:
    import datetime as dt

Status = Claim.Status
Kind = ClaimItem.Kind
CENT = Decimal("0.01")
APPLYING_STATUSES = (Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED)
MAX_AMOUNT = Decimal("100000")  # no bursary comes near; bounds what a form can ask for


# --- reading the input ----------------------------------------------------------------------


def iban_normalise(raw: str | None) -> str:
    """An IBAN as stored (no spaces, capitals) from what a person typed. Raises
    ``ValidationError`` when it is not one (ISO 13616: country, check digits, mod 97)."""
    text = re.sub(r"[\s-]+", "", raw or "").upper()
    if not text:
        raise ValidationError(_("Enter your bank account number (IBAN)."), code="required")
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}", text) or (
        text.startswith("BE") and len(text) != 16
    ):
        raise ValidationError(
            _("That is not an IBAN: a Belgian one reads BE followed by 14 digits."),
            code="invalid",
        )
    digits = "".join(str(int(char, 36)) for char in text[4:] + text[:4])
    if int(digits) % 97 != 1:
        raise ValidationError(
            _("That IBAN's check digits do not match: check the number."), code="checksum"
        )
    return text


def money_text(value) -> str:
    """An amount for a sentence, in the active language's notation ("1.234,50" in Dutch)."""
    return formats.number_format(Decimal(value or 0), 2, use_l10n=True, force_grouping=True)


def number_text(value) -> str:
    """A km or hour cap for a sentence ("8", "7,5")."""
    number = Decimal(value or 0).normalize()
    places = max(0, -number.as_tuple().exponent)  # type: ignore[operator]
    return formats.number_format(number, places, use_l10n=True)


def _amount(value, *, field: str) -> Decimal:
    """A finite, non-negative number below ``MAX_AMOUNT`` (quantities and euros alike)."""
    try:
        number = Decimal(value if value not in (None, "") else 0)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite() or number < 0:
        raise ValidationError({field: _("Enter a number of 0 or more.")})
    if number > MAX_AMOUNT:
        raise ValidationError({field: _("That number is too large.")})
    return number


def claim_items(
    *,
    scheme: SupportScheme,
    training: Training,
    fee: bool,
    travel_km,
    replacement_hours,
    night_eur,
) -> list[ClaimItem]:
    """The items (unsaved) a claim with this input gets, each with its amount: the fee as
    the training charges it, travel at the scheme's rate per km, replacement at its rate per
    hour, the night's stay as asked. Raises ``ValidationError`` (per field) for what the
    scheme does not pay, a number over a cap, or nothing claimed. Writes nothing."""
    offered = scheme.offers()
    km = _amount(travel_km, field="travel_km")
    hours = _amount(replacement_hours, field="replacement_hours")
    night = _amount(night_eur, field="night_eur")
    errors: dict[str, str] = {}
    items = []
    if fee:
        if Kind.FEE not in offered or not training.fee_eur:
            errors["fee"] = _("This training's fee is not refunded.")
        else:
            items.append(ClaimItem(kind=Kind.FEE, quantity=1, amount_eur=training.fee_eur))
    if km:
        if Kind.TRAVEL not in offered:
            errors["travel_km"] = _("This scheme does not pay travel.")
        elif km > scheme.travel_km_cap:
            errors["travel_km"] = _("At most %(cap)s km is paid.") % {
                "cap": number_text(scheme.travel_km_cap)
            }
        else:
            amount = km * scheme.travel_rate_eur_per_km
            items.append(ClaimItem(kind=Kind.TRAVEL, quantity=km, amount_eur=amount))
    if hours:
        if Kind.REPLACEMENT not in offered:
            errors["replacement_hours"] = _("This scheme does not pay replacement.")
        elif hours > scheme.replacement_hours_cap:
            errors["replacement_hours"] = _("At most %(cap)s hours of replacement are paid.") % {
                "cap": number_text(scheme.replacement_hours_cap)
            }
        else:
            amount = hours * scheme.replacement_rate_eur_per_hour
            items.append(ClaimItem(kind=Kind.REPLACEMENT, quantity=hours, amount_eur=amount))
    if night:
        if Kind.NIGHT not in offered:
            errors["night_eur"] = _("This scheme does not pay a night's stay.")
        elif night > scheme.night_cap_eur:
            errors["night_eur"] = _("At most € %(cap)s is paid for a night's stay.") % {
                "cap": money_text(scheme.night_cap_eur)
            }
        else:
            items.append(ClaimItem(kind=Kind.NIGHT, quantity=1, amount_eur=night))
    if errors:
        raise ValidationError(errors)
    if not items:
        raise ValidationError(_("Choose at least one thing to claim."), code="empty")
    for item in items:
        item.amount_eur = Decimal(item.amount_eur).quantize(CENT, ROUND_HALF_UP)
    return items


# --- who ------------------------------------------------------------------------------------


def scheme_for(training: Training) -> SupportScheme | None:
    """The scheme that holds for ``training``: its own, else its centre's; an inactive one
    holds for nobody (the centre's does not step in for a training's own closed scheme)."""
    own = SupportScheme.objects.filter(training=training).select_related("source").first()
    if own is None:
        own = (
            SupportScheme.objects.filter(centre_id=training.centre_id, training__isnull=True)
            .select_related("source")
            .first()
        )
    return own if own is not None and own.active else None


def directors_of(person: User) -> list[User]:
    """The directors of ``person``'s school with an open account: profiles with the role
    *director* at the same school (``same_school``), ``person`` left out."""
    key = school_key(person)
    if key is None:
        return []
    candidates = User.objects.filter(
        profile__role=PersonRole.DIRECTOR, is_active=True, anonymised_at__isnull=True
    ).exclude(pk=person.pk)
    school_id = person.profile.school_id
    if key.startswith("register:") and school_id is not None:
        candidates = candidates.filter(profile__school_id=school_id)
    return [u for u in candidates.select_related("profile") if same_school(u, person)]


def training_year(training: Training) -> int:
    """The calendar year of a training's first session (Brussels), the year its claims count
    in (ceiling and budget); this year for a training without sessions."""
    when = training.first_start or timezone.now()
    return timezone.localtime(when).year


def _granted(scheme: SupportScheme, year: int, **extra) -> Decimal:
    total = Claim.objects.filter(scheme=scheme, year=year, **extra).aggregate(s=Sum("total_eur"))
    return total["s"] or ZERO


def _mail(claim: Claim, kind: str) -> None:
    from .tasks import send_claim_mail

    send_after_commit(send_claim_mail, claim.pk, kind)


# --- applying -------------------------------------------------------------------------------


@transaction.atomic
def claim_submit(
    *,
    enrolment: Enrolment,
    fee: bool = False,
    travel_km=0,
    replacement_hours=0,
    night_eur=0,
    iban: str = "",
    director_email: str = "",
) -> Claim:
    """Apply for support for ``enrolment`` (the person's own, enrolled or attended). Writes
    the claim and its items; mails the person, and the director when replacement is claimed
    (the claim then waits for the director). Raises ``ValidationError`` when no scheme holds,
    the enrolment has an open claim already, an amount is refused (``claim_items``), the
    person's limit for the year would be passed, the IBAN is wrong or missing, or a director
    must confirm and the school has none and no address is given; nothing is written then.
    Not idempotent: a second call is refused (one open claim per enrolment)."""
    training = enrolment.training
    if enrolment.status not in APPLYING_STATUSES:
        raise ValidationError(_("Only an enrolment with a seat can apply for support."))
    scheme = scheme_for(training)
    if scheme is None:
        raise ValidationError(_("This training has no support scheme open for applications."))
    scheme = SupportScheme.objects.select_for_update().get(pk=scheme.pk)
    if Claim.objects.filter(enrolment=enrolment, status__in=Claim.OPEN).exists():
        raise ValidationError(_("You have applied for this training already."))
    items = claim_items(
        scheme=scheme,
        training=training,
        fee=fee,
        travel_km=travel_km,
        replacement_hours=replacement_hours,
        night_eur=night_eur,
    )
    total = sum((item.amount_eur for item in items), ZERO)
    year = training_year(training)
    person = enrolment.person
    if scheme.max_per_person_eur:
        used = _granted(scheme, year, person=person, status__in=Claim.OPEN)
        if used + total > scheme.max_per_person_eur:
            raise ValidationError(
                _(
                    "This scheme pays at most € %(limit)s per person in %(year)s; you have "
                    "€ %(left)s left and asked for € %(asked)s."
                )
                % {
                    "limit": money_text(scheme.max_per_person_eur),
                    "year": year,
                    "left": money_text(max(scheme.max_per_person_eur - used, ZERO)),
                    "asked": money_text(total),
                },
                code="person_limit",
            )
    account = iban_normalise(iban) if scheme.asks_bank_account else ""
    status = Status.SUBMITTED
    token = ""
    address = ""
    directors: list[User] = []
    if any(item.kind == Kind.REPLACEMENT for item in items):
        status = Status.AWAITING_DIRECTOR
        directors = directors_of(person)
        if not directors:
            address = (director_email or "").strip().lower()
            if not address:
                raise ValidationError(
                    {
                        "director_email": _(
                            "Your school's director confirms the replacement, and has no "
                            "account on the portal: give their e-mail address."
                        )
                    }
                )
            if address == (person.email or "").lower():
                raise ValidationError(
                    {"director_email": _("Give your director's address, not your own.")}
                )
            token = new_token()
    claim = Claim.objects.create(
        enrolment=enrolment,
        person=person,
        scheme=scheme,
        year=year,
        status=status,
        total_eur=total,
        iban=account,
        director_email=address,
        director_token=token,
    )
    for item in items:
        item.claim = claim
    ClaimItem.objects.bulk_create(items)
    _mail(claim, "submitted")
    if status == Status.AWAITING_DIRECTOR:
        _mail(claim, "director_request")
    return claim


def _locked(claim: Claim) -> tuple[SupportScheme, Claim]:
    """The claim's scheme and the claim, locked in that order (every writer takes them so)."""
    scheme = SupportScheme.objects.select_for_update().get(pk=claim.scheme_id)
    return scheme, Claim.objects.select_for_update().get(pk=claim.pk)


def can_confirm_as_director(user: User, claim: Claim) -> bool:
    """A director with an account at the claimant's school (not the claimant)."""
    profile = getattr(user, "profile", None)
    return (
        profile is not None
        and profile.role == PersonRole.DIRECTOR
        and user.pk != claim.person_id
        and same_school(user, claim.person)
    )


@transaction.atomic
def claim_director_answer(
    *,
    claim: Claim,
    confirm: bool,
    director: User | None = None,
    name: str = "",
    reason: str = "",
    now: dt.datetime | None = None,
) -> Claim:
    """The director confirms the replacement (the claim goes to the centre) or does not (the
    claim is refused with ``reason``); by account (``director``) or by the personal link
    (``name`` required). Mails the person. Raises ``ValidationError`` when the claim no
    longer waits for the director, or a refusal has no reason. Safe twice: the second answer
    is refused, the first stands."""
    _scheme, claim = _locked(claim)
    if claim.status != Status.AWAITING_DIRECTOR:
        raise ValidationError(_("This application no longer waits for a director."))
    reason = (reason or "").strip()
    name = (name or "").strip()
    if director is None and not name:
        raise ValidationError({"name": _("Enter your name.")})
    if not confirm and not reason:
        raise ValidationError({"reason": _("Say why, for the teacher.")})
    claim.director = director
    claim.director_name = name or (director.get_full_name() if director else "")
    claim.confirmed_at = now or timezone.now()
    claim.director_token = ""
    if confirm:
        claim.status = Status.SUBMITTED
    else:
        claim.status = Status.REFUSED
        claim.reason = reason[:500]
        claim.decided_at = claim.confirmed_at
    claim.save()
    _mail(claim, "confirmed" if confirm else "declined")
    return claim


# --- the centre -----------------------------------------------------------------------------


@transaction.atomic
def claim_approve(*, claim: Claim, coordinator: User, now: dt.datetime | None = None) -> Claim:
    """Approve a claim waiting for the centre; mails the person. Under the scheme's lock:
    raises ``ValidationError`` when the approved and paid claims of the scheme's year and this
    one would pass the ceiling (nothing changes), or the claim does not wait for the centre.
    Safe twice: an approved claim stays approved (the second call says so)."""
    scheme, claim = _locked(claim)
    if claim.status != Status.SUBMITTED:
        raise ValidationError(_("Only an application waiting for the centre can be approved."))
    granted = _granted(scheme, claim.year, status__in=Claim.GRANTED)
    if granted + claim.total_eur > scheme.yearly_ceiling_eur:
        raise ValidationError(
            _(
                "Approving this would pass the ceiling of %(source)s for %(year)s: € %(left)s "
                "is left of € %(ceiling)s, this application asks € %(asked)s."
            )
            % {
                "source": scheme.source.name,
                "year": claim.year,
                "left": money_text(max(scheme.yearly_ceiling_eur - granted, ZERO)),
                "ceiling": money_text(scheme.yearly_ceiling_eur),
                "asked": money_text(claim.total_eur),
            },
            code="ceiling",
        )
    claim.status = Status.APPROVED
    claim.decided_by = coordinator
    claim.decided_at = now or timezone.now()
    claim.reason = ""
    claim.save()
    _mail(claim, "approved")
    return claim


@transaction.atomic
def claim_refuse(
    *, claim: Claim, coordinator: User, reason: str, now: dt.datetime | None = None
) -> Claim:
    """Refuse a claim waiting for the centre (or approved and not paid) with ``reason``;
    mails the person. Raises ``ValidationError`` without a reason or for a paid, refused or
    withdrawn claim. Safe twice: the second call is refused, the first reason stands."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, for the teacher.")})
    _scheme, claim = _locked(claim)
    if claim.status not in (Status.SUBMITTED, Status.APPROVED, Status.AWAITING_DIRECTOR):
        raise ValidationError(_("This application can no longer be refused."))
    claim.status = Status.REFUSED
    claim.reason = reason[:500]
    claim.decided_by = coordinator
    claim.decided_at = now or timezone.now()
    claim.director_token = ""
    claim.save()
    _mail(claim, "refused")
    return claim


def claim_payable(claim: Claim) -> bool:
    """Approved, and the person's attendance meets the training's certificate threshold
    (the certificate's rule, ``certificate_eligible``: training over, enough sessions)."""
    if claim.status != Status.APPROVED:
        return False
    enrolment = claim.enrolment
    return certificate_eligible(enrolment, list(enrolment.training.sessions.all()))


def claim_pay_into_budget(*, claim: Claim, scheme: SupportScheme) -> None:
    """Add ``claim``'s amounts per category to the training's paid budget lines (created when
    missing) with a ``ClaimPayment`` each. Only for ``claim_mark_paid`` (and the demo), under
    the scheme's and the claim's locks; not safe twice on its own (the caller checks)."""
    training = claim.enrolment.training
    per_category: dict[str, Decimal] = {}
    for item in claim.items.all():
        category = str(ClaimItem.CATEGORY[ClaimItem.Kind(item.kind)])
        per_category[category] = per_category.get(category, ZERO) + item.amount_eur
    for category, amount in sorted(per_category.items()):
        if not amount:
            continue
        line = (
            BudgetLine.objects.select_for_update()
            .filter(
                centre_id=training.centre_id,
                training=training,
                year=claim.year,
                category=category,
                source_id=scheme.source_id,
            )
            .first()
        )
        if line is None:
            line = budget_line_create(
                centre=training.centre,
                fields={
                    "training": training,
                    "year": claim.year,
                    "category": category,
                    "source": scheme.source,
                    "description": _("Support for teachers"),
                    "paid_eur": amount,
                },
            )
        else:
            line = budget_line_update(line=line, fields={"paid_eur": line.paid_eur + amount})
        ClaimPayment.objects.create(claim=claim, budget_line=line, amount_eur=amount)


@transaction.atomic
def claim_mark_paid(*, claim: Claim, coordinator: User, now: dt.datetime | None = None) -> Claim:
    """Mark an approved, payable claim paid: adds its amount per category to the training's
    budget line of the claim's year and the scheme's source (created when missing), paid,
    through ``trainings.services.budget``, with a ``ClaimPayment`` per line; mails the
    person. Raises ``ValidationError`` when the claim is not approved or not payable (the
    attendance does not meet the threshold); nothing is written then. Safe twice: a paid claim
    is refused a second payment, so the budget holds it once."""
    scheme, claim = _locked(claim)
    if claim.status == Status.PAID:
        raise ValidationError(_("This application is paid already."))
    if claim.status != Status.APPROVED:
        raise ValidationError(_("Only an approved application can be paid."))
    claim = Claim.objects.select_related("enrolment__training", "enrolment__person").get(
        pk=claim.pk
    )
    if not claim_payable(claim):
        raise ValidationError(
            _(
                "Not payable yet: the training is not over, or the attendance is below the "
                "threshold for a certificate."
            ),
            code="not_attended",
        )
    claim_pay_into_budget(claim=claim, scheme=scheme)
    claim.status = Status.PAID
    claim.paid_at = now or timezone.now()
    claim.decided_by = claim.decided_by or coordinator
    claim.save()
    _mail(claim, "paid")
    return claim


@transaction.atomic
def claim_withdraw(*, claim: Claim) -> Claim:
    """The person withdraws a claim that is not paid or decided against. Safe twice."""
    _scheme, claim = _locked(claim)
    if claim.status in (Status.AWAITING_DIRECTOR, Status.SUBMITTED, Status.APPROVED):
        claim.status = Status.WITHDRAWN
        claim.director_token = ""
        claim.save()
    return claim


# --- schemes --------------------------------------------------------------------------------

SCHEME_FIELDS = (
    "training",
    "name",
    "source",
    "yearly_ceiling_eur",
    "refunds_fee",
    "travel_rate_eur_per_km",
    "travel_km_cap",
    "replacement_rate_eur_per_hour",
    "replacement_hours_cap",
    "night_cap_eur",
    "max_per_person_eur",
    "asks_bank_account",
    "active",
)


@transaction.atomic
def scheme_save(*, centre, fields: dict, scheme: SupportScheme | None = None) -> SupportScheme:
    """Create (``scheme`` None) or change a scheme of ``centre``. Raises ``ValidationError``
    for a training of another centre, a second scheme for the centre or the training, or a
    ceiling below what the scheme granted already this year. Safe twice for a change."""
    if scheme is None:
        scheme = SupportScheme(centre=centre)
    else:
        scheme = SupportScheme.objects.select_for_update().get(pk=scheme.pk, centre=centre)
    for name, value in fields.items():
        if name in SCHEME_FIELDS:
            setattr(scheme, name, value)
    scheme.full_clean()
    if scheme.pk:
        year = timezone.localdate().year
        granted = _granted(scheme, year, status__in=Claim.GRANTED)
        if scheme.yearly_ceiling_eur < granted:
            raise ValidationError(
                {
                    "yearly_ceiling_eur": _(
                        "The scheme has granted € %(granted)s in %(year)s already."
                    )
                    % {"granted": money_text(granted), "year": year}
                }
            )
    scheme.save()
    return scheme

"""
Demo support for teachers at the VOV centre (STEM-centrum Oost-Vlaanderen): one scheme for
all its trainings, paid by the Department of Education, and claims at different steps:

- the demo teacher (leerkracht@) for the past "STEM-didactiek" training: approved, and
  payable (she attended both days), so the coordinator can mark it paid;
- the demo teacher for the coming "Robotica in de eerste graad" with replacement: waiting for
  her director (directie@, same school);
- participants of the held "Veilig experimenteren in het STEM-labo": one paid (into the
  training's budget lines), one waiting for the centre, and one refused when a third took
  part.

Idempotent: the scheme is matched on its centre, a claim on its enrolment; no e-mail is sent.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from networks.models import Centre, Organisation

from ..models import Enrolment, Training
from .models import Claim, ClaimItem, SupportScheme
from .services import claim_items, claim_pay_into_budget, training_year

SOURCE = "Vlaamse overheid, Departement Onderwijs en Vorming"
IBANS = ["BE68539007547034", "BE71096123456769", "BE62510007547061", "BE43068999999501"]
Status = Claim.Status


def _claim(enrolment, scheme, status, *, iban, reason="", **wanted) -> Claim | None:
    existing = Claim.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return None
    items = claim_items(scheme=scheme, training=enrolment.training, **wanted)
    now = timezone.now()
    claim = Claim.objects.create(
        enrolment=enrolment,
        person=enrolment.person,
        scheme=scheme,
        year=training_year(enrolment.training),
        status=status,
        total_eur=sum((i.amount_eur for i in items), Decimal("0.00")),
        iban=iban,
        reason=reason,
        decided_at=now if status in (Status.APPROVED, Status.PAID, Status.REFUSED) else None,
    )
    for item in items:
        item.claim = claim
    ClaimItem.objects.bulk_create(items)
    if status == Status.PAID:
        claim_pay_into_budget(claim=claim, scheme=scheme)
        claim.paid_at = now
        claim.save(update_fields=["paid_at"])
    return claim


def load(out) -> None:
    centre = Centre.objects.filter(code="VOV").first()
    source = Organisation.objects.filter(name=SOURCE).first()
    if centre is None or source is None:
        return
    scheme, _created = SupportScheme.objects.get_or_create(
        centre=centre,
        training=None,
        defaults={
            "name": "Deelnamefonds STEM-nascholing Oost-Vlaanderen",
            "source": source,
            "yearly_ceiling_eur": Decimal("12000.00"),
            "refunds_fee": True,
            "travel_rate_eur_per_km": Decimal("0.4269"),
            "travel_km_cap": 250,
            "replacement_rate_eur_per_hour": Decimal("42.50"),
            "replacement_hours_cap": Decimal("8"),
            "night_cap_eur": Decimal("95.00"),
            "max_per_person_eur": Decimal("600.00"),
            "asks_bank_account": True,
        },
    )
    made = 0
    teacher = Enrolment.objects.filter(person__email="leerkracht@stemnet.test")
    nothing = {"fee": False, "travel_km": 0, "replacement_hours": 0, "night_eur": 0}
    past = teacher.filter(training__code="stem-didactiek-voorjaar").first()
    if past is not None:
        made += bool(
            _claim(past, scheme, Status.APPROVED, iban=IBANS[0], **{**nothing, "travel_km": 64})
        )
    coming = teacher.filter(training__code="robotica-1ste-graad").first()
    if coming is not None:
        wanted = {**nothing, "travel_km": 38, "replacement_hours": 4}
        made += bool(_claim(coming, scheme, Status.AWAITING_DIRECTOR, iban=IBANS[0], **wanted))
    held = Training.objects.filter(code="stem-labo-veiligheid").first()
    if held is not None:
        others = list(
            held.enrolments.filter(status=Enrolment.Status.ATTENDED)
            .exclude(person__email="leerkracht@stemnet.test")
            .order_by("pk")[:3]
        )
        steps = [
            (Status.PAID, {**nothing, "travel_km": 112, "replacement_hours": 3}, ""),
            (Status.SUBMITTED, {**nothing, "travel_km": 46}, ""),
            (
                Status.REFUSED,
                {**nothing, "travel_km": 12},
                "De school ligt op fietsafstand van de campus; het fonds betaalt vanaf 15 km.",
            ),
        ]
        for enrolment, (status, wanted, reason), iban in zip(
            others, steps, IBANS[1:], strict=False
        ):
            made += bool(_claim(enrolment, scheme, status, iban=iban, reason=reason, **wanted))
    out.write(f"  support: 1 scheme at {centre.code}, {made} claims added\n")

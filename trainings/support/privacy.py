"""Personal data of teachers' support (see ``stemnet.privacy``): a person's claims, their
bank account and the director's address they gave. Erasing the person withdraws what is not
paid and blanks the bank account, the director's address and name and the link; the claims
stay, without them, so that the budget lines they paid and the reports stay right."""

from django.db.models import Q

from stemnet import privacy

from .models import Claim


def export_claims(user) -> list[dict]:
    claims = Claim.objects.filter(person=user).select_related("enrolment__training")
    return [
        {
            "training": claim.enrolment.training.code,
            "year": claim.year,
            "status": claim.status,
            "items": {item.kind: str(item.amount_eur) for item in claim.items.all()},
            "total_eur": str(claim.total_eur),
            "iban": claim.iban,
            "director_email": claim.director_email,
            "reason": claim.reason,
            "created_at": claim.created_at.isoformat(),
        }
        for claim in claims.prefetch_related("items")
    ]


def erase_claims(user) -> None:
    Claim.objects.filter(
        person=user,
        status__in=[Claim.Status.AWAITING_DIRECTOR, Claim.Status.SUBMITTED, Claim.Status.APPROVED],
    ).update(status=Claim.Status.WITHDRAWN)
    Claim.objects.filter(person=user).update(
        iban="", director_email="", director_token="", director_name=""
    )
    # A director who confirmed others' claims: their name goes, the confirmation stays.
    Claim.objects.filter(Q(director=user)).update(director=None, director_name="")


privacy.register(
    "support_claims",
    description="Applications for support (bursaries), with the bank account and the "
    "director's address given",
    export=export_claims,
    erase=erase_claims,
    models=("support.Claim",),
)

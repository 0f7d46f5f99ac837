"""The support a training offers, on the trainings app's pages:
``{% support_offer training %}``."""

from django import template

from ..models import Claim, ClaimItem
from ..services import APPLYING_STATUSES, scheme_for

register = template.Library()


@register.inclusion_tag("support/_offer.html", takes_context=True)
def support_offer(context, training):
    """The scheme that holds for ``training`` and what the signed-in person can do: apply
    (with a seat and no open claim) or follow their claim. Two or three queries."""
    scheme = scheme_for(training)
    user = context.get("user")
    claim = None
    can_apply = False
    if scheme is not None and user is not None and user.is_authenticated:
        claim = Claim.objects.filter(
            person=user, enrolment__training=training, status__in=Claim.OPEN
        ).first()
        can_apply = (
            claim is None
            and training.enrolments.filter(person=user, status__in=APPLYING_STATUSES).exists()
        )
    kinds = [
        kind
        for kind in (scheme.offers() if scheme else [])
        if kind != ClaimItem.Kind.FEE or training.fee_eur
    ]
    return {
        "scheme": scheme if kinds else None,
        "kinds": kinds,
        "claim": claim,
        "can_apply": can_apply,
        "training": training,
    }

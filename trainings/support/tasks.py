"""Background work of teachers' support: thin tasks taking primary keys."""

from celery import shared_task
from django.core.cache import cache

from .models import Claim

MAIL_SENT_TTL = 7 * 24 * 3600  # longer than any redelivery (the broker's visibility timeout)


@shared_task(name="support.send_claim_mail", bind=True, ignore_result=True)
def send_claim_mail(self, claim_id: int, kind: str) -> None:
    """Send one e-mail about a claim (queued after commit by ``services``, once per step).
    Nothing when the claim is gone. Safe when redelivered: the task's id is kept in the
    cache and a second delivery sends nothing."""
    from .mail import claim_mail_send

    sent_key = f"support:claim-mail-sent:{self.request.id}" if self.request.id else None
    if sent_key and cache.get(sent_key):
        return
    claim = (
        Claim.objects.select_related("person", "enrolment__training__centre")
        .prefetch_related("items")
        .filter(pk=claim_id)
        .first()
    )
    if claim is not None:
        claim_mail_send(claim=claim, kind=kind)
    if sent_key:
        cache.set(sent_key, True, MAIL_SENT_TTL)

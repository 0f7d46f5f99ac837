"""Background work of the quality cycle: thin tasks taking primary keys."""

from celery import shared_task

from . import services


@shared_task(name=services.REVIEW_MAIL_TASK, ignore_result=True)
def send_review_decision_mail(review_id: int) -> int:
    """Mail the scientific committee's decision to the centre's coordinators (queued after
    commit by ``services.review_decide``). Safe twice: the review row remembers it was mailed."""
    return services.review_decision_mail_send(review_id=review_id)

"""
Every write of the newsletters.

Subscribing is double opt-in: ``subscription_request`` keeps the address with the consent
text as shown and its date and queues one confirmation mail; only ``subscription_confirm``
(the signed link, then a button) makes the address one that issues go to. Unsubscribing
(``subscription_end``) works by the token of every mail, in one click, as often as asked.

Sending: ``issue_send`` freezes a draft, writes one ``IssueDelivery`` per confirmed
subscriber and queues the job. Each run of the job (``issue_batch_send``) claims a batch of
deliveries under a row lock, mails each in its own transaction that locks the row again and
sets ``mailed_at`` (a row already mailed, or held by another run, is skipped), and queues the
next batch. A crash mid-batch leaves the rows not mailed for ``issue_send_resume``; a
redelivered task finds the mailed rows marked. Only a crash after the mail server took a
message and before its row's commit could repeat that one message: nothing can close that
window short of a mail server taking part in the transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemnet.outbox.services import send_after_commit
from stemnet.tokens import new_token
from trainings.models import Training

from . import mail
from .models import Issue, IssueDelivery, NewsletterList, Subscription
from .selectors import STALE, confirmed_subscribers, scope_trainings

log = logging.getLogger(__name__)

BATCH = 50  # deliveries per run of the job
CONFIRM_AGAIN_AFTER = dt.timedelta(minutes=15)  # no flood of confirmations to one address


def email_normalise(email: str) -> str:
    """The address as kept: trimmed, lower case. Raises ValidationError when it is none."""
    email = (email or "").strip().lower()
    if "\x00" in email or len(email) > 254:
        raise ValidationError({"email": _("Enter a valid e-mail address.")})
    validate_email(email)
    return email


def subscription_request(
    *,
    newsletter: NewsletterList,
    email: str,
    user=None,
    now: dt.datetime | None = None,
) -> Subscription | None:
    """Ask for ``newsletter`` at ``email``: the consent (the list's text, now) is kept and a
    confirmation mail queued after commit. ``user`` (signed in) is linked when the address is
    their account's. An address already confirmed, or asked for less than
    ``CONFIRM_AGAIN_AFTER`` ago, gets nothing more (the form says the same either way, so it
    never tells whether an address is on a list). Returns the subscription mailed, or None.
    Raises ValidationError for an address that is none. Safe twice."""
    email = email_normalise(email)
    now = now or timezone.now()
    owner = (
        user if user is not None and user.is_authenticated and user.email.lower() == email else None
    )
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(newsletter=newsletter, email=email)
            .order_by()
            .first()
        )
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(
                        newsletter=newsletter,
                        email=email,
                        user=owner,
                        consent_text=newsletter.consent_text,
                        consented_at=now,
                        confirmation_sent_at=now,
                        token=new_token(),
                    )
            except IntegrityError:  # asked at the same moment by another request
                return None
        else:
            if subscription.is_active:
                return None
            sent = subscription.confirmation_sent_at
            if subscription.unsubscribed_at is None and sent and sent > now - CONFIRM_AGAIN_AFTER:
                return None
            subscription.consent_text = newsletter.consent_text
            subscription.consented_at = now
            subscription.confirmation_sent_at = now
            subscription.confirmed_at = None
            subscription.unsubscribed_at = None
            if owner is not None:
                subscription.user = owner
            subscription.save()
        from .tasks import send_confirmation

        send_after_commit(send_confirmation, subscription.pk, subscription.consented_at.isoformat())
    return subscription


def confirmation_mail_send(*, subscription_id: int, consented_at: str) -> bool:
    """Mail the confirmation of the request made at ``consented_at`` (ISO) unless the
    subscription is gone, confirmed or asked for again since. Returns whether it mailed."""
    subscription = (
        Subscription.objects.select_related("newsletter", "user").filter(pk=subscription_id).first()
    )
    if (
        subscription is None
        or subscription.confirmed_at is not None
        or subscription.unsubscribed_at is not None
        or subscription.consented_at.isoformat() != consented_at
    ):
        return False
    mail.confirmation_build(subscription).send()
    return True


def subscription_for_code(code: str) -> Subscription | None:
    """The subscription a confirmation code is for, when the code is valid, unexpired and of
    its latest request; else None. Reads only."""
    value = mail.confirmation_read(code)
    if value is None:
        return None
    pk, email, consented_at = value
    subscription = (
        Subscription.objects.select_related("newsletter").filter(pk=pk, email=email).first()
        if isinstance(pk, int)
        else None
    )
    if subscription is None or subscription.consented_at.isoformat() != consented_at:
        return None
    return subscription


def subscription_confirm(*, code: str, now: dt.datetime | None = None) -> Subscription:
    """Confirm the subscription of a confirmation link. Raises ValidationError for a code
    that is invalid, expired or of an older request. Safe twice (the first date stays)."""
    subscription = subscription_for_code(code)
    if subscription is None or subscription.unsubscribed_at is not None:
        raise ValidationError(_("This confirmation link is not valid (any more)."))
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=now or timezone.now()
    )
    subscription.refresh_from_db()
    return subscription


def subscription_end(*, subscription: Subscription, now: dt.datetime | None = None) -> None:
    """End ``subscription`` (the unsubscribe link, the one-click POST, the profile page):
    nothing more is mailed to it, also not what a running sending has left. Safe twice."""
    Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=now or timezone.now()
    )
    subscription.refresh_from_db(fields=["unsubscribed_at"])


# --- issues ---------------------------------------------------------------------------------


def _clean_issue(
    *, newsletter: NewsletterList, subject: str, intro: str, trainings: Iterable[Training]
) -> tuple[str, str, list[Training]]:
    subject, intro = (subject or "").strip(), (intro or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Give the issue a subject.")
    elif len(subject) > 150:
        errors["subject"] = _("Keep the subject under 150 characters.")
    if len(intro) > 10000:
        errors["intro"] = _("Keep the text under 10,000 characters.")
    if "\x00" in subject + intro:
        errors["intro"] = _("The text contains a character that cannot be kept.")
    picked = list(trainings)
    allowed = set(
        scope_trainings(newsletter)
        .filter(pk__in=[t.pk for t in picked])
        .values_list("pk", flat=True)
    )
    if any(t.pk not in allowed for t in picked):
        errors["trainings"] = _("Pick published trainings of this newsletter's centre.")
    if errors:
        raise ValidationError(errors)
    return subject, intro, picked


@transaction.atomic
def issue_create(
    *,
    newsletter: NewsletterList,
    author,
    subject: str,
    intro: str = "",
    trainings: Iterable[Training] = (),
    library_items: Iterable = (),
) -> Issue:
    """A draft issue of ``newsletter``. Raises ValidationError for an empty or too long
    subject or text, or a pick outside the list's scope. Not safe twice (two drafts)."""
    subject, intro, picked = _clean_issue(
        newsletter=newsletter, subject=subject, intro=intro, trainings=trainings
    )
    issue = Issue.objects.create(
        newsletter=newsletter, subject=subject, intro=intro, created_by=author
    )
    issue.trainings.set(picked)
    from .library import issue_library_set

    issue_library_set(issue, library_items)
    return issue


@transaction.atomic
def issue_update(
    *,
    issue: Issue,
    subject: str,
    intro: str = "",
    trainings: Iterable[Training] = (),
    library_items: Iterable = (),
) -> Issue:
    """Change a draft. Raises ValidationError as ``issue_create`` does, and for an issue that
    was sent already. Safe twice."""
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if not locked.is_draft:
        raise ValidationError(_("This issue was sent: it can no longer change."))
    subject, intro, picked = _clean_issue(
        newsletter=locked.newsletter, subject=subject, intro=intro, trainings=trainings
    )
    locked.subject, locked.intro = subject, intro
    locked.save(update_fields=["subject", "intro", "updated_at"])
    locked.trainings.set(picked)
    from .library import issue_library_set

    issue_library_set(locked, library_items)
    return locked


@transaction.atomic
def issue_delete(*, issue: Issue) -> None:
    """Delete a draft. Raises ValidationError for an issue that was sent. Safe twice."""
    locked = Issue.objects.select_for_update().filter(pk=issue.pk).first()
    if locked is None:
        return
    if not locked.is_draft:
        raise ValidationError(_("A sent issue stays in the archive."))
    locked.delete()


@transaction.atomic
def issue_send(*, issue: Issue, now: dt.datetime | None = None) -> int:
    """Send a draft to every confirmed subscriber of its list: one delivery each, the job
    queued after commit; the issue enters the archive. Returns the number of recipients.
    Raises ValidationError when the issue was sent already or nobody has confirmed. Safe
    twice (the second call raises and queues nothing)."""
    now = now or timezone.now()
    locked = Issue.objects.select_for_update().select_related("newsletter").get(pk=issue.pk)
    if not locked.is_draft:
        raise ValidationError(_("This issue was sent already."))
    subscriptions = list(confirmed_subscribers(locked.newsletter).values_list("pk", flat=True))
    if not subscriptions:
        raise ValidationError(_("Nobody has confirmed a subscription to this newsletter yet."))
    IssueDelivery.objects.bulk_create(
        [IssueDelivery(issue=locked, subscription_id=pk) for pk in subscriptions],
        ignore_conflicts=True,
    )
    locked.status = Issue.Status.SENDING
    locked.sent_at = locked.sending_seen_at = now
    locked.error = ""
    locked.save(update_fields=["status", "sent_at", "sending_seen_at", "error", "updated_at"])
    _queue(locked)
    return len(subscriptions)


def _queue(issue: Issue) -> None:
    from .tasks import send_issue_batch

    send_after_commit(send_issue_batch, issue.pk)


def _claim(issue_id: int, *, size: int, now: dt.datetime) -> list[int]:
    """Take up to ``size`` deliveries not mailed and not held by a live run (a claim older
    than STALE is a lost run's), under a row lock that other runs skip."""
    with transaction.atomic():
        rows = list(
            IssueDelivery.objects.select_for_update(skip_locked=True)
            .filter(issue_id=issue_id, mailed_at__isnull=True)
            .exclude(claimed_at__gte=now - STALE)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        IssueDelivery.objects.filter(pk__in=rows).update(claimed_at=now)
    return rows


def _mail_one(pk: int, *, issue: Issue, now: dt.datetime) -> bool:
    """Mail one claimed delivery in its own transaction, the row locked again: a row mailed
    meanwhile, or held by another run, is skipped; an ended subscription is not mailed."""
    with transaction.atomic():
        delivery = (
            IssueDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription__user")
            .filter(pk=pk, mailed_at__isnull=True)
            .first()
        )
        if delivery is None:
            return False
        if not delivery.subscription.is_active:
            delivery.mailed_at = None
            delivery.delete()  # unsubscribed since the issue left: no mail, no row
            return False
        mail.issue_build(issue, delivery.subscription).send()
        delivery.mailed_at = now
        delivery.save(update_fields=["mailed_at"])
    return True


def issue_batch_send(*, issue_id: int, size: int = BATCH, now: dt.datetime | None = None) -> int:
    """One run of the sending job (the task ``newsletters.send_issue_batch``): mail up to
    ``size`` deliveries, each once, then queue the next run or mark the issue sent. A failure
    releases this run's claims, marks the issue interrupted (``issue_send_resume`` goes on) and
    raises. Returns how many were mailed. Safe twice and beside another run."""
    now = now or timezone.now()
    issue = Issue.objects.select_related("newsletter").filter(pk=issue_id).first()
    if issue is None or issue.status not in (Issue.Status.SENDING,):
        return 0
    Issue.objects.filter(pk=issue_id).update(sending_seen_at=now)
    claimed = _claim(issue_id, size=size, now=now)
    mailed = 0
    try:
        for pk in claimed:
            if _mail_one(pk, issue=issue, now=now):
                mailed += 1
    except Exception as exc:
        IssueDelivery.objects.filter(pk__in=claimed, mailed_at__isnull=True).update(claimed_at=None)
        Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).update(
            status=Issue.Status.INTERRUPTED, error=repr(exc)[:500]
        )
        log.warning("newsletter issue %s interrupted after %s mails: %r", issue_id, mailed, exc)
        raise
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue_id)
        if locked.status != Issue.Status.SENDING:
            return mailed
        waiting = IssueDelivery.objects.filter(issue_id=issue_id, mailed_at__isnull=True)
        if not waiting.exists():
            locked.status, locked.finished_at = Issue.Status.SENT, now
            locked.save(update_fields=["status", "finished_at", "updated_at"])
        elif claimed:
            _queue(locked)  # the next batch
        # else: every waiting row is held by a live run, which queues what follows
    return mailed


@transaction.atomic
def issue_send_resume(*, issue: Issue, now: dt.datetime | None = None) -> int:
    """Go on with a sending that was interrupted or lost its worker: the claims of rows not
    mailed are released and the job queued again. Returns how many wait. Raises
    ValidationError for an issue that is not interrupted. Safe twice (the per-row lock keeps
    two runs from mailing one row)."""
    now = now or timezone.now()
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    lost = (
        locked.status == Issue.Status.SENDING
        and locked.sending_seen_at is not None
        and locked.sending_seen_at < now - STALE
    )
    if locked.status != Issue.Status.INTERRUPTED and not lost:
        raise ValidationError(_("This issue is not interrupted."))
    waiting = IssueDelivery.objects.filter(issue=locked, mailed_at__isnull=True)
    waiting.update(claimed_at=None)
    locked.status, locked.sending_seen_at, locked.error = Issue.Status.SENDING, now, ""
    locked.save(update_fields=["status", "sending_seen_at", "error", "updated_at"])
    _queue(locked)
    return waiting.count()

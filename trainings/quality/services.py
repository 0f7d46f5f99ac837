"""Every write of the quality cycle: a centre's review rule, the scientific committee's
decision on a training in review (and its e-mail), a centre's yearly review, external
evaluations and peer reviews, and their follow-up actions.

Publishing itself stays the core's (``trainings.services.trainings``: ``training_publish``
submits for review when the centre asks for it, ``training_review_approve`` publishes,
``training_review_return`` makes a draft again); this module records why.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networks.models import Centre, Membership
from stemnet.mail import mail_kind
from stemnet.outbox.services import send_after_commit
from stemnet.site import absolute_url

from ..models import Training
from ..services.mail import person_mail_send
from ..services.trainings import training_review_approve, training_review_return
from .models import (
    FIRST_YEAR,
    LAST_YEAR,
    Criterion,
    CriterionVerdict,
    ExternalEvaluation,
    QualityAction,
    TrainingReview,
    Verdict,
    YearlyReview,
)

if TYPE_CHECKING:
    from networks.models import Network
    from stemnet.accounts.models import User

REVIEW_DECIDED = mail_kind(
    "quality/email/review_decided", "the scientific committee approved or sent back a training"
)
REVIEW_MAIL_TASK = "quality.send_review_decision_mail"
EVALUATION_FIELDS = ("kind", "title", "evaluator", "held_from", "held_until", "findings")
ACTION_FIELDS = ("description", "owner", "due_on", "status")


# --- the centre's rule ------------------------------------------------------------------------


@transaction.atomic
def centre_review_rule_set(*, centre: Centre, required: bool) -> Centre:
    """Turn "review before publication" on or off for ``centre``. Trainings already in review
    stay in review (the committee still decides on them); published ones stay published.
    Safe to run twice."""
    Centre.objects.filter(pk=centre.pk).update(review_before_publication=required)
    centre.review_before_publication = required
    return centre


# --- deciding on a training in review ---------------------------------------------------------


@transaction.atomic
def review_decide(
    *,
    training: Training,
    reviewer: User,
    approve: bool,
    verdicts: dict[str, tuple[str, str]],
    remarks: str,
    now: dt.datetime | None = None,
) -> TrainingReview:
    """Record the scientific committee's decision on ``training`` (in review): ``verdicts``
    maps every ``Criterion`` to ``(Verdict, remark)``. Approved, it is published through the
    core's ``training_review_approve`` (listed and open for enrolment from then on); sent back,
    it is a draft again (``training_review_return``) and ``remarks`` says why. The centre's
    coordinators are mailed after commit (task ``quality.send_review_decision_mail``).

    Raises ValidationError (nothing written) when a criterion has no valid verdict, when a
    training is sent back without remarks, or when it is not in review — so a second call
    (a double click) records nothing more."""
    now = now or timezone.now()
    locked = Training.objects.select_for_update().get(pk=training.pk)
    if locked.status != Training.Status.IN_REVIEW:
        raise ValidationError(_("This training is not in review (any more)."))
    missing = [
        str(label)
        for code, label in Criterion.choices
        if (verdicts.get(code) or ("", ""))[0] not in Verdict.values
    ]
    if missing:
        raise ValidationError(
            _("Give a verdict on every criterion: %(names)s.") % {"names": ", ".join(missing)}
        )
    remarks = remarks.strip()
    if not approve and not remarks:
        raise ValidationError(
            {"remarks": _("Say why the training is sent back: the coordinator reads it.")}
        )
    review = TrainingReview.objects.create(
        training=locked,
        reviewer=reviewer,
        reviewer_name=reviewer.get_full_name() or reviewer.email,
        decision=TrainingReview.Decision.APPROVED if approve else TrainingReview.Decision.RETURNED,
        remarks=remarks,
        submitted_at=locked.updated_at,  # the last change of the training: its submission
        decided_at=now,
    )
    CriterionVerdict.objects.bulk_create(
        CriterionVerdict(
            review=review,
            criterion=code,
            verdict=verdicts[code][0],
            remark=(verdicts[code][1] or "").strip(),
        )
        for code in Criterion.values
    )
    if approve:
        training_review_approve(training=locked)
    else:
        training_review_return(training=locked)
    send_after_commit(REVIEW_MAIL_TASK, review.pk)
    return review


def _review_subject(review: TrainingReview):
    def subject() -> str:
        if review.decision == TrainingReview.Decision.APPROVED:
            return _('Approved and published: "%(title)s"') % {"title": review.training.title}
        return _('Sent back with remarks: "%(title)s"') % {"title": review.training.title}

    return subject


def review_decision_mail_send(*, review_id: int) -> int:
    """Mail the decision of review ``review_id`` to the coordinators of its centre, once:
    the review is locked and ``mailed_at`` set in the same transaction, so a redelivered task
    sends nothing. Returns how many were mailed (0 when gone or already mailed)."""
    with transaction.atomic():
        review = (
            TrainingReview.objects.select_for_update(of=("self",))
            .select_related("training__centre")
            .filter(pk=review_id, mailed_at__isnull=True)
            .first()
        )
        if review is None:
            return 0
        training = review.training
        coordinators = [
            m.user
            for m in Membership.objects.filter(
                role=Membership.Role.COORDINATOR, centre_id=training.centre_id
            ).select_related("user")
        ]
        sent = 0
        for person in coordinators:
            sent += person_mail_send(
                person=person,
                subject=_review_subject(review),
                template=REVIEW_DECIDED.template,
                context={"review": review, "training": training, "verdicts": review.verdicts.all()},
                actions=lambda: [
                    (
                        gettext_lazy("Open the training in the workspace"),
                        absolute_url(reverse("workspace:training", args=[training.pk])),
                    ),
                    (
                        gettext_lazy("Read the review"),
                        absolute_url(reverse("quality:training_review", args=[training.pk])),
                    ),
                ],
            )
        review.mailed_at = timezone.now()
        review.save(update_fields=["mailed_at"])
    return sent


# --- yearly review ----------------------------------------------------------------------------


def _year_check(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("The year lies between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


@transaction.atomic
def yearly_review_save(*, centre: Centre, year: int, findings: str, by: User) -> YearlyReview:
    """Open ``centre``'s review of ``year`` (the first time) and keep its ``findings``.
    Raises ValidationError for a year out of range or findings with a NUL character. Safe to
    run twice (the same row, the same findings)."""
    _year_check(year)
    if "\x00" in findings:
        raise ValidationError({"findings": _("The text contains a character that is not allowed.")})
    review, _created = YearlyReview.objects.select_for_update().get_or_create(
        centre=centre, year=year, defaults={"opened_by": by}
    )
    review.findings = findings.strip()
    review.full_clean()
    review.save()
    return review


# --- external evaluations and peer reviews ----------------------------------------------------


@transaction.atomic
def evaluation_create(
    *, fields: dict, by: User, centre: Centre | None = None, network: Network | None = None
) -> ExternalEvaluation:
    """Record an external evaluation or peer review of ``centre`` or ``network`` (exactly one).
    Raises ValidationError on invalid fields (nothing written). Not idempotent: each call
    records one."""
    evaluation = ExternalEvaluation(
        centre=centre,
        network=None if centre else network,
        recorded_by=by,
        **{k: v for k, v in fields.items() if k in EVALUATION_FIELDS},
    )
    if (
        evaluation.held_until
        and evaluation.held_from
        and evaluation.held_until < evaluation.held_from
    ):
        raise ValidationError({"held_until": _("The end comes before the start.")})
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_update(*, evaluation: ExternalEvaluation, fields: dict) -> ExternalEvaluation:
    """Change an evaluation's fields (not what it is about). Raises ValidationError on invalid
    fields (nothing written). Safe to run twice."""
    evaluation = ExternalEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    for name, value in fields.items():
        if name in EVALUATION_FIELDS:
            setattr(evaluation, name, value)
    if evaluation.held_until and evaluation.held_until < evaluation.held_from:
        raise ValidationError({"held_until": _("The end comes before the start.")})
    evaluation.full_clean()
    evaluation.save()
    return evaluation


# --- follow-up actions ------------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    fields: dict,
    yearly_review: YearlyReview | None = None,
    evaluation: ExternalEvaluation | None = None,
) -> QualityAction:
    """Add a follow-up action (description, owner, due date, status) to a yearly review or an
    evaluation (exactly one). Raises ValidationError on invalid fields. Not idempotent."""
    if (yearly_review is None) == (evaluation is None):
        raise ValueError("an action follows either a yearly review or an evaluation")
    action = QualityAction(
        yearly_review=yearly_review,
        evaluation=evaluation,
        **{k: v for k, v in fields.items() if k in ACTION_FIELDS},
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_update(*, action: QualityAction, fields: dict) -> QualityAction:
    """Change an action's description, owner, due date or status. Raises ValidationError on
    invalid fields (nothing written). Safe to run twice."""
    action = QualityAction.objects.select_for_update().get(pk=action.pk)
    for name, value in fields.items():
        if name in ACTION_FIELDS:
            setattr(action, name, value)
    action.full_clean()
    action.save()
    return action

"""The scientific committee's decision on a training in review (trainings.quality.services):
approved, it is published through the core's path; sent back, it is a draft with the
remarks; the coordinators are mailed once; nothing is written twice or on bad input."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from networks.models import Membership
from tests.factories import MembershipFactory
from tests.trainings.factories import SessionFactory, TrainingFactory
from trainings.models import Training
from trainings.quality import services
from trainings.quality.models import (
    Criterion,
    CriterionVerdict,
    ExternalEvaluation,
    QualityAction,
    TrainingReview,
    Verdict,
    YearlyReview,
)
from trainings.quality.selectors import last_return
from trainings.services.trainings import (
    needs_review,
    training_publish,
    training_review_approve,
    training_review_return,
)

pytestmark = pytest.mark.django_db
ALL_MEET = dict.fromkeys(Criterion.values, (Verdict.MEETS, ""))


@pytest.fixture
def in_review(world):
    world.centre.review_before_publication = True
    world.centre.save()
    training = TrainingFactory(centre=world.centre, status=Training.Status.DRAFT)
    SessionFactory(training=training)
    return training_publish(training=training)


def test_the_rule_reads_the_centre_and_publishing_twice_submits_once(in_review, world):
    assert needs_review(in_review) and in_review.status == Training.Status.IN_REVIEW
    assert training_publish(training=in_review).status == Training.Status.IN_REVIEW
    services.centre_review_rule_set(centre=world.centre, required=False)
    assert not needs_review(in_review)
    # Turning the rule off leaves a training in review to the committee.
    in_review.refresh_from_db()
    assert in_review.status == Training.Status.IN_REVIEW


def test_approval_publishes_and_mails_the_coordinators_once(
    in_review, world, django_capture_on_commit_callbacks
):
    second = MembershipFactory(user__email="tweede@example.org", centre=world.centre).user
    with django_capture_on_commit_callbacks(execute=True):
        review = services.review_decide(
            training=in_review,
            reviewer=world.committee,
            approve=True,
            verdicts={**ALL_MEET, "needs": (Verdict.PARTLY, "Verwijs naar de bevraging.")},
            remarks="",
        )
    in_review.refresh_from_db()
    assert in_review.status == Training.Status.PUBLISHED
    assert review.decision == TrainingReview.Decision.APPROVED
    assert review.reviewer_name == world.committee.get_full_name()
    assert CriterionVerdict.objects.get(review=review, criterion="needs").remark == (
        "Verwijs naar de bevraging."
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.coordinator.email, second.email])
    assert "Goedgekeurd en gepubliceerd" in mail.outbox[0].subject
    # A redelivered task mails nobody again.
    assert services.review_decision_mail_send(review_id=review.pk) == 0
    assert len(mail.outbox) == 2


def test_sending_back_makes_a_draft_that_shows_why(
    in_review, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(
            training=in_review,
            reviewer=world.committee,
            approve=False,
            verdicts={**ALL_MEET, "research": (Verdict.NOT_MET, "Welk onderzoek?")},
            remarks="Vermeld de onderzoeksbasis.",
        )
    in_review.refresh_from_db()
    assert in_review.status == Training.Status.DRAFT
    returned = last_return(in_review)
    assert returned.remarks == "Vermeld de onderzoeksbasis."
    assert {v.criterion: v.verdict for v in returned.verdict_list}["research"] == "not_met"
    assert "Teruggestuurd met opmerkingen" in mailoutbox[0].subject
    assert "Vermeld de onderzoeksbasis." in mailoutbox[0].body
    # Submitted again and approved: the history keeps both, the notice goes.
    training_publish(training=in_review)
    services.review_decide(
        training=in_review, reviewer=world.committee, approve=True, verdicts=ALL_MEET, remarks=""
    )
    assert in_review.quality_reviews.count() == 2
    assert last_return(in_review) is None


def test_a_decision_twice_records_once(in_review, world):
    services.review_decide(
        training=in_review, reviewer=world.committee, approve=True, verdicts=ALL_MEET, remarks=""
    )
    with pytest.raises(ValidationError):
        services.review_decide(
            training=in_review,
            reviewer=world.committee,
            approve=False,
            verdicts=ALL_MEET,
            remarks="Te laat",
        )
    assert TrainingReview.objects.count() == 1


@pytest.mark.parametrize(
    "verdicts, approve, remarks",
    [
        ({}, True, ""),  # no verdicts
        ({**ALL_MEET, "research": ("great", "")}, True, ""),  # not a verdict
        (ALL_MEET, False, "   "),  # sent back without saying why
    ],
)
def test_bad_decisions_write_nothing(in_review, world, verdicts, approve, remarks):
    with pytest.raises(ValidationError):
        services.review_decide(
            training=in_review,
            reviewer=world.committee,
            approve=approve,
            verdicts=verdicts,
            remarks=remarks,
        )
    in_review.refresh_from_db()
    assert in_review.status == Training.Status.IN_REVIEW
    assert not TrainingReview.objects.exists() and not CriterionVerdict.objects.exists()


def test_the_core_steps_refuse_a_training_not_in_review(world):
    training = TrainingFactory(centre=world.centre)
    with pytest.raises(ValidationError):
        training_review_approve(training=training)
    with pytest.raises(ValidationError):
        training_review_return(training=training)


def test_yearly_review_opens_once_and_refuses_bad_input(world):
    first = services.yearly_review_save(centre=world.centre, year=2025, findings=" A ", by=None)
    again = services.yearly_review_save(centre=world.centre, year=2025, findings="A", by=None)
    assert first.pk == again.pk and again.findings == "A"
    for year in (1999, 2101):
        with pytest.raises(ValidationError):
            services.yearly_review_save(centre=world.centre, year=year, findings="", by=None)
    with pytest.raises(ValidationError):
        services.yearly_review_save(centre=world.centre, year=2025, findings="a\x00b", by=None)
    assert YearlyReview.objects.get().findings == "A"


def test_evaluations_and_actions(world):
    fields = {
        "kind": ExternalEvaluation.Kind.PEER,
        "title": "Peer review",
        "evaluator": "IMST",
        "held_from": dt.date(2025, 10, 6),
        "held_until": dt.date(2025, 10, 1),
    }
    with pytest.raises(ValidationError):
        services.evaluation_create(fields=fields, by=world.committee, centre=world.centre)
    fields["held_until"] = dt.date(2025, 10, 8)
    evaluation = services.evaluation_create(fields=fields, by=world.committee, centre=world.centre)
    action = services.action_add(
        fields={"description": "Opvolgen", "owner": "Comité", "due_on": dt.date(2026, 1, 1)},
        evaluation=evaluation,
    )
    assert action.status == QualityAction.Status.PLANNED
    services.action_update(action=action, fields={"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    with pytest.raises(ValidationError):
        services.action_update(action=action, fields={"status": "NaN"})
    action.refresh_from_db()
    assert action.status == "done"


def test_a_steering_membership_has_no_centre(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=world.teacher, role=Membership.Role.STEERING, centre=world.centre
        )


@pytest.mark.django_db(transaction=True)
def test_two_committee_members_deciding_at_once_record_one_decision(require_postgres, world):
    """Under the row lock the second decision sees the training is no longer in review."""
    world.centre.review_before_publication = True
    world.centre.save()
    training = TrainingFactory(centre=world.centre, status=Training.Status.DRAFT)
    SessionFactory(training=training)
    training_publish(training=training)
    other = MembershipFactory(
        user__email="comite2@example.org", role=Membership.Role.COMMITTEE, centre=None
    ).user
    barrier = threading.Barrier(2)
    errors = []

    def decide(person, approve):
        try:
            barrier.wait()
            services.review_decide(
                training=training,
                reviewer=person,
                approve=approve,
                verdicts=ALL_MEET,
                remarks="Nee" if not approve else "",
            )
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(world.committee, True)),
        threading.Thread(target=decide, args=(other, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(errors) == 1
    assert TrainingReview.objects.filter(training=training).count() == 1
    review = TrainingReview.objects.get(training=training)
    training.refresh_from_db()
    expected = Training.Status.PUBLISHED if review.decision == "approved" else "draft"
    assert training.status == expected

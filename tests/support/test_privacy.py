"""A person's claims in the export of their data; erasing them withdraws what is not paid
and blanks the bank account and the director's address, keeping the paid amounts."""

from decimal import Decimal

import pytest

from stemnet import privacy
from trainings.models import BudgetLine
from trainings.support import services
from trainings.support.models import Claim

from .factories import IBAN, EnrolmentFactory, SchemeFactory, attend, past_training

pytestmark = pytest.mark.django_db


def test_claims_are_exported_and_erased_with_the_person(world):
    SchemeFactory(centre=world.centre)
    paid = EnrolmentFactory(training=past_training(world.centre), person=world.teacher)
    claim = services.claim_submit(enrolment=paid, fee=True, iban=IBAN)
    services.claim_approve(claim=claim, coordinator=world.coordinator)
    attend(paid)
    services.claim_mark_paid(claim=claim, coordinator=world.coordinator)
    waiting = EnrolmentFactory(training=past_training(world.centre), person=world.teacher)
    services.claim_submit(
        enrolment=waiting, replacement_hours=2, iban=IBAN, director_email="dir@school.example"
    )
    exported = privacy.export_person(world.teacher)["support_claims"]
    assert {row["iban"] for row in exported} == {IBAN}
    assert "dir@school.example" in {row["director_email"] for row in exported}

    privacy.erase_person(world.teacher)
    rows = list(Claim.objects.filter(person=world.teacher).order_by("pk"))
    assert [c.status for c in rows] == [Claim.Status.PAID, Claim.Status.WITHDRAWN]
    assert all(not (c.iban or c.director_email or c.director_token) for c in rows)
    assert sum(line.paid_eur for line in BudgetLine.objects.all()) == Decimal("60.00")

"""The ceiling of a scheme's source is never passed, also when two coordinators approve at
the same moment (real PostgreSQL only: the scheme's row lock serialises them)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from trainings.support import services
from trainings.support.models import Claim

from .factories import IBAN, EnrolmentFactory, SchemeFactory, past_training

RUNS = 10


def _race(claims, coordinator) -> tuple[list, list]:
    barrier = threading.Barrier(len(claims))
    approved, refused = [], []

    def approve(claim):
        try:
            barrier.wait()
            services.claim_approve(claim=claim, coordinator=coordinator)
            approved.append(claim.pk)
        except ValidationError as exc:
            refused.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(c,)) for c in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return approved, refused


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_never_pass_the_ceiling(require_postgres, world):
    for run in range(RUNS):
        # Room for one claim of 60.00 (the fee), not for two.
        scheme = SchemeFactory(
            centre=world.centre,
            training=past_training(world.centre, code=f"race-{run}"),
            yearly_ceiling_eur=Decimal("100.00"),
        )
        claims = [
            services.claim_submit(
                enrolment=EnrolmentFactory(training=scheme.training), fee=True, iban=IBAN
            )
            for _ in range(2)
        ]
        approved, refused = _race(claims, world.coordinator)
        assert len(approved) == 1 and refused == ["ceiling"], f"run {run}"
        granted = Claim.objects.filter(scheme=scheme, status__in=Claim.GRANTED)
        assert sum(c.total_eur for c in granted) <= scheme.yearly_ceiling_eur

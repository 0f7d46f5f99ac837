"""Certificates: the verification code printed on a certificate (the PDF is
``trainings.certificates``; who may have one is ``trainings.selectors.certificate_for``)."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from ..models import Enrolment


def certificate_code_issue(*, enrolment: Enrolment) -> str:
    """Give the enrolment its certificate verification code (once) and return it.

    Safe to run twice: an existing code is kept. Eligibility is checked by the caller
    (``trainings.selectors.certificate_for``).
    """
    if enrolment.certificate_code:
        return enrolment.certificate_code
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
    for _attempt in range(10):
        code = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))
        try:
            with transaction.atomic():
                Enrolment.objects.filter(pk=enrolment.pk, certificate_code__isnull=True).update(
                    certificate_code=code
                )
        except IntegrityError:  # the same code exists already: draw again
            continue
        enrolment.refresh_from_db(fields=["certificate_code"])
        # Set now (by this update or a concurrent one); mypy keeps the narrowing from above.
        return enrolment.certificate_code  # type: ignore[return-value]
    raise RuntimeError("Could not draw a unique certificate code.")

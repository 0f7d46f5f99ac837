"""Certificates: the verification code printed on a certificate: how it is drawn, and how
what a person types or pastes is read back into it (the PDF is ``trainings.certificates``;
who may have one is ``trainings.selectors.certificate_for``)."""

from __future__ import annotations

import secrets
import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import Enrolment

# No 0/O and no 1/I: a code is read aloud and typed by hand. Both of each pair are left out,
# so a look-alike typed for the other cannot be mapped back: it gets its own message.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LEFT_OUT = "0O1I"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LENGTH
# Longer than any spelling of a code with spaces and dashes: cut off before any work.
CODE_INPUT_MAX = 100
# Read as separators and dropped: whitespace (``str.isspace``), the dashes of every script
# (Pd), the minus sign, and format characters (Cf) such as the soft hyphen and the zero-width
# space that a PDF viewer copies along with the code.
_SEPARATOR_CATEGORIES = ("Pd", "Cf")
_MINUS = "\u2212"


def _code_format(symbols: str) -> str:
    """``ABCDEFGHJKLM`` as printed: ``ABCD-EFGH-JKLM``."""
    size = CODE_GROUP_LENGTH
    return "-".join(symbols[i : i + size] for i in range(0, len(symbols), size))


def certificate_code_issue(*, enrolment: Enrolment) -> str:
    """Give the enrolment its certificate verification code (once) and return it.

    Safe to run twice: an existing code is kept. Eligibility is checked by the caller
    (``trainings.selectors.certificate_for``).
    """
    if enrolment.certificate_code:
        return enrolment.certificate_code
    for _attempt in range(10):
        code = _code_format("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))
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


def certificate_code_normalise(raw: str | None) -> str:
    """The code as printed (``ABCD-EFGH-JKLM``) from what a person typed or pasted.

    The one reader of a typed code (the check form, ``selectors.certificate_by_code``):
    any case, with or without dashes, with spaces or line breaks anywhere, typographic
    dashes, full-width letters and the invisible characters a copy from a PDF brings along.
    Changes nothing; raises ``ValidationError`` with a message for the person when the
    input cannot be a code (empty, too long, other characters, O/0/I/1, too few or too many
    letters). Whether a certificate has the code is for the caller to look up.
    """
    raw = raw or ""
    if len(raw) > CODE_INPUT_MAX:
        raise ValidationError(
            _(
                "That is too long for a verification code: a code has 12 letters and digits, "
                "e.g. ABCD-EFGH-JKLM."
            ),
            code="too_long",
        )
    text = unicodedata.normalize("NFKC", raw)
    symbols = "".join(
        char
        for char in text
        if not (
            char.isspace() or char == _MINUS or unicodedata.category(char) in _SEPARATOR_CATEGORIES
        )
    ).upper()
    if not symbols:
        raise ValidationError(
            _("Enter the verification code printed on the certificate."), code="required"
        )
    if not all(char.isascii() and char.isalnum() for char in symbols):
        raise ValidationError(
            _("A verification code has only letters and digits (and dashes), e.g. ABCD-EFGH-JKLM."),
            code="characters",
        )
    if any(char in CODE_LEFT_OUT for char in symbols):
        raise ValidationError(
            _(
                "A verification code never contains the letters O and I or the digits 0 and 1: "
                "check the code on the certificate."
            ),
            code="left_out",
        )
    if len(symbols) != CODE_LENGTH:
        raise ValidationError(
            _("A verification code has 12 letters and digits; you entered %(count)d.")
            % {"count": len(symbols)},
            code="length",
        )
    return _code_format(symbols)

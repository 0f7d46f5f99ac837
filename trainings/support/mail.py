"""The e-mails of teachers' support: the person at every step, the director asked to confirm
the replacement (by account, or by a personal link to the address the teacher gave). Each is
a registered kind of ``stemnet.mail``; links are absolute (``SITE_URL``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemnet.mail import mail_build, mail_kind
from stemnet.site import absolute_url

from ..services.mail import person_mail_send
from .models import Claim
from .services import directors_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SUBJECTS = {
    "submitted": gettext_lazy("Application for support received: %(title)s"),
    "director_request": gettext_lazy("Please confirm a replacement: %(title)s"),
    "confirmed": gettext_lazy("Replacement confirmed: %(title)s"),
    "declined": gettext_lazy("Replacement not confirmed: %(title)s"),
    "approved": gettext_lazy("Support approved: %(title)s"),
    "refused": gettext_lazy("Support refused: %(title)s"),
    "paid": gettext_lazy("Support paid: %(title)s"),
}
for _kind in SUBJECTS:
    mail_kind(f"support/email/{_kind}", f"support for teachers: {_kind}")


def _details(claim: Claim) -> list[tuple[StrOrPromise, str]]:
    rows: list[tuple[StrOrPromise, str]] = [
        (_("Training"), claim.enrolment.training.title),
        (_("Centre"), claim.enrolment.training.centre.name),
    ]
    for item in claim.items.all():
        rows.append(
            (item.get_kind_display(), "€ " + formats.number_format(item.amount_eur, 2, True))
        )
    rows.append((_("Total"), "€ " + formats.number_format(claim.total_eur, 2, True)))
    rows.append((_("Status"), claim.get_status_display()))
    return rows


def claim_mail_send(*, claim: Claim, kind: str) -> int:
    """Send the ``kind`` e-mail about ``claim``; returns how many went out. Sends every time
    it is called (the task deduplicates). Raises ``KeyError`` for an unknown kind."""
    subject = SUBJECTS[kind]
    training = claim.enrolment.training

    def subject_text() -> str:
        return str(subject) % {"title": training.title}

    if kind != "director_request":
        mine = absolute_url(reverse("support:mine"))
        sent = person_mail_send(
            person=claim.person,
            subject=subject_text,
            template=f"support/email/{kind}",
            context={"claim": claim, "training": training},
            details=lambda: _details(claim),
            actions=lambda: [(_("My support"), mine)],
        )
        return int(sent)
    if claim.director_token and claim.director_email:
        link = absolute_url(reverse("support:director_link", args=[claim.director_token]))
        with translation.override(settings.LANGUAGE_CODE):
            mail_build(
                to=claim.director_email,
                subject=subject_text(),
                template=f"support/email/{kind}",
                context={"claim": claim, "training": training, "link": True},
                details=_details(claim),
                actions=[(_("Answer"), link)],
            ).send()
        return 1
    count = 0
    answer = absolute_url(reverse("support:director_confirm", args=[claim.pk]))
    for director in directors_of(claim.person):
        count += person_mail_send(
            person=director,
            subject=subject_text,
            template=f"support/email/{kind}",
            context={"claim": claim, "training": training, "link": False},
            details=lambda: _details(claim),
            actions=lambda: [(_("Answer"), answer)],
        )
    return count

"""
Every write of school development projects: calls, applications, reviews, decisions and
projects (see ``models.py`` for the flow).

**The deadline is checked under the application's lock** (``select_for_update``) and before
anything is written: a draft saved before the deadline can no longer be saved nor submitted
after it, and the refusal writes nothing.

**Decisions run under the call's lock**, so that two decisions at once cannot together grant
more projects or more money than the call has.

**Grants on the budget.** ``trainings.BudgetLine`` keeps one centre-wide line per centre,
year, category and funding source; all projects granted by a centre in one year on one source
share that line (category "school development projects"), whose planned and paid amounts are
the sums of its projects' grants and payments (``budget_line_sync``), so budgets and reports
read the grants as any other line.

**Mail** goes through ``Delivery`` rows (one per person and purpose), sent by the tasks of
``tasks.py`` with ``mail_each_once``: a task run twice sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stemnet import access
from stemnet.accounts.levels import related
from stemnet.accounts.models import PersonRole, User
from stemnet.mail import mail_build, mail_kind
from stemnet.outbox.services import send_after_commit
from stemnet.site import absolute_url, site_url

from ..models import BudgetCategory, BudgetLine
from ..services.mail import mail_each_once, person_mail_send
from ..teams.services import colleagues, parse_addresses
from .models import (
    Answer,
    Application,
    ApplicationMember,
    Attachment,
    BudgetItem,
    Call,
    CallQuestion,
    CallReviewer,
    Conflict,
    Criterion,
    Delivery,
    Milestone,
    ProgressReport,
    Project,
    Review,
    Score,
)

if TYPE_CHECKING:
    from networks.models import Centre, Organisation

CENT = Decimal("0.01")
TEACHERS_MIN = 2
BUDGET_LINES_MAX = 30
ATTACHMENTS_MAX = 10

MAIL_SUBJECTS = {
    Delivery.Kind.ANNOUNCEMENT: gettext_lazy("New call for school development projects: %(title)s"),
    Delivery.Kind.RECEIPT: gettext_lazy("Application received: %(title)s"),
    Delivery.Kind.DECISION: gettext_lazy("Decision on your application: %(title)s"),
    Delivery.Kind.INVITATION: gettext_lazy("Invitation to review the call %(title)s"),
}
for _kind in MAIL_SUBJECTS:
    mail_kind(f"projects/email/{_kind}", f"school development projects: {_kind}")


# --- calls ------------------------------------------------------------------------------------


def call_save(
    *,
    centre: Centre,
    user: User,
    call: Call | None = None,
    title: str,
    aims: str,
    levels: list[str],
    provinces: list[str],
    budget_per_project_eur: Decimal,
    budget_total_eur: Decimal,
    projects_max: int,
    source: Organisation,
    deadline: dt.datetime,
    criteria: Sequence[tuple[str, int]],
    questions: Sequence[str],
) -> Call:
    """Create a call of ``centre`` (``call`` None) or change a draft one, with its criteria
    and questions (replaced as given). Raises ``ValidationError`` for a call that is no
    longer a draft (its form and criteria are what applicants and reviewers saw), a budget per
    project above the total, or no criterion. Safe twice (the same values again)."""
    if call is not None and call.status != Call.Status.DRAFT:
        raise ValidationError(_("Only a draft call can be changed."), code="not_draft")
    if budget_per_project_eur > budget_total_eur:
        raise ValidationError(
            {"budget_per_project_eur": _("The budget per project cannot exceed the total.")}
        )
    if not criteria:
        raise ValidationError({"criteria": _("Name at least one criterion.")})
    with transaction.atomic():
        if call is None:
            call = Call(centre=centre, created_by=user)
        call.title, call.aims = title, aims
        call.levels, call.provinces = sorted(set(levels)), sorted(set(provinces))
        call.budget_per_project_eur = budget_per_project_eur.quantize(CENT)
        call.budget_total_eur = budget_total_eur.quantize(CENT)
        call.projects_max, call.source, call.deadline = projects_max, source, deadline
        call.save()
        call.criteria.all().delete()
        Criterion.objects.bulk_create(
            Criterion(call=call, name=name, weight=weight, position=i)
            for i, (name, weight) in enumerate(criteria)
        )
        call.questions.all().delete()
        CallQuestion.objects.bulk_create(
            CallQuestion(call=call, text=text, position=i) for i, text in enumerate(questions)
        )
    return call


def call_open(*, call: Call, now: dt.datetime | None = None) -> Call:
    """Open a draft call: it is listed publicly, schools may apply, and the announcement is
    queued (``tasks.send_call_announcement``, after commit). Raises ``ValidationError`` for a
    deadline already past. Safe twice: an open call stays as it is and is not announced
    again."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.status != Call.Status.DRAFT:
            return locked
        if locked.deadline <= now:
            raise ValidationError(_("The deadline has passed: set a later one first."))
        locked.status, locked.opened_at = Call.Status.OPEN, now
        locked.save(update_fields=["status", "opened_at"])
        from .tasks import send_call_announcement

        send_after_commit(send_call_announcement, locked.pk)
    return locked


def call_close(*, call: Call, now: dt.datetime | None = None) -> Call:
    """Close an open call after its deadline (the jury may then decide). Raises
    ``ValidationError`` before the deadline. Safe twice."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.status != Call.Status.OPEN:
            return locked
        if now < locked.deadline:
            raise ValidationError(_("The call can be closed once its deadline has passed."))
        locked.status = Call.Status.CLOSED
        locked.save(update_fields=["status"])
    return locked


def announcement_subscriptions(call: Call) -> list[Any]:
    """Who hears of a new call: the confirmed subscribers of the newsletter of the call's
    centre and of its network (``trainings.newsletters``: people who asked for the
    network's news and confirmed it), each address once. Nobody else is mailed: a profile
    naming a school is no consent to mail."""
    from ..newsletters.models import NewsletterList
    from ..newsletters.selectors import confirmed_subscribers

    lists = NewsletterList.objects.filter(
        Q(centre_id=call.centre_id) | Q(network_id=call.centre.network_id, centre__isnull=True)
    ).order_by("centre_id", "pk")
    chosen: dict[str, Any] = {}
    for newsletter in lists:
        for subscription in confirmed_subscribers(newsletter).select_related("user"):
            chosen.setdefault(subscription.email.lower(), subscription)
    return list(chosen.values())


def announcement_send(*, call_id: int, now: dt.datetime | None = None) -> int:
    """Mail the announcement of an open call to ``announcement_subscriptions`` once per
    address (``Delivery`` rows); returns how many were sent now. Safe twice: who had it gets
    nothing more; a call that is not open sends nothing."""
    call = Call.objects.select_related("centre").filter(pk=call_id).first()
    if call is None or call.status != Call.Status.OPEN:
        return 0
    Delivery.objects.bulk_create(
        [
            Delivery(
                kind=Delivery.Kind.ANNOUNCEMENT,
                call=call,
                subscription=subscription,
                person=subscription.user,
                email=subscription.email.lower(),
            )
            for subscription in announcement_subscriptions(call)
        ],
        ignore_conflicts=True,
    )
    return deliveries_send(call=call, kind=Delivery.Kind.ANNOUNCEMENT, now=now)


# --- mail -------------------------------------------------------------------------------------


def _money(amount: Decimal) -> str:
    return _("€ %(amount)s") % {"amount": formats.number_format(amount, 2, use_l10n=True)}


def _deadline(call: Call) -> str:
    return formats.date_format(timezone.localtime(call.deadline), "j F Y, H:i")


def _mail_actions(delivery: Delivery) -> list[tuple[Any, str]]:
    call, kind = delivery.call, delivery.kind
    if kind == Delivery.Kind.ANNOUNCEMENT:
        return [(_("Read the call"), absolute_url(reverse("projects:call", args=[call.pk])))]
    if kind == Delivery.Kind.INVITATION:
        actions: list[tuple[Any, str]] = []
        person = delivery.person
        if person is not None and not person.has_usable_password():
            actions.append((_("Set your password"), password_link(person)))
        return [*actions, (_("My reviews"), absolute_url(reverse("projects:my_reviews")))]
    return [(_("My applications"), absolute_url(reverse("projects:my_applications")))]


def password_link(person: User) -> str:
    """A personal link to set a password (allauth's reset key: it stops working once the
    password is set)."""
    from allauth.account.forms import default_token_generator  # type: ignore[import-untyped]
    from allauth.account.utils import user_pk_to_url_str  # type: ignore[import-untyped]

    return absolute_url(
        reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(person),
                "key": default_token_generator.make_token(person),
            },
        )
    )


def delivery_mail_send(delivery: Delivery) -> bool:
    """Send the e-mail of one ``Delivery`` in its person's language. Sends every time it is
    called (``deliveries_send`` sends each once)."""
    call, application = delivery.call, delivery.application
    subject = MAIL_SUBJECTS[Delivery.Kind(delivery.kind)]
    title = application.title if application and delivery.kind != "invitation" else call.title

    def details():
        rows: list[tuple[Any, str]] = [(_("Call"), call.title), (_("Centre"), call.centre.name)]
        if delivery.kind in (Delivery.Kind.ANNOUNCEMENT, Delivery.Kind.INVITATION):
            rows.append((_("Deadline"), _deadline(call)))
            rows.append((_("Budget per project"), _money(call.budget_per_project_eur)))
        if application is not None:
            rows.append((_("School"), str(application.school)))
            rows.append((_("Status"), str(application.get_status_display())))
            project = getattr(application, "project", None)
            if project is not None:
                rows.append((_("Grant"), _money(project.grant_eur)))
        return rows

    if delivery.subscription_id is not None:
        return _subscriber_mail_send(delivery, subject=subject, details=details)
    if delivery.person is None:
        return False
    return person_mail_send(
        person=delivery.person,
        subject=lambda: str(subject) % {"title": title},
        template=f"projects/email/{delivery.kind}",
        context={"call": call, "application": application, "delivery": delivery},
        details=details,
        actions=lambda: _mail_actions(delivery),
    )


def _subscriber_mail_send(delivery: Delivery, *, subject: Any, details) -> bool:
    """The announcement to a newsletter's subscriber, in their account's language, with the
    list's one-click unsubscribe (as its issues carry)."""
    from ..newsletters.mail import unsubscribe_url

    subscription = delivery.subscription
    assert subscription is not None
    if subscription.unsubscribed_at is not None:
        return False
    user = subscription.user
    language = (user.language if user is not None else "") or settings.LANGUAGE_CODE
    unsubscribe = unsubscribe_url(subscription)
    newsletter = subscription.newsletter
    with translation.override(language):
        message = mail_build(
            to=subscription.email,
            subject=str(subject) % {"title": delivery.call.title},
            template=f"projects/email/{delivery.kind}",
            context={"call": delivery.call, "application": None, "delivery": delivery},
            name=user.first_name if user is not None and not user.anonymised_at else "",
            details=details(),
            actions=[
                *_mail_actions(delivery),
                (_("Unsubscribe from %(name)s") % {"name": newsletter.name}, unsubscribe),
            ],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            footer=_(
                "You receive this because you subscribed to %(name)s (%(site)s/). "
                "Unsubscribe in one click: %(url)s"
            )
            % {"name": newsletter.name, "site": site_url(), "url": unsubscribe},
        )
    message.send()
    return True


def deliveries_send(
    *,
    call: Call,
    kind: str,
    application: Application | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Send every unsent ``Delivery`` of ``kind`` for ``call`` (and ``application``), each
    once, also with two workers at once. Returns how many were sent."""
    rows = Delivery.objects.filter(call=call, kind=kind).select_related(
        "person",
        "call__centre",
        "application__school",
        "application__project",
        "subscription__user",
        "subscription__newsletter",
    )
    if application is not None:
        rows = rows.filter(application=application)
    return mail_each_once(rows, send=delivery_mail_send, now=now or timezone.now())


def _deliver_to_members(application: Application, kind: str) -> None:
    from .tasks import send_deliveries

    Delivery.objects.bulk_create(
        [
            Delivery(kind=kind, call_id=application.call_id, application=application, person_id=m)
            for m in application.members.values_list("person_id", flat=True)
        ],
        ignore_conflicts=True,
    )
    send_after_commit(send_deliveries, application.call_id, kind, application.pk)


# --- applications -----------------------------------------------------------------------------


def _refuse_after_deadline(call: Call, now: dt.datetime) -> None:
    if call.status != Call.Status.OPEN or now > call.deadline:
        raise ValidationError(
            _(
                "The deadline of this call (%(deadline)s) has passed: applications can no "
                "longer be saved or submitted. Nothing was changed."
            )
            % {"deadline": _deadline(call)},
            code="deadline",
        )


def apply_refusal(call: Call, person: User, now: dt.datetime | None = None) -> str | None:
    """Why ``person`` may not start an application to ``call`` (a sentence), or None."""
    now = now or timezone.now()
    if call.status != Call.Status.OPEN or now > call.deadline:
        return _("This call is not open for applications.")
    profile = getattr(person, "profile", None)
    if profile is None or profile.role not in (PersonRole.DIRECTOR, PersonRole.TEACHER):
        return _(
            "A school applies through its director or a teacher: set your role to director "
            "or teacher on your profile."
        )
    if profile.school_id is None:
        return _("Choose your school from the register on your profile first.")
    if call.provinces and profile.school.province not in call.provinces:
        return _("Schools of your province cannot apply to this call.")
    return None


def application_start(*, call: Call, person: User, now: dt.datetime | None = None) -> Application:
    """Start a draft application of ``person``'s school (the register's, on their profile)
    for ``call``, with ``person`` as its first member. Returns the school's existing
    application when there is one and ``person`` is in its team (safe twice). Raises
    ``ValidationError`` when ``person`` may not apply (``apply_refusal``) or the school's
    application is someone else's."""
    now = now or timezone.now()
    refusal = apply_refusal(call, person, now)
    if refusal:
        raise ValidationError(refusal, code="not_allowed")
    school = person.profile.school
    assert school is not None  # apply_refusal checked it
    with transaction.atomic():
        existing = Application.objects.filter(call=call, school=school).first()
        if existing is not None:
            if existing.members.filter(person=person).exists():
                return existing
            raise ValidationError(
                _("Your school already has an application for this call: ask its team to add you."),
                code="exists",
            )
        application = Application.objects.create(
            call=call, school=school, title=call.title, created_by=person
        )
        ApplicationMember.objects.create(
            application=application, person=person, role=_member_role(person)
        )
    return application


def _member_role(person: User) -> str:
    role = getattr(getattr(person, "profile", None), "role", None)
    return (
        ApplicationMember.Role.DIRECTOR
        if role == PersonRole.DIRECTOR
        else ApplicationMember.Role.TEACHER
    )


def application_save(
    *,
    application: Application,
    person: User,
    title: str,
    colleague_addresses: str,
    answers: dict[int, str],
    budget: Sequence[tuple[str, str, Decimal]],
    new_files: Iterable[Any] = (),
    removed_attachments: Iterable[int] = (),
    now: dt.datetime | None = None,
) -> Application:
    """Save a draft: its title, its team (``person`` and the colleagues named by e-mail,
    who must be accounts of the same school: ``teams.services.colleagues``), the answers,
    the budget table (replaced) and attachments (added, or removed by id).

    Raises ``ValidationError`` after the deadline (nothing written, also for a draft saved
    before), for an application that is no longer a draft, an address that is not a
    colleague's, a negative amount, a budget above the call's budget per project, or an
    invalid file. Safe twice."""
    now = now or timezone.now()
    addresses = parse_addresses(colleague_addresses) if colleague_addresses.strip() else []
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        )
        call = locked.call
        _refuse_after_deadline(call, now)
        if not locked.is_draft:
            raise ValidationError(_("A submitted application can no longer be changed."))
        if not locked.members.filter(person=person).exists():
            raise ValidationError(_("Only the school's team changes its application."))
        people = colleagues(person, addresses) if addresses else []
        if len(budget) > BUDGET_LINES_MAX:
            raise ValidationError(
                _("At most %(max)d budget lines.") % {"max": BUDGET_LINES_MAX}, code="budget"
            )
        total = Decimal("0.00")
        for _description, _category, amount in budget:
            if amount < 0:
                raise ValidationError(_("An amount cannot be negative."), code="budget")
            total += amount
        if total > call.budget_per_project_eur:
            raise ValidationError(
                _("The budget (%(total)s) exceeds the call's budget per project (%(max)s).")
                % {"total": _money(total), "max": _money(call.budget_per_project_eur)},
                code="budget",
            )
        files = list(new_files)
        kept = locked.attachments.exclude(pk__in=list(removed_attachments)).count()
        if kept + len(files) > ATTACHMENTS_MAX:
            raise ValidationError(
                _("At most %(max)d attachments.") % {"max": ATTACHMENTS_MAX}, code="files"
            )
        new_attachments = []
        for file in files:
            attachment = Attachment(application=locked, file=file)
            attachment.full_clean(exclude=["application"])
            new_attachments.append(attachment)
        locked.title = title
        locked.save(update_fields=["title", "updated_at"])
        locked.members.exclude(person=person).delete()
        for colleague in people:
            ApplicationMember.objects.create(
                application=locked, person=colleague, role=_member_role(colleague)
            )
        questions = {q.pk for q in call.questions.all()}
        for question_id, text in answers.items():
            if question_id in questions:
                Answer.objects.update_or_create(
                    application=locked, question_id=question_id, defaults={"text": text}
                )
        locked.budget_items.all().delete()
        BudgetItem.objects.bulk_create(
            BudgetItem(
                application=locked,
                description=description,
                category=category,
                amount_eur=amount.quantize(CENT),
            )
            for description, category, amount in budget
        )
        locked.attachments.filter(pk__in=list(removed_attachments)).delete()
        for attachment in new_attachments:
            attachment.save()
    return locked


def application_missing(application: Application) -> list[str]:
    """What a draft still lacks before it can be submitted (sentences; empty when none)."""
    missing = []
    members = list(application.members.select_related("person__profile"))
    call = application.call
    if not any(m.role == ApplicationMember.Role.DIRECTOR for m in members):
        missing.append(_("The team has no director of the school."))
    teachers = sum(1 for m in members if m.role == ApplicationMember.Role.TEACHER)
    if teachers < TEACHERS_MIN:
        missing.append(
            ngettext(
                "The team needs at least %(min)d teachers; it has %(count)d.",
                "The team needs at least %(min)d teachers; it has %(count)d.",
                TEACHERS_MIN,
            )
            % {"min": TEACHERS_MIN, "count": teachers}
        )
    if call.levels:
        wanted = {c for level in call.levels for c in related(level)}
        taught = {
            c
            for m in members
            for c in (getattr(m.person, "profile", None) and m.person.profile.levels or [])
        }
        if not wanted & taught:
            missing.append(_("Nobody in the team teaches one of the levels of this call."))
    answered = {a.question_id for a in application.answers.all() if a.text.strip()}
    if any(q.pk not in answered for q in call.questions.all()):
        missing.append(_("Answer every question of the form."))
    if not application.budget_items.exists():
        missing.append(_("Fill in the budget table."))
    return missing


def application_submit(
    *, application: Application, person: User, now: dt.datetime | None = None
) -> Application:
    """Submit a complete draft before the call's deadline: status "submitted", and a receipt
    e-mail to every member (after commit). Raises ``ValidationError`` after the deadline
    (nothing written), for someone outside the team, or naming what is still missing. Safe
    twice: a submitted application stays submitted and no second receipt is sent."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        )
        if locked.status == Application.Status.SUBMITTED:
            return locked
        _refuse_after_deadline(locked.call, now)
        if not locked.is_draft:
            raise ValidationError(_("This application has already been decided."))
        if not locked.members.filter(person=person).exists():
            raise ValidationError(_("Only the school's team submits its application."))
        missing = application_missing(locked)
        if missing:
            raise ValidationError(missing, code="incomplete")
        locked.status, locked.submitted_at = Application.Status.SUBMITTED, now
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        _deliver_to_members(locked, Delivery.Kind.RECEIPT)
    return locked


# --- review -----------------------------------------------------------------------------------


def reviewer_invite(
    *,
    call: Call,
    email: str,
    first_name: str,
    last_name: str,
    invited_by: User,
    now: dt.datetime | None = None,
) -> CallReviewer:
    """Make the person of ``email`` a reviewer of ``call`` and mail them an invitation (after
    commit). Someone without an account gets a personal one (no password: the invitation
    carries a personal link to set it; the address counts as confirmed once they use it, as
    only its holder receives the link). Safe twice: the same reviewer, no second mail."""
    now = now or timezone.now()
    from allauth.account.models import EmailAddress  # type: ignore[import-untyped]

    address = email.strip().lower()
    with transaction.atomic():
        person = User.objects.filter(email__iexact=address).first()
        if person is None:
            person = User.objects.create_user(
                email=address, first_name=first_name.strip(), last_name=last_name.strip()
            )
            EmailAddress.objects.create(user=person, email=address, verified=True, primary=True)
        elif not person.is_active or person.anonymised_at:
            raise ValidationError(_("This account is closed; it cannot review."), code="closed")
        reviewer, created = CallReviewer.objects.get_or_create(
            call=call, person=person, defaults={"invited_by": invited_by, "invited_at": now}
        )
        if created:
            Delivery.objects.get_or_create(
                kind=Delivery.Kind.INVITATION, call=call, application=None, person=person
            )
            from .tasks import send_deliveries

            send_after_commit(send_deliveries, call.pk, Delivery.Kind.INVITATION, None)
    return reviewer


def conflict_declare(
    *, reviewer: CallReviewer, application: Application, now: dt.datetime | None = None
) -> Conflict:
    """Declare a conflict of interest: the reviewer no longer sees nor scores the
    application, and a review they saved of it is deleted. Raises ``ValidationError`` for an
    application of another call. Safe twice."""
    if application.call_id != reviewer.call_id:
        raise ValidationError(_("This application belongs to another call."))
    with transaction.atomic():
        conflict, _created = Conflict.objects.get_or_create(
            reviewer=reviewer,
            application=application,
            defaults={"declared_at": now or timezone.now()},
        )
        Review.objects.filter(reviewer=reviewer, application=application).delete()
    return conflict


def review_save(
    *,
    reviewer: CallReviewer,
    application: Application,
    scores: dict[int, int],
    comment: str,
    now: dt.datetime | None = None,
) -> Review:
    """Store (or replace) a reviewer's scores, one per criterion of the call on the scale
    ``SCORE_MIN``–``SCORE_MAX``, and comment. Raises ``ValidationError`` for a conflict of
    interest, an application that is not submitted or already decided, a call already
    decided, a missing or out-of-range score. Safe twice."""
    from .models import SCORE_MAX, SCORE_MIN

    if application.call_id != reviewer.call_id:
        raise ValidationError(_("This application belongs to another call."))
    if Conflict.objects.filter(reviewer=reviewer, application=application).exists():
        raise ValidationError(_("You declared a conflict of interest with this application."))
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("Only submitted applications that are not decided are scored."))
    criteria = list(application.call.criteria.all())
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or not SCORE_MIN <= value <= SCORE_MAX:
            raise ValidationError(
                _("Score “%(criterion)s” from %(min)d to %(max)d.")
                % {"criterion": criterion.name, "min": SCORE_MIN, "max": SCORE_MAX},
                code="score",
            )
    with transaction.atomic():
        review, _created = Review.objects.update_or_create(
            reviewer=reviewer,
            application=application,
            defaults={"comment": comment, "saved_at": now or timezone.now()},
        )
        for criterion in criteria:
            Score.objects.update_or_create(
                review=review, criterion=criterion, defaults={"value": scores[criterion.pk]}
            )
    return review


# --- decisions and projects -------------------------------------------------------------------


def decision_record(
    *,
    application: Application,
    user: User,
    accepted: bool,
    motivation: str,
    grant_eur: Decimal | None = None,
    coach: User | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """The jury's decision on a submitted application, with its motivation, after the call's
    deadline. Accepted: a ``Project`` with ``grant_eur`` (at most the budget per project;
    together with the call's other grants at most its total and its number of projects) on
    the centre's budget line of the year (``budget_line_sync``), coached by ``coach`` (a
    coordinator of the centre). The team is mailed (after commit); once every submitted
    application is decided the call is "decided". Raises ``ValidationError`` for any rule
    broken (nothing written). Not safe twice: a decided application raises."""
    now = now or timezone.now()
    motivation = motivation.strip()
    if not motivation:
        raise ValidationError({"motivation": _("Give the motivation of the decision.")})
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=application.call_id)
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if now < call.deadline:
            raise ValidationError(_("Decisions are recorded after the call's deadline."))
        if locked.status != Application.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted application that is not decided yet."))
        if accepted:
            if grant_eur is None or grant_eur <= 0:
                raise ValidationError({"grant_eur": _("Give the grant of the project.")})
            grant_eur = grant_eur.quantize(CENT)
            if grant_eur > call.budget_per_project_eur:
                raise ValidationError(
                    {"grant_eur": _("The grant exceeds the call's budget per project.")}
                )
            granted = Project.objects.filter(application__call=call)
            count = granted.count()
            spent = granted.aggregate(total=Sum("grant_eur"))["total"] or Decimal("0.00")
            if count >= call.projects_max:
                raise ValidationError(
                    _("The call grants %(max)d projects; all are granted.")
                    % {"max": call.projects_max}
                )
            if spent + grant_eur > call.budget_total_eur:
                raise ValidationError(
                    {
                        "grant_eur": _("Only %(left)s of the call's total budget is left.")
                        % {"left": _money(call.budget_total_eur - spent)}
                    }
                )
            if coach is not None and call.centre_id not in access.coordinated_centre_ids(coach):
                raise ValidationError({"coach": _("The coach is a coordinator of the centre.")})
            year = timezone.localtime(now).year
            line = _budget_line(call, year)
            Project.objects.create(
                application=locked, grant_eur=grant_eur, year=year, budget_line=line, coach=coach
            )
            budget_line_sync(line=line)
        locked.status = Application.Status.ACCEPTED if accepted else Application.Status.REJECTED
        locked.motivation, locked.decided_at, locked.decided_by = motivation, now, user
        locked.save(
            update_fields=["status", "motivation", "decided_at", "decided_by", "updated_at"]
        )
        if not call.applications.filter(status=Application.Status.SUBMITTED).exists():
            call.status = Call.Status.DECIDED
            call.save(update_fields=["status"])
        elif call.status == Call.Status.OPEN:
            call.status = Call.Status.CLOSED
            call.save(update_fields=["status"])
        _deliver_to_members(locked, Delivery.Kind.DECISION)
    return locked


def _budget_line(call: Call, year: int) -> BudgetLine:
    line, _created = BudgetLine.objects.get_or_create(
        centre_id=call.centre_id,
        training=None,
        year=year,
        category=BudgetCategory.SCHOOL_PROJECTS,
        source_id=call.source_id,
        defaults={"description": str(_("Grants to school development projects"))},
    )
    return line


def budget_line_sync(*, line: BudgetLine) -> BudgetLine:
    """Set a "school development projects" line's planned and paid amounts to the sums of
    its projects' grants and payments, under the line's lock. Safe twice."""
    with transaction.atomic():
        locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
        sums = Project.objects.filter(budget_line=locked).aggregate(
            planned=Sum("grant_eur"), paid=Sum("paid_eur")
        )
        locked.planned_eur = sums["planned"] or Decimal("0.00")
        locked.paid_eur = sums["paid"] or Decimal("0.00")
        locked.save(update_fields=["planned_eur", "paid_eur", "updated_at"])
    return locked


def project_update(
    *, project: Project, paid_eur: Decimal, coach: User | None, status: str
) -> Project:
    """Record what was paid of the grant (the budget line follows), the coach and the
    status. Raises ``ValidationError`` for a payment above the grant or a negative one, a
    coach who does not coordinate the centre. Safe twice."""
    if paid_eur < 0 or paid_eur > project.grant_eur:
        raise ValidationError({"paid_eur": _("The payment lies between 0 and the grant.")})
    centre_id = project.application.call.centre_id
    if coach is not None and centre_id not in access.coordinated_centre_ids(coach):
        raise ValidationError({"coach": _("The coach is a coordinator of the centre.")})
    with transaction.atomic():
        project.paid_eur, project.coach, project.status = paid_eur.quantize(CENT), coach, status
        project.save(update_fields=["paid_eur", "coach", "status"])
        budget_line_sync(line=project.budget_line)
    return project


def milestone_add(*, project: Project, title: str, due_on: dt.date) -> Milestone:
    """Add a milestone to a project. Not safe twice (a second one is added)."""
    return Milestone.objects.create(project=project, title=title, due_on=due_on)


def milestone_mark(
    *, milestone: Milestone, done: bool, now: dt.datetime | None = None
) -> Milestone:
    """Mark a milestone done (now) or not done. Safe twice."""
    if done and milestone.done_at is None:
        milestone.done_at = now or timezone.now()
    elif not done:
        milestone.done_at = None
    milestone.save(update_fields=["done_at"])
    return milestone


def progress_report_add(
    *, project: Project, author: User, text: str, now: dt.datetime | None = None
) -> ProgressReport:
    """Add a progress report. Not safe twice (a second one is added)."""
    if not text.strip():
        raise ValidationError({"text": _("Write the progress first.")})
    return ProgressReport.objects.create(
        project=project, author=author, text=text.strip(), created_at=now or timezone.now()
    )


def final_report_save(*, project: Project, text: str) -> Project:
    """Store the final report's text (also after it was published: the public page shows the
    latest). Safe twice."""
    project.final_report = text.strip()
    project.save(update_fields=["final_report"])
    return project


def final_report_publish(*, project: Project, by: User, now: dt.datetime | None = None) -> Project:
    """Publish the final report as an action-research report for other schools: an item of
    the centre's library (``trainings.library``, kind "action research", its summary the
    report, its authors the team), published by ``by``; the project is then finished.
    Raises ``ValidationError`` without a final report, ``PermissionError`` when ``by`` does
    not coordinate the centre. Safe twice: the same library item, its text brought up to
    date (the first publication's date stays)."""
    from ..library.models import Kind, Licence
    from ..library.services import (
        library_item_create,
        library_item_publish,
        library_item_update,
    )

    if not project.final_report.strip():
        raise ValidationError(_("Write the final report before publishing it."))
    application = project.application
    call = application.call
    authors = ", ".join(
        m.person.get_full_name() or m.person.email
        for m in application.members.select_related("person")
    )
    summary = project.final_report
    title = application.title[:200]
    with transaction.atomic():
        item = project.library_item
        if item is None:
            item = library_item_create(
                centre=call.centre,
                title=title,
                summary=summary,
                kind=Kind.ACTION_RESEARCH,
                levels=call.levels,
                themes=[str(_("school development"))],
                authors=authors[:300],
                licence=Licence.CC_BY,
            )
        else:
            library_item_update(
                item=item,
                title=title,
                summary=summary,
                kind=item.kind,
                stem_domains=item.stem_domains,
                levels=item.levels,
                themes=item.themes,
                keys=item.keys,
                authors=item.authors,
                licence=item.licence,
                link=item.link,
            )
        library_item_publish(item=item, by=by)
        if project.final_report_published_at is None:
            project.final_report_published_at = now or timezone.now()
        project.library_item = item
        project.status = Project.Status.FINISHED
        project.save(update_fields=["final_report_published_at", "library_item", "status"])
    return project

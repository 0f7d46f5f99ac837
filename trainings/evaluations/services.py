"""Questionnaires (pre, post, follow-up), sending them, answers, and network-wide surveys.

The network keeps one standard questionnaire of each kind (a template without a centre):
every training's questionnaire starts as a copy of it, with the same question codes, so that
centres can be compared on the same questions. A centre adds its own questions on top.
Personal links carry an unguessable token: no log-in is needed, one response per person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemnet.mail import mail_kind
from stemnet.site import absolute_url
from trainings.models import Attendance, Enrolment, Training
from trainings.services.mail import mail_each_once, person_mail_send

from .models import (
    ActorGroup,
    Answer,
    Invitation,
    Question,
    Questionnaire,
    Response,
    Survey,
    SurveyLink,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from networks.models import Centre
    from stemnet.accounts.models import User

K = Question.Kind
OVERALL = "overall"
RECOMMEND = "recommend"
FOLLOW_UP_DAYS = 182  # about six months
SEND_WINDOW = dt.timedelta(days=30)  # a rule older than this is not applied any more

# The standard questions of the network (code, kind, text, choices).
STANDARD_QUESTIONS: dict[str, list[tuple[str, str, StrPromise]]] = {
    Questionnaire.Kind.PRE: [
        ("expectations", K.OPEN, gettext_lazy("What do you expect to learn in this training?")),
        (
            "prior_knowledge",
            K.LIKERT,
            gettext_lazy("How familiar are you with the subject already? (1 not at all – 5 very)"),
        ),
    ],
    Questionnaire.Kind.POST: [
        (OVERALL, K.LIKERT, gettext_lazy("Overall, how satisfied are you with this training?")),
        ("content", K.LIKERT, gettext_lazy("The content matched my needs.")),
        ("trainer", K.LIKERT, gettext_lazy("The trainers were competent and clear.")),
        ("practice", K.LIKERT, gettext_lazy("I can apply what I learned in my classroom.")),
        (RECOMMEND, K.RECOMMEND, gettext_lazy("Would you recommend this training to a colleague?")),
        ("improve", K.OPEN, gettext_lazy("What was good, and what could be better?")),
    ],
    Questionnaire.Kind.FOLLOW_UP: [
        (
            "applied",
            K.LIKERT,
            gettext_lazy("I have used what I learned in my lessons in the past months."),
        ),
        ("students", K.LIKERT, gettext_lazy("My students benefited from it.")),
        (RECOMMEND, K.RECOMMEND, gettext_lazy("Would you recommend this training to a colleague?")),
        ("example", K.OPEN, gettext_lazy("Describe one way you used it.")),
    ],
}
STANDARD_TITLES: dict[str, StrPromise] = {
    Questionnaire.Kind.PRE: gettext_lazy("Before the training"),
    Questionnaire.Kind.POST: gettext_lazy("Evaluation of the training"),
    Questionnaire.Kind.FOLLOW_UP: gettext_lazy("Follow-up, some months later"),
}
DEFAULT_OFFSETS: dict[str, int] = {
    Questionnaire.Kind.PRE: 7,
    Questionnaire.Kind.POST: 1,
    Questionnaire.Kind.FOLLOW_UP: FOLLOW_UP_DAYS,
}


# --- questionnaires -------------------------------------------------------------------------


@transaction.atomic
def standard_questionnaire(*, kind: str) -> Questionnaire:
    """The network's standard questionnaire of ``kind``, created with its standard questions
    (in the portal's default language) the first time. Safe to run twice."""
    questionnaire = Questionnaire.objects.filter(
        kind=kind, is_template=True, centre__isnull=True
    ).first()
    if questionnaire is not None:
        return questionnaire
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            questionnaire = Questionnaire.objects.create(
                kind=kind,
                title=str(STANDARD_TITLES[kind]),
                is_template=True,
                send_offset_days=DEFAULT_OFFSETS[kind],
            )
            Question.objects.bulk_create(
                [
                    Question(
                        questionnaire=questionnaire,
                        position=i,
                        code=code,
                        kind=qkind,
                        text=str(text),
                        is_standard=True,
                        required=qkind != K.OPEN,
                    )
                    for i, (code, qkind, text) in enumerate(STANDARD_QUESTIONS[kind], start=1)
                ]
            )
    except IntegrityError:  # created at the same moment by another worker: use that one
        return Questionnaire.objects.get(kind=kind, is_template=True, centre__isnull=True)
    return questionnaire


@transaction.atomic
def questionnaire_for_training(*, training: Training, kind: str) -> Questionnaire:
    """The training's questionnaire of ``kind``; created the first time as a copy of the
    network's standard questionnaire plus the centre's own template questions.

    Raises ValueError for the kind ``survey``. Safe to run twice (returns the same one).
    """
    if kind not in DEFAULT_OFFSETS:
        raise ValueError(kind)
    existing = Questionnaire.objects.filter(training=training, kind=kind).first()
    if existing is not None:
        return existing
    standard = standard_questionnaire(kind=kind)
    own = Questionnaire.objects.filter(
        kind=kind, is_template=True, centre_id=training.centre_id
    ).first()
    try:
        with transaction.atomic():
            questionnaire = Questionnaire.objects.create(
                kind=kind,
                training=training,
                title=f"{standard.title}: {training.title}"[:200],
                intro=own.intro if own else standard.intro,
                send_offset_days=own.send_offset_days if own else standard.send_offset_days,
            )
            copies = [
                Question(
                    questionnaire=questionnaire,
                    position=q.position,
                    code=q.code,
                    kind=q.kind,
                    text=q.text,
                    choices=q.choices,
                    required=q.required,
                    is_standard=True,
                )
                for q in standard.questions.all()
            ]
            if own is not None:
                offset = len(copies)
                copies += [
                    Question(
                        questionnaire=questionnaire,
                        position=offset + q.position,
                        code=q.code,
                        kind=q.kind,
                        text=q.text,
                        choices=q.choices,
                        required=q.required,
                    )
                    for q in own.questions.all()
                ]
            Question.objects.bulk_create(copies)
    except IntegrityError:  # created at the same moment by another worker: use that one
        return Questionnaire.objects.get(training=training, kind=kind)
    return questionnaire


@transaction.atomic
def centre_questionnaire(*, centre: Centre, kind: str) -> Questionnaire:
    """The centre's own template of ``kind``: the questions it adds to every one of its
    trainings' questionnaires of that kind (from then on). Safe to run twice."""
    if kind not in DEFAULT_OFFSETS:
        raise ValueError(kind)
    standard = standard_questionnaire(kind=kind)
    questionnaire, _created = Questionnaire.objects.get_or_create(
        kind=kind,
        is_template=True,
        centre=centre,
        defaults={
            "title": f"{standard.title} ({centre.code})",
            "send_offset_days": standard.send_offset_days,
        },
    )
    return questionnaire


def questionnaire_settings_update(
    *, questionnaire: Questionnaire, send_offset_days: int, sending_enabled: bool
) -> Questionnaire:
    """Change when a questionnaire goes out (days before the first or after the last session)
    and whether it goes out automatically. Raises ValidationError for a negative number of
    days or a survey. Safe to run twice."""
    if questionnaire.kind == Questionnaire.Kind.SURVEY:
        raise ValidationError(_("A survey is sent by hand."))
    if send_offset_days < 0 or send_offset_days > 730:
        raise ValidationError({"send_offset_days": _("Enter a number of days from 0 to 730.")})
    questionnaire.send_offset_days = send_offset_days
    questionnaire.sending_enabled = sending_enabled
    questionnaire.save(update_fields=["send_offset_days", "sending_enabled"])
    return questionnaire


def question_add(
    *,
    questionnaire: Questionnaire,
    kind: str,
    text: str,
    choices: list[str] | None = None,
    required: bool = True,
) -> Question:
    """Add a centre's own question at the end of ``questionnaire``.

    Raises ValidationError when a choice question has fewer than two options, or when the
    questionnaire already has answers (they would no longer be comparable). Not idempotent.
    """
    choices = [c.strip() for c in (choices or []) if c.strip()]
    if kind in (K.SINGLE, K.MULTIPLE) and len(choices) < 2:
        raise ValidationError({"choices": _("Give at least two options, one per line.")})
    if kind not in (K.SINGLE, K.MULTIPLE):
        choices = []
    if questionnaire.responses.exists():
        raise ValidationError(_("This questionnaire has answers already; it cannot change."))
    last = questionnaire.questions.aggregate(m=Max("position"))["m"] or 0
    question = Question(
        questionnaire=questionnaire,
        kind=kind,
        text=text.strip(),
        choices=choices,
        required=required,
        position=last + 1,
    )
    question.full_clean()
    question.save()
    return question


def question_delete(*, question: Question) -> None:
    """Remove one of a centre's own questions. Raises ValidationError for a standard question
    or when answers exist. Safe to run twice only in the sense that a second call finds none."""
    if question.is_standard:
        raise ValidationError(
            _("The network's standard questions stay, so that centres can be compared.")
        )
    if question.questionnaire.responses.exists():
        raise ValidationError(_("This questionnaire has answers already; it cannot change."))
    question.delete()


# --- sending --------------------------------------------------------------------------------


def _recipients(training: Training, kind: str):
    """Who gets ``kind``: the enrolled before; those present at a session afterwards."""
    if kind == Questionnaire.Kind.PRE:
        return Enrolment.objects.filter(
            training=training, status=Enrolment.Status.ENROLLED
        ).values_list("person_id", flat=True)
    present = Attendance.objects.filter(session__training=training, present=True).values(
        "enrolment_id"
    )
    return (
        Enrolment.objects.filter(training=training)
        .exclude(status=Enrolment.Status.CANCELLED)
        .filter(pk__in=present)
        .values_list("person_id", flat=True)
    )


def _due(training, kind: str, offset: int, now: dt.datetime) -> bool:
    if kind == Questionnaire.Kind.PRE:
        moment = training.sessions_start - dt.timedelta(days=offset)
        return moment <= now < training.sessions_start
    moment = training.sessions_end + dt.timedelta(days=offset)
    return moment <= now < moment + SEND_WINDOW


def questionnaires_send(*, now: dt.datetime | None = None) -> int:
    """Apply the sending rules: the pre-questionnaire goes to the enrolled ``offset`` days before
    the first session, the post-questionnaire to those who attended ``offset`` days after the
    last session, the follow-up (default 182 days) to those who attended.

    Creates the invitations that are due and e-mails each one once: an invitation is marked
    sent in the same transaction, under a row lock, so running this twice or in two workers
    at once never sends the same one twice. Returns how many e-mails were sent.
    """
    now = now or timezone.now()
    horizon = now - dt.timedelta(days=FOLLOW_UP_DAYS * 2) - SEND_WINDOW
    trainings = (
        Training.objects.exclude(status=Training.Status.DRAFT)
        .annotate(sessions_start=Min("sessions__starts_at"), sessions_end=Max("sessions__ends_at"))
        .filter(sessions_start__isnull=False, sessions_end__gte=horizon)
        .select_related("centre")
    )
    templates = {kind: standard_questionnaire(kind=kind) for kind in DEFAULT_OFFSETS}
    sent = 0
    for training in trainings:
        existing = {q.kind: q for q in training.questionnaires.all()}
        for kind in DEFAULT_OFFSETS:
            questionnaire = existing.get(kind)
            offset = (questionnaire or templates[kind]).send_offset_days
            if questionnaire is not None and (
                not questionnaire.sending_enabled or questionnaire.closed_at is not None
            ):
                continue
            if not _due(training, kind, offset, now):
                continue
            if questionnaire is None:
                questionnaire = questionnaire_for_training(training=training, kind=kind)
            invitations_create(
                questionnaire=questionnaire, person_ids=list(_recipients(training, kind))
            )
            sent += invitations_send(questionnaire=questionnaire, now=now)
    return sent


def invitations_create(
    *, questionnaire: Questionnaire, person_ids: list[int], actor_group: str = ""
) -> int:
    """Give each person an invitation (a personal link) to ``questionnaire``, once.

    Returns how many were new. Safe to run twice: existing invitations are kept as they are.
    """
    have = set(
        questionnaire.invitations.filter(person_id__in=person_ids).values_list(
            "person_id", flat=True
        )
    )
    new = [
        Invitation(questionnaire=questionnaire, person_id=pk, actor_group=actor_group)
        for pk in dict.fromkeys(person_ids)
        if pk not in have
    ]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def invitations_send(*, questionnaire: Questionnaire, now: dt.datetime | None = None) -> int:
    """E-mail every invitation of ``questionnaire`` not sent yet, each once (see
    ``trainings.services.mail.mail_each_once``); returns how many were sent."""
    return mail_each_once(
        questionnaire.invitations.select_related("person", "questionnaire__training__centre"),
        send=lambda invitation: invitation_mail(invitation=invitation),
        now=now or timezone.now(),
    )


def questionnaire_send_now(*, questionnaire: Questionnaire, now: dt.datetime | None = None) -> int:
    """ "Send now", the coordinator's button: invite those the rule would invite (the enrolled
    before the training; those present after it) and mail every invitation not sent yet,
    each once. Returns how many e-mails went out (0 for a second click). Raises
    ValidationError for a closed questionnaire, a template, a training without sessions, or
    an after-training questionnaire before the last session has ended."""
    now = now or timezone.now()
    if questionnaire.closed_at is not None:
        raise ValidationError(_("This questionnaire is closed: reopen it to send it."))
    training = questionnaire.training
    if questionnaire.is_template or training is None:
        raise ValidationError(_("A template is not sent; each training's copy is."))
    span = training.sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    if span["first"] is None:
        raise ValidationError(_("The training has no sessions yet."))
    if questionnaire.kind != Questionnaire.Kind.PRE and span["last"] > now:
        raise ValidationError(
            _("This questionnaire goes to those present: send it after the last session.")
        )
    invitations_create(
        questionnaire=questionnaire, person_ids=list(_recipients(training, questionnaire.kind))
    )
    return invitations_send(questionnaire=questionnaire, now=now)


REMINDER_MAIL = mail_kind("evaluations/email/questionnaire_reminder", "questionnaire reminder")


def questionnaire_reminders_send(*, now: dt.datetime | None = None) -> int:
    """One reminder, never two, to everyone invited ``reminder_after_days`` days ago or more who
    has not answered, for every open questionnaire with a reminder delay. Marked under a row
    lock in the same transaction (``mail_each_once``), so a second run or a second worker sends
    nothing more. Returns how many e-mails went out."""
    now = now or timezone.now()
    questionnaires = Questionnaire.objects.filter(
        closed_at__isnull=True, is_template=False, reminder_after_days__isnull=False
    )
    sent = 0
    for questionnaire in questionnaires:
        due = now - dt.timedelta(days=questionnaire.reminder_after_days or 0)
        sent += mail_each_once(
            questionnaire.invitations.filter(
                sent_at__isnull=False, sent_at__lte=due, responded_at__isnull=True
            ).select_related("person", "questionnaire__training__centre"),
            send=lambda invitation: invitation_mail(invitation=invitation, reminder=True),
            now=now,
            field="reminded_at",
        )
    return sent


def questionnaire_close(*, questionnaire: Questionnaire, now: dt.datetime | None = None):
    """Close a questionnaire: nothing more is sent, no answer accepted. Safe to run twice."""
    if questionnaire.closed_at is None:
        questionnaire.closed_at = now or timezone.now()
        questionnaire.save(update_fields=["closed_at"])
    return questionnaire


def questionnaire_reopen(*, questionnaire: Questionnaire):
    """Open a closed questionnaire again. Safe to run twice."""
    if questionnaire.closed_at is not None:
        questionnaire.closed_at = None
        questionnaire.save(update_fields=["closed_at"])
    return questionnaire


def questionnaire_reminder_set(*, questionnaire: Questionnaire, days: int | None):
    """The reminder delay in days (``None``: no reminder). Raises ValidationError outside 1 to
    90. Safe to run twice."""
    if days is not None and not 1 <= days <= 90:
        raise ValidationError({"reminder_after_days": _("Enter a number of days from 1 to 90.")})
    questionnaire.reminder_after_days = days
    questionnaire.save(update_fields=["reminder_after_days"])
    return questionnaire


def answer_url(invitation: Invitation) -> str:
    return absolute_url(reverse("evaluations:answer", kwargs={"token": invitation.token}))


QUESTIONNAIRE_MAIL = mail_kind("evaluations/email/questionnaire", "questionnaire invitation")


def invitation_mail(*, invitation: Invitation, reminder: bool = False) -> None:
    """Send the e-mail with the personal link (or, ``reminder``, the one reminder), in the
    person's language (through the one mail module, ``trainings.services.mail``). Sends every
    time it is called; ``invitations_send`` and ``questionnaire_reminders_send`` make sure
    that is once."""
    questionnaire = invitation.questionnaire
    subject = (
        gettext_lazy("Reminder: your opinion, please: %(title)s")
        if reminder
        else gettext_lazy("Your opinion, please: %(title)s")
    )
    person_mail_send(
        person=invitation.person,
        subject=lambda: str(subject) % {"title": questionnaire.title},
        template=(REMINDER_MAIL if reminder else QUESTIONNAIRE_MAIL).template,
        context={
            "questionnaire": questionnaire,
            "training": questionnaire.training,
            "url": answer_url(invitation),
        },
        actions=lambda: [(_("Answer the questionnaire"), answer_url(invitation))],
    )


# --- answering ------------------------------------------------------------------------------


def _clean_answers(questionnaire: Questionnaire, raw: dict) -> tuple[list[Answer], dict]:
    """Check raw answers (question id -> str or list of str) against the questions."""
    answers, errors = [], {}
    for question in questionnaire.questions.all():
        value: Any = raw.get(question.pk)  # as submitted; the checks below refuse other shapes
        empty = value in (None, "", [])
        if empty:
            if question.required:
                errors[question.pk] = _("Please answer this question.")
            continue
        answer = Answer(question=question)
        try:
            if question.kind == K.LIKERT:
                answer.number = int(value)
                if not 1 <= answer.number <= 5:
                    raise ValueError
            elif question.kind == K.RECOMMEND:
                answer.number = {"yes": 1, "no": 0}[value]
            elif question.kind == K.SINGLE:
                if value not in question.choices:
                    raise ValueError
                answer.text = value
            elif question.kind == K.MULTIPLE:
                values = value if isinstance(value, list) else [value]
                if any(v not in question.choices for v in values):
                    raise ValueError
                answer.selected = values
            else:
                answer.text = str(value).strip()[:5000]
        except (ValueError, KeyError, TypeError):
            errors[question.pk] = _("Choose one of the options.")
            continue
        answers.append(answer)
    return answers, errors


def _role_of(invitation: Invitation | None) -> str:
    """The respondent's role from their profile, kept on the response (without the person)
    so that results can be split by role; blank for an answer through a public link."""
    if invitation is None:
        return ""
    from stemnet.accounts.models import Profile

    return (
        Profile.objects.filter(user_id=invitation.person_id).values_list("role", flat=True).first()
        or ""
    )


@transaction.atomic
def response_submit(
    *,
    answers: dict,
    invitation: Invitation | None = None,
    survey_link: SurveyLink | None = None,
    now: dt.datetime | None = None,
) -> Response:
    """Store one filled-in questionnaire, through a personal invitation or a public survey link.

    ``answers`` maps question ids to the submitted value (a list for multiple choice).
    Raises ValidationError (a dict by question id) for missing or impossible answers, and when
    the invitation was answered already: one response per person. A closed survey accepts no
    answers. Not idempotent by design: the second call through the same invitation is refused.
    """
    now = now or timezone.now()
    if (invitation is None) == (survey_link is None):
        raise ValueError("give an invitation or a survey link")
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.responded_at is not None:
            raise ValidationError(
                _("You have already answered this questionnaire. Thank you!"), code="answered"
            )
        questionnaire = invitation.questionnaire
        group = invitation.actor_group
    else:
        assert survey_link is not None  # exactly one of the two, checked above
        questionnaire = survey_link.survey.questionnaire
        group = survey_link.actor_group
    if questionnaire.closed_at is not None:
        raise ValidationError(_("This questionnaire is closed."), code="closed")
    survey = Survey.objects.filter(questionnaire=questionnaire).first()
    if survey is not None and survey.status != Survey.Status.OPEN:
        raise ValidationError(_("This survey is not open."), code="closed")
    cleaned, errors = _clean_answers(questionnaire, answers)
    if errors:
        raise ValidationError(errors)
    response = Response.objects.create(
        questionnaire=questionnaire,
        invitation=invitation,
        survey_link=survey_link,
        actor_group=group,
        role=_role_of(invitation),
        submitted_at=now,
    )
    for answer in cleaned:
        answer.response = response
    Answer.objects.bulk_create(cleaned)
    if invitation is not None:
        invitation.responded_at = now
        try:
            invitation.save(update_fields=["responded_at"])
        except IntegrityError:  # pragma: no cover - the lock above prevents it
            raise ValidationError(
                _("You have already answered this questionnaire."), code="answered"
            ) from None
    return response


# --- network-wide surveys -------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    by: User,
    title: str,
    intro: str = "",
    actor_groups: list[str],
    questions: Sequence[tuple[str, str, list[str]]] = (),
) -> Survey:
    """A network-wide survey with one public link per actor group.

    ``questions``: (kind, text, choices). Raises ValidationError for an unknown actor group or
    none. Not idempotent: each call makes a new survey.
    """
    groups = list(dict.fromkeys(actor_groups))
    if not groups or any(g not in ActorGroup.values for g in groups):
        raise ValidationError({"actor_groups": _("Choose at least one group of actors.")})
    questionnaire = Questionnaire.objects.create(
        kind=Questionnaire.Kind.SURVEY,
        title=title.strip(),
        intro=intro.strip(),
        sending_enabled=False,
    )
    survey = Survey.objects.create(questionnaire=questionnaire, actor_groups=groups, created_by=by)
    SurveyLink.objects.bulk_create([SurveyLink(survey=survey, actor_group=g) for g in groups])
    for kind, text, choices in questions:  # open questions are optional in a survey
        question_add(
            questionnaire=questionnaire,
            kind=kind,
            text=text,
            choices=choices,
            required=kind != K.OPEN,
        )
    return survey


def survey_set_status(*, survey: Survey, status: str) -> Survey:
    """Open or close a survey. Raises ValidationError when it has no question. Safe twice."""
    if status == Survey.Status.OPEN and not survey.questionnaire.questions.exists():
        raise ValidationError(_("Add questions before opening the survey."))
    survey.status = status
    survey.save(update_fields=["status"])
    return survey


def survey_invite(*, survey: Survey, actor_group: str, emails: list[str]) -> int:
    """Send personal links to people (found by e-mail, with an account) of one actor group.

    Unknown addresses are skipped (public links are for people without an account); returns how
    many e-mails went out. Safe to run twice: nobody gets a second e-mail.
    """
    from stemnet.accounts.models import User

    if actor_group not in survey.actor_groups:
        raise ValidationError({"actor_group": _("This survey does not address that group.")})
    if survey.status != Survey.Status.OPEN:
        raise ValidationError(_("Open the survey before inviting people."))
    people = list(
        User.objects.filter(email__in=[e.strip().lower() for e in emails]).values_list(
            "pk", flat=True
        )
    )
    invitations_create(
        questionnaire=survey.questionnaire, person_ids=people, actor_group=actor_group
    )
    return invitations_send(questionnaire=survey.questionnaire)

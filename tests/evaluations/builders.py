"""A held training whose post-training questionnaire people of given roles answered, for the
tests of results split by group (workspace and yearly report)."""

import datetime as dt
from zoneinfo import ZoneInfo

from tests.factories import ProfileFactory, UserFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.evaluations import services as ev
from trainings.evaluations.models import Invitation, Question, Questionnaire
from trainings.models import Enrolment, Training

BRUSSELS = ZoneInfo("Europe/Brussels")
HELD_ON = dt.datetime(2025, 3, 3, 9, 0, tzinfo=BRUSSELS)


def answers_for(questionnaire: Questionnaire, **by_code) -> dict:
    """Answers to every question of ``questionnaire``: ``by_code`` where given, else 4, yes
    and "Goed"."""
    out = {}
    for q in questionnaire.questions.all():
        if q.code in by_code:
            out[q.pk] = by_code[q.code]
        elif q.kind == Question.Kind.LIKERT:
            out[q.pk] = "4"
        elif q.kind == Question.Kind.RECOMMEND:
            out[q.pk] = "yes"
        elif q.kind == Question.Kind.OPEN:
            out[q.pk] = "Goed"
    return out


def answered_training(
    centre, answers: dict[str, list[tuple[str, str]]], *, silent: int = 0, held_on=HELD_ON
) -> Questionnaire:
    """A held training of ``centre`` whose post questionnaire was answered, per role, with the
    (overall 1-5, recommend yes/no) pairs of ``answers`` (role "": a person without a profile);
    ``silent`` more people were invited and did not answer. Every invitation was sent. Returns
    the questionnaire."""
    training = TrainingFactory(centre=centre, status=Training.Status.HELD)
    SessionFactory(training=training, starts_at=held_on, ends_at=held_on + dt.timedelta(hours=3))
    questionnaire = ev.questionnaire_for_training(training=training, kind="post")
    submitted = held_on + dt.timedelta(days=2)
    people = [(role, pair) for role, pairs in answers.items() for pair in pairs]
    people += [("teacher", None)] * silent
    for role, pair in people:
        person = ProfileFactory(role=role).user if role else UserFactory()
        EnrolmentFactory(training=training, person=person, status=Enrolment.Status.ATTENDED)
        invitation = Invitation.objects.create(
            questionnaire=questionnaire, person=person, sent_at=held_on + dt.timedelta(days=1)
        )
        if pair is not None:
            overall, recommend = pair
            ev.response_submit(
                invitation=invitation,
                answers=answers_for(questionnaire, overall=overall, recommend=recommend),
                now=submitted,
            )
    return questionnaire

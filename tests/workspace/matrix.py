"""Permission matrix rows of the coordinator workspace (see tests/matrix.py).

Objects belong to ``world.centre``: its coordinator reads and changes them, ministry staff read
them, the other centre's coordinator gets 404, teachers 403.
"""

import datetime as dt

from django.utils import timezone

from tests.factories import OrganisationFactory
from tests.matrix import Row, public, roles
from tests.trainings.factories import (
    BudgetLineFactory,
    EnrolmentFactory,
    SessionFactory,
    TrainingFactory,
)
from trainings.evaluations.models import Invitation, Survey
from trainings.evaluations.services import questionnaire_for_training, survey_create


def training(world):
    return {"pk": TrainingFactory(centre=world.centre).pk}


def training_with_message(world):
    from trainings.models import TrainingMessage

    t = TrainingFactory(centre=world.centre)
    EnrolmentFactory(training=t)
    TrainingMessage.objects.create(
        training=t, sender=world.coordinator, audience="all", subject="Parking", body="Achteraan."
    )
    return {"pk": t.pk}


def training_with_history(world):
    """A training whose history names a participant, a session and attendance."""
    from trainings.services import trainings as services

    enrolment = EnrolmentFactory(training__centre=world.centre)
    session = SessionFactory(training=enrolment.training)
    services.attendance_log(session=session, entries={enrolment.pk: (True, None)})
    return {"pk": enrolment.training_id}


def enrolment_of_training(world):
    enrolment = EnrolmentFactory(training__centre=world.centre)
    return {"pk": enrolment.training_id, "enrolment_pk": enrolment.pk}


def session(world):
    return {"pk": SessionFactory(training__centre=world.centre).pk}


def training_with_participants(world):
    """A training with someone in every group of its participants page."""
    t = TrainingFactory(centre=world.centre)
    EnrolmentFactory(training=t)
    EnrolmentFactory(training=t, status="attended")
    EnrolmentFactory(training=t, status="cancelled")
    EnrolmentFactory(
        training=t,
        status="waitlisted",
        waitlist_position=1,
        offer_expires_at=timezone.now() + dt.timedelta(days=1),
    )
    EnrolmentFactory(training=t, status="waitlisted", waitlist_position=2)
    return {"pk": t.pk}


def budget_line(world):
    return {
        "pk": BudgetLineFactory(centre=world.centre, source=OrganisationFactory(name="Funder")).pk
    }


def questionnaire(world):
    t = TrainingFactory(centre=world.centre)
    return {"pk": questionnaire_for_training(training=t, kind="post").pk}


def answered_questionnaire(world):
    """A training's questionnaire with answers by role, so that its results page shows the
    split by role (teachers, and company staff folded with the one director)."""
    from tests.evaluations.builders import answered_training

    q = answered_training(
        world.centre,
        {"teacher": [("5", "yes")] * 5, "company": [("4", "no")] * 5, "director": [("2", "no")]},
    )
    return {"pk": q.pk}


def _survey(world):
    survey = survey_create(
        by=world.ministry,
        title="Noden",
        actor_groups=["teacher", "vdab"],
        questions=[("open", "Welke noden?", [])],
    )
    survey.status = Survey.Status.OPEN
    survey.save()
    return survey


def survey(world):
    return {"pk": _survey(world).pk}


def survey_link(world):
    return {"token": _survey(world).links.first().token}


def invitation(world):
    t = TrainingFactory(centre=world.centre)
    q = questionnaire_for_training(training=t, kind="post")
    person = EnrolmentFactory(training=t).person
    return {"token": Invitation.objects.create(questionnaire=q, person=person).token}


READ = roles("coordinator", "ministry", other_centre=404)
CHANGE = roles("coordinator", other_centre=404)

ROWS = [
    Row("workspace:dashboard", roles("coordinator", "other_coordinator", "ministry")),
    Row("workspace:training_create", roles("coordinator", "other_coordinator")),
    Row("workspace:training", READ, kwargs=training),
    Row("workspace:training_messages", READ, kwargs=training_with_message),
    Row("workspace:training_history", READ, kwargs=training_with_history),
    Row("workspace:training_edit", CHANGE, kwargs=training),
    Row(
        "workspace:training_status",
        roles("coordinator", "other_coordinator", status=405),
        kwargs=training,
    ),
    Row("workspace:session_create", CHANGE, kwargs=training),
    Row("workspace:session_edit", CHANGE, kwargs=session),
    Row("workspace:attendance", READ, kwargs=session),
    Row("workspace:session_signin_sheet", READ, kwargs=session),
    Row("workspace:participants", READ, kwargs=training_with_participants),
    Row("workspace:participant_add", CHANGE, kwargs=training),
    Row(
        "workspace:participant_waitlist",
        roles("coordinator", "other_coordinator", status=405),
        kwargs=enrolment_of_training,
    ),
    Row("workspace:participant_remove", CHANGE, kwargs=enrolment_of_training),
    Row("workspace:training_postpone", CHANGE, kwargs=training),
    Row("workspace:training_cancel", CHANGE, kwargs=training),
    Row("workspace:training_duplicate", CHANGE, kwargs=training),
    Row("workspace:session_delete", CHANGE, kwargs=session),
    Row(
        "workspace:attendance_walk_in",
        roles("coordinator", "other_coordinator", status=405),
        kwargs=session,
    ),
    Row("workspace:participants_xlsx", READ, kwargs=training_with_participants),
    Row("workspace:participants_csv", READ, kwargs=training_with_participants),
    Row("workspace:import", roles("coordinator", "other_coordinator")),
    Row(
        "workspace:import_template",
        roles("coordinator", "other_coordinator"),
        kwargs={"kind": "participants", "fmt": "xlsx"},
    ),
    Row(
        "workspace:import_confirm",
        roles("coordinator", "other_coordinator", status=405),
        kwargs={"job_id": "x"},
    ),
    Row(
        "workspace:import_job",
        roles("coordinator", "other_coordinator", status=404),
        kwargs={"job_id": "x"},
    ),
    Row("workspace:budget", roles("coordinator", "other_coordinator", "ministry")),
    Row("workspace:budget_export", roles("coordinator", "other_coordinator", "ministry")),
    Row("workspace:budget_edit", CHANGE, kwargs=budget_line),
    Row(
        "workspace:questionnaire_setup",
        roles("coordinator", "other_coordinator", status=405),
        kwargs=training,
    ),
    Row(
        "workspace:centre_questionnaire",
        roles("coordinator", "other_coordinator", status=405),
    ),
    Row("workspace:questionnaire", READ, kwargs=questionnaire),
    Row("workspace:questionnaire_sending", READ, kwargs=answered_questionnaire),
    Row("workspace:questionnaire_preview", READ, kwargs=questionnaire),
    Row("workspace:results", READ, kwargs=answered_questionnaire),
    Row("workspace:results_export", READ, kwargs=answered_questionnaire),
    Row("workspace:questionnaire_answers_xlsx", CHANGE, kwargs=answered_questionnaire),
    Row("workspace:surveys", roles("ministry")),
    Row(
        "workspace:survey",
        roles("ministry", coordinator=404, other_coordinator=404),
        kwargs=survey,
    ),
    Row("evaluations:answer", public(), kwargs=invitation),
    Row("evaluations:survey_answer", public(), kwargs=survey_link),
]

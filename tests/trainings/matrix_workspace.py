"""Permission matrix rows of the coordinator workspace (see tests/matrix.py).

Objects belong to ``world.centre``: its coordinator reads and changes them, ministry staff read
them, the other centre's coordinator gets 404, teachers 403.
"""

from tests.factories import OrganisationFactory
from tests.matrix import Row, public, roles
from trainings.models import Invitation, Survey
from trainings.services.evaluations import questionnaire_for_training, survey_create

from .factories import BudgetLineFactory, EnrolmentFactory, SessionFactory, TrainingFactory


def training(world):
    return {"pk": TrainingFactory(centre=world.centre).pk}


def session(world):
    return {"pk": SessionFactory(training__centre=world.centre).pk}


def budget_line(world):
    return {
        "pk": BudgetLineFactory(centre=world.centre, source=OrganisationFactory(name="Funder")).pk
    }


def questionnaire(world):
    t = TrainingFactory(centre=world.centre)
    return {"pk": questionnaire_for_training(training=t, kind="post").pk}


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
    Row("trainings:workspace", roles("coordinator", "other_coordinator", "ministry")),
    Row("trainings:workspace_training_create", roles("coordinator", "other_coordinator")),
    Row("trainings:workspace_training", READ, kwargs=training),
    Row("trainings:workspace_training_edit", CHANGE, kwargs=training),
    Row(
        "trainings:workspace_training_status",
        roles("coordinator", "other_coordinator", status=405),
        kwargs=training,
    ),
    Row("trainings:workspace_session_create", CHANGE, kwargs=training),
    Row("trainings:workspace_session_edit", CHANGE, kwargs=session),
    Row("trainings:workspace_attendance", READ, kwargs=session),
    Row("trainings:workspace_import", roles("coordinator", "other_coordinator")),
    Row(
        "trainings:workspace_import_confirm",
        roles("coordinator", "other_coordinator", status=405),
        kwargs={"job_id": "x"},
    ),
    Row(
        "trainings:workspace_import_job",
        roles("coordinator", "other_coordinator", status=404),
        kwargs={"job_id": "x"},
    ),
    Row("trainings:workspace_budget", roles("coordinator", "other_coordinator", "ministry")),
    Row("trainings:workspace_budget_export", roles("coordinator", "other_coordinator", "ministry")),
    Row("trainings:workspace_budget_edit", CHANGE, kwargs=budget_line),
    Row(
        "trainings:workspace_questionnaire_setup",
        roles("coordinator", "other_coordinator", status=405),
        kwargs=training,
    ),
    Row(
        "trainings:workspace_centre_questionnaire",
        roles("coordinator", "other_coordinator", status=405),
    ),
    Row("trainings:workspace_questionnaire", READ, kwargs=questionnaire),
    Row("trainings:workspace_results", READ, kwargs=questionnaire),
    Row("trainings:workspace_results_export", READ, kwargs=questionnaire),
    Row("trainings:workspace_surveys", roles("ministry")),
    Row(
        "trainings:workspace_survey",
        roles("ministry", coordinator=404, other_coordinator=404),
        kwargs=survey,
    ),
    Row("trainings:workspace_answer", public(), kwargs=invitation),
    Row("trainings:workspace_survey_answer", public(), kwargs=survey_link),
]

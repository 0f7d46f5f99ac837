"""URLs of the coordinator workspace (namespace ``workspace``).

Reading pages: coordinators (their own centre) and ministry staff (every centre). Changing
pages: coordinators only (ministry staff get 403). Another centre's object is a 404. (The
answer pages behind the mailed links are the evaluations app's: ``evaluations:answer``.)
"""

from django.urls import path

from stemnet.access import Role, requires

from .views import changes, evaluation_sending, evaluations, history, messages, participants
from .views import trainings as workspace

READ = requires(Role.COORDINATOR, Role.MINISTRY)
CHANGE = requires(Role.COORDINATOR)

app_name = "workspace"
urlpatterns = [
    path("werkruimte/", READ(workspace.dashboard), name="dashboard"),
    path(
        "werkruimte/nascholing/nieuw/",
        CHANGE(workspace.training_create),
        name="training_create",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/",
        READ(workspace.training_detail),
        name="training",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/deelnemers/",
        READ(participants.participants),
        name="participants",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/deelnemers.xlsx",
        READ(participants.participants_xlsx),
        name="participants_xlsx",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/deelnemers.csv",
        READ(participants.participants_csv),
        name="participants_csv",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/deelnemers/toevoegen/",
        CHANGE(changes.participant_add),
        name="participant_add",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/deelnemers/<int:enrolment_pk>/wachtlijst/",
        CHANGE(changes.participant_waitlist),
        name="participant_waitlist",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/deelnemers/<int:enrolment_pk>/verwijderen/",
        CHANGE(changes.participant_remove),
        name="participant_remove",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/uitstellen/",
        CHANGE(changes.training_postpone),
        name="training_postpone",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/annuleren/",
        CHANGE(changes.training_cancel),
        name="training_cancel",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/nieuwe-editie/",
        CHANGE(changes.training_duplicate),
        name="training_duplicate",
    ),
    path(
        "werkruimte/sessie/<int:pk>/aanwezigheden/ter-plaatse/",
        CHANGE(changes.attendance_walk_in),
        name="attendance_walk_in",
    ),
    path(
        "werkruimte/sessie/<int:pk>/verwijderen/",
        CHANGE(changes.session_delete),
        name="session_delete",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/bewerken/",
        CHANGE(workspace.training_edit),
        name="training_edit",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/status/",
        CHANGE(workspace.training_status),
        name="training_status",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/sessie/nieuw/",
        CHANGE(workspace.session_create),
        name="session_create",
    ),
    path(
        "werkruimte/sessie/<int:pk>/bewerken/",
        CHANGE(workspace.session_edit),
        name="session_edit",
    ),
    path(
        "werkruimte/sessie/<int:pk>/aanwezigheden/",
        READ(workspace.attendance),
        name="attendance",
    ),
    path(
        "werkruimte/sessie/<int:pk>/aanwezigheidslijst.pdf",
        READ(workspace.session_signin_sheet),
        name="session_signin_sheet",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/geschiedenis/",
        READ(history.history),
        name="training_history",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/berichten/",
        READ(messages.training_messages),
        name="training_messages",
    ),
    path("werkruimte/import/", CHANGE(workspace.import_upload), name="import"),
    path(
        "werkruimte/import/sjabloon/<slug:kind>.<slug:fmt>",
        CHANGE(workspace.import_template),
        name="import_template",
    ),
    path(
        "werkruimte/import/<token:job_id>/bevestigen/",
        CHANGE(workspace.import_confirm),
        name="import_confirm",
    ),
    path("werkruimte/import/<token:job_id>/", CHANGE(workspace.import_job), name="import_job"),
    path("werkruimte/budget/", READ(workspace.budget), name="budget"),
    path("werkruimte/budget/export/", READ(workspace.budget_export), name="budget_export"),
    path("werkruimte/budget/<int:pk>/", CHANGE(workspace.budget_edit), name="budget_edit"),
    # evaluations
    path(
        "werkruimte/nascholing/<int:pk>/evaluatie/",
        CHANGE(evaluations.questionnaire_setup),
        name="questionnaire_setup",
    ),
    path(
        "werkruimte/eigen-vragen/",
        CHANGE(evaluations.centre_questionnaire),
        name="centre_questionnaire",
    ),
    path(
        "werkruimte/vragenlijst/<int:pk>/",
        READ(evaluations.questionnaire_detail),
        name="questionnaire",
    ),
    path(
        "werkruimte/vragenlijst/<int:pk>/resultaten/",
        READ(evaluations.results),
        name="results",
    ),
    path(
        "werkruimte/vragenlijst/<int:pk>/resultaten.xlsx",
        READ(evaluations.results_export),
        name="results_export",
    ),
    path(
        "werkruimte/vragenlijst/<int:pk>/antwoorden.xlsx",
        READ(evaluations.questionnaire_answers_xlsx),
        name="questionnaire_answers_xlsx",
    ),
    path(
        "werkruimte/vragenlijst/<int:pk>/verzending/",
        READ(evaluation_sending.questionnaire_sending),
        name="questionnaire_sending",
    ),
    path(
        "werkruimte/vragenlijst/<int:pk>/voorbeeld/",
        READ(evaluation_sending.questionnaire_preview),
        name="questionnaire_preview",
    ),
    path("werkruimte/bevragingen/", READ(evaluations.surveys), name="surveys"),
    path("werkruimte/bevragingen/<int:pk>/", READ(evaluations.survey_detail), name="survey"),
]

"""URLs of the coordinator workspace (names start with ``workspace``).

Reading pages: coordinators (their own centre) and ministry staff (every centre). Changing
pages: coordinators only (ministry staff get 403). Another centre's object is a 404. The
answer pages behind personal or public links need no log-in: the token is the key.
"""

from django.urls import path

from stemnet.access import Role, public, requires

from .views import evaluations, workspace

READ = requires(Role.COORDINATOR, Role.MINISTRY)
CHANGE = requires(Role.COORDINATOR)

urlpatterns = [
    path("werkruimte/", READ(workspace.dashboard), name="workspace"),
    path(
        "werkruimte/nascholing/nieuw/",
        CHANGE(workspace.training_create),
        name="workspace_training_create",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/",
        READ(workspace.training_detail),
        name="workspace_training",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/bewerken/",
        CHANGE(workspace.training_edit),
        name="workspace_training_edit",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/status/",
        CHANGE(workspace.training_status),
        name="workspace_training_status",
    ),
    path(
        "werkruimte/nascholing/<int:pk>/sessie/nieuw/",
        CHANGE(workspace.session_create),
        name="workspace_session_create",
    ),
    path(
        "werkruimte/sessie/<int:pk>/bewerken/",
        CHANGE(workspace.session_edit),
        name="workspace_session_edit",
    ),
    path(
        "werkruimte/sessie/<int:pk>/aanwezigheden/",
        READ(workspace.attendance),
        name="workspace_attendance",
    ),
    path("werkruimte/import/", CHANGE(workspace.import_upload), name="workspace_import"),
    path(
        "werkruimte/import/<str:job_id>/bevestigen/",
        CHANGE(workspace.import_confirm),
        name="workspace_import_confirm",
    ),
    path(
        "werkruimte/import/<str:job_id>/", CHANGE(workspace.import_job), name="workspace_import_job"
    ),
    path("werkruimte/budget/", READ(workspace.budget), name="workspace_budget"),
    path(
        "werkruimte/budget/export/", READ(workspace.budget_export), name="workspace_budget_export"
    ),
    path(
        "werkruimte/budget/<int:pk>/", CHANGE(workspace.budget_edit), name="workspace_budget_edit"
    ),
    # evaluations
    path(
        "werkruimte/nascholing/<int:pk>/evaluatie/",
        CHANGE(evaluations.questionnaire_setup),
        name="workspace_questionnaire_setup",
    ),
    path(
        "werkruimte/eigen-vragen/",
        CHANGE(evaluations.centre_questionnaire),
        name="workspace_centre_questionnaire",
    ),
    path(
        "werkruimte/vragenlijst/<int:pk>/",
        READ(evaluations.questionnaire_detail),
        name="workspace_questionnaire",
    ),
    path(
        "werkruimte/vragenlijst/<int:pk>/resultaten/",
        READ(evaluations.results),
        name="workspace_results",
    ),
    path(
        "werkruimte/vragenlijst/<int:pk>/resultaten.xlsx",
        READ(evaluations.results_export),
        name="workspace_results_export",
    ),
    path("werkruimte/bevragingen/", READ(evaluations.surveys), name="workspace_surveys"),
    path(
        "werkruimte/bevragingen/<int:pk>/", READ(evaluations.survey_detail), name="workspace_survey"
    ),
    path("evaluatie/<str:token>/", public(evaluations.answer), name="workspace_answer"),
    path(
        "bevraging/<str:token>/", public(evaluations.survey_answer), name="workspace_survey_answer"
    ),
]

"""The quality cycle of the offer, under /kwaliteit/ (who may do what: ``permissions.py``)."""

from django.urls import path

from stemnet.access import Role, requires

from . import views

# Everyone who takes part in the quality cycle: the object checks narrow it per centre.
READERS = (Role.COMMITTEE, Role.STEERING, Role.COORDINATOR, Role.MINISTRY)
RECORDERS = (Role.COMMITTEE,)  # and admins (``requires`` lets them through)

app_name = "quality"
urlpatterns = [
    path("", requires(*READERS)(views.overview), name="overview"),
    path("centrum/<slug:code>/", requires(*READERS)(views.centre), name="centre"),
    path("nascholing/<int:pk>/", requires(*READERS)(views.training_review), name="training_review"),
    path(
        "centrum/<slug:code>/jaar/<int:year>/",
        requires(*READERS)(views.yearly_review),
        name="yearly_review",
    ),
    path(
        "centrum/<slug:code>/jaar/<int:year>/actie/",
        requires(*RECORDERS)(views.yearly_action_add),
        name="yearly_action_add",
    ),
    path("actie/<int:pk>/", requires(*RECORDERS)(views.action_edit), name="action_edit"),
    path("evaluaties/", requires(*READERS)(views.evaluations), name="evaluations"),
    path(
        "evaluaties/nieuw/",
        requires(*RECORDERS)(views.evaluation_create),
        name="evaluation_create",
    ),
    path("evaluaties/<int:pk>/", requires(*READERS)(views.evaluation), name="evaluation"),
    path(
        "evaluaties/<int:pk>/actie/",
        requires(*RECORDERS)(views.evaluation_action_add),
        name="evaluation_action_add",
    ),
]

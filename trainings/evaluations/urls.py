"""The answer pages behind personal and public links: no log-in, the token is the key."""

from django.urls import path

from stemnet.access import public

from . import views

app_name = "evaluations"
urlpatterns = [
    path("evaluatie/<token:token>/", public(views.answer), name="answer"),
    path("bevraging/<token:token>/", public(views.survey_answer), name="survey_answer"),
]

from django.urls import path

from stemnet.access import signed_in

from . import views

app_name = "schools"
urlpatterns = [
    path("suggesties/", signed_in(views.suggest), name="suggest"),
]

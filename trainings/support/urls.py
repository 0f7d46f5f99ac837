from django.urls import path

from stemnet.access import Role, public, requires, signed_in

from . import views

app_name = "support"

coordinator = requires(Role.COORDINATOR)

urlpatterns = [
    path("", signed_in(views.mine), name="mine"),
    path("nascholing/<slug:code>/aanvragen/", signed_in(views.apply), name="apply"),
    path("aanvraag/<int:pk>/intrekken/", signed_in(views.withdraw), name="withdraw"),
    path("directie/<int:pk>/", signed_in(views.director_confirm), name="director_confirm"),
    path("bevestigen/<token:token>/", public(views.director_link), name="director_link"),
    path("aanvragen/", coordinator(views.claims), name="claims"),
    path("aanvragen/export.xlsx", coordinator(views.export), name="export"),
    path("aanvragen/<int:pk>/", coordinator(views.claim_review), name="claim_review"),
    path("regelingen/", coordinator(views.schemes), name="schemes"),
    path("regelingen/<int:pk>/", coordinator(views.scheme_edit), name="scheme_edit"),
]

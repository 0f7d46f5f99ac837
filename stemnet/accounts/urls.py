from django.urls import path

from stemnet.access import signed_in

from . import views

app_name = "accounts"
urlpatterns = [
    path("", signed_in(views.profile), name="profile"),
    path("export/", signed_in(views.profile_export), name="profile_export"),
    path("delete/", signed_in(views.account_delete), name="account_delete"),
]

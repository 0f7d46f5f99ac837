"""The newsletters under /nieuwsbrieven/: public lists, archive and links from the mails; a
person's subscriptions; the composer for the people who run a list."""

from django.urls import path

from stemnet.access import Role, public, requires, signed_in

from . import views

app_name = "newsletters"

runs = requires(Role.COORDINATOR)

urlpatterns = [
    path("", public(views.index), name="index"),
    path("mijn/", signed_in(views.mine), name="mine"),
    path("bevestigen/<str:code>/", public(views.confirm), name="confirm"),
    path("afmelden/<token:token>/", public(views.unsubscribe), name="unsubscribe"),
    path("beheer/", runs(views.manage), name="manage"),
    path("beheer/nummer/<int:pk>/", runs(views.issue_edit), name="issue_edit"),
    path("beheer/nummer/<int:pk>/voorbeeld/", runs(views.issue_preview), name="issue_preview"),
    path("beheer/nummer/<int:pk>/versturen/", runs(views.issue_send), name="issue_send"),
    path("beheer/nummer/<int:pk>/verwijderen/", runs(views.issue_delete), name="issue_delete"),
    path("beheer/<slug:slug>/", runs(views.manage_newsletter), name="manage_newsletter"),
    path("beheer/<slug:slug>/nieuw/", runs(views.issue_new), name="issue_new"),
    path("<slug:slug>/", public(views.newsletter_detail), name="detail"),
    path("<slug:slug>/<int:pk>/", public(views.archive_issue), name="archive_issue"),
]

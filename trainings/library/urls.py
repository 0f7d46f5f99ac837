"""URLs of the library, mounted under /bibliotheek/; each declares who may open it."""

from django.urls import path

from stemnet.access import Role, public, requires, signed_in

from . import views

app_name = "library"
coordinators = requires(Role.COORDINATOR)  # admins always pass; others' items give 404

urlpatterns = [
    path("", public(views.index), name="index"),
    path("nieuw/", coordinators(views.item_create), name="create"),
    path("beheer/", coordinators(views.manage), name="manage"),
    path("mijn-reservaties/", signed_in(views.my_reservations), name="my_reservations"),
    path("<int:pk>/", public(views.item_detail), name="item"),  # drafts: checked in the view
    path("<int:pk>/bewerken/", coordinators(views.item_edit), name="edit"),
    path("<int:pk>/publiceren/", coordinators(views.item_publish), name="publish"),
    path("<int:pk>/depubliceren/", coordinators(views.item_unpublish), name="unpublish"),
    path("<int:pk>/reserveren/", signed_in(views.reserve), name="reserve"),
    path(
        "bijlagen/<int:pk>/",
        public(views.attachment),  # who may see the item: checked in the view
        name="attachment",
    ),
    path(
        "bijlagen/<int:pk>/verwijderen/",
        coordinators(views.attachment_delete),
        name="attachment_delete",
    ),
    path(
        "reservaties/<int:pk>/annuleren/",
        signed_in(views.reservation_cancel),
        name="reservation_cancel",
    ),
    path(
        "reservaties/<int:pk>/afgehaald/",
        coordinators(views.reservation_collect),
        name="reservation_collect",
    ),
    path(
        "reservaties/<int:pk>/terug/",
        coordinators(views.reservation_return),
        name="reservation_return",
    ),
]

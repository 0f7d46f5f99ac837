"""Navigation that follows the person's roles."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .access import Role, roles_of


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    audience: str  # "all", "signed_in", or a Role value


# One list for the whole portal. Items whose URL does not exist (yet) are left out.
NAV_ITEMS = [
    NavItem("trainings:catalogue", _("Trainings"), "all"),
    NavItem("networks:directory", _("Networks"), "all"),
    NavItem("monitor:overview", _("STEM monitor"), "all"),
    NavItem("trainings:my_trainings", _("My trainings"), "signed_in"),
    NavItem("trainings:workspace", _("Workspace"), Role.COORDINATOR),
    NavItem("monitor:reports", _("Reports"), Role.MINISTRY),
    NavItem("admin:index", _("Administration"), Role.ADMIN),
]


def _visible(item: NavItem, user, roles) -> bool:
    if item.audience == "all":
        return True
    if item.audience == "signed_in":
        return user.is_authenticated
    return Role.ADMIN in roles or item.audience in roles


def navigation(request):
    user = request.user
    roles = roles_of(user)
    items = []
    for item in NAV_ITEMS:
        if not _visible(item, user, roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": item.label,
                      "current": request.path.startswith(url) and url != "/"})
    return {"nav_items": items, "user_roles": roles}

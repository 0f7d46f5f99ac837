"""Navigation that follows the person's roles."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from stemnet.site import site_url

from .access import Role, roles_of


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    audience: str | tuple  # "all", "signed_in", a Role value, or a tuple of Role values


# One list for the whole portal. Items whose URL does not exist (yet) are left out.
NAV_ITEMS = [
    NavItem("trainings:catalogue", _("Trainings"), "all"),
    NavItem("networks:directory", _("Networks"), "all"),
    NavItem("library:index", _("Library"), "all"),
    NavItem("projects:calls", _("School projects"), "all"),
    NavItem("monitor:overview", _("STEM monitor"), "all"),
    NavItem("trainings:my_trainings", _("My trainings"), "signed_in"),
    NavItem("workspace:dashboard", _("Workspace"), (Role.COORDINATOR, Role.MINISTRY)),
    NavItem("reports:index", _("Reports"), (Role.MINISTRY, Role.COORDINATOR)),
    NavItem(
        "quality:overview",
        _("Quality"),
        (Role.COMMITTEE, Role.STEERING, Role.COORDINATOR, Role.MINISTRY),
    ),
    NavItem("admin:index", _("Administration"), Role.ADMIN),
]


def _visible(item: NavItem, user, roles) -> bool:
    if item.audience == "all":
        return True
    if item.audience == "signed_in":
        return user.is_authenticated
    audiences = item.audience if isinstance(item.audience, tuple) else (item.audience,)
    return Role.ADMIN in roles or any(audience in roles for audience in audiences)


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
        items.append({"url": url, "label": item.label, "current": False})
    # The current section is the longest URL the page lies under ("My trainings" under
    # /nascholingen/mijn/ is current, not "Trainings" at /nascholingen/).
    under = [i for i in items if request.path.startswith(i["url"]) and i["url"] != "/"]
    if under:
        max(under, key=lambda i: len(i["url"]))["current"] = True
    return {"nav_items": items, "user_roles": roles, "site_url": site_url()}

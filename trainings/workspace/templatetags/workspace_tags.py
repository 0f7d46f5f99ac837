"""Template helpers of the coordinator workspace."""

from django import template

from trainings.evaluations.permissions import can_manage_surveys as _can_manage_surveys

from ..permissions import changeable_centre_ids

register = template.Library()


@register.filter
def can_manage_surveys(user) -> bool:
    """Whether the workspace menu offers the network-wide surveys (the page refuses others)."""
    return _can_manage_surveys(user)


@register.filter
def can_change_trainings(user) -> bool:
    """Whether the workspace menu offers the pages that change things (imports): coordinators
    and admins; ministry staff only read."""
    return changeable_centre_ids(user) != frozenset()

"""Template helpers of the coordinator workspace."""

from django import template

from trainings.evaluations.permissions import can_manage_surveys as _can_manage_surveys

register = template.Library()


@register.filter
def can_manage_surveys(user) -> bool:
    """Whether the workspace menu offers the network-wide surveys (the page refuses others)."""
    return _can_manage_surveys(user)

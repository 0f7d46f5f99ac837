"""Template tags that let other apps' pages show trainings without importing this app
(the networks app's centre page lists the centre's trainings)."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def published_trainings(centre) -> list:
    """``{% published_trainings centre as trainings %}``: the centre's published trainings."""
    return selectors.published_trainings_of(centre.pk)


@register.simple_tag
def suggested_trainings(user) -> list:
    """``{% suggested_trainings user as suggestions %}``: "Voor jou" (``suggestions``); none
    for someone not logged in."""
    if not getattr(user, "is_authenticated", False):
        return []
    from ..suggestions import suggestions_for

    return suggestions_for(user)

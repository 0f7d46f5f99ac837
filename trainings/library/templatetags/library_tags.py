"""Template tags that let other pages show the library's items without importing this app:
``{% library_items_for training %}`` on a training's page, ``{% centre_library_items centre %}``
on a centre's page (networks sits below the library and cannot import it)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("library/_training_items.html")
def library_items_for(training) -> dict:
    """The published library items of a training, as a section (nothing when none)."""
    return {"items": selectors.items_for_training(training.pk)}


@register.inclusion_tag("library/_centre_items.html", takes_context=True)
def centre_library_items(context, centre, manage=False) -> dict:
    """A centre's library items (drafts too for its coordinators), with the link to add
    one for those who may; ``manage`` shows the drafts' status."""
    from stemnet import access

    user = context.get("user")
    return {
        "centre": centre,
        "items": selectors.centre_items(centre.pk, user=user),
        "can_add": access.can_change_centre(user, centre.pk),
        "manage": manage,
    }

"""What other pages show of the quality cycle: the workspace's training page tells its
coordinator that a training is in review, or why the committee sent it back."""

from django import template

from ..selectors import last_return

register = template.Library()


@register.inclusion_tag("quality/_review_notice.html")
def review_notice(training) -> dict:
    """The notice for ``training``: in review, or sent back (with the remarks), or nothing."""
    returned = last_return(training) if training.status == training.Status.DRAFT else None
    return {"training": training, "returned": returned}

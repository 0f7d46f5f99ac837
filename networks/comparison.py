"""How many networks, centres or provinces one comparison holds: the one rule for the
comparison page of the networks directory, the ministry's comparison reports (page, command
and job) and their forms.

Twelve is enough for every centre of the Flemish network or every province side by side and
still fits one landscape PDF page per table.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

COMPARE_MIN = 2
COMPARE_MAX = 12


def comparison_size_error(count: int) -> str | None:
    """The message for a comparison of ``count`` scopes that is too small or too large, in the
    person's language; ``None`` when ``count`` may be compared."""
    if COMPARE_MIN <= count <= COMPARE_MAX:
        return None
    return _("Pick between %(min)d and %(max)d to compare; you picked %(count)d.") % {
        "min": COMPARE_MIN,
        "max": COMPARE_MAX,
        "count": count,
    }

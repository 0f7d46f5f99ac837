"""How many networks, centres or provinces one comparison holds: the one rule for the
comparison page of the networks directory, the ministry's comparison reports (page, command
and job) and their forms; and which network is the portal's own, whose row is computed from
the portal rather than typed over from a study.

Twelve is enough for Flanders with the seven networks of the study, every centre of the
Flemish network or every province side by side, and still fits one landscape PDF page per
table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
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


def home_network_code() -> str:
    """The code of the portal's own network (``settings.REPORTS_NETWORK_CODE``, "VL")."""
    return getattr(settings, "REPORTS_NETWORK_CODE", "VL")


# --- the home network's reach, from the portal's participants ---------------------------------


@dataclass(frozen=True)
class PortalReach:
    """Teachers with a counted participation in one calendar year (the yearly report's
    ``participants.teachers``) and the distinct schools they gave in their profile."""

    year: int
    teachers: int
    schools: int | None = None


ReachSource = Callable[[str], "PortalReach | None"]
_reach_source: ReachSource | None = None


def register_reach_source(source: ReachSource) -> None:
    """Hand over the function that counts a network's teachers in its latest year with
    trainings: the reports (a layer above, where the yearly report's figures live) register
    it at start, so this app shows the same figure without importing them."""
    global _reach_source
    _reach_source = source


def portal_reach(network_code: str) -> PortalReach | None:
    """The home network's teachers in its latest year with trainings, or ``None`` when the
    portal holds none (or no source is registered)."""
    return _reach_source(network_code) if _reach_source else None

"""Who may do what in the STEM monitor. Reading is public; entering data is for ministry
staff and admins (the URL guard ``requires(Role.MINISTRY)`` lets admins pass too)."""

from stemnet.access import sees_whole_network


def can_enter_observations(user) -> bool:
    """Ministry staff and admins enter observations; everyone else only reads."""
    return sees_whole_network(user)

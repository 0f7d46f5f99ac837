"""
The permission matrix: every named URL of the project, what each role gets.

Each app lists its URLs in ``tests/<app>/matrix.py`` as ``ROWS``; ``test_permission_matrix``
walks them for every role and fails when a named URL of the project has no row.

Expected outcomes: an HTTP status, ``LOGIN`` (redirect to the log-in page) or ``REDIRECT``
(any redirect elsewhere). ``kwargs`` is a dict or a function of the ``world`` fixture that
may create the objects it needs (for example a training of ``world.centre``); it may be called
more than once in one world (tests/validators/ walk every row in one), so it must not make a
second copy of an object that has to be unique.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

LOGIN = "login"
REDIRECT = "redirect"

ROLES = ["anonymous", "teacher", "coordinator", "other_coordinator", "ministry", "admin"]
ROLES += ["committee", "steering"]  # scientific committee of world.centre; steering group
ROLES += ["reviewer"]  # reviewer of world.call (a call of world.centre), a role per call


@dataclass(frozen=True)
class Row:
    name: str
    expect: dict
    kwargs: dict | Callable = field(default_factory=dict)
    query: str = ""

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")

    def kwargs_in(self, world) -> dict:
        """The URL's arguments in ``world`` (``kwargs`` called when it is a function)."""
        return self.kwargs(world) if callable(self.kwargs) else self.kwargs

    def url(self, world) -> str:
        """The URL with its arguments in ``world`` and its query string."""
        return reverse(self.name, kwargs=self.kwargs_in(world)) + (
            f"?{self.query}" if self.query else ""
        )


def public(status=200, **overrides) -> dict:
    return {role: overrides.get(role, status) for role in ROLES}


def signed_in(status=200, **overrides) -> dict:
    return {"anonymous": LOGIN, **{r: overrides.get(r, status) for r in ROLES[1:]}}


def roles(*allowed, status=200, other_centre=None, **overrides) -> dict:
    """Only ``allowed`` roles (admins always) get ``status``; other signed-in roles get 403.

    ``other_centre``: what the coordinator of another centre gets (404 for an object that
    belongs to ``world.centre``).
    """
    expect = {"anonymous": LOGIN}
    for role in ROLES[1:]:
        expect[role] = status if (role in allowed or role == "admin") else 403
    if other_centre is not None:
        expect["other_coordinator"] = other_centre
    expect.update(overrides)
    return expect

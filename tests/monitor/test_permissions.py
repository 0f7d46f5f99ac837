"""monitor/permissions.py: only ministry staff and admins enter observations."""

import pytest

from monitor.permissions import can_enter_observations

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("anonymous", False),
        ("teacher", False),
        ("coordinator", False),
        ("ministry", True),
        ("admin", True),
    ],
)
def test_can_enter_observations(world, role, allowed):
    from django.contrib.auth.models import AnonymousUser

    user = world.users[role] or AnonymousUser()
    assert can_enter_observations(user) is allowed

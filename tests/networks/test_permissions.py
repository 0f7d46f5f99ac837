import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from networks import permissions

from .factories import GoodPracticeFactory


def test_funding_visibility(world):
    world.network.funding_public = False
    assert not permissions.can_see_network_funding(AnonymousUser(), world.network)
    assert not permissions.can_see_network_funding(world.coordinator, world.network)
    assert permissions.can_see_network_funding(world.ministry, world.network)
    assert permissions.can_see_network_funding(world.admin, world.network)
    assert permissions.can_see_centre_funding(world.coordinator, world.centre)
    assert not permissions.can_see_centre_funding(world.other_coordinator, world.centre)
    world.network.funding_public = True
    assert permissions.can_see_network_funding(AnonymousUser(), world.network)


def test_get_centre_for_change_hides_other_centres(world):
    assert permissions.get_centre_for_change(world.coordinator, "VOV") == world.centre
    assert permissions.get_centre_for_change(world.admin, "VOV") == world.centre
    for user in (world.other_coordinator, world.ministry):
        with pytest.raises(Http404):
            permissions.get_centre_for_change(user, "VOV")
    with pytest.raises(Http404):
        permissions.get_centre_for_change(world.coordinator, "missing")


def test_draft_practice_visible_to_its_coordinators_only(world):
    draft = GoodPracticeFactory(centre=world.centre, status="draft")
    assert permissions.get_good_practice_for_user(world.coordinator, draft.pk) == draft
    for user in (AnonymousUser(), world.other_coordinator, world.ministry):
        with pytest.raises(Http404):
            permissions.get_good_practice_for_user(user, draft.pk)
    with pytest.raises(Http404):
        permissions.get_good_practice_for_change(world.other_coordinator, draft.pk)

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


@pytest.mark.django_db
def test_navigation_follows_the_role(world, client_for):
    def nav(user):
        return [i["url"] for i in client_for(user).get("/").context["nav_items"]]

    assert "/beheer/" not in nav(None)
    assert "/beheer/" in nav(world.admin)
    assert "/beheer/" not in nav(world.coordinator)
    # the ministry reads the workspace and sets up the network-wide surveys there
    assert reverse("workspace:dashboard") in nav(world.ministry)
    assert reverse("workspace:dashboard") not in nav(world.teacher)


@pytest.mark.django_db
def test_pages_have_landmarks_and_a_skip_link(client):
    html = client.get("/").content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html


@pytest.mark.django_db
def test_only_the_deepest_section_is_current(world, client_for):
    response = client_for(world.teacher).get(reverse("trainings:my_trainings"))
    current = [i["url"] for i in response.context["nav_items"] if i["current"]]
    assert current == [reverse("trainings:my_trainings")]

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz(client):
    answer = client.get(reverse("healthz")).json()
    assert answer == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "outbox_waiting": 0,
    }
    assert client.get(reverse("readyz")).json() == {"ready": True, "database": "ok"}


@pytest.mark.django_db
def test_healthz_names_what_is_away_and_readyz_stays_ready(client, settings, monkeypatch):
    """Redis (cache and broker) stopped: degraded, each named; the load balancer keeps the
    process (it serves, mail waits in the outbox)."""
    from stemnet import celery_app

    settings.CACHES = {
        "default": {
            "BACKEND": "stemnet.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/1")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        response = client.get(reverse("healthz"))
    finally:
        celery_app.conf.task_always_eager = eager
    assert response.status_code == 200
    assert response.json() | {"outbox_waiting": 0} == {
        "status": "degraded",
        "database": "ok",
        "cache": "error",
        "broker": "error",
        "outbox_waiting": 0,
    }
    assert client.get(reverse("readyz")).status_code == 200


@pytest.mark.django_db
def test_healthz_says_down_without_a_database(client, monkeypatch):
    from stemnet import views

    def refuse():
        raise OSError("connection refused")

    monkeypatch.setattr(views, "_database", refuse)
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.json()["status"]) == (503, "down")
    assert client.get(reverse("readyz")).status_code == 503


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

"""Shared fixtures: a small world with one person per role, and Celery run in-process."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import timezone

from networks.models import Centre, Membership, Province
from stemnet import celery_app

from .factories import (
    PASSWORD,
    CentreFactory,
    MembershipFactory,
    NetworkFactory,
    ProfileFactory,
    UserFactory,
)

ROLES = ["anonymous", "teacher", "coordinator", "other_coordinator", "ministry", "admin"]
ROLES += ["committee", "steering"]
ROLES += ["reviewer"]  # of a call of world.centre (school development projects)


@pytest.fixture(autouse=True, scope="session")
def _celery_in_process():
    """Tasks run in the test's own process; the integration test starts a real worker."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True)
def _no_state_left_by_an_earlier_test():
    """Each test starts as the first one of a process would (the suite runs in several
    processes, each test file in whichever comes free, so the order varies): in the default
    language, and without Celery's process-wide "inside a task" flag, which eager tasks run
    by several threads at once (the concurrency tests) can leave set."""
    from celery.result import _set_task_join_will_block
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    _set_task_join_will_block(False)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache_and_fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """The Flemish network with two regional centres and one person per role.

    ``coordinator`` runs ``centre`` (Oost-Vlaanderen); ``other_coordinator`` runs
    ``other_centre`` (West-Vlaanderen) and must never see the first centre's objects.
    """
    network = NetworkFactory(code="VL", name="STEMNET Vlaanderen")
    centre = CentreFactory(
        code="VOV",
        network=network,
        name="STEM-centrum Oost-Vlaanderen",
        province=Province.OOST_VLAANDEREN,
    )
    other_centre = CentreFactory(
        code="VWV",
        network=network,
        name="STEM-centrum West-Vlaanderen",
        province=Province.WEST_VLAANDEREN,
    )
    teacher = ProfileFactory(user__email="teacher@example.org").user
    coordinator = MembershipFactory(user__email="coordinator@example.org", centre=centre).user
    other_coordinator = MembershipFactory(user__email="other@example.org", centre=other_centre).user
    ministry = MembershipFactory(
        user__email="ministry@example.org", role=Membership.Role.MINISTRY, centre=None
    ).user
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    # The scientific committee of ``centre`` (not of the whole network) and the steering group.
    committee = MembershipFactory(
        user__email="committee@example.org", role=Membership.Role.COMMITTEE, centre=centre
    ).user
    steering = MembershipFactory(
        user__email="steering@example.org", role=Membership.Role.STEERING, centre=None
    ).user
    # A reviewer of a (draft) call of ``centre``: a role per call, not a membership.
    from trainings.projects.models import Call, CallReviewer

    call = Call.objects.create(
        centre=centre,
        title="STEM en schoolontwikkeling",
        aims="Scholen ontwikkelen hun STEM-beleid.",
        budget_per_project_eur=5000,
        budget_total_eur=20000,
        projects_max=4,
        source=centre.host,
        deadline=timezone.now() + dt.timedelta(days=30),
    )
    reviewer = UserFactory(email="reviewer@example.org")
    CallReviewer.objects.create(call=call, person=reviewer, invited_at=timezone.now())
    return SimpleNamespace(
        network=network,
        centre=centre,
        other_centre=other_centre,
        users={
            "anonymous": None,
            "teacher": teacher,
            "coordinator": coordinator,
            "other_coordinator": other_coordinator,
            "ministry": ministry,
            "admin": admin,
            "committee": committee,
            "steering": steering,
            "reviewer": reviewer,
        },
        teacher=teacher,
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        ministry=ministry,
        admin=admin,
        committee=committee,
        steering=steering,
        reviewer=reviewer,
        call=call,
        password=PASSWORD,
    )


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as ``user`` (or anonymous for None)."""

    def make(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


def centre_ids(*centres: Centre) -> list[int]:
    return [c.pk for c in centres]


@pytest.fixture
def require_postgres(settings):
    """For tests that only mean something on PostgreSQL (locks, concurrency, full-text search).

    Under `make test` (STEMNET_SERVICES=1) PostgreSQL is always there, so these tests always
    run in CI; a plain `pytest` on SQLite skips them with this reason.
    """
    import os

    if not settings.IS_POSTGRES:
        if os.environ.get("STEMNET_SERVICES"):
            pytest.fail("make test must run on PostgreSQL")
        pytest.skip("needs PostgreSQL: run `make test`")

"""Erasing a person leaves no trace of their e-mail address anywhere in the database (every
text field of every model, the log-in log included), releases their future seats, and the
password check of the delete-account form counts toward the lock-out."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from stemnet import privacy
from tests.factories import PASSWORD, ProfileFactory, UserFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Enrolment

pytestmark = pytest.mark.django_db

TEXT = (models.CharField, models.TextField, models.JSONField)


def _traces(needle: str) -> list[str]:
    """Every (model, field) whose stored text contains ``needle``, over all installed apps."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT):
                continue
            lookup = f"{field.name}__icontains"
            if isinstance(field, models.JSONField):
                qs = model._default_manager.all()
                hits = [row for row in qs.values_list(field.name, flat=True) if needle in str(row)]
                if hits:
                    found.append(f"{model._meta.label}.{field.name}")
            elif model._default_manager.filter(**{lookup: needle}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_an_erased_person_leaves_no_trace_of_their_address(client, world):
    person = UserFactory(email="lotte.peeters@school.example")
    ProfileFactory(user=person, school_name="Sint-Lutgardis")
    # A failed and a good log-in: django-axes keeps both.
    login = reverse("account_login")
    client.post(login, {"login": person.email, "password": "wrong-password"})
    assert client.post(login, {"login": person.email, "password": PASSWORD}).status_code == 302
    # A seat in a training that has not started, with someone waiting for it.
    training = TrainingFactory(centre=world.centre, shared_capacity=1)
    SessionFactory(training=training, starts_at=timezone.now() + dt.timedelta(days=20))
    EnrolmentFactory(training=training, person=person)
    waiting = EnrolmentFactory(
        training=training, status=Enrolment.Status.WAITLISTED, waitlist_position=1
    )
    assert _traces(person.email), "the test must see the address before the erase"

    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert _traces(person.email) == []
    assert _traces("lotte.peeters") == []
    assert _traces("Sint-Lutgardis") == []
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED  # the released seat went on


def test_erasing_twice_finds_nothing_more(world):
    person = UserFactory(email="an@school.example")
    privacy.erase_person(person)
    privacy.erase_person(person)
    assert _traces("an@school.example") == []


def test_wrong_passwords_on_the_delete_form_count_toward_the_lock_out(client):
    person = UserFactory(email="jan@school.example")
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("accounts:account_delete")
    for _ in range(5):
        page = client.post(url, {"password": "a-guess"})
        assert page.status_code in (200, 429)
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="jan@school.example")
    assert attempt.failures_since_start >= 5
    page = client.post(url, {"password": PASSWORD}, follow=True)  # right, but locked out
    person.refresh_from_db()
    assert person.is_active and person.email == "jan@school.example"
    assert page.status_code in (200, 429)

"""The privacy registry covers every model that points at a person."""

import pytest
from django.apps import apps
from django.conf import settings

from stemnet import privacy
from tests.factories import MembershipFactory, ProfileFactory

OUR_APPS = {"accounts", "networks", "trainings", "monitor"}


def _points_at_person(model) -> bool:
    if model._meta.label == settings.AUTH_USER_MODEL:
        return True
    return any(
        field.is_relation
        and field.related_model is not None
        and field.related_model._meta.label == settings.AUTH_USER_MODEL
        for field in model._meta.get_fields()
        if not field.auto_created or field.concrete
    )


def test_every_model_holding_personal_data_is_registered():
    holding = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and _points_at_person(model)
    }
    assert holding, "the user model itself must be found"
    missing = holding - privacy.declared_models()
    assert not missing, f"register these in <app>/privacy.py: {sorted(missing)}"


@pytest.mark.django_db
def test_erase_is_safe_to_run_twice():
    membership = MembershipFactory()
    ProfileFactory(user=membership.user)
    privacy.erase_person(membership.user)
    first = privacy.export_person(membership.user)
    privacy.erase_person(membership.user)
    assert privacy.export_person(membership.user) == first

"""monitor/admin.py: admins manage the monitor in the Django admin, under the same rules."""

from decimal import Decimal

import pytest
from django.urls import reverse

from monitor.models import Observation

from .factories import ObservationFactory, ShareIndicatorFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_open(world, client_for):
    observation = ObservationFactory()
    client = client_for(world.admin)
    for name, args in [
        ("admin:monitor_indicator_changelist", []),
        ("admin:monitor_observation_changelist", []),
        ("admin:monitor_target_changelist", []),
        ("admin:monitor_indicator_change", [observation.indicator.pk]),
        ("admin:monitor_observation_import", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_admin_form_refuses_a_share_that_disagrees(world, client_for):
    share = ShareIndicatorFactory(decimals=2)
    response = client_for(world.admin).post(
        reverse("admin:monitor_observation_add"),
        {
            "indicator": share.pk,
            "period": "2013-2014",
            "dimension": "",
            "category": "",
            "value": "50",
            "numerator": "29812",
            "denominator": "68560",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "29812 / 68560" in response.content.decode()
    assert not Observation.objects.exists()
    response = client_for(world.admin).post(
        reverse("admin:monitor_observation_add"),
        {
            "indicator": share.pk,
            "period": "2013-2014",
            "dimension": "",
            "category": "",
            "value": "43.48",
            "numerator": "29812",
            "denominator": "68560",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert Observation.objects.get().value == Decimal("43.48")

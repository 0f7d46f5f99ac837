"""The pages: the training page offers support, the application form asks only what the
scheme pays, the claims page filters and keeps its query count as the claims grow."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trainings.support import services
from trainings.support.models import Claim

from .factories import IBAN, EnrolmentFactory, SchemeFactory, attend, past_training

pytestmark = pytest.mark.django_db


def test_the_training_page_offers_support_and_the_form_asks_what_the_scheme_pays(world, client_for):
    training = past_training(world.centre)
    SchemeFactory(centre=world.centre, night_cap_eur=0, replacement_hours_cap=0)
    EnrolmentFactory(training=training, person=world.teacher)
    client = client_for(world.teacher)
    page = client.get(reverse("trainings:detail", args=[training.code])).content.decode()
    apply_url = reverse("support:apply", args=[training.code])
    assert apply_url in page
    form = client.get(apply_url).content.decode()
    assert 'name="travel_km"' in form and 'name="fee"' in form and 'name="iban"' in form
    assert 'name="replacement_hours"' not in form and 'name="night_eur"' not in form
    # Someone without a seat reads that they must enrol first, and cannot apply.
    other = client_for(world.coordinator).get(apply_url)
    assert other.status_code == 200 and 'name="travel_km"' not in other.content.decode()
    assert client_for(world.coordinator).post(apply_url, {"fee": "on"}).status_code == 200
    assert not Claim.objects.exists()


def test_a_training_without_a_scheme_has_no_application(world, client_for):
    training = past_training(world.centre)
    client = client_for(world.teacher)
    assert client.get(reverse("support:apply", args=[training.code])).status_code == 404
    page = client.get(reverse("trainings:detail", args=[training.code])).content.decode()
    assert reverse("support:apply", args=[training.code]) not in page


def _claims(centre, count):
    training = past_training(centre)
    SchemeFactory(centre=centre, training=training, max_per_person_eur=0)
    for _ in range(count):
        enrolment = EnrolmentFactory(training=training)
        claim = services.claim_submit(enrolment=enrolment, fee=True, travel_km=20, iban=IBAN)
        services.claim_approve(claim=claim, coordinator=None)
        attend(enrolment)


def test_the_claims_page_filters_and_keeps_its_query_count(world, client_for):
    client = client_for(world.coordinator)
    counts = []
    for size in (2, 10):
        _claims(world.centre, size)
        _claims(world.other_centre, 1)  # another centre's: never listed
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("support:claims"), {"status": "payable"})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
        listed = response.context["claims"]
        assert all(c.enrolment.training.centre_id == world.centre.pk for c in listed)
    assert len(listed) == 12
    assert counts[0] == counts[1], counts
    paid = client.get(reverse("support:claims"), {"status": "paid"}).context["claims"]
    assert paid == []
    bad = client.get(reverse("support:claims"), {"status": "\x00", "training": "x" * 500})
    assert bad.status_code == 200 and len(bad.context["claims"]) == 12


def test_a_coordinator_adds_a_scheme_for_a_training_and_bad_input_writes_nothing(world, client_for):
    from tests.factories import OrganisationFactory
    from trainings.support.models import SupportScheme

    training = past_training(world.centre)
    other = past_training(world.other_centre)
    source = OrganisationFactory(name="Provincie Oost-Vlaanderen")
    client = client_for(world.coordinator)
    url = reverse("support:schemes")
    good = {
        "name": "Reisfonds",
        "training": training.pk,
        "source": source.pk,
        "yearly_ceiling_eur": "2500,00",
        "travel_rate_eur_per_km": "0,4269",
        "travel_km_cap": "150",
        "replacement_rate_eur_per_hour": "0",
        "replacement_hours_cap": "0",
        "night_cap_eur": "0",
        "max_per_person_eur": "0",
        "asks_bank_account": "on",
        "active": "on",
    }
    for bad in (
        {"training": other.pk},  # another centre's training
        {"yearly_ceiling_eur": "-1"},
        {"yearly_ceiling_eur": "NaN"},
        {"travel_km_cap": "9" * 30},
        {"name": "\x00"},
    ):
        assert client.post(url, {**good, **bad}).status_code == 400, bad
    assert not SupportScheme.objects.exists()
    assert client.post(url, good).status_code == 302
    scheme = SupportScheme.objects.get()
    assert (scheme.training, scheme.travel_rate_eur_per_km) == (training, Decimal("0.4269"))
    assert client.post(url, good).status_code == 400  # one scheme per training
    edit = reverse("support:scheme_edit", args=[scheme.pk])
    assert client_for(world.other_coordinator).get(edit).status_code == 404

"""'Voor jou': suggestions from the profile and the trainings attended, each with its reason;
never one the person is on, took, or cannot enrol in."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Enrolment
from trainings.suggestions import suggestions_for


def _open(world, **fields):
    training = TrainingFactory(centre=fields.pop("centre", world.other_centre), **fields)
    SessionFactory(training=training)
    return training


@pytest.fixture
def teacher(world):
    profile = world.teacher.profile
    profile.stem_domain, profile.levels = "M", ["graad1"]
    profile.save()
    return world.teacher


def test_suggestions_say_why_best_first_and_leave_out_what_cannot_be_taken(world, teacher):
    both = _open(world, title="Wiskunde in de eerste graad", stem_domains=["M"], levels=["graad1"])
    domain = _open(world, title="Wiskunde in de derde graad", stem_domains=["M"], levels=["aso"])
    _open(world, title="Biologie", stem_domains=["S"], levels=["aso"])  # nothing in common
    full = _open(world, stem_domains=["M"], levels=["graad1"], shared_capacity=1)
    EnrolmentFactory(training=full)
    mine = _open(world, stem_domains=["M"], levels=["graad1"])
    EnrolmentFactory(training=mine, person=teacher, status=Enrolment.Status.WAITLISTED)
    _open(world, stem_domains=["M"], levels=["graad1"], status="draft")
    _open(
        world,
        stem_domains=["M"],
        levels=["graad1"],
        enrolment_deadline=timezone.now() - dt.timedelta(days=1),
    )
    attended = TrainingFactory(centre=world.centre, stem_domains=["M"], status="held")
    EnrolmentFactory(training=attended, person=teacher, status=Enrolment.Status.ATTENDED)
    _open(world, stem_domains=["M"], levels=["graad1"], previous_edition=attended)
    near = _open(world, title="Techniek bij ons", centre=world.centre, stem_domains=["T"])

    found = suggestions_for(teacher, limit=10)
    assert [s.training for s in found] == [both, domain, near]
    assert found[0].why == (
        "Omdat je wiskunde geeft en ze bedoeld is voor Secundair, 1ste graad, waar je lesgeeft."
    )
    assert world.centre.name in found[2].why


def test_home_and_my_trainings_show_them_and_strangers_see_none(world, teacher, client_for):
    _open(world, title="Wiskunde in de eerste graad", stem_domains=["M"], levels=["graad1"])
    signed_in = client_for(teacher)
    for url in (reverse("home"), reverse("trainings:my_trainings")):
        html = signed_in.get(url).content.decode()
        assert "Voor jou" in html and "Omdat je wiskunde geeft" in html, url
    assert "Voor jou" not in Client().get(reverse("home")).content.decode()

"""A complete training page: trainers and experts, the address, the centre and its contact,
themes, hours, ECTS, accessibility; schema.org data and Open Graph for shared links."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Speaker

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def training(world):
    world.centre.contact_name = "Els Maes"
    world.centre.contact_email = "stem@ugent.example"
    world.centre.save()
    training = TrainingFactory(
        centre=world.centre,
        title="Robotica <in> de klas",
        levels=["sec_1", "sec_2"],
        ects=Decimal("1.5"),
        fee_eur=Decimal("480"),
        accessibility="Rolstoeltoegankelijk, ringleiding in zaal 1.",
    )
    speaker = Speaker.objects.create(
        centre=world.centre,
        name="Dr. Lien Peeters",
        organisation="UGent",
        bio="Onderzoekt robotica.",
    )
    session = SessionFactory(
        training=training,
        location="Campus Schoonmeersen",
        street="Valentin Vaerwyckweg 1",
        postcode="9000",
        municipality="Gent",
        theme="",
    )
    session.speakers.add(speaker)
    SessionFactory(training=training, location="", online_url="https://meet.example.org/robot")
    return training


def test_the_page_names_trainers_address_centre_contact_and_accessibility(training, client):
    html = client.get(reverse("trainings:detail", args=[training.code])).content.decode()
    for fact in (
        "Dr. Lien Peeters",
        "UGent",
        "Onderzoekt robotica.",
        "Valentin Vaerwyckweg 1",
        "9000 Gent",
        "Els Maes",
        "mailto:stem@ugent.example",
        reverse("networks:centre", args=[training.centre.code]),
        "Rolstoeltoegankelijk",
        "€ 480,00",
        "1,5",
    ):
        assert fact in html, fact
    assert ">Thema<" not in html  # no session has a theme: no empty column
    assert html.count('<ul class="fact-list">') == 2  # domains and levels, one per line
    assert (
        "https://meet.example.org/robot"
        not in html.split("<main", 1)[1].split("application/ld", 1)[0]
    )


def test_the_online_link_is_shown_to_the_enrolled(training, world, client_for):
    EnrolmentFactory(training=training, person=world.teacher)
    html = client_for(world.teacher).get(reverse("trainings:detail", args=[training.code]))
    assert 'href="https://meet.example.org/robot"' in html.content.decode()


def test_schema_org_course_and_open_graph(training, client, settings):
    settings.SITE_URL = "https://stemnet.example.be"
    html = client.get(reverse("trainings:detail", args=[training.code])).content.decode()
    (block,) = LD.findall(html)
    assert "<in>" not in block  # escaped inside the script element
    data = json.loads(block)
    assert data["@type"] == "Course" and data["name"] == "Robotica <in> de klas"
    assert data["url"] == f"https://stemnet.example.be/nascholingen/aanbod/{training.code}/"
    assert data["offers"]["price"] == "480.00" and data["offers"]["priceCurrency"] == "EUR"
    onsite, online = data["hasCourseInstance"]
    assert onsite["location"]["address"]["postalCode"] == "9000"
    assert onsite["instructor"][0]["name"] == "Dr. Lien Peeters"
    assert online["courseMode"] == "online"
    assert 'property="og:title" content="Robotica &lt;in&gt; de klas"' in html
    assert (
        f'property="og:url" content="https://stemnet.example.be/nascholingen/aanbod/{training.code}/"'
        in html
    )


def test_a_draft_has_no_structured_data(world, client_for):
    draft = TrainingFactory(centre=world.centre, status="draft")
    html = client_for(world.coordinator).get(reverse("trainings:detail", args=[draft.code]))
    assert not LD.findall(html.content.decode())


def test_a_coordinator_adds_a_speaker_and_an_address_to_a_session(world, client_for):
    training = TrainingFactory(centre=world.centre)
    client = client_for(world.coordinator)
    response = client.post(
        reverse("workspace:session_create", args=[training.pk]),
        {
            "starts_at": "2027-02-10T09:00",
            "ends_at": "2027-02-10T12:00",
            "location": "STEM-huis",
            "street": "Kerkstraat 5",
            "postcode": "3500",
            "municipality": "Hasselt",
            "new_speaker_name": "Tom Claes",
            "new_speaker_organisation": "PXL",
        },
    )
    assert response.status_code == 302
    session = training.sessions.get()
    assert session.address == "STEM-huis, Kerkstraat 5, 3500 Hasselt"
    assert [s.name for s in session.speakers.all()] == ["Tom Claes"]
    form = client.get(reverse("workspace:session_edit", args=[session.pk])).content.decode()
    assert "Tom Claes" in form  # the centre's speakers to choose from next time

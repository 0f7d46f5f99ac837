"""Saved searches and their daily digest: new trainings only, each once per person, one
e-mail for all of a person's searches, one-click unsubscribe; known to the privacy registry."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from stemnet import privacy
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import SavedSearch, SearchAlertSent
from trainings.services.alerts import saved_search_create, search_alerts_send


def _training(world, **fields):
    training = TrainingFactory(centre=world.centre, **fields)
    SessionFactory(training=training)
    return training


def test_saving_a_search_from_the_catalogue_counts_what_it_shows_as_seen(world, client_for):
    shown = _training(world, stem_domains=["M"])
    client = client_for(world.teacher)
    response = client.post(reverse("trainings:saved_search_create"), {"domain": "M", "page": "2"})
    assert response.status_code == 302 and response["Location"].endswith("?domain=M")
    (search,) = SavedSearch.objects.filter(person=world.teacher)
    assert search.query == {"domain": "M"} and search.name == "Wiskunde" and search.alerts
    assert SearchAlertSent.objects.filter(person=world.teacher, training=shown).exists()
    client.post(reverse("trainings:saved_search_create"), {"domain": "M"})  # twice: kept once
    assert SavedSearch.objects.filter(person=world.teacher).count() == 1
    response = client.post(
        reverse("trainings:saved_search_create"), {"domain": "nonsense"}, follow=True
    )
    assert "Zoek eerst iets" in response.content.decode()
    assert SavedSearch.objects.filter(person=world.teacher).count() == 1


def test_the_digest_sends_each_new_training_once_in_one_mail(world):
    saved_search_create(person=world.teacher, params={"domain": "M"})
    saved_search_create(person=world.teacher, params={"q": "Rekenen"})
    new = _training(world, stem_domains=["M"], title="Rekenen met robots")
    other = _training(world, stem_domains=["M"], title="Meetkunde buiten")
    taken = _training(world, stem_domains=["M"])
    EnrolmentFactory(training=taken, person=world.teacher)
    _training(world, stem_domains=["S"])  # found by neither search
    mail.outbox.clear()
    assert search_alerts_send() == 1
    (message,) = mail.outbox
    assert message.body.count(new.title) == 1 and other.title in message.body
    assert taken.title not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert search_alerts_send() == 0 and len(mail.outbox) == 1  # the next day: nothing new


def test_one_click_unsubscribe_stops_the_mails(world):
    search = saved_search_create(person=world.teacher, params={"domain": "M"})
    _training(world, stem_domains=["M"])
    url = reverse("trainings:saved_search_unsubscribe", args=[search.token])
    anonymous = Client(enforce_csrf_checks=True)
    assert "Stop de e-mails" in anonymous.get(url).content.decode()
    assert anonymous.post(url).status_code == 200  # a mail client's one-click POST, no token
    search.refresh_from_db()
    assert not search.alerts
    mail.outbox.clear()
    assert search_alerts_send() == 0 and not mail.outbox
    assert (
        Client().get(reverse("trainings:saved_search_unsubscribe", args=["x" * 40])).status_code
        == 404
    )


def test_the_privacy_registry_exports_and_erases_saved_searches(world):
    saved_search_create(person=world.teacher, params={"q": "robotica"})
    assert "robotica" in str(privacy.export_person(world.teacher)["saved_searches"])
    privacy.erase_person(world.teacher)
    assert not SavedSearch.objects.filter(person=world.teacher).exists()


@pytest.mark.parametrize("params", [{"q": "\x00"}, {"date_from": "99999-01-01"}, {"q": "x" * 5000}])
def test_a_hostile_search_is_refused_not_a_500(world, client_for, params):
    response = client_for(world.teacher).post(reverse("trainings:saved_search_create"), params)
    assert response.status_code == 302

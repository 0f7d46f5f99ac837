"""trainings/views/public.py: catalogue, training page, enrolling, calendar, certificate check."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ProfileFactory
from trainings.models import Enrolment, Training

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("trainings:catalogue")


def make_trainings(n, centre, **extra):
    trainings = []
    for i in range(n):
        training = TrainingFactory(centre=centre, shared_capacity=5, **extra)
        SessionFactory(training=training, starts_at=timezone.now() + dt.timedelta(days=5 + i))
        SessionFactory(training=training, starts_at=timezone.now() + dt.timedelta(days=30 + i))
        for _ in range(2):
            EnrolmentFactory(training=training)
        trainings.append(training)
    return trainings


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        CATALOGUE,
        CATALOGUE + "?q=Nascholing&domain=S&level=aso&available=on&fee=free&online=no&province=VOV",
    ],
)
def test_catalogue_runs_the_same_queries_at_two_data_sizes(world, client_for, url):
    client = client_for(world.teacher)
    make_trainings(3, world.centre)
    small = count_queries(client, url)
    make_trainings(30, world.centre)
    large = count_queries(client, url)
    assert small == large
    assert large <= 8


def test_a_long_result_list_is_counted_up_to_a_limit_and_paged_that_far(world, client, monkeypatch):
    """More matches than the limit: "more than N", pages up to the limit only, a hint to narrow
    the search on the last; the one read of the matches stops at the limit whatever the data
    size."""
    from trainings import selectors

    monkeypatch.setattr(selectors, "CATALOGUE_COUNT_LIMIT", 5)
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    make_trainings(8, world.centre)
    html = client.get(CATALOGUE).content.decode()
    assert "More than 5 trainings found" in html or "Meer dan 5 nascholingen gevonden" in html
    assert "Page 1 of 3" in html or "Pagina 1 van 3" in html
    last = client.get(CATALOGUE + "?page=3").content.decode()
    assert 'rel="next"' not in last
    assert "Add a search word or a filter" in last or "zoekwoord of een filter" in last
    assert last.count('class="card training-card"') == 1  # the 5th of 5 shown, not the 6th
    beyond = client.get(CATALOGUE + "?page=4")
    assert beyond.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(CATALOGUE)
    sql = [q["sql"] for q in ctx.captured_queries]
    keys = [q for q in sql if q.startswith('SELECT "trainings_training"."id" AS "pk" FROM')]
    assert len(keys) == 1 and keys[0].endswith("LIMIT 6"), keys  # one pass, not a COUNT(*)
    assert not [q for q in sql if q.startswith("SELECT COUNT(*)")]


def test_a_short_result_list_is_counted_exactly(world, client):
    make_trainings(3, world.centre)
    html = client.get(CATALOGUE).content.decode()
    assert "3 trainings found" in html or "3 nascholingen gevonden" in html
    assert "Add a search word or a filter" not in html and "zoekwoord of een filter" not in html


def test_training_page_runs_the_same_queries_at_two_data_sizes(world, client_for):
    client = client_for(world.teacher)
    training = make_trainings(1, world.centre)[0]
    EnrolmentFactory(training=training, person=world.teacher)
    url = reverse("trainings:detail", args=[training.code])
    small = count_queries(client, url)
    for _ in range(5):
        SessionFactory(training=training)
        EnrolmentFactory(training=training)
    large = count_queries(client, url)
    assert small == large


def test_catalogue_filters(world, client):
    online = TrainingFactory(
        centre=world.centre,
        title="Programmeren met micro:bit",
        stem_domains=["T"],
        levels=["graad1"],
        fee_eur=Decimal("25.00"),
        format="online",
    )
    SessionFactory(training=online, location="", online_url="https://meet.example.org/x")
    local = TrainingFactory(
        centre=world.other_centre, title="Proeven in het labo", stem_domains=["S"], levels=["aso"]
    )
    SessionFactory(training=local)
    full = TrainingFactory(centre=world.centre, title="Volzet", shared_capacity=1)
    SessionFactory(training=full)
    EnrolmentFactory(training=full)
    TrainingFactory(centre=world.centre, title="Ontwerp", status=Training.Status.DRAFT)
    past = TrainingFactory(centre=world.centre, title="Voorbij")
    SessionFactory(training=past, starts_at=timezone.now() - dt.timedelta(days=3))

    def titles(query=""):
        response = client.get(CATALOGUE + query)
        assert response.status_code == 200
        return {t.title for t in response.context["page"].object_list}

    assert titles() == {"Programmeren met micro:bit", "Proeven in het labo", "Volzet"}
    assert titles("?domain=T") == {"Programmeren met micro:bit"}
    assert titles("?level=aso") == {"Proeven in het labo", "Volzet"}
    assert titles("?online=yes") == {"Programmeren met micro:bit"}
    assert titles("?fee=paid") == {"Programmeren met micro:bit"}
    assert titles("?province=VWV") == {"Proeven in het labo"}
    assert titles("?centre=VOV&available=on") == {"Programmeren met micro:bit"}
    assert titles("?q=labo") == {"Proeven in het labo"}
    assert titles("?format=online") == {"Programmeren met micro:bit"}
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert titles(f"?date_from={tomorrow}&date_to={tomorrow}") == set()


def test_catalogue_date_range_and_sort_by_date(world, client):
    """A session's Brussels day decides the date range; sorting by date puts the soonest
    first, also when a later training has an earlier session outside the range."""
    today = timezone.localdate()

    def at(days, hour=9):
        return timezone.make_aware(
            dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour))
        )

    soon = TrainingFactory(centre=world.centre, title="Binnenkort")
    SessionFactory(training=soon, starts_at=at(5), ends_at=at(5, 12))
    later = TrainingFactory(centre=world.centre, title="Later")
    SessionFactory(training=later, starts_at=at(12), ends_at=at(12, 12))
    SessionFactory(training=later, starts_at=at(20), ends_at=at(20, 12))
    late_evening = TrainingFactory(centre=world.centre, title="Avond")
    SessionFactory(
        training=late_evening, starts_at=at(6, 23), ends_at=at(6, 23) + dt.timedelta(minutes=50)
    )

    def titles(query):
        response = client.get(CATALOGUE + query)
        assert response.status_code == 200
        return [t.title for t in response.context["page"].object_list]

    def day(days):
        return (today + dt.timedelta(days=days)).isoformat()

    assert titles(f"?date_from={day(4)}&date_to={day(6)}&sort=date") == ["Binnenkort", "Avond"]
    assert titles(f"?date_from={day(7)}&sort=date") == ["Later"]
    assert titles(f"?date_to={day(5)}") == ["Binnenkort"]
    assert titles(f"?date_from={day(19)}&date_to={day(20)}") == ["Later"]
    assert titles("?sort=date") == ["Binnenkort", "Avond", "Later"]


@pytest.mark.parametrize(
    "query",
    [
        "?domain=X",
        "?level=nope&format=zeppelin",
        "?sort=random",
        "?date_from=gisteren",
        "?page=999",
        "?page=abc",
        "?date_from=2030-01-02&date_to=2030-01-01",
        "?q=" + "x" * 500,
    ],
)
def test_bad_catalogue_input_gives_a_message_not_an_error(world, client, query):
    make_trainings(2, world.centre)
    response = client.get(CATALOGUE + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "form-errors" in page or "message-warning" in page
    assert len(response.context["page"].object_list) == 2


def test_catalogue_keeps_filters_in_the_pagination_links(world, client):
    make_trainings(25, world.centre)
    response = client.get(CATALOGUE + "?domain=S")
    assert 'href="?domain=S&amp;page=2"' in response.content.decode()


def test_training_page_shows_places_and_the_enrol_button(world, client_for):
    training = make_trainings(1, world.centre)[0]
    response = client_for(world.teacher).get(reverse("trainings:detail", args=[training.code]))
    page = response.content.decode()
    assert "3 / 5" in page and "Inschrijven" in page
    assert reverse("trainings:enrol", args=[training.code]) in page


def test_draft_is_hidden_from_the_public_and_other_centres(world, client_for):
    draft = TrainingFactory(centre=world.centre, status=Training.Status.DRAFT)
    url = reverse("trainings:detail", args=[draft.code])
    for user, status in [
        (None, 404),
        (world.teacher, 404),
        (world.other_coordinator, 404),
        (world.coordinator, 200),
        (world.ministry, 200),
        (world.admin, 200),
    ]:
        assert client_for(user).get(url).status_code == status


def test_enrol_then_enrol_twice(world, client_for):
    training = make_trainings(1, world.centre)[0]
    client = client_for(world.teacher)
    url = reverse("trainings:enrol", args=[training.code])
    response = client.post(url, follow=True)
    assert "Je bent ingeschreven" in response.content.decode()
    response = client.post(url, follow=True)
    assert "Je bent al ingeschreven" in response.content.decode()
    assert Enrolment.objects.filter(person=world.teacher).count() == 1


def test_full_training_offers_the_waiting_list_and_a_way_off_it(world, client_for):
    training = TrainingFactory(centre=world.centre, shared_capacity=1)
    SessionFactory(training=training)
    EnrolmentFactory(training=training)
    client = client_for(world.teacher)
    page = reverse("trainings:detail", args=[training.code])
    assert "Op de wachtlijst zetten" in client.get(page).content.decode()
    body = client.post(
        reverse("trainings:enrol", args=[training.code]), follow=True
    ).content.decode()
    enrolment = Enrolment.objects.get(person=world.teacher)
    assert (enrolment.status, enrolment.waitlist_position) == (Enrolment.Status.WAITLISTED, 1)
    assert "wachtlijst" in body
    body = client.get(page).content.decode()
    assert "Van de wachtlijst gaan" in body
    assert reverse("trainings:cancel", args=[enrolment.pk]) in body
    client.post(reverse("trainings:cancel", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CANCELLED
    assert (
        Enrolment.objects.filter(training=training, status=Enrolment.Status.ENROLLED).count() == 1
    )


@pytest.mark.parametrize("status", [Training.Status.DRAFT, Training.Status.CLOSED])
def test_enrolling_in_a_draft_or_closed_training(world, client_for, status):
    training = TrainingFactory(centre=world.centre, status=status)
    SessionFactory(training=training)
    response = client_for(world.teacher).post(
        reverse("trainings:enrol", args=[training.code]), follow=True
    )
    # A draft does not exist for the teacher (404); a closed training says so.
    assert response.status_code == (404 if status == Training.Status.DRAFT else 200)
    assert not Enrolment.objects.exists()


def test_enrolling_in_a_past_training(world, client_for):
    training = TrainingFactory(centre=world.centre)
    SessionFactory(training=training, starts_at=timezone.now() - dt.timedelta(days=1))
    response = client_for(world.teacher).post(
        reverse("trainings:enrol", args=[training.code]), follow=True
    )
    assert "al begonnen" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_training_calendar_has_one_event_per_session(world, client):
    training = make_trainings(1, world.centre)[0]
    response = client.get(reverse("trainings:training_calendar", args=[training.code]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.decode().count("BEGIN:VEVENT") == 2


def test_certificate_check(world, client):
    EnrolmentFactory(
        certificate_code="ABCD-EFGH-JKLM",
        person=ProfileFactory(user__first_name="An", user__last_name="Peeters").user,
    )
    url = reverse("trainings:certificate_verify")
    page = client.get(url + "?code=abcd-efgh-jklm").content.decode()
    assert "Dit attest is echt" in page and "An Peeters" in page
    page = client.get(url + "?code=ZZZZ-ZZZZ-ZZZZ").content.decode()
    assert "Geen attest met deze code" in page


def test_the_cached_filter_form_follows_the_values_asked_the_centres_and_the_language(
    world, client, settings
):
    """The filter form's HTML is cached (trainings/forms.py ``cache_key``): a value asked for,
    a renamed centre and the language each give the form that fits, never an earlier one."""
    settings.REPORTS_NETWORK_CODE = world.network.code
    first = client.get(CATALOGUE).content.decode()
    assert "STEM-centrum Oost-Vlaanderen" in first
    asked = client.get(CATALOGUE + "?domain=T").content.decode()
    assert '<option value="T" selected>' in asked and '<option value="T" selected>' not in first
    world.centre.name = "STEM-centrum Oost-Vlaanderen (Gent)"
    world.centre.save()
    assert "Oost-Vlaanderen (Gent)" in client.get(CATALOGUE).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(CATALOGUE).content.decode()
    assert ">Zoeken<" in first and ">Search<" in english


def test_a_cached_card_shows_the_training_as_it_is_now(world, client, settings):
    """Cards are cached under everything they show: a new title written past ``save()``, a
    seat taken and another language each give the card that fits."""
    training = make_trainings(1, world.centre)[0]  # 5 seats, 2 taken
    assert "3 / 5" in client.get(CATALOGUE).content.decode()
    Training.objects.filter(pk=training.pk).update(title="Robotica voor kleuters")
    EnrolmentFactory(training=training)
    html = client.get(CATALOGUE).content.decode()
    assert "Robotica voor kleuters" in html and "2 / 5" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Places left" in client.get(CATALOGUE).content.decode()


def test_the_catalogue_answers_in_full_while_the_cache_is_away(world, client, settings):
    """Redis stopped: the cached filter form and cards are rendered as if never cached."""
    settings.CACHES = {
        "default": {
            "BACKEND": "stemnet.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    }
    training = make_trainings(1, world.centre)[0]
    cards = client.get(CATALOGUE)
    filtered = client.get(CATALOGUE + "?domain=T")
    assert (cards.status_code, filtered.status_code) == (200, 200)
    assert training.title in cards.content.decode()
    assert '<option value="T" selected>' in filtered.content.decode()

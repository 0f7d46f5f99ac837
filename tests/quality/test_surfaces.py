"""A training in review is neither listed nor open for enrolment until it is approved, on every
surface that decides "published": the catalogue and its search, the open-data API, the centre
page, the training page, suggestions, search alerts, calendar feeds, single and team enrolment
and the waiting list. After approval, the same training shows up everywhere (the same path as
a training published without review)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stemnet.accounts.models import PersonRole
from tests.factories import ProfileFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Enrolment, Training
from trainings.quality.models import Criterion, Verdict
from trainings.quality.services import review_decide
from trainings.selectors import CatalogueQuery, catalogue_search, published_trainings_of
from trainings.services.alerts import saved_search_create, search_alerts_send
from trainings.services.calendar_feeds import calendar_feed_get_or_create
from trainings.services.enrolment import enrolment_create
from trainings.services.trainings import training_publish
from trainings.suggestions import suggestions_for
from trainings.teams.services import team_enrol

pytestmark = pytest.mark.django_db
TITLE = "Fotosynthese onderzoeken met sensoren"
ALL_MEET = dict.fromkeys(Criterion.values, (Verdict.MEETS, ""))


@pytest.fixture
def in_review(world):
    """A training of a centre that asks for review, submitted by its coordinator's "publish"."""
    world.centre.review_before_publication = True
    world.centre.save()
    training = TrainingFactory(
        centre=world.centre,
        title=TITLE,
        status=Training.Status.DRAFT,
        stem_domains=["S"],
        levels=["graad1"],
        shared_capacity=1,
    )
    SessionFactory(training=training)
    training = training_publish(training=training)
    assert training.status == Training.Status.IN_REVIEW
    return training


def approve(training, world):
    review_decide(
        training=training, reviewer=world.committee, approve=True, verdicts=ALL_MEET, remarks=""
    )
    training.refresh_from_db()
    assert training.status == Training.Status.PUBLISHED


def _codes(response) -> set[str]:
    return {row["code"] for row in response.json()["results"]}


def test_the_catalogue_and_its_search_list_it_only_once_approved(in_review, world, client):
    assert in_review not in catalogue_search(CatalogueQuery())
    assert in_review not in catalogue_search(CatalogueQuery(q="fotosynthese"))
    page = client.get(reverse("trainings:catalogue"), {"q": "fotosynthese"})
    assert page.status_code == 200 and TITLE not in page.content.decode()
    approve(in_review, world)
    assert in_review in catalogue_search(CatalogueQuery(q="fotosynthese"))
    assert TITLE in client.get(reverse("trainings:catalogue")).content.decode()


def test_the_open_data_api_leaves_it_out_until_approved(in_review, world, client):
    assert in_review.code not in _codes(client.get("/api/v1/trainings/"))
    assert client.get(f"/api/v1/trainings/{in_review.code}/").status_code == 404
    sessions = client.get("/api/v1/sessions/").json()["results"]
    assert in_review.code not in {s["training"] for s in sessions}
    approve(in_review, world)
    assert in_review.code in _codes(client.get("/api/v1/trainings/"))


def test_the_centre_page_lists_it_only_once_approved(in_review, world, client):
    assert in_review not in published_trainings_of(world.centre.pk)
    page = client.get(reverse("networks:centre", args=[world.centre.code]))
    assert TITLE not in page.content.decode()
    approve(in_review, world)
    page = client.get(reverse("networks:centre", args=[world.centre.code]))
    assert TITLE in page.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "teacher", "other_coordinator", "steering"])
def test_its_page_is_a_404_for_the_public_until_approved(in_review, world, client_for, role):
    url = reverse("trainings:detail", args=[in_review.code])
    assert client_for(world.users[role]).get(url).status_code == 404
    approve(in_review, world)
    assert client_for(world.users[role]).get(url).status_code == 200


def test_its_own_coordinator_still_sees_it(in_review, world, client_for):
    url = reverse("trainings:detail", args=[in_review.code])
    assert client_for(world.coordinator).get(url).status_code == 200


def test_it_is_never_suggested_before_approval(in_review, world):
    profile = world.teacher.profile
    profile.stem_domain, profile.levels = "S", ["graad1"]
    profile.save()
    assert in_review not in [s.training for s in suggestions_for(world.teacher, limit=50)]
    approve(in_review, world)
    assert in_review in [s.training for s in suggestions_for(world.teacher, limit=50)]


def test_search_alerts_mail_it_only_once_approved(in_review, world, mailoutbox):
    saved_search_create(person=world.teacher, params={"domain": "S"})
    assert search_alerts_send() == 0
    approve(in_review, world)
    mailoutbox.clear()
    assert search_alerts_send() == 1
    assert TITLE in mailoutbox[-1].body


def test_nobody_enrols_or_joins_the_waiting_list_before_approval(in_review, world, client):
    EnrolmentFactory(training=TrainingFactory(), person=world.teacher)  # an unrelated seat
    with pytest.raises(ValidationError):
        enrolment_create(person=world.teacher, training=in_review)
    client.force_login(world.teacher)
    response = client.post(reverse("trainings:enrol", args=[in_review.code]))
    assert response.status_code == 404
    assert not Enrolment.objects.filter(training=in_review).exists()
    approve(in_review, world)
    assert enrolment_create(person=world.teacher, training=in_review).status == "enrolled"
    # Full now (one seat): the next one joins the waiting list, which is open too.
    other = ProfileFactory().user
    assert enrolment_create(person=other, training=in_review).status == "waitlisted"


def test_the_waiting_list_is_closed_before_approval_even_when_full(in_review, world):
    # Seats held by hand (say, by the coordinator) do not open the waiting list.
    EnrolmentFactory(training=in_review)
    with pytest.raises(ValidationError):
        enrolment_create(person=world.teacher, training=in_review)
    assert not Enrolment.objects.filter(training=in_review, status="waitlisted").exists()


def test_a_school_team_cannot_enrol_before_approval(in_review, world):
    director = ProfileFactory(
        user__email="directie@sjc.be", school_name="Sint-Jozefscollege", role=PersonRole.DIRECTOR
    ).user
    colleague = ProfileFactory(user__email="lk@sjc.be", school_name="Sint-Jozefscollege").user
    with pytest.raises(ValidationError):
        team_enrol(
            organiser=director,
            training=in_review,
            addresses=[colleague.email],
            include_organiser=False,
        )
    assert not Enrolment.objects.filter(training=in_review).exists()


def test_the_team_page_is_a_404_before_approval(in_review, world, client):
    client.force_login(world.teacher)
    assert client.get(reverse("trainings:team_enrol", args=[in_review.code])).status_code == 404


def test_calendar_feeds_hold_no_session_of_it(in_review, world, client):
    feed = calendar_feed_get_or_create(person=world.teacher)
    with pytest.raises(ValidationError):
        enrolment_create(person=world.teacher, training=in_review)
    body = client.get(reverse("trainings:calendar_feed", args=[feed.token])).content.decode()
    assert TITLE not in body


def test_a_centre_without_review_publishes_at_once(world):
    training = TrainingFactory(centre=world.other_centre, status=Training.Status.DRAFT)
    SessionFactory(training=training)
    assert training_publish(training=training).status == Training.Status.PUBLISHED

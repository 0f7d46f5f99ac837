"""The quality pages: who decides and who only reads, another centre's objects are a 404, the
centre's rule, the coordinator's workspace notice, and bad input that writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from networks.models import Membership
from tests.factories import MembershipFactory
from tests.quality.matrix import action, evaluation, training_in_review, yearly_review
from tests.trainings.factories import SessionFactory, TrainingFactory
from trainings.models import Training
from trainings.quality.models import ExternalEvaluation, QualityAction, TrainingReview, YearlyReview

pytestmark = pytest.mark.django_db


def decision(choice="approve", **overrides):
    data = {f"verdict_{c}": "meets" for c in ("research", "co_creation", "needs", "level_format")}
    data.update({"decision": choice, "remarks": ""}, **overrides)
    return data


@pytest.fixture
def vwv_committee(world):
    """A committee member bound to the other centre."""
    return MembershipFactory(
        user__email="comite.vwv@example.org",
        role=Membership.Role.COMMITTEE,
        centre=world.other_centre,
    ).user


def test_another_centres_committee_member_gets_404_for_every_object(
    world, vwv_committee, client_for
):
    client = client_for(vwv_committee)
    urls = [
        reverse("quality:centre", args=["VOV"]),
        reverse("quality:training_review", args=[training_in_review(world).pk]),
        reverse("quality:yearly_review", args=["VOV", 2025]),
        reverse("quality:yearly_action_add", args=["VOV", 2025]),
        reverse("quality:action_edit", args=[action(world).pk]),
        reverse("quality:evaluation", args=[evaluation(world).pk]),
        reverse("quality:evaluation_action_add", args=[evaluation(world).pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, decision()).status_code == 404, url
    assert training_in_review(world).status == Training.Status.IN_REVIEW
    # Their own centre opens, and the queue shows only its trainings.
    assert client.get(reverse("quality:centre", args=["VWV"])).status_code == 200
    overview = client.get(reverse("quality:overview")).content.decode()
    assert training_in_review(world).title not in overview


def test_a_network_committee_member_decides_for_every_centre(world, client_for):
    member = MembershipFactory(
        user__email="comite.vl@example.org", role=Membership.Role.COMMITTEE, centre=None
    ).user
    training = training_in_review(world)
    url = reverse("quality:training_review", args=[training.pk])
    response = client_for(member).post(url, decision())
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.status == Training.Status.PUBLISHED


@pytest.mark.parametrize("role", ["steering", "ministry", "coordinator"])
def test_readers_read_but_cannot_decide_or_record(world, client_for, role):
    client = client_for(world.users[role])
    training = training_in_review(world)
    url = reverse("quality:training_review", args=[training.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Jouw beslissing" not in page.content.decode()
    assert client.post(url, decision()).status_code == 403
    review_url = reverse("quality:yearly_review", args=["VOV", 2025])
    assert 'name="findings"' not in client.get(review_url).content.decode()
    assert client.post(review_url, {"findings": "x"}).status_code == 403
    training.refresh_from_db()
    assert training.status == Training.Status.IN_REVIEW
    assert not YearlyReview.objects.exists() and not TrainingReview.objects.exists()


def test_the_committee_sends_back_and_the_coordinator_reads_why(world, client_for):
    training = training_in_review(world)
    url = reverse("quality:training_review", args=[training.pk])
    committee = client_for(world.committee)
    refused = committee.post(url, decision("return"))
    assert refused.status_code == 400 and "Zeg waarom" in refused.content.decode()
    response = committee.post(url, decision("return", remarks="Vermeld het onderzoek."))
    assert response.status_code == 302
    page = client_for(world.coordinator).get(reverse("workspace:training", args=[training.pk]))
    html = page.content.decode()
    assert "Teruggestuurd door het wetenschappelijk comité" in html
    assert "Vermeld het onderzoek." in html


def test_the_workspace_says_in_review_and_submit_for_review(world, client_for):
    world.centre.review_before_publication = True
    world.centre.save()
    training = TrainingFactory(centre=world.centre, status=Training.Status.DRAFT)
    SessionFactory(training=training)
    client = client_for(world.coordinator)
    page = client.get(reverse("workspace:training", args=[training.pk])).content.decode()
    assert "Voorleggen ter nazicht" in page
    response = client.post(
        reverse("workspace:training_status", args=[training.pk]), {"action": "publish"}, follow=True
    )
    assert "De nascholing is voorgelegd ter nazicht." in response.content.decode()
    assert "In nazicht bij het wetenschappelijk comité." in response.content.decode()
    training.refresh_from_db()
    assert training.status == Training.Status.IN_REVIEW


def test_the_coordinator_sets_the_rule_and_others_cannot(world, client_for):
    url = reverse("quality:centre", args=["VOV"])
    on = {"review_before_publication": "on"}
    for role in ("committee", "steering", "ministry"):
        assert client_for(world.users[role]).post(url, on).status_code == 403
    assert client_for(world.other_coordinator).post(url, on).status_code == 404
    world.centre.refresh_from_db()
    assert not world.centre.review_before_publication
    assert client_for(world.coordinator).post(url, on).status_code == 302
    world.centre.refresh_from_db()
    assert world.centre.review_before_publication
    assert client_for(world.admin).post(url, {}).status_code == 302
    world.centre.refresh_from_db()
    assert not world.centre.review_before_publication


def test_a_training_that_was_never_in_review_has_no_review_page(world, client_for):
    training = TrainingFactory(centre=world.centre)
    url = reverse("quality:training_review", args=[training.pk])
    assert client_for(world.committee).get(url).status_code == 404


def test_findings_and_actions_are_recorded(world, client_for):
    client = client_for(world.committee)
    url = reverse("quality:yearly_review", args=["VOV", 2025])
    assert client.post(url, {"findings": "Eén.\r\n\r\nTwee."}).status_code == 302  # a browser
    assert YearlyReview.objects.get().finding_list == ["Eén.", "Twee."]
    add = reverse("quality:yearly_action_add", args=["VOV", 2025])
    data = {"description": "Bevraging", "owner": "Comité", "due_on": "2026-03-31"}
    assert client.post(add, {**data, "status": "planned"}).status_code == 302
    created = QualityAction.objects.get()
    edit = reverse("quality:action_edit", args=[created.pk])
    assert client.post(edit, {**data, "status": "done"}).status_code == 302
    created.refresh_from_db()
    assert created.status == "done"


@pytest.mark.parametrize(
    "data",
    [
        {"description": "x\x00y", "owner": "A", "due_on": "2026-03-31", "status": "planned"},
        {"description": "x", "owner": "A", "due_on": "99999-01-01", "status": "planned"},
        {"description": "x", "owner": "A", "due_on": "1900-01-01", "status": "planned"},
        {"description": "x", "owner": "A", "due_on": "NaN", "status": "planned"},
        {"description": "x", "owner": "A", "due_on": "2026-03-31", "status": "NaN"},
        {"description": "", "owner": "", "due_on": "", "status": ""},
    ],
)
def test_bad_actions_get_a_message_and_write_nothing(world, client_for, data):
    add = reverse("quality:yearly_action_add", args=["VOV", 2025])
    response = client_for(world.committee).post(add, data)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not QualityAction.objects.exists()


def test_bad_findings_and_years(world, client_for):
    client = client_for(world.committee)
    url = reverse("quality:yearly_review", args=["VOV", 2025])
    assert client.post(url, {"findings": "a\x00b"}).status_code == 400
    assert not YearlyReview.objects.exists()
    for year in (1999, 2101, 99999999):
        assert client.get(f"/kwaliteit/centrum/VOV/jaar/{year}/").status_code == 404


def test_an_evaluation_is_recorded_for_a_centre_or_the_network(world, client_for):
    client = client_for(world.committee)
    url = reverse("quality:evaluation_create")
    page = client.get(url).content.decode()
    assert f"centre:{world.centre.pk}" in page and f"centre:{world.other_centre.pk}" not in page
    assert f"network:{world.network.pk}" not in page  # a centre's committee: its centre only
    base = {
        "kind": "peer",
        "title": "Peer review LUMA",
        "evaluator": "LUMA",
        "held_from": "2025-10-06",
        "held_until": "2025-10-08",
        "findings": "Sterk.",
    }
    # Another centre's subject, a date range backwards, a huge date: refused, nothing written.
    for bad in (
        {"subject": f"centre:{world.other_centre.pk}"},
        {"subject": f"centre:{world.centre.pk}", "held_until": "2025-10-01"},
        {"subject": f"centre:{world.centre.pk}", "held_from": "99999-01-01"},
    ):
        assert client.post(url, {**base, **bad}).status_code == 400
    assert not ExternalEvaluation.objects.exists()
    response = client.post(url, {**base, "subject": f"centre:{world.centre.pk}"})
    assert response.status_code == 302
    created = ExternalEvaluation.objects.get()
    assert created.centre == world.centre and created.recorded_by == world.committee
    admin_page = client_for(world.admin).get(url).content.decode()
    assert f"network:{world.network.pk}" in admin_page


def test_the_steering_group_lists_every_centres_evaluation(world, client_for):
    evaluation(world)
    ExternalEvaluation.objects.create(
        kind="external",
        centre=world.other_centre,
        title="Externe evaluatie VWV",
        evaluator="Team",
        held_from=dt.date(2025, 5, 1),
    )
    page = client_for(world.steering).get(reverse("quality:evaluations")).content.decode()
    assert "Peer review door LUMA" in page and "Externe evaluatie VWV" in page
    own = client_for(world.coordinator).get(reverse("quality:evaluations")).content.decode()
    assert "Peer review door LUMA" in own and "Externe evaluatie VWV" not in own


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_query_budget_does_not_grow_with_the_data(world, client_for):
    review = yearly_review(world)
    client = client_for(world.committee)
    urls = [
        reverse("quality:yearly_review", args=["VOV", 2025]),
        reverse("quality:overview"),
        reverse("quality:centre", args=["VOV"]),
        reverse("quality:evaluations"),
    ]

    def grow(n):
        for index in range(n):
            QualityAction.objects.create(
                yearly_review=review,
                description=f"Actie {index}",
                owner="A",
                due_on=dt.date(2026, 1, 1),
            )
            ExternalEvaluation.objects.create(
                kind="peer",
                centre=world.centre,
                title=f"Peer {index}",
                evaluator="X",
                held_from=dt.date(2025, 1, 1),
            )
            training = TrainingFactory(centre=world.centre, status=Training.Status.IN_REVIEW)
            SessionFactory(training=training, starts_at=dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC))

    grow(1)
    for url in urls:
        client.get(url)  # warm the caches (session, site)
    small = [_queries(client, url) for url in urls]
    grow(10)
    assert [_queries(client, url) for url in urls] == small


@pytest.mark.parametrize(
    "bad",
    [
        {"verdict_research": "NaN"},
        {"verdict_needs": ""},
        {"decision": "publish-anyway"},
        {"remarks": "x\x00y"},
        {"remark_co_creation": "a" * 6000},
    ],
)
def test_bad_decisions_get_a_message_and_change_nothing(world, client_for, bad):
    training = training_in_review(world)
    url = reverse("quality:training_review", args=[training.pk])
    response = client_for(world.committee).post(url, decision(**bad))
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    training.refresh_from_db()
    assert training.status == Training.Status.IN_REVIEW
    assert not TrainingReview.objects.exists()

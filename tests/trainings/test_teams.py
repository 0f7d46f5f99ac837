"""Team enrolment (trainings.teams): a school's director or STEM coordinator enrols colleagues
of the same school in one training, all or nothing; each colleague is mailed and can decline."""

import io
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from stemnet.accounts.models import PersonRole
from tests.factories import ProfileFactory
from trainings.models import Enrolment
from trainings.teams.models import Team, TeamMember
from trainings.teams.services import parse_addresses, team_enrol, team_refusal

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def person(email, *, school="Sint-Jozefscollege Aalst", number="", role=PersonRole.TEACHER):
    return ProfileFactory(
        user__email=email, school_name=school, school_number=number, role=role
    ).user


@pytest.fixture
def school():
    director = person("directie@sjc.be", role=PersonRole.DIRECTOR)
    colleagues = [person(f"leerkracht{i}@sjc.be") for i in range(3)]
    return director, colleagues


@pytest.fixture
def training():
    training = TrainingFactory(shared_capacity=5)
    SessionFactory(training=training)
    return training


def emails(people):
    return [p.email for p in people]


def test_a_director_enrols_colleagues_and_each_is_mailed_with_a_link_to_decline(
    school, training, django_capture_on_commit_callbacks
):
    director, colleagues = school
    with django_capture_on_commit_callbacks(execute=True):
        team = team_enrol(
            organiser=director,
            training=training,
            addresses=emails(colleagues),
            include_organiser=True,
        )
    members = Enrolment.objects.filter(team_member__team=team)
    assert sorted(members.values_list("person__email", flat=True)) == sorted(
        emails([director, *colleagues])
    )
    assert set(members.values_list("status", flat=True)) == {Status.ENROLLED}
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == set(emails([director, *colleagues]))
    for colleague in colleagues:
        message = by_address[colleague.email]
        enrolment = Enrolment.objects.get(person=colleague, training=training)
        assert director.get_full_name() in message.body
        assert reverse("trainings:cancel", args=[enrolment.pk]) in message.body
    assert "trainings:cancel" not in by_address[director.email].body


def test_a_colleague_declines_and_the_organiser_sees_it(school, training, client):
    director, colleagues = school
    team_enrol(
        organiser=director,
        training=training,
        addresses=emails(colleagues),
        include_organiser=False,
    )
    declining = Enrolment.objects.get(person=colleagues[0], training=training)
    client.force_login(colleagues[0])
    response = client.post(reverse("trainings:cancel", args=[declining.pk]))
    assert response.status_code == 302
    declining.refresh_from_db()
    assert declining.status == Status.CANCELLED
    client.force_login(director)
    html = client.get(reverse("trainings:team_enrol", args=[training.code])).content.decode()
    assert html.count("geweigerd") == 1  # declined
    assert colleagues[1].email in html and colleagues[2].email in html


def test_all_or_nothing_when_fewer_seats_are_left_than_the_team_needs(school, training):
    director, colleagues = school
    for _ in range(3):
        EnrolmentFactory(training=training, status=Status.ENROLLED)  # 2 of 5 seats left
    with pytest.raises(ValidationError) as refused:
        team_enrol(
            organiser=director,
            training=training,
            addresses=emails(colleagues),
            include_organiser=False,
        )
    assert "2" in refused.value.messages[0] and "3" in refused.value.messages[0]
    assert not Team.objects.exists() and not TeamMember.objects.exists()
    assert Enrolment.objects.filter(training=training).count() == 3
    team = team_enrol(
        organiser=director,
        training=training,
        addresses=emails(colleagues[:2]),
        include_organiser=False,
    )
    assert team.members.count() == 2
    assert Enrolment.objects.filter(training=training, status=Status.ENROLLED).count() == 5


def test_those_waiting_keep_their_turn(school):
    director, colleagues = school
    training = TrainingFactory(shared_capacity=3)
    SessionFactory(training=training)
    EnrolmentFactory(training=training, status=Status.ENROLLED)
    waiting = EnrolmentFactory(training=training, status=Status.WAITLISTED, waitlist_position=1)
    # Two seats are free (freed without a promotion, as an import may leave them): the first
    # is the waiting person's, so a team of two does not fit and nobody is written ...
    with pytest.raises(ValidationError) as refused:
        team_enrol(
            organiser=director,
            training=training,
            addresses=emails(colleagues[:2]),
            include_organiser=False,
        )
    assert "nog maar 1 plaats" in refused.value.messages[0]
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED and not Team.objects.exists()
    # ... and a team of one gets the second seat after the waiting person got the first.
    team_enrol(
        organiser=director,
        training=training,
        addresses=emails(colleagues[:1]),
        include_organiser=False,
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.ENROLLED
    assert Enrolment.objects.filter(training=training, status=Status.ENROLLED).count() == 3


def test_only_colleagues_of_the_same_school_and_the_same_words_for_unknown_addresses(school):
    director, colleagues = school
    stranger = person("iemand@elders.be", school="Atheneum Brugge")
    training = TrainingFactory()
    SessionFactory(training=training)
    with pytest.raises(ValidationError) as refused:
        team_enrol(
            organiser=director,
            training=training,
            addresses=[colleagues[0].email, stranger.email, "niemand@sjc.be"],
            include_organiser=False,
        )
    message = refused.value.messages[0]
    assert stranger.email in message and "niemand@sjc.be" in message
    assert colleagues[0].email not in message
    assert not Enrolment.objects.filter(training=training).exists()


def test_the_school_is_compared_by_number_before_name(training):
    director = person("d@school.be", school="GO! atheneum", number="012345", role="director")
    same = person("a@school.be", school="Atheneum (GO!)", number="012345")
    other = person("b@school.be", school="GO! atheneum", number="099999")
    team = team_enrol(
        organiser=director, training=training, addresses=[same.email], include_organiser=False
    )
    assert team.members.count() == 1
    with pytest.raises(ValidationError):
        team_enrol(
            organiser=director, training=training, addresses=[other.email], include_organiser=False
        )


def test_who_may_enrol_a_team():
    assert team_refusal(person("t@s.be")) is None
    assert team_refusal(person("d@s.be", role=PersonRole.DIRECTOR)) is None
    assert team_refusal(person("c@s.be", role=PersonRole.COMPANY)) is not None
    assert team_refusal(person("n@s.be", school="")) is not None


def test_a_member_already_enrolled_is_named_and_nothing_is_written(school, training):
    director, colleagues = school
    EnrolmentFactory(
        training=training, person=colleagues[1], status=Status.WAITLISTED, waitlist_position=1
    )
    with pytest.raises(ValidationError) as refused:
        team_enrol(
            organiser=director,
            training=training,
            addresses=emails(colleagues),
            include_organiser=True,
        )
    assert colleagues[1].get_full_name() in refused.value.messages[0]
    assert Enrolment.objects.filter(training=training).count() == 1


def test_a_cancelled_enrolment_of_a_member_is_reopened(school, training):
    director, colleagues = school
    old = EnrolmentFactory(training=training, person=colleagues[0], status=Status.CANCELLED)
    team_enrol(
        organiser=director,
        training=training,
        addresses=[colleagues[0].email],
        include_organiser=False,
    )
    old.refresh_from_db()
    assert old.status == Status.ENROLLED and old.team_member.team.organiser == director


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "minstens één"),
        ("geen-adres, a@b.be", "geen-adres"),
        (", ".join(f"p{i}@s.be" for i in range(31)), "hoogstens 30"),
    ],
)
def test_the_form_answers_bad_addresses_in_dutch_and_writes_nothing(
    school, training, client, text, words
):
    director, _ = school
    client.force_login(director)
    response = client.post(
        reverse("trainings:team_enrol", args=[training.code]),
        {"addresses": text, "include_me": "on"},
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_page_enrols_the_team_and_the_training_page_links_to_it(school, training, client):
    director, colleagues = school
    client.force_login(director)
    page = client.get(reverse("trainings:detail", args=[training.code])).content.decode()
    assert reverse("trainings:team_enrol", args=[training.code]) in page
    response = client.post(
        reverse("trainings:team_enrol", args=[training.code]),
        {"addresses": "\n".join(emails(colleagues)).upper(), "include_me": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert "4 mensen van je team zijn ingeschreven" in response.content.decode()
    assert Enrolment.objects.filter(training=training, status=Status.ENROLLED).count() == 4


def test_a_company_person_sees_why_not_and_no_link(training, client):
    worker = person("w@bedrijf.be", role=PersonRole.COMPANY)
    client.force_login(worker)
    page = client.get(reverse("trainings:detail", args=[training.code])).content.decode()
    assert reverse("trainings:team_enrol", args=[training.code]) not in page
    response = client.post(
        reverse("trainings:team_enrol", args=[training.code]), {"addresses": "a@b.be"}
    )
    assert response.status_code == 400 and not Enrolment.objects.exists()


def test_parse_addresses_takes_lines_commas_and_semicolons_once_each():
    assert parse_addresses("A@x.be\nb@x.be; a@x.be , c@x.be") == ["a@x.be", "b@x.be", "c@x.be"]


@pytest.mark.django_db(transaction=True)
def test_two_teams_at_once_never_oversell(require_postgres):
    """Two directors of two schools enrol teams of 4 into the last 6 seats at the same moment:
    one team gets its 4 seats, the other is refused whole (2 left), on real PostgreSQL."""
    training = TrainingFactory(shared_capacity=6)
    SessionFactory(training=training)
    teams = []
    for school in ("A", "B"):
        director = person(f"d{school}@s.be", school=f"School {school}", role="director")
        members = [person(f"{school}{i}@s.be", school=f"School {school}") for i in range(4)]
        teams.append((director, members))
    barrier = threading.Barrier(2)
    errors = []

    def enrol(director, members):
        try:
            barrier.wait()
            team_enrol(
                organiser=director,
                training=training,
                addresses=emails(members),
                include_organiser=False,
            )
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=team) for team in teams]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(errors) == 1 and "2" in errors[0].messages[0]
    assert Enrolment.objects.filter(training=training, status=Status.ENROLLED).count() == 4
    assert Team.objects.count() == 1


def test_the_demo_director_can_enrol_the_demo_teacher():
    from django.core.management import call_command

    from stemnet.accounts.models import User
    from trainings.teams.services import same_school

    call_command("loaddemo", stdout=io.StringIO())
    director = User.objects.get(email="directie@stemnet.test")
    teacher = User.objects.get(email="leerkracht@stemnet.test")
    assert team_refusal(director) is None and same_school(director, teacher)

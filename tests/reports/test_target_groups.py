"""A training's target names whom it counts (``Training.target_group``): the rule in
``trainings.counting.target_enrolments``, and the report, the dashboard, the workspace, the
import and a new edition that use it.

The worked-out data set (2025, centre VOV, East Flanders):

- *Robotica* aims at 4 **teachers**: attended by 2 teachers, 1 company employee and 1 person
  without a profile; 1 teacher cancelled. Toward its target: the 2 teachers.
- *Open labo* aims at 2 **participants** (all): attended by 1 researcher and 1 teacher, who
  is also one of Robotica's teachers. Toward its target: both.

Target 4 + 2 = 6, counted 2 + 2 = 4, reached 66.7 %; participations 6, participants 5.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from monitor.reports import text
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from monitor.reports.selectors import dashboard
from stemnet.accounts.models import Profile
from stemnet.imports import import_file
from tests.factories import UserFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings import counting
from trainings.models import Enrolment, Training
from trainings.services import changes

pytestmark = pytest.mark.django_db
BRUSSELS = dt.timezone(dt.timedelta(hours=1))
ATTENDED = Enrolment.Status.ATTENDED
TEACHERS = Training.TargetGroup.TEACHERS


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _training(world, **kwargs):
    training = TrainingFactory(centre=world.centre, status=Training.Status.HELD, **kwargs)
    start = dt.datetime(2025, 3, 3, 9, tzinfo=BRUSSELS)
    SessionFactory(training=training, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    return training


def _role(enrolment, role):
    Profile.objects.filter(user=enrolment.person).update(role=role)


@pytest.fixture
def mixed(world):
    robotica = _training(world, code="robotica", target_participants=4, target_group=TEACHERS)
    labo = _training(world, code="labo", target_participants=2)
    assert labo.target_group == Training.TargetGroup.ALL  # the default keeps the old rule
    teacher = EnrolmentFactory(training=robotica, status=ATTENDED)
    EnrolmentFactory(training=robotica, status=ATTENDED)  # a second teacher
    _role(EnrolmentFactory(training=robotica, status=ATTENDED), "company")
    Enrolment.objects.create(person=UserFactory(), training=robotica, status=ATTENDED)
    EnrolmentFactory(training=robotica, status=Enrolment.Status.CANCELLED)  # a teacher, out
    _role(EnrolmentFactory(training=labo, status=ATTENDED), "researcher")
    EnrolmentFactory(training=labo, person=teacher.person, status=ATTENDED)
    return robotica, labo


def test_the_rule_counts_each_trainings_own_group(mixed):
    robotica, labo = mixed
    one = Training.objects.filter
    assert counting.target_enrolments(one(pk=robotica.pk)).count() == 2
    assert counting.target_enrolments(one(pk=labo.pk)).count() == 2
    assert counting.counted_enrolments(one(pk=robotica.pk)).count() == 4


def test_the_report_compares_the_targets_with_their_groups(world, mixed):
    figures = yearly_report(
        scope=Scope("centre", world.centre.code), period=Period.year(2025), details=False
    ).figures
    assert figures["participants"]["participations"] == 6
    assert figures["participants"]["total"] == 5
    trainings = figures["trainings"]
    assert trainings["target_participants"] == 6
    assert trainings["target_counted"] == 4
    assert trainings["target_group"] == "mixed"
    assert trainings["target_reached_share"] == Decimal("66.7")
    assert trainings["target_reached"] is False
    sentence = text.target_sentence(trainings)
    assert "4 took part in the groups aimed at (66.7 %)" in sentence


def test_a_teachers_target_alone_is_said_in_teachers(world, mixed):
    robotica, labo = mixed
    labo.delete()
    trainings = yearly_report(
        scope=Scope("centre", world.centre.code), period=Period.year(2025), details=False
    ).figures["trainings"]
    assert (trainings["target_group"], trainings["target_counted"]) == ("teachers", 2)
    assert trainings["target_reached_share"] == Decimal("50.0")
    assert text.target_sentence(trainings) == (
        "2 of the about 4 teachers aimed at took part (50.0 %): the target was not reached."
    )
    Training.objects.filter(pk=robotica.pk).update(target_participants=2)
    trainings = yearly_report(
        scope=Scope("centre", world.centre.code), period=Period.year(2025), details=False
    ).figures["trainings"]
    assert trainings["target_reached"] is True
    assert text.target_sentence(trainings).startswith("2 teachers took part: the target of 2")


def test_the_dashboard_gives_the_reports_figure(world, mixed):
    board = dashboard(year=2025)
    east = next(p for p in board.provinces if p.code == world.centre.province)
    assert (east.target_participants, east.target_counted) == (6, 4)
    assert east.target_reached_share == Decimal("66.7")
    assert board.network.target_reached_share == Decimal("66.7")
    west = next(p for p in board.provinces if p.code == world.other_centre.province)
    assert west.target_reached_share is None


def test_the_workspace_shows_the_target_in_its_group(world, mixed, client_for):
    robotica, labo = mixed
    client = client_for(world.coordinator)
    page = client.get(reverse("workspace:training", args=[robotica.pk])).content.decode()
    assert "Beoogd aantal: 2 van 4 leerkrachten." in page
    page = client.get(reverse("workspace:training", args=[labo.pk])).content.decode()
    assert "Beoogd aantal: 2 van 2 deelnemers." in page
    listing = client.get(reverse("workspace:dashboard")).content.decode()
    assert "4 leerkrachten" in listing


def test_the_training_form_edits_the_group_and_a_new_edition_copies_it(world, client_for):
    training = _training(world, code="robotica", target_participants=20)
    client = client_for(world.coordinator)
    form = client.get(reverse("workspace:training_edit", args=[training.pk])).content.decode()
    assert 'name="target_group"' in form
    data = {
        "code": "robotica",
        "title": "Robotica",
        "format": "short",
        "contact_hours": "3",
        "ects": "0",
        "fee_eur": "0",
        "target_participants": "20",
        "attendance_threshold": "100",
        "target_group": "nobody",
    }
    response = client.post(reverse("workspace:training_edit", args=[training.pk]), data)
    assert response.status_code == 200  # refused with a message, nothing written
    assert list(response.context["form"].errors) == ["target_group"]
    training.refresh_from_db()
    assert training.target_group == Training.TargetGroup.ALL
    data["target_group"] = "teachers"
    response = client.post(reverse("workspace:training_edit", args=[training.pk]), data)
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.target_group == TEACHERS
    edition = changes.training_duplicate(training=training, first_day=dt.date(2028, 3, 14))
    assert (edition.target_group, edition.target_participants) == (TEACHERS, 20)


HEADER = "code,title,centre,format,stem_domains,levels,hours,target_participants,fee_eur,published"


def _import(text):
    return import_file("trainings", text.encode(), "file.csv", dry_run=False, context={})


def test_the_import_reads_the_optional_target_group_column(world):
    report = _import(
        f"{HEADER},target_group\n"
        "t1,Robotica,VOV,short,T,aso,3,100,0,no,teachers\n"
        "t2,Labo,VOV,short,S,aso,3,10,0,no,\n"
    )
    assert not report.errors
    assert Training.objects.get(code="t1").target_group == TEACHERS
    assert Training.objects.get(code="t2").target_group == Training.TargetGroup.ALL
    # without the column, each training keeps its group
    assert not _import(f"{HEADER}\nt1,Robotica,VOV,short,T,aso,3,90,0,no\n").errors
    t1 = Training.objects.get(code="t1")
    assert (t1.target_group, t1.target_participants) == (TEACHERS, 90)
    bad = _import(f"{HEADER},target_group\nt3,X,VOV,short,T,aso,3,1,0,no,pupils\n")
    assert [e.column for e in bad.errors] == ["target_group"]
    assert not Training.objects.filter(code="t3").exists()

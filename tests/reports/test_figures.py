"""The report service (monitor/reports/figures.py): the minister's answer on the masterclasses,
and the counting rules."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from monitor.reports import render, text
from monitor.reports.demo import load_masterclasses_2017
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from stemnet.accounts.models import Profile
from tests.factories import UserFactory
from tests.trainings.factories import (
    BudgetLineFactory,
    EnrolmentFactory,
    SessionFactory,
    TrainingFactory,
)
from trainings.models import Enrolment, Training

pytestmark = pytest.mark.django_db
BRUSSELS = dt.timezone(dt.timedelta(hours=1))


def test_the_2017_masterclasses_give_exactly_the_ministers_answer(world):
    """The minister's answer: 45 participants — 21 teachers, 16 company staff, 8 researchers,
    0 CLB; ..."""
    load_masterclasses_2017()
    report = yearly_report(scope=Scope("network", "VL"), period=Period.year(2017))
    data = json.loads(render.to_json(report.figures))
    people = data["participants"]
    assert people["total"] == 45
    assert people["by_role"] == {
        "teacher": 21,
        "director": 0,
        "company": 16,
        "researcher": 8,
        "clb": 0,
        "student": 0,
        "other": 0,
    }
    assert people["by_domain"] == {"S": 3, "T": 10, "E": 4, "M": 3, "other": 1}
    assert {k: v for k, v in people["by_level"].items() if v} == {
        "graad1": 8,
        "aso": 7,
        "tso_kso_bso": 9,
        "lerarenopleiding": 3,
        "andere": 1,
    }
    assert sum(people["by_level"].values()) > people["teachers"]  # several levels: said so
    assert data["budget"]["paid_eur"] == "29012.01"
    assert Decimal(data["budget"]["paid_eur"]) == Decimal("29012.01")
    # "een 100-tal leerkrachten" were aimed at: the target counts teachers, 21 of 100.
    assert data["trainings"]["target_participants"] == 100
    assert data["trainings"]["target_group"] == "teachers"
    assert data["trainings"]["target_counted"] == 21
    assert data["trainings"]["target_reached"] is False
    assert Decimal(str(data["trainings"]["target_reached_share"])) == Decimal("21.0")
    sentences = " ".join(text.summary_sentences(report.figures))
    assert "21 van de ongeveer 100 beoogde leerkrachten namen deel (21,0 %)" in sentences


def test_the_masterclasses_per_province(world):
    load_masterclasses_2017()
    period = Period.year(2017)
    east = yearly_report(scope=Scope("province", "VOV"), period=period, details=False).figures
    west = yearly_report(scope=Scope("centre", "VWV"), period=period, details=False).figures
    assert east["participants"]["total"] == 45  # all enrolled with the East Flanders centre
    assert east["budget"]["paid_eur"] == Decimal("29012.01")
    assert east["budget"]["cost_per_participant_eur"] == Decimal("644.71")
    assert west["participants"]["total"] == 0
    assert west["budget"]["paid_eur"] == Decimal("0.00")
    assert west["budget"]["cost_per_participant_eur"] is None


def test_loading_the_masterclasses_twice_changes_nothing(world):
    load_masterclasses_2017()
    load_masterclasses_2017()
    figures = yearly_report(
        scope=Scope("network", "VL"), period=Period.year(2017), details=False
    ).figures
    assert figures["participants"]["total"] == 45
    assert figures["evaluation"]["responses"] == 10


def _training(world, *, status=Training.Status.HELD, when=dt.datetime(2025, 3, 3, 9), **kwargs):
    training = TrainingFactory(centre=world.centre, status=status, **kwargs)
    start = when.replace(tzinfo=BRUSSELS)
    SessionFactory(training=training, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    return training


def test_counting_rules(world):
    held = _training(world, target_participants=4)
    upcoming = _training(world, status=Training.Status.PUBLISHED, target_participants=2)
    outside = _training(world, when=dt.datetime(2024, 12, 31, 22))
    other_centre = TrainingFactory(centre=world.other_centre)
    SessionFactory(
        training=other_centre,
        starts_at=dt.datetime(2025, 5, 1, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2025, 5, 1, 3, tzinfo=BRUSSELS),
    )
    teacher = EnrolmentFactory(training=held, status=Enrolment.Status.ATTENDED).person
    EnrolmentFactory(training=upcoming, person=teacher)  # enrolled, not yet held: counts
    EnrolmentFactory(training=held, status=Enrolment.Status.ENROLLED)  # held, not attended
    EnrolmentFactory(training=held, status=Enrolment.Status.CANCELLED)
    EnrolmentFactory(training=upcoming, status=Enrolment.Status.WAITLISTED)
    EnrolmentFactory(training=outside, status=Enrolment.Status.ATTENDED)
    EnrolmentFactory(training=other_centre, status=Enrolment.Status.ATTENDED)
    nobody = UserFactory()  # no profile: counts as "other"
    Enrolment.objects.create(person=nobody, training=held, status=Enrolment.Status.ATTENDED)
    clb = EnrolmentFactory(training=held, status=Enrolment.Status.ATTENDED).person
    Profile.objects.filter(user=clb).update(role="clb", levels=[])
    Profile.objects.filter(user=teacher).update(stem_domain="", levels=["aso", "graad1"])

    figures = yearly_report(
        scope=Scope("centre", world.centre.code), period=Period.year(2025), details=False
    ).figures
    people = figures["participants"]
    assert people["total"] == 3
    assert people["participations"] == 4
    assert people["by_role"]["teacher"] == 1
    assert people["by_role"]["clb"] == 1
    assert people["by_role"]["other"] == 1
    assert people["teachers_without_domain"] == 1
    assert people["by_level"]["aso"] == 1 and people["by_level"]["graad1"] == 1
    trainings = figures["trainings"]
    assert trainings["count"] == 2  # the training of 31 December 2024 (Brussels) is out
    assert trainings["target_participants"] == 6
    assert trainings["target_reached_share"] == Decimal("66.7")


def test_budget_is_exact_and_by_source(world):
    training = _training(world)
    EnrolmentFactory(training=training, status=Enrolment.Status.ATTENDED)
    EnrolmentFactory(training=training, status=Enrolment.Status.ATTENDED)
    EnrolmentFactory(training=training, status=Enrolment.Status.ATTENDED)
    BudgetLineFactory(
        centre=world.centre,
        year=2025,
        paid_eur=Decimal("0.10"),
        planned_eur=Decimal("0.20"),
        source__name="Fonds A",
        category="venue",
    )
    BudgetLineFactory(
        centre=world.centre,
        year=2025,
        paid_eur=Decimal("0.20"),
        planned_eur=Decimal("0.20"),
        source__name="Fonds A",
        category="staff",
    )
    BudgetLineFactory(
        centre=world.centre, year=2025, paid_eur=Decimal("100.00"), source__name="Bedrijf B"
    )
    BudgetLineFactory(centre=world.centre, year=2024, paid_eur=Decimal("999.00"))
    BudgetLineFactory(centre=world.other_centre, year=2025, paid_eur=Decimal("999.00"))
    budget = yearly_report(
        scope=Scope("centre", world.centre.code), period=Period.year(2025), details=False
    ).figures["budget"]
    assert budget["paid_eur"] == Decimal("100.30")
    assert budget["by_source"] == {"Bedrijf B": Decimal("100.00"), "Fonds A": Decimal("0.30")}
    assert budget["cost_per_participant_eur"] == Decimal("33.43")
    data = json.loads(render.to_json({"budget": budget}))
    assert data["budget"]["paid_eur"] == "100.30"


def test_an_empty_scope_has_zeros_not_gaps(world):
    figures = yearly_report(scope=Scope("province", "VLI"), period=Period.year(2025)).figures
    assert figures["participants"]["total"] == 0
    assert set(figures["participants"]["by_role"]) == {
        "teacher",
        "director",
        "company",
        "researcher",
        "clb",
        "student",
        "other",
    }
    assert figures["budget"]["cost_per_participant_eur"] is None
    assert figures["evaluation"]["satisfied_share"] is None
    assert figures["trainings"]["target_reached_share"] is None


def test_every_json_key_of_the_interface_is_present(world):
    """These JSON keys are the report's interface: each must be in the file."""
    figures = yearly_report(scope=Scope("province", "VLI"), period=Period.year(2025)).figures
    data = json.loads(render.to_json(figures))
    interface = {
        "participants": {"total", "participations", "by_role", "by_domain", "by_level"},
        "trainings": {
            "count",
            "sessions",
            "contact_hours",
            "target_participants",
            "target_reached_share",
        },
        "budget": {"planned_eur", "paid_eur", "by_source", "cost_per_participant_eur"},
        "evaluation": {"responses", "satisfied_share", "recommend_share"},
    }
    for group, keys in interface.items():
        assert keys <= set(data[group]), (group, keys - set(data[group]))
    assert set(data["participants"]["by_domain"]) == {"S", "T", "E", "M", "other"}
    assert set(data["participants"]["by_level"]) == {
        "kleuter",
        "lager",
        "graad1",
        "aso",
        "tso_kso_bso",
        "hoger",
        "lerarenopleiding",
        "andere",
    }
    assert data["budget"]["paid_eur"] == "0.00" and data["budget"]["planned_eur"] == "0.00"


def test_erasing_participants_keeps_the_report_figures(world):
    """Privacy by design: people who delete their account vanish, their counts stay."""
    from stemnet import privacy

    load_masterclasses_2017()
    scope, period = Scope("network", "VL"), Period.year(2017)
    before = json.loads(render.to_json(yearly_report(scope=scope, period=period).figures))
    people = [
        e.person
        for e in Enrolment.objects.filter(training__sessions__starts_at__year=2017)
        .select_related("person")
        .distinct()[:12]
    ]
    assert len(people) == 12
    for person in people:
        privacy.erase_person(person)
    after = json.loads(render.to_json(yearly_report(scope=scope, period=period).figures))
    for group in ("participants", "trainings", "budget", "evaluation"):
        assert after[group] == before[group], group
    for person in people:
        person.refresh_from_db()
        assert person.email.endswith("@anonymous.invalid") and not person.last_name


def test_domains_and_levels_count_teachers_only(world):
    training = _training(world)
    for role in ("teacher", "director", "researcher", "company"):
        person = EnrolmentFactory(training=training, status=Enrolment.Status.ATTENDED).person
        Profile.objects.filter(user=person).update(
            role=role, stem_domain="S", levels=["aso", "hoger"]
        )
    people = yearly_report(
        scope=Scope("centre", world.centre.code), period=Period.year(2025), details=False
    ).figures["participants"]
    assert people["total"] == 4 and people["teachers"] == 1
    assert people["by_domain"]["S"] == 1 and sum(people["by_domain"].values()) == 1
    assert people["by_level"]["aso"] == 1 and people["by_level"]["hoger"] == 1
    assert sum(people["by_level"].values()) == 2  # once per level taught


def test_every_comparison_column_is_in_each_row(world):
    """The networks' profile columns (organisation, start year, initiative, focus, budget, reach)
    plus the portal's figures, for every scope."""
    from monitor.reports.comparison import comparison_report

    figures = comparison_report(
        scopes=[Scope("centre", "VOV"), Scope("centre", "VWV")], period=Period.year(2025)
    )
    data = json.loads(render.to_json(figures))
    columns = {
        "organisation",
        "start_year",
        "initiative",
        "focus",
        "budget_per_year",
        "reach",
        "participants",
        "contact_hours",
        "paid_eur",
        "cost_per_participant_eur",
        "satisfied_share",
    }
    assert [row["code"] for row in data["rows"]] == ["VOV", "VWV"]
    for row in data["rows"]:
        assert columns <= set(row), columns - set(row)

"""The generated demo year (``monitor.demo_year``): deterministic, idempotent, plausible for
every regional centre, on school days only; and the default year the reports land on."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from monitor import demo_year
from monitor.reports import selectors
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from networks.models import Centre, Province
from networks.schools.holidays import is_school_day
from tests.factories import CentreFactory, NetworkFactory
from trainings.evaluations.models import Answer, Invitation
from trainings.models import BudgetLine, Enrolment, Session, Training

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 3)


def _centres():
    network = NetworkFactory(code="VL")
    for code in Province.values:
        CentreFactory(code=code, network=network, province=code, kind=Centre.Kind.REGIONAL)


def _fingerprint() -> tuple:
    """The generated data without primary keys or load times."""
    trainings = tuple(
        Training.objects.filter(code__startswith="jaar-")
        .order_by("code")
        .values_list("code", "title", "format", "status", "levels", "shared_capacity")
    )
    sessions = tuple(
        Session.objects.filter(training__code__startswith="jaar-")
        .order_by("training__code", "starts_at")
        .values_list("training__code", "starts_at", "postcode", "province")
    )
    enrolments = tuple(
        Enrolment.objects.filter(training__code__startswith="jaar-")
        .order_by("training__code", "person__email")
        .values_list("training__code", "person__email", "status", "waitlist_position")
    )
    lines = tuple(
        BudgetLine.objects.order_by(
            "centre__code", "year", "training__code", "category"
        ).values_list("training__code", "category", "source__name", "planned_eur", "paid_eur")
    )
    answers = tuple(
        Answer.objects.order_by(
            "response__questionnaire__training__code",
            "response__invitation__person__email",
            "question__position",
        ).values_list("response__invitation__person__email", "question__code", "number", "text")
    )
    return trainings, sessions, enrolments, lines, answers


def test_the_same_seed_and_day_give_the_same_data():
    _centres()
    prints = []
    for _run in range(2):
        with transaction.atomic():
            demo_year.generate(trainings=4, today=TODAY)
            prints.append(_fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert len(prints[0][0]) == 6 * 3 * 4  # six centres, three school years
    with transaction.atomic():
        demo_year.generate(trainings=4, today=TODAY, seed="another")
        assert _fingerprint() != prints[0]
        transaction.set_rollback(True)


def test_generating_twice_adds_nothing():
    _centres()
    demo_year.generate(trainings=3, today=TODAY)
    first = {m._meta.label: m.objects.count() for m in apps.get_models()}
    assert demo_year.generate(trainings=3, today=TODAY) == {}
    assert {m._meta.label: m.objects.count() for m in apps.get_models()} == first


def test_sessions_fall_on_school_days_in_the_province_and_none_soon():
    _centres()
    demo_year.generate(trainings=6, today=TODAY)
    sessions = Session.objects.filter(training__code__startswith="jaar-").select_related(
        "training__centre"
    )
    assert sessions.count() > 50
    for session in sessions:
        day = timezone.localtime(session.starts_at).date()
        assert is_school_day(day), (session.training.code, day)
        assert not TODAY <= day <= TODAY + dt.timedelta(days=demo_year.QUIET_DAYS)
        if session.online_url:
            assert session.province == "" and not session.location
        else:
            assert session.province == session.training.centre.province, session.postcode
            assert session.municipality and session.postcode


def test_loaddemo_twice_is_idempotent_plausible_and_keeps_the_seed_years(capsys):
    call_command("loaddemo")
    output = capsys.readouterr().out
    assert "demo year:" in output and "trainings" in output
    first = {m._meta.label: m.objects.count() for m in apps.get_models()}
    call_command("loaddemo", stdout=io.StringIO())
    assert {m._meta.label: m.objects.count() for m in apps.get_models()} == first
    # the seed years stay exact beside the generated ones
    masterclasses = Training.objects.get(code="stem-masterclasses-2017")
    assert masterclasses.enrolments.count() == 45
    assert Training.objects.get(code="stem-plus-2016-2017").enrolments.count() == 120
    # the reports land on the latest year with data: this year, with the generated one
    year = selectors.latest_year_with_data()
    assert year == timezone.localdate().year
    for code in Province.values:
        figures = yearly_report(
            scope=Scope("centre", code), period=Period.year(year), details=False
        ).figures
        participants = figures["participants"]["total"]
        cost = figures["budget"]["cost_per_participant_eur"]
        rate = figures["evaluation"]["response_rate"]
        assert 60 <= participants <= 600, (code, participants)
        assert cost is not None and Decimal("150") <= Decimal(str(cost)) <= Decimal("900"), (
            code,
            cost,
        )
        assert rate is not None and 30 <= rate <= 65, (code, rate)
    generated = Session.objects.filter(training__code__startswith="jaar-")
    assert all(
        is_school_day(timezone.localtime(s).date())
        for s in generated.values_list("starts_at", flat=True)
    )
    assert (
        Invitation.objects.filter(
            sent_at__isnull=True, questionnaire__training__code__startswith="jaar-"
        ).count()
        == 0
    )


def test_latest_year_with_data_is_the_default_of_the_form_dashboard_and_comparison(
    world, settings, client_for
):
    from django.urls import reverse

    from monitor.reports.forms import ComparisonForm, YearlyReportForm
    from tests.reports.test_dashboard import held_training

    settings.REPORTS_NETWORK_CODE = world.network.code
    now = timezone.now()
    assert selectors.latest_year_with_data() == now.year  # nothing yet: this year
    held_training(world.centre, 2023, participants=2)
    assert selectors.latest_year_with_data() == 2023
    held_training(world.centre, 2024, participants=2, status=Training.Status.CANCELLED)
    assert selectors.latest_year_with_data() == 2023  # a cancelled training does not count
    assert selectors.latest_year_with_data(now=timezone.make_aware(dt.datetime(2020, 1, 1))) == 2020
    assert YearlyReportForm(user=world.ministry).fields["year"].initial == 2023
    assert ComparisonForm(user=world.ministry).fields["year"].initial == 2023
    page = client_for(world.ministry).get(reverse("reports:dashboard"))
    assert page.context["year"] == 2023
    assert "Er zijn geen cijfers" not in page.content.decode()


def test_copy_writes_what_bulk_create_writes(require_postgres):
    _centres()
    prints = []
    for fast in (False, True):
        with transaction.atomic():
            demo_year.generate(trainings=3, today=TODAY, fast=fast)
            prints.append(_fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]

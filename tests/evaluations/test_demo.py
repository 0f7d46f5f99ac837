"""The workspace demo loader is idempotent and gives the pages something to show."""

import io

from django.core.management import call_command

from trainings.evaluations.models import Answer, Invitation, Questionnaire, Response, Survey
from trainings.models import BudgetLine


def counts():
    return [
        m.objects.count() for m in (Questionnaire, Invitation, Response, Answer, BudgetLine, Survey)
    ]


def test_loaddemo_twice_changes_nothing(db):
    call_command("loaddemo", stdout=io.StringIO())
    first = counts()
    assert Questionnaire.objects.filter(is_template=True, centre__isnull=True).count() == 3
    assert Response.objects.filter(questionnaire__training__code="stem-plus-2016-2017").exists()
    assert BudgetLine.objects.filter(training__code="stem-plus-2016-2017").count() == 5
    assert Survey.objects.get().links.count() == 7
    call_command("loaddemo", stdout=io.StringIO())
    assert counts() == first


def test_demo_budgets_pay_what_the_ministers_answers_say(db):
    """The minister's answers: 29,012.01 euro paid for the masterclasses, 65,000 for STEM+."""
    from decimal import Decimal

    from django.db.models import Sum

    call_command("loaddemo", stdout=io.StringIO())

    def paid(code):
        return BudgetLine.objects.filter(training__code=code).aggregate(t=Sum("paid_eur"))["t"]

    subsidy = BudgetLine.objects.filter(
        training__code="stem-plus-2016-2017", source__kind="government"
    ).aggregate(t=Sum("planned_eur"))["t"]

    assert paid("stem-masterclasses-2017") == Decimal("29012.01")
    assert subsidy == Decimal("65000.00")
